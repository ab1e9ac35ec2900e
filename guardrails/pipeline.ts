import { isKnown } from "./arn";
import type { TfResource } from "./rule";

type Json = Record<string, unknown>;

/** A nested block as a list, whether cdktf rendered it as an object or as a list. */
export function blocks(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter((v): v is Json => !!v && typeof v === "object");
  return value && typeof value === "object" ? [value as Json] : [];
}

/** A string value, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export interface ArtifactStoreView {
  /** `region` of the block, else the pipeline's region. */
  readonly region: string;
  readonly explicitRegion: boolean;
  /** Resolved bucket name. */
  readonly location: string | undefined;
  /** Resolved `encryption_key.id`, undefined when the block has none. */
  readonly keyId: string | undefined;
  readonly hasEncryptionKey: boolean;
}

export interface ActionView {
  readonly stage: string;
  readonly name: string;
  readonly category: string;
  readonly owner: string;
  readonly provider: string;
  readonly version: string;
  /** `region` of the action, else the pipeline's region. */
  readonly region: string;
  readonly explicitRegion: string | undefined;
  /** Resolved `role_arn`. */
  readonly roleArn: string | undefined;
  /** Resolved configuration map. */
  readonly configuration: Readonly<Record<string, string>>;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** `<stage>/<action>`, for messages. */
  readonly label: string;
}

export interface StageView {
  readonly name: string;
  readonly actions: readonly ActionView[];
  /** before_entry, on_success or on_failure blocks (V2 only). */
  readonly conditionBlocks: readonly string[];
}

/** An aws_codepipeline resource, resolved, as lists of stores, stages and actions. */
export interface PipelineView {
  readonly name: string;
  readonly region: string;
  readonly account: string | undefined;
  /** `pipeline_type`; the provider defaults it to V1. */
  readonly type: string;
  readonly explicitType: boolean;
  readonly executionMode: string | undefined;
  readonly roleArn: string | undefined;
  readonly stores: readonly ArtifactStoreView[];
  readonly stages: readonly StageView[];
  readonly actions: readonly ActionView[];
  readonly triggers: readonly Json[];
  readonly variables: readonly Json[];
}

export function pipelineView(res: TfResource): PipelineView {
  const v = res.values;
  const region = res.region;
  const stores = blocks(v.artifact_store).map((s): ArtifactStoreView => {
    const key = blocks(s.encryption_key)[0];
    return {
      region: str(s.region) ?? region,
      explicitRegion: typeof s.region === "string",
      location: str(s.location),
      keyId: key ? str(key.id) : undefined,
      hasEncryptionKey: key !== undefined,
    };
  });
  const stages = blocks(v.stage).map((s): StageView => {
    const stage = str(s.name) ?? "?";
    const actions = blocks(s.action).map((a): ActionView => {
      const name = str(a.name) ?? "?";
      const configuration = Object.fromEntries(
        Object.entries((a.configuration ?? {}) as Json).map(([k, x]) => [k, typeof x === "string" ? x : JSON.stringify(x)]),
      );
      return {
        stage,
        name,
        category: str(a.category) ?? "",
        owner: str(a.owner) ?? "",
        provider: str(a.provider) ?? "",
        version: str(a.version) ?? "",
        region: str(a.region) ?? region,
        explicitRegion: str(a.region),
        roleArn: str(a.role_arn),
        configuration,
        inputs: (Array.isArray(a.input_artifacts) ? a.input_artifacts : []).map(String),
        outputs: (Array.isArray(a.output_artifacts) ? a.output_artifacts : []).map(String),
        label: `${stage}/${name}`,
      };
    });
    const conditionBlocks = ["before_entry", "on_success", "on_failure"].filter((k) => blocks(s[k]).length > 0);
    return { name: stage, actions, conditionBlocks };
  });
  return {
    name: str(v.name) ?? res.name,
    region,
    account: res.account,
    type: str(v.pipeline_type) ?? "V1",
    explicitType: typeof v.pipeline_type === "string",
    executionMode: str(v.execution_mode),
    roleArn: str(v.role_arn),
    stores,
    stages,
    actions: stages.flatMap((s) => s.actions),
    triggers: blocks(v.trigger),
    variables: blocks(v.variable),
  };
}

/** The artifact store a pipeline uses in a region (a single store without region serves the pipeline's region). */
export function storeFor(p: PipelineView, region: string): ArtifactStoreView | undefined {
  return p.stores.find((s) => s.region === region);
}

/** The account an ARN-valued field names, when it is a concrete ARN with an account. */
export function accountOfArn(value: string | undefined): string | undefined {
  if (!isKnown(value)) return undefined;
  const m = /^arn:aws[\w-]*:[\w-]+:[\w-]*:(\d{12}):/.exec(value);
  return m?.[1];
}
