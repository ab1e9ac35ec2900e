/**
 * Binds actions into a minimal pipeline and synthesizes it (schema-checked by `synth`), so every
 * action test reads the `aws_codepipeline` JSON and the pipeline role policy the same way.
 */
import { CodeStarConnectionSourceAction } from "../../../modules/pipeline/actions/source-connection";
import type { Action } from "../../../modules/pipeline/action";
import { Pipeline, PipelineProps, StageProps } from "../../../modules/pipeline/pipeline";
import type { ArtifactStoreRef } from "../../../modules/shared/artifacts";
import { newStack, parsePolicy, PolicyDoc, PROVIDER_REGION, roleArn, synth, Synthesized, TfResource, TOOLS_ACCOUNT } from "../helpers";

export const PIPELINE_ROLE = { arn: roleArn(TOOLS_ACCOUNT, "codepipeline"), name: "codepipeline" };
export const CONNECTION_ARN = `arn:aws:codeconnections:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:connection/0b0b0b0b-1111-2222-3333-444444444444`;

/** An artifact store per region with literal names, as the tools stacks would pass them. */
export function stores(...regions: string[]): Record<string, ArtifactStoreRef> {
  return Object.fromEntries(
    [PROVIDER_REGION, ...regions].map((r) => [
      r,
      {
        region: r,
        bucketName: `acme-cp-artifacts-${TOOLS_ACCOUNT}-${r}`,
        bucketArn: `arn:aws:s3:::acme-cp-artifacts-${TOOLS_ACCOUNT}-${r}`,
        keyArn: `arn:aws:kms:${r}:${TOOLS_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`,
      },
    ]),
  );
}

/** The default source action: a GitHub connection producing artifact "Source", namespace "SourceVars". */
export function sourceAction(overrides: Partial<ConstructorParameters<typeof CodeStarConnectionSourceAction>[0]> = {}): CodeStarConnectionSourceAction {
  return new CodeStarConnectionSourceAction({
    actionName: "Source",
    connectionArn: CONNECTION_ARN,
    fullRepositoryId: "acme/service",
    branchName: "main",
    output: "Source",
    namespace: "SourceVars",
    ...overrides,
  });
}

export interface PipelineUnderTest extends Synthesized {
  readonly construct: Pipeline;
  /** The aws_codepipeline resource body. */
  readonly pipeline: TfResource;
  /** `stage[i].action[j]` of the synthesized pipeline, by action name. */
  action(name: string): TfResource;
  /** The pipeline role's inline policy created by the pipeline. */
  readonly rolePolicy: PolicyDoc;
}

/**
 * A pipeline whose first stage is `sources` (default: {@link sourceAction}) and whose later stages
 * hold the given actions (an array of actions = one stage named "Stage2", "Stage3", ...).
 */
export function buildPipeline(stagesOrActions: (Action[] | StageProps)[], props: Partial<PipelineProps> & { sources?: Action[] } = {}): PipelineUnderTest {
  const stack = newStack();
  const { sources, ...rest } = props;
  const stages: StageProps[] = [
    { name: "Source", actions: sources ?? [sourceAction()] },
    ...stagesOrActions.map((s, i) => (Array.isArray(s) ? { name: `Stage${i + 2}`, actions: s } : s)),
  ];
  const construct = new Pipeline(stack, "pipeline", {
    pipelineName: "service",
    role: PIPELINE_ROLE,
    accountId: TOOLS_ACCOUNT,
    region: PROVIDER_REGION,
    artifactStores: stores(),
    stages,
    ...rest,
  });
  const out = synth(stack);
  const pipeline = out.only("aws_codepipeline").body;
  const policies = Object.values(out.resources("aws_iam_role_policy")).filter((p) => String(p.name).startsWith("pipeline-"));
  return {
    ...out,
    construct,
    pipeline,
    action(name: string) {
      for (const s of pipeline.stage as TfResource[]) {
        const found = (s.action as TfResource[]).find((a) => a.name === name);
        if (found) return found;
      }
      throw new Error(`no action ${name}`);
    },
    rolePolicy: parsePolicy(policies[0]!.policy),
  };
}
