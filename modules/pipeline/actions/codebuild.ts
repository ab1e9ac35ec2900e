import { Token } from "cdktf";
import type { Construct } from "constructs";
import { artifactKeys, pipelineArtifactKeys } from "../../shared/artifact-layout";
import {
  CodeBuildEnvironmentVariable,
  CodeBuildProject,
  CodeBuildProjectSpec,
  environmentVariableStatements,
  resolveSpec,
  validateEnvironmentVariables,
} from "../../codebuild-project";
import { AWS_NAMES, fitName } from "../../shared/names";
import type { PolicyStatement } from "../../shared/policy";
import { CONFIGURATION_VALUE_MAX } from "../../shared/service-facts";
import { Action, ActionBindContext, ActionBinding, CommonActionProps, definedConfig } from "../action";

const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,149}$/;
const EXPORTED_VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface CodeBuildActionProps extends Omit<CommonActionProps, "roleArn"> {
  /**
   * Build or Test; the same CodeBuild provider either way.
   * @default "Build"
   */
  readonly category?: "Build" | "Test";
  /**
   * The project the action creates when the pipeline binds it, in the action's region and with that
   * region's artifact store. If an input comes from a CodeStarSourceConnection action with
   * CODEBUILD_CLONE_REF, set `project.connectionArn` so the project role may use the connection.
   */
  readonly project: CodeBuildProjectSpec;
  /**
   * Name of the project.
   * @default {@link codeBuildActionProjectName}(pipelineName, actionName)
   */
  readonly projectName?: string;
  /** 1-5 input artifacts; with several, the build gets the others as secondary sources. */
  readonly inputs: string[];
  /** 0-5 output artifacts; with several, the buildspec's secondary-artifacts identifiers must match their names. @default [] */
  readonly outputs?: string[];
  /**
   * The input that is the build's primary source (its CODEBUILD_SRC_DIR). Required with several inputs.
   * @default the single input
   */
  readonly primarySource?: string;
  /**
   * Run a batch build (needs `project.batchBuilds`).
   * @default false
   */
  readonly batchEnabled?: boolean;
  /**
   * Combine the batch's artifacts into one output artifact (needs `batchEnabled`).
   * @default false
   */
  readonly combineArtifacts?: boolean;
  /**
   * Variables the action passes to this build, on top of the project's. Values may reference pipeline
   * variables (`#{variables.env}`) or earlier actions' output variables (`#{SourceVars.CommitId}`);
   * PARAMETER_STORE / SECRETS_MANAGER values must be literal names (the project role is granted them).
   * The JSON of the list must fit in 1000 characters.
   * @default []
   */
  readonly environmentVariables?: CodeBuildEnvironmentVariable[];
  /**
   * The variables the buildspec exports (`env.exported-variables`): the action's output variables, so
   * references to anything else fail at synth.
   * @default [] (the action emits no variables)
   */
  readonly exportedVariables?: string[];
}

/**
 * Default project name of a CodeBuild action: `<pipelineName>-<actionName>` lowercased; when that
 * has characters CodeBuild rejects (`.`, `@`) or is too long, they become `-` and the name ends in a
 * hash of the whole name ({@link fitName}), so distinct names stay distinct.
 */
export function codeBuildActionProjectName(pipelineName: string, actionName: string): string {
  return fitName(`${pipelineName}-${actionName}`.toLowerCase(), AWS_NAMES.codeBuildProject);
}

// Project names the actions of one pipeline (bind scope) have taken, to fail clearly on collisions:
// action names are unique per stage only, project names per account and region.
const takenNames = new WeakMap<Construct, Map<string, string>>();

/** Runs a CodeBuild project that the action creates (category Build or Test). */
export class CodeBuildAction extends Action {
  private readonly props: CodeBuildActionProps;
  private readonly exported: readonly string[];
  private projectConstruct?: CodeBuildProject;

  constructor(props: CodeBuildActionProps) {
    const category = props.category ?? "Build";
    super(
      {
        category,
        owner: "AWS",
        provider: "CodeBuild",
        version: "1",
        artifactBounds: { minInputs: 1, maxInputs: 5, minOutputs: 0, maxOutputs: 5 },
      },
      props,
    );
    const where = `action "${props.actionName}"`;
    if (category !== "Build" && category !== "Test") {
      throw new Error(`${where}: category "${String(category)}" must be "Build" or "Test"`);
    }
    if ((props as CommonActionProps).roleArn !== undefined) {
      throw new Error(`${where}: CodeBuild actions run in the tools account with the pipeline role; remove roleArn (the project's own role does the work)`);
    }
    if (props.projectName !== undefined && !Token.isUnresolved(props.projectName) && !PROJECT_NAME.test(props.projectName)) {
      throw new Error(`${where}: projectName "${props.projectName}" must be 2-150 letters, digits, "-" or "_", starting with a letter or digit`);
    }
    resolveSpec(`${where}: project`, props.project);

    const inputs = this.inputs;
    if (props.primarySource === undefined && inputs.length > 1) {
      throw new Error(`${where}: primarySource is required with several inputs; set it to one of ${inputs.join(", ")}`);
    }
    if (props.primarySource !== undefined && !inputs.includes(props.primarySource)) {
      throw new Error(`${where}: primarySource "${props.primarySource}" is not an input; use one of ${inputs.join(", ")}`);
    }
    if (props.combineArtifacts && !props.batchEnabled) {
      throw new Error(`${where}: combineArtifacts needs batchEnabled: true`);
    }
    if (props.batchEnabled && !props.project.batchBuilds) {
      throw new Error(`${where}: batchEnabled needs project.batchBuilds (the project's batch configuration); add project.batchBuilds: {}`);
    }

    validateEnvironmentVariables(`${where}: environmentVariables`, props.environmentVariables ?? []);
    const json = environmentVariablesJson(props.environmentVariables);
    if (json !== undefined && !Token.isUnresolved(json) && json.length > CONFIGURATION_VALUE_MAX) {
      throw new Error(
        `${where}: environmentVariables encode to ${json.length} characters, over CodePipeline's ${CONFIGURATION_VALUE_MAX}-character limit for a configuration value; move variables to project.environmentVariables`,
      );
    }

    const exported = props.exportedVariables ?? [];
    const seen = new Set<string>();
    for (const name of exported) {
      if (!EXPORTED_VARIABLE.test(name)) {
        throw new Error(`${where}: exportedVariables "${name}" must start with a letter or "_" and hold only letters, digits and "_"`);
      }
      if (seen.has(name)) throw new Error(`${where}: exportedVariables lists "${name}" twice`);
      seen.add(name);
    }
    const text = props.project.buildspec;
    if (exported.length && text !== undefined && !Token.isUnresolved(text)) {
      const missing = exported.filter((n) => !new RegExp(`(^|[^A-Za-z0-9_])${n}([^A-Za-z0-9_]|$)`, "m").test(text));
      if (!text.includes("exported-variables") || missing.length) {
        throw new Error(
          `${where}: exportedVariables ${(missing.length ? missing : exported).join(", ")} are not exported by the inline buildspec; list them under env.exported-variables`,
        );
      }
    }
    this.props = props;
    this.exported = exported;
  }

  /** The project the action created; available after the pipeline binds the action. */
  get project(): CodeBuildProject {
    if (!this.projectConstruct) throw new Error(`action "${this.actionName}": project is available only after the pipeline binds the action`);
    return this.projectConstruct;
  }

  override bind(ctx: ActionBindContext): ActionBinding {
    const p = this.props;
    const name = p.projectName ?? codeBuildActionProjectName(ctx.pipelineName, this.actionName);
    const taken = takenNames.get(ctx.scope) ?? new Map<string, string>();
    const holder = taken.get(name);
    if (holder !== undefined) {
      throw new Error(
        `action "${this.actionName}": CodeBuild project name "${name}" is already used by action "${holder}" of pipeline "${ctx.pipelineName}"; rename one of the actions or set projectName`,
      );
    }
    taken.set(name, this.actionName);
    takenNames.set(ctx.scope, taken);

    const actionVariables = p.environmentVariables ?? [];
    this.projectConstruct = new CodeBuildProject(ctx.scope, `codebuild-${name}`, {
      ...p.project,
      projectName: name,
      accountId: ctx.pipelineAccount,
      artifactStore: ctx.artifactStore,
      artifactAccess: this.outputs.length > 0 ? "readWrite" : "read",
      // Its pipeline's folder only: the store is shared with other pipelines.
      artifactKeys: { read: [pipelineArtifactKeys(ctx.pipelineName)], write: this.outputs.map((o) => artifactKeys(ctx.pipelineName, o)) },
      ...(ctx.region !== ctx.pipelineRegion ? { region: ctx.region } : {}),
      ...(ctx.logEncryptionKey ? { logEncryptionKey: ctx.logEncryptionKey } : {}),
      // The build resolves the action's PARAMETER_STORE / SECRETS_MANAGER variables with the project role.
      extraStatements: [
        ...(p.project.extraStatements ?? []),
        ...environmentVariableStatements(actionVariables, ctx.region, ctx.pipelineAccount).map((s) => ({ ...s, Sid: `Action${s.Sid ?? ""}` })),
        ...(ctx.cloneRefStatements ?? []).map((s, i) => ({ ...s, Sid: `CloneSource${i}` })),
      ],
    });

    const actions = ["codebuild:BatchGetBuilds", "codebuild:StartBuild"];
    if (p.batchEnabled) actions.push("codebuild:BatchGetBuildBatches", "codebuild:StartBuildBatch");
    const runnerStatements: PolicyStatement[] = [{ Effect: "Allow", Action: actions, Resource: this.projectConstruct.projectArn }];

    return {
      configuration: definedConfig({
        // The token makes Terraform create the project before the pipeline.
        ProjectName: this.projectConstruct.project.name,
        PrimarySource: p.primarySource,
        BatchEnabled: p.batchEnabled ? true : undefined,
        CombineArtifacts: p.combineArtifacts ? true : undefined,
        EnvironmentVariables: environmentVariablesJson(p.environmentVariables),
      }),
      runnerStatements,
    };
  }

  override outputVariables(): readonly string[] {
    return this.exported;
  }
}

/** The EnvironmentVariables configuration value (JSON array with name, value and type), or undefined when empty. */
function environmentVariablesJson(variables: readonly CodeBuildEnvironmentVariable[] | undefined): string | undefined {
  if (!variables?.length) return undefined;
  return JSON.stringify(variables.map((v) => ({ name: v.name, value: v.value, type: v.type ?? "PLAINTEXT" })));
}
