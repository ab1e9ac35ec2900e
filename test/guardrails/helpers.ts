import { AppModel } from "../../guardrails/model";
import { outcomeOf, Rule, RuleOutcome } from "../../guardrails/rule";
import type { SynthesizedStack } from "../../synth/wiring";

export const TOOLS = "111111111111";
export const TARGET = "222222222222";
export const OTHER = "333333333333";

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

export interface StackSpec {
  readonly account?: string;
  readonly region?: string;
  readonly resources?: Blocks;
  readonly data?: Blocks;
  readonly outputs?: Record<string, unknown>;
  /** Extra aliased providers: `provider = "aws.<alias>"`. */
  readonly aliases?: readonly { alias: string; region: string; account?: string }[];
}

/** A hand-made synthesized stack: S3 backend `s3://state/<id>.tfstate`, one pinned AWS provider. */
export function stack(id: string, spec: StackSpec = {}): SynthesizedStack {
  return {
    id,
    dependencies: [],
    json: {
      terraform: { backend: { s3: { bucket: "state", key: `${id}.tfstate`, region: "eu-west-1" } } },
      provider: {
        aws: [
          { region: spec.region ?? "eu-west-1", allowed_account_ids: [spec.account ?? TOOLS] },
          ...(spec.aliases ?? []).map((a) => ({ alias: a.alias, region: a.region, allowed_account_ids: [a.account ?? spec.account ?? TOOLS] })),
        ],
      },
      resource: spec.resources ?? {},
      data: spec.data ?? {},
      output: Object.fromEntries(Object.entries(spec.outputs ?? {}).map(([k, v]) => [k, { value: v }])),
    },
  };
}

/** A terraform_remote_state data source body reading another hand-made stack. */
export function readState(stackId: string): Record<string, unknown> {
  return { backend: "s3", config: { bucket: "state", key: `${stackId}.tfstate`, region: "eu-west-1" } };
}

/** A policy document as resource arguments hold it (JSON text). */
export const doc = (...statements: object[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** The outcome of one rule on one resource (`<type>.<name>`) of the stacks. */
export function outcome(rule: Rule, stacks: readonly SynthesizedStack[], address: string): RuleOutcome {
  const model = new AppModel(stacks);
  const dot = address.indexOf(".");
  const [type, name] = [address.slice(0, dot), address.slice(dot + 1)];
  const res = model.resources(type).find((r) => r.name === name);
  if (!res) throw new Error(`no resource ${address} in ${stacks.map((s) => s.id).join(", ")}`);
  return outcomeOf(rule.check(res, model));
}

export const status = (rule: Rule, stacks: readonly SynthesizedStack[], address: string) => outcome(rule, stacks, address).status;

// ---- CodePipeline building blocks -------------------------------------------------------------

export const keyArn = (region: string, id = "k1", account = TOOLS) => `arn:aws:kms:${region}:${account}:key/${id}`;
export const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
export const PIPELINE_ROLE = roleArn(TOOLS, "pipeline");
export const ACTION_ROLE = roleArn(TARGET, "action");

export function store(location: string, key: string | undefined, region?: string): Record<string, unknown> {
  return { location, type: "S3", ...(key ? { encryption_key: { id: key, type: "KMS" } } : {}), ...(region ? { region } : {}) };
}

export function action(name: string, category: string, provider: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, category, owner: "AWS", provider, version: "1", ...extra };
}

export const connectionSource = (name = "Source") =>
  action(name, "Source", "CodeStarSourceConnection", {
    configuration: { ConnectionArn: `arn:aws:codeconnections:eu-west-1:${TOOLS}:connection/c`, FullRepositoryId: "acme/app", BranchName: "main" },
    output_artifacts: ["Src"],
  });

export interface PipelineSpec {
  readonly type?: string | null;
  readonly stores?: Record<string, unknown>[];
  readonly stages?: Record<string, unknown>[];
  readonly extra?: Record<string, unknown>;
}

/** An aws_codepipeline body: V2, one CMK store in eu-west-1, a connection source and one more stage. */
export function pipeline(spec: PipelineSpec = {}): Record<string, unknown> {
  return {
    name: "app",
    role_arn: PIPELINE_ROLE,
    ...(spec.type === null ? {} : { pipeline_type: spec.type ?? "V2" }),
    artifact_store: spec.stores ?? [store("artifacts-eu-west-1", keyArn("eu-west-1"))],
    stage: spec.stages ?? [
      { name: "Source", action: [connectionSource()] },
      { name: "Build", action: [action("Build", "Build", "CodeBuild", { configuration: { ProjectName: "app" }, input_artifacts: ["Src"] })] },
    ],
    ...(spec.extra ?? {}),
  };
}

export const stages = (...more: Record<string, unknown>[]) => [{ name: "Source", action: [connectionSource()] }, ...more];

/** A pipelines stack holding one pipeline `aws_codepipeline.p`, plus extra resources. */
export function pipelineStack(spec: PipelineSpec = {}, resources: Blocks = {}, id = "pipelines"): SynthesizedStack {
  return stack(id, { resources: { aws_codepipeline: { p: pipeline(spec) }, ...resources } });
}

/**
 * A tools stack with an artifact store like the landing zone's: bucket `artifacts-<region>`, key,
 * TLS-only bucket policy, public access block, and grants (account root + aws:PrincipalArn) to the
 * given roles in the bucket and key policy.
 */
export function toolsStack(
  region: string,
  opts: { bucketGrants?: string[]; keyGrants?: string[]; keyActions?: string[]; rotation?: boolean; id?: string } = {},
): SynthesizedStack {
  const bucket = `artifacts-${region}`;
  const grant = (roles: string[], actions: string[], resource: string | string[]) =>
    roles.map((r, i) => ({
      Sid: `Grant${i}`,
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${r.split(":")[4]}:root` },
      Action: actions,
      Resource: resource,
      Condition: { ArnEquals: { "aws:PrincipalArn": [r] } },
    }));
  return stack(opts.id ?? `tools-${region}`, {
    region,
    resources: {
      aws_s3_bucket: { bucket: { bucket, region } },
      aws_s3_bucket_public_access_block: {
        pab: {
          bucket: "${aws_s3_bucket.bucket.id}",
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        },
      },
      aws_s3_bucket_policy: {
        policy: {
          bucket: "${aws_s3_bucket.bucket.id}",
          policy: doc(
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: ["${aws_s3_bucket.bucket.arn}", "${aws_s3_bucket.bucket.arn}/*"],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            ...grant(opts.bucketGrants ?? [], ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"], "${aws_s3_bucket.bucket.arn}/*"),
          ),
        },
      },
      aws_kms_key: {
        key: {
          region,
          enable_key_rotation: opts.rotation ?? true,
          policy: doc(
            ...grant(opts.keyGrants ?? [], opts.keyActions ?? ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"], "*"),
          ),
        },
      },
    },
    outputs: { bucket_name: "${aws_s3_bucket.bucket.bucket}", key_arn: "${aws_kms_key.key.arn}" },
  });
}

/** The artifact_store blocks that read a tools stack's outputs through remote state (data source `tools-<region>`). */
export const remoteStore = (region: string, withRegion = false) =>
  store(
    `\${data.terraform_remote_state.tools-${region}.outputs.bucket_name}`,
    `\${data.terraform_remote_state.tools-${region}.outputs.key_arn}`,
    withRegion ? region : undefined,
  );

/** A pipelines stack reading tools stacks for the given regions. */
export function remotePipelineStack(regions: string[], spec: PipelineSpec, resources: Blocks = {}): SynthesizedStack {
  const s = pipelineStack({ stores: regions.map((r) => remoteStore(r, regions.length > 1)), ...spec }, resources);
  return {
    ...s,
    json: { ...s.json, data: { terraform_remote_state: Object.fromEntries(regions.map((r) => [`tools-${r}`, readState(`tools-${r}`)])) } },
  };
}
