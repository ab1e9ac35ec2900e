import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import type { LogGroupEncryptionKey } from "../log-group-key";
import type { ArtifactStoreRef } from "../shared/artifacts";
import { isRoleArn, PolicyStatement } from "../shared/policy";

export type ActionCategory = "Source" | "Build" | "Test" | "Deploy" | "Approval" | "Invoke";
export type ActionOwner = "AWS" | "ThirdParty" | "Custom";

/** How many input and output artifacts an action type accepts (from the action structure reference). */
export interface ArtifactBounds {
  readonly minInputs: number;
  readonly maxInputs: number;
  readonly minOutputs: number;
  readonly maxOutputs: number;
}

/** What identifies an action type in `aws_codepipeline`. */
export interface ActionType {
  readonly category: ActionCategory;
  readonly owner: ActionOwner;
  readonly provider: string;
  readonly version: string;
  readonly artifactBounds: ArtifactBounds;
}

/** Props every action takes. */
export interface CommonActionProps {
  /** Unique within its stage; 1-100 characters of letters, digits and `.@-_`. */
  readonly actionName: string;
  /**
   * Actions of a stage with the same runOrder run in parallel; higher runOrders wait for lower ones.
   * @default 1
   */
  readonly runOrder?: number;
  /** Namespace of the action's output variables, referenced as `#{Namespace.Variable}`. @default none */
  readonly namespace?: string;
  /**
   * Region the action runs in. The pipeline must have an artifact store there.
   * @default the pipeline's region
   */
  readonly region?: string;
  /**
   * Role the pipeline role assumes to run the action, e.g. a target account's action role.
   * @default the pipeline role runs it
   */
  readonly roleArn?: string;
  /** Input artifact names, produced by earlier actions. @default [] */
  readonly inputs?: string[];
  /** Output artifact names, unique in the pipeline. @default [] */
  readonly outputs?: string[];
  /** Minutes before the action times out (5-86400); the API accepts it only on manual approvals. @default the action type's */
  readonly timeoutInMinutes?: number;
}

/** The EventBridge event that should start the pipeline for an event-driven (non-polling) source. */
export interface SourceChangeEvent {
  /** EventBridge event pattern, matched on the default bus of the source's account and region. */
  readonly eventPattern: Record<string, unknown>;
  /** One line for the rule's description. */
  readonly description: string;
}

/** What the pipeline tells an action when it binds it. */
export interface ActionBindContext {
  /** Where the action creates its resources (CodeBuild projects, topics). */
  readonly scope: Construct;
  readonly pipelineName: string;
  /** Literal ARN of the pipeline (`arn:aws:codepipeline:<region>:<account>:<name>`). */
  readonly pipelineArn: string;
  readonly pipelineRegion: string;
  readonly pipelineAccount: string;
  /** ARN of the pipeline service role (for resource policies that name it). */
  readonly pipelineRoleArn: string;
  /** The region the action runs in (its own or the pipeline's). */
  readonly region: string;
  /** The artifact store of the action's region. */
  readonly artifactStore: ArtifactStoreRef;
  /**
   * What the action's own role needs to clone its CODEBUILD_CLONE_REF inputs (from
   * {@link Action.cloneRefPermissions} of their sources); only CodeBuild actions get any. @default []
   */
  readonly cloneRefStatements?: PolicyStatement[];
  /** The key that encrypts log groups the action creates (CodeBuild projects), in the action's region. @default none */
  readonly logEncryptionKey?: LogGroupEncryptionKey;
}

/** What binding an action yields. */
export interface ActionBinding {
  /** The action's `configuration` map (values are strings; tokens allowed). */
  readonly configuration: Record<string, string>;
  /**
   * Permissions on resources the binding created (a CodeBuild project, a topic) for the role that
   * runs the action; added to {@link Action.runnerPermissions}. @default []
   */
  readonly runnerStatements?: PolicyStatement[];
  /** Permissions the pipeline role needs even when an action role runs the action. @default [] */
  readonly pipelineRoleStatements?: PolicyStatement[];
  /**
   * Resources that must exist before the pipeline is created or updated, e.g. the custom action
   * type the action uses (nothing in the action's arguments refers to it). @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

const ACTION_NAME = /^[A-Za-z0-9.@_-]{1,100}$/;
const NAMESPACE = /^[A-Za-z0-9@_-]{1,100}$/;

/**
 * A pipeline action: declares its type, artifacts, account and region, and creates resources
 * only when the pipeline binds it. Cross-account and cross-region handling is the pipeline's job.
 */
export abstract class Action {
  readonly actionName: string;
  readonly runOrder: number;
  readonly namespace?: string;
  readonly region?: string;
  readonly roleArn?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly timeoutInMinutes?: number;

  protected constructor(
    readonly type: ActionType,
    props: CommonActionProps,
  ) {
    const where = `action "${props.actionName}"`;
    if (!ACTION_NAME.test(props.actionName)) {
      throw new Error(`${where}: actionName must be 1-100 letters, digits or .@-_ characters`);
    }
    if (props.namespace !== undefined && !NAMESPACE.test(props.namespace)) {
      throw new Error(`${where}: namespace "${props.namespace}" must be 1-100 letters, digits or @-_ characters`);
    }
    const runOrder = props.runOrder ?? 1;
    if (!Number.isInteger(runOrder) || runOrder < 1 || runOrder > 999) {
      throw new Error(`${where}: runOrder ${runOrder} must be a whole number from 1 to 999`);
    }
    const inputs = props.inputs ?? [];
    const outputs = props.outputs ?? [];
    const b = type.artifactBounds;
    if (inputs.length < b.minInputs || inputs.length > b.maxInputs) {
      throw new Error(`${where}: ${type.provider} takes ${range(b.minInputs, b.maxInputs)} input artifact(s), got ${inputs.length}`);
    }
    if (outputs.length < b.minOutputs || outputs.length > b.maxOutputs) {
      throw new Error(`${where}: ${type.provider} produces ${range(b.minOutputs, b.maxOutputs)} output artifact(s), got ${outputs.length}`);
    }
    for (const a of [...inputs, ...outputs]) {
      if (!/^[A-Za-z0-9_-]{1,100}$/.test(a)) throw new Error(`${where}: artifact name "${a}" must be 1-100 letters, digits, _ or -`);
    }
    if (props.timeoutInMinutes !== undefined) {
      if (type.category !== "Approval") throw new Error(`${where}: timeoutInMinutes is only accepted by manual approval actions; remove it`);
      if (!Number.isInteger(props.timeoutInMinutes) || props.timeoutInMinutes < 5 || props.timeoutInMinutes > 86400) {
        throw new Error(`${where}: timeoutInMinutes ${props.timeoutInMinutes} must be a whole number from 5 to 86400`);
      }
    }
    if (new Set(inputs).size !== inputs.length) throw new Error(`${where}: an input artifact is listed twice`);
    if (props.roleArn !== undefined && !Token.isUnresolved(props.roleArn) && !isRoleArn(props.roleArn)) {
      throw new Error(`${where}: roleArn "${props.roleArn}" is not an IAM role ARN`);
    }
    this.actionName = props.actionName;
    this.runOrder = runOrder;
    this.inputs = inputs;
    this.outputs = outputs;
    if (props.namespace !== undefined) this.namespace = props.namespace;
    if (props.region !== undefined) this.region = props.region;
    if (props.roleArn !== undefined) this.roleArn = props.roleArn;
    if (props.timeoutInMinutes !== undefined) this.timeoutInMinutes = props.timeoutInMinutes;
  }

  /** Creates the action's resources and returns its configuration and permissions. Called once by the pipeline. */
  abstract bind(ctx: ActionBindContext): ActionBinding;

  /**
   * For sources that do not poll: the event that must start the pipeline. The pipeline's owner
   * routes it (with a dead-letter queue) to `codepipeline:StartPipelineExecution`. Pure.
   */
  changeEvent(_where: { readonly account: string; readonly region: string }): SourceChangeEvent | undefined {
    return undefined;
  }

  /** Output variables the action emits, for checking `#{Namespace.Variable}` references. `undefined`: any name. */
  outputVariables(): readonly string[] | undefined {
    return undefined;
  }

  /**
   * For a source whose output is a CODEBUILD_CLONE_REF: what the CodeBuild role that consumes it needs
   * to clone the repository itself. `undefined`: the output is a full copy (CODE_ZIP). Pure.
   */
  cloneRefPermissions(_where: { readonly account: string; readonly region: string }): PolicyStatement[] | undefined {
    return undefined;
  }

  /**
   * Permissions the role that runs the action needs in `where` (an account and region): the
   * pipeline role for same-account actions, the action's `roleArn` otherwise. Pure, so target
   * account stacks can grant them before the pipeline exists.
   */
  runnerPermissions(_where: { readonly account: string; readonly region: string }): PolicyStatement[] {
    return [];
  }
}

function range(min: number, max: number): string {
  return min === max ? `exactly ${min}` : `${min} to ${max}`;
}

/** Removes undefined entries so the configuration map only holds keys that are set. */
export function definedConfig(entries: Record<string, string | number | boolean | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) out[k] = String(v);
  return out;
}
