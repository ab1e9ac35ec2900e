import { Codepipeline, CodepipelineStage } from "@cdktf/provider-aws/lib/codepipeline";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ITerraformDependable, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import type { LogGroupEncryptionKey } from "../log-group-key";
import { artifactAccessStatements, type ArtifactStoreRef } from "../shared/artifacts";
import { pipelineArtifactKeys } from "../shared/artifact-layout";
import { AWS_NAMES, boundedName } from "../shared/names";
import { policyJson, PolicyStatement, requireRoleName } from "../shared/policy";
import { Action, ActionBinding } from "./action";
import { LIMITS } from "./limits";
import {
  FailureCondition,
  PipelineTrigger,
  StageCondition,
  validateTriggers,
  renderCondition,
  renderFailure,
  renderTrigger,
  validateCondition,
  ruleStatements,
} from "./triggers-conditions";
import { arnPrefix, iamRoleArn, partitionOfRegion } from "../shared/partition";

export type PipelineType = "V1" | "V2";
export type ExecutionMode = "QUEUED" | "SUPERSEDED" | "PARALLEL";

export interface PipelineVariable {
  /** 1-128 letters, digits and `@-_`; referenced as `#{variables.<name>}`. */
  readonly name: string;
  /** @default none (a value must be given at start) */
  readonly defaultValue?: string;
  /** @default none */
  readonly description?: string;
}

export interface StageProps {
  /** Unique in the pipeline; 1-100 letters, digits and `.@-_`. */
  readonly name: string;
  /** The stage's actions; more than 50 are split into consecutive stages `<name>-1`, `<name>-2`, ... */
  readonly actions: Action[];
  /** Gate checked before the stage runs (V2). @default none */
  readonly beforeEntry?: StageCondition;
  /** Checked after the stage succeeds (V2). @default none */
  readonly onSuccess?: StageCondition;
  /** What happens when the stage fails: ROLLBACK, RETRY (V2). @default the pipeline fails */
  readonly onFailure?: FailureCondition;
}

export interface PipelineProps {
  /** 1-100 letters, digits and `.@-_`; unique in the account and region. */
  readonly pipelineName: string;
  /** @default "V2" */
  readonly pipelineType?: PipelineType;
  /** @default "SUPERSEDED" (the service's default: a newer run replaces a waiting one) */
  readonly executionMode?: ExecutionMode;
  /** Pipeline-level variables (V2). @default [] */
  readonly variables?: PipelineVariable[];
  /** Git triggers with filters, on CodeStarSourceConnection sources (V2). @default [] */
  readonly triggers?: PipelineTrigger[];
  /** At least two; the first holds only source actions and sources appear nowhere else. */
  readonly stages: StageProps[];
  /**
   * An existing service role to use; an inline policy with exactly what the actions need is added
   * to it. Many pipelines on one role eventually exceed IAM's 10,240-character limit on a role's
   * inline policies, so by default each pipeline gets its own role.
   * @default a role of its own, named `roleName`
   */
  readonly role?: { readonly arn: string; readonly name: string };
  /**
   * Name of the service role the pipeline creates (without `role`). It may use exactly the artifact
   * stores of the regions the pipeline runs in; the stores' bucket and key policies must grant it.
   * @default `<pipelineName>-codepipeline` (cut to 64 characters)
   */
  readonly roleName?: string;
  /**
   * IAM path of the role the pipeline creates, e.g. `/codepipeline/acme/`: lets other policies trust
   * all pipeline roles of a landing zone with one `aws:PrincipalArn` pattern.
   * @default "/"
   */
  readonly rolePath?: string;
  /**
   * Resource patterns of `sts:AssumeRole` in the pipeline role's policy, instead of each action's
   * `roleArn`. For fan-outs to many accounts whose roles share a name (`arn:aws:iam::*:role/<name>`),
   * where the list would outgrow IAM's 10,240 characters per role; each target role's trust policy
   * still names exactly the pipeline roles it accepts.
   * @default the actions' `roleArn`s
   */
  readonly assumableRoles?: readonly string[];
  /** Account and region of the pipeline. */
  readonly accountId: string;
  readonly region: string;
  /** Artifact stores by region; the pipeline's region and every action region need one. */
  readonly artifactStores: Readonly<Record<string, ArtifactStoreRef>>;
  /**
   * Customer-managed keys (e.g. {@link LogGroupKey}s) by region, for the log groups the actions create
   * (CodeBuild projects): a project in a region with a key here has its log group encrypted with it.
   * @default {} (CloudWatch Logs' own encryption, unless a project names its own key)
   */
  readonly logEncryptionKeys?: Readonly<Record<string, LogGroupEncryptionKey>>;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

interface BoundAction {
  readonly action: Action;
  readonly stage: string;
  readonly region: string;
  readonly binding: ActionBinding;
}

/**
 * A CodePipeline pipeline. It alone decides cross-region (artifact_store per region, action
 * `region`) and cross-account (action `role_arn`, `sts:AssumeRole` on exactly those roles) handling.
 */
export class Pipeline extends Construct {
  readonly pipeline: Codepipeline;
  readonly pipelineName: string;
  /** Literal ARN of the pipeline. */
  readonly pipelineArn: string;
  readonly pipelineType: PipelineType;
  readonly executionMode: ExecutionMode;
  /** The stages as emitted, after splitting stages of more than 50 actions. */
  readonly stageNames: readonly string[];
  /** Roles the pipeline role may assume: exactly the `roleArn`s of its actions. */
  readonly assumedRoleArns: readonly string[];
  /** Regions the pipeline has actions in, its own included. */
  readonly regions: readonly string[];
  /** ARN of the service role (literal when the pipeline creates it). */
  readonly roleArn: string;
  /** The inline policy with what the actions need. */
  readonly rolePolicy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const where = `pipeline "${props.pipelineName}"`;
    if (!/^[A-Za-z0-9.@_-]{1,100}$/.test(props.pipelineName)) {
      throw new Error(`${where}: pipelineName must be 1-100 letters, digits or .@-_ characters`);
    }
    this.pipelineName = props.pipelineName;
    this.pipelineType = props.pipelineType ?? "V2";
    this.executionMode = props.executionMode ?? "SUPERSEDED";
    this.pipelineArn = `${arnPrefix(props.region)}:codepipeline:${props.region}:${props.accountId}:${props.pipelineName}`;
    const variables = props.variables ?? [];
    const triggers = props.triggers ?? [];

    validateVersionFeatures(where, this.pipelineType, this.executionMode, variables, triggers, props.stages);
    validateVariables(where, variables);
    const stages = splitStages(where, props.stages);
    validateStages(where, stages);
    validateTriggers(where, triggers, stages[0]!.actions);
    validateArtifacts(where, stages);
    if (this.executionMode === "PARALLEL") {
      const rollback = stages.find((s) => s.onFailure?.result === "ROLLBACK" || s.onSuccess?.result === "ROLLBACK");
      if (rollback)
        throw new Error(
          `${where}: stage "${rollback.name}" rolls back, which PARALLEL execution mode does not allow; use QUEUED or SUPERSEDED, or another result`,
        );
    }
    stages.forEach((s) => {
      if (s.beforeEntry) validateCondition(`${where} stage "${s.name}" beforeEntry`, s.beforeEntry, ["FAIL", "SKIP"]);
      if (s.onSuccess) validateCondition(`${where} stage "${s.name}" onSuccess`, s.onSuccess, ["ROLLBACK", "FAIL"]);
      if (s.onFailure?.conditions) validateCondition(`${where} stage "${s.name}" onFailure`, s.onFailure.conditions, ["ROLLBACK"]);
      if (s.onFailure?.result === "RETRY" && s.onFailure.conditions) {
        throw new Error(
          `${where} stage "${s.name}" onFailure: automatic stage retry cannot be combined with conditions; remove the conditions, or use result ROLLBACK`,
        );
      }
    });

    const regions = new Set<string>([props.region]);
    for (const s of stages) for (const a of s.actions) regions.add(a.region ?? props.region);
    for (const r of regions) {
      if (!props.artifactStores[r]) {
        throw new Error(
          `${where}: region "${r}" has no artifact store; add it to the tools account's replica regions (stores: ${Object.keys(props.artifactStores).join(", ")})`,
        );
      }
    }
    this.regions = [...regions];

    if (props.role && (props.roleName || props.rolePath))
      throw new Error(`${where}: give role (an existing role) or roleName/rolePath (a role to create), not both`);
    const rolePath = props.rolePath ?? "/";
    if (!/^\/(?:[\w+=,.@-]+\/)*$/.test(rolePath)) throw new Error(`${where}: rolePath "${rolePath}" must start and end with "/", e.g. /codepipeline/`);
    const ownRole = props.role
      ? undefined
      : new IamRole(this, "role", {
          name: requireRoleName("roleName", props.roleName ?? boundedName(`${props.pipelineName}-codepipeline`, 64)),
          path: rolePath,
          description: `Service role of pipeline ${props.pipelineName}`,
          assumeRolePolicy: policyJson({ Effect: "Allow", Principal: { Service: "codepipeline.amazonaws.com" }, Action: "sts:AssumeRole" }),
          tags: props.tags ?? {},
        });
    const role = props.role ?? { arn: ownRole!.arn, name: ownRole!.name };
    this.roleArn = props.role ? props.role.arn : iamRoleArn(partitionOfRegion(props.region), props.accountId, ownRole!.nameInput!, rolePath);

    const cloneRefs = cloneRefStatements(where, stages, { account: props.accountId, region: props.region });
    const bound: BoundAction[] = [];
    for (const s of stages) {
      for (const action of s.actions) {
        const region = action.region ?? props.region;
        const binding = action.bind({
          cloneRefStatements: cloneRefs.get(action) ?? [],
          scope: this,
          pipelineName: props.pipelineName,
          pipelineArn: this.pipelineArn,
          pipelineRegion: props.region,
          pipelineAccount: props.accountId,
          pipelineRoleArn: role.arn,
          region,
          artifactStore: props.artifactStores[region]!,
          ...(props.logEncryptionKeys?.[region] ? { logEncryptionKey: props.logEncryptionKeys[region] } : {}),
        });
        bound.push({ action, stage: s.name, region, binding });
      }
    }
    validateVariableReferences(where, stages, bound, variables);

    // Trigger-owned sources must not also start the pipeline on their own.
    const triggered = new Set(triggers.map((t) => t.sourceActionName));
    const configurationOf = (b: BoundAction): Record<string, string> =>
      triggered.has(b.action.actionName) ? { ...b.binding.configuration, DetectChanges: "false" } : b.binding.configuration;

    const assumed = [...new Set(bound.map((b) => b.action.roleArn).filter((r): r is string => r !== undefined))];
    this.assumedRoleArns = assumed;
    const statements: PolicyStatement[] = [];
    for (const b of bound) {
      if (!b.action.roleArn) {
        statements.push(...b.action.runnerPermissions({ account: props.accountId, region: b.region }), ...(b.binding.runnerStatements ?? []));
      }
      statements.push(...(b.binding.pipelineRoleStatements ?? []));
    }
    for (const s of stages) {
      for (const [kind, c] of [
        ["beforeEntry", s.beforeEntry],
        ["onSuccess", s.onSuccess],
        ["onFailure", s.onFailure?.conditions],
      ] as const) {
        for (const r of c?.rules ?? [])
          statements.push(
            ...ruleStatements(`${where} stage "${s.name}" ${kind}`, r, { account: props.accountId, region: props.region, pipelineName: props.pipelineName }),
          );
      }
    }
    if (assumed.length)
      statements.push({ Effect: "Allow", Action: "sts:AssumeRole", Resource: props.assumableRoles ? [...props.assumableRoles] : assumed.sort() });
    // A role of its own also needs the artifact stores (a shared role has them from its owner).
    // Its own folder of each store only: the stores are shared with other pipelines.
    const folder = [pipelineArtifactKeys(props.pipelineName)];
    if (ownRole)
      statements.push(...artifactAccessStatements([...regions].sort().map((r) => ({ store: props.artifactStores[r]!, read: folder, write: folder }))));
    this.rolePolicy = new IamRolePolicy(this, "role-policy", {
      role: role.name,
      name: `pipeline-${props.pipelineName}`.slice(0, 128),
      policy: policyJson(...mergeStatements(statements)),
    });

    const multiRegion = regions.size > 1;
    this.pipeline = new Codepipeline(this, "pipeline", {
      name: props.pipelineName,
      roleArn: role.arn,
      pipelineType: this.pipelineType,
      executionMode: this.executionMode,
      artifactStore: [...regions].sort().map((r) => {
        const store = props.artifactStores[r]!;
        return {
          location: store.bucketName,
          type: "S3",
          encryptionKey: { id: store.keyArn, type: "KMS" },
          ...(multiRegion ? { region: r } : {}),
        };
      }),
      stage: stages.map(
        (s): CodepipelineStage => ({
          name: s.name,
          action: bound
            .filter((b) => b.stage === s.name)
            .map((b) => {
              const a = b.action;
              return {
                name: a.actionName,
                category: a.type.category,
                owner: a.type.owner,
                provider: a.type.provider,
                version: a.type.version,
                runOrder: a.runOrder,
                configuration: configurationOf(b),
                ...(a.inputs.length ? { inputArtifacts: [...a.inputs] } : {}),
                ...(a.outputs.length ? { outputArtifacts: [...a.outputs] } : {}),
                ...(a.namespace ? { namespace: a.namespace } : {}),
                ...(a.region && a.region !== props.region ? { region: a.region } : {}),
                ...(a.roleArn ? { roleArn: a.roleArn } : {}),
                ...(a.timeoutInMinutes ? { timeoutInMinutes: a.timeoutInMinutes } : {}),
              };
            }),
          ...(s.beforeEntry ? { beforeEntry: { condition: renderCondition(s.beforeEntry) } } : {}),
          ...(s.onSuccess ? { onSuccess: { condition: renderCondition(s.onSuccess) } } : {}),
          ...(s.onFailure ? { onFailure: renderFailure(s.onFailure) } : {}),
        }),
      ),
      ...(triggers.length ? { trigger: triggers.map(renderTrigger) } : {}),
      // The first execution starts on creation: its permissions must be in place by then. The
      // actions' own prerequisites (custom action types) must exist too.
      dependsOn: [this.rolePolicy, ...actionPrerequisites(this, bound)],
      ...(variables.length
        ? {
            variable: variables.map((v) => ({
              name: v.name,
              ...(v.defaultValue !== undefined ? { defaultValue: v.defaultValue } : {}),
              ...(v.description !== undefined ? { description: v.description } : {}),
            })),
          }
        : {}),
      tags: props.tags ?? {},
    });
    this.stageNames = stages.map((s) => s.name);
  }
}

/**
 * Per consuming action, what cloning its CODEBUILD_CLONE_REF inputs needs. Such an artifact holds a
 * reference, not the files, so only CodeBuild can use it (action-reference-CodeCommit / -CodestarConnectionSource).
 */
function cloneRefStatements(where: string, stages: readonly StageProps[], source: { account: string; region: string }): Map<Action, PolicyStatement[]> {
  const producers = new Map<string, Action>();
  for (const s of stages) for (const a of s.actions) for (const o of a.outputs) producers.set(o, a);
  const out = new Map<Action, PolicyStatement[]>();
  for (const s of stages) {
    for (const a of s.actions) {
      for (const input of a.inputs) {
        const producer = producers.get(input);
        const grants = producer?.cloneRefPermissions({ account: source.account, region: producer.region ?? source.region });
        if (!producer || !grants) continue;
        if (a.type.provider !== "CodeBuild") {
          throw new Error(
            `${where}: action "${a.actionName}" (${a.type.provider}) takes "${input}", a CODEBUILD_CLONE_REF artifact of source "${producer.actionName}" that only CodeBuild can clone; set that source's outputArtifactFormat to CODE_ZIP or consume it in a CodeBuild action`,
          );
        }
        out.set(a, [...(out.get(a) ?? []), ...grants]);
      }
    }
  }
  return out;
}

/**
 * What the actions' bindings say must exist first: `depends_on` for resources of the pipeline's
 * stack. Terraform cannot depend on another stack's resource, so for those the pipeline's stack
 * follows that stack instead; a resource of another app is left to the user, like one that exists.
 */
function actionPrerequisites(pipeline: Construct, bound: readonly BoundAction[]): ITerraformDependable[] {
  const stack = TerraformStack.of(pipeline);
  const local: ITerraformDependable[] = [];
  for (const d of new Set(bound.flatMap((b) => b.binding.dependsOn ?? []))) {
    if (!Construct.isConstruct(d)) {
      local.push(d);
      continue;
    }
    const owner = TerraformStack.of(d);
    if (owner === stack) local.push(d);
    else if (owner.node.root === stack.node.root) stack.addDependency(owner);
  }
  return local;
}

/** Joins statements with the same effect, actions and conditions so the policy stays under IAM's size limit. */
export function mergeStatements(statements: PolicyStatement[]): PolicyStatement[] {
  const merged = new Map<string, { actions: string[]; condition?: PolicyStatement["Condition"]; resources: Set<string> }>();
  for (const s of statements) {
    const actions = [...new Set(Array.isArray(s.Action) ? s.Action : [s.Action])].sort();
    const key = JSON.stringify([s.Effect, actions, s.Condition ?? null]);
    const entry = merged.get(key) ?? { actions, ...(s.Condition ? { condition: s.Condition } : {}), resources: new Set<string>() };
    for (const r of Array.isArray(s.Resource) ? s.Resource : [s.Resource ?? "*"]) entry.resources.add(r);
    merged.set(key, entry);
  }
  return [...merged.values()].map((m) => ({
    Effect: "Allow",
    Action: m.actions,
    Resource: [...m.resources].sort(),
    ...(m.condition ? { Condition: m.condition } : {}),
  }));
}

function validateVersionFeatures(
  where: string,
  type: PipelineType,
  mode: ExecutionMode,
  variables: readonly PipelineVariable[],
  triggers: readonly PipelineTrigger[],
  stages: readonly StageProps[],
): void {
  if (type === "V2") return;
  const v2Only: string[] = [];
  if (triggers.length) v2Only.push("triggers");
  if (variables.length) v2Only.push("variables");
  if (mode !== "SUPERSEDED") v2Only.push(`executionMode ${mode}`);
  if (stages.some((s) => s.beforeEntry || s.onSuccess || s.onFailure)) v2Only.push("stage conditions");
  if (v2Only.length) {
    throw new Error(`${where}: ${v2Only.join(", ")} need pipelineType "V2"; remove them or use V2`);
  }
}

function validateVariables(where: string, variables: readonly PipelineVariable[]): void {
  const seen = new Set<string>();
  for (const v of variables) {
    if (!/^[A-Za-z0-9@_-]{1,128}$/.test(v.name)) throw new Error(`${where}: variable name "${v.name}" must be 1-128 letters, digits or @-_`);
    if (seen.has(v.name)) throw new Error(`${where}: variable "${v.name}" is declared twice`);
    seen.add(v.name);
    if (v.defaultValue !== undefined && (v.defaultValue.length < 1 || v.defaultValue.length > 1000)) {
      throw new Error(`${where}: variable "${v.name}" defaultValue must be 1-1000 characters`);
    }
    if (v.description !== undefined && v.description.length > 200) throw new Error(`${where}: variable "${v.name}" description is longer than 200 characters`);
  }
}

function splitStages(where: string, stages: readonly StageProps[]): StageProps[] {
  const out: StageProps[] = [];
  for (const s of stages) {
    if (s.actions.length <= LIMITS.actionsPerStage) {
      out.push(s);
      continue;
    }
    if (s.beforeEntry || s.onSuccess || s.onFailure) {
      throw new Error(
        `${where}: stage "${s.name}" has ${s.actions.length} actions and conditions; split it yourself (more than ${LIMITS.actionsPerStage} actions are split into waves only without conditions)`,
      );
    }
    // Waves keep runOrder order; parallel actions split across waves run one wave after another.
    const sorted = [...s.actions].sort((a, b) => a.runOrder - b.runOrder);
    for (let i = 0, n = 1; i < sorted.length; i += LIMITS.actionsPerStage, n++) {
      // Stage names: at most 100 characters (AWS_NAMES.pipelineStage); a long name is cut and hashed before its wave number.
      const wave = `-${n}`;
      out.push({ name: `${boundedName(s.name, AWS_NAMES.pipelineStage.max - wave.length)}${wave}`, actions: sorted.slice(i, i + LIMITS.actionsPerStage) });
    }
  }
  return out;
}

function validateStages(where: string, stages: readonly StageProps[]): void {
  if (stages.length < 2) throw new Error(`${where}: needs at least two stages (a source stage and one more)`);
  if (stages.length > LIMITS.stagesPerPipeline) throw new Error(`${where}: ${stages.length} stages; at most ${LIMITS.stagesPerPipeline}`);
  const names = new Set<string>();
  stages.forEach((s, i) => {
    if (!/^[A-Za-z0-9.@_-]{1,100}$/.test(s.name)) throw new Error(`${where}: stage name "${s.name}" must be 1-100 letters, digits or .@-_`);
    if (names.has(s.name)) throw new Error(`${where}: stage "${s.name}" appears twice`);
    names.add(s.name);
    if (s.actions.length === 0) throw new Error(`${where}: stage "${s.name}" has no actions`);
    const actionNames = new Set<string>();
    for (const a of s.actions) {
      if (actionNames.has(a.actionName)) throw new Error(`${where}: stage "${s.name}" has two actions named "${a.actionName}"`);
      actionNames.add(a.actionName);
      const isSource = a.type.category === "Source";
      if (i === 0 && !isSource) throw new Error(`${where}: the first stage "${s.name}" may hold only source actions; move "${a.actionName}" to a later stage`);
      if (i > 0 && isSource) throw new Error(`${where}: source action "${a.actionName}" must be in the first stage, not "${s.name}"`);
    }
  });
}

function validateArtifacts(where: string, stages: readonly StageProps[]): void {
  const produced = new Map<string, string>();
  for (const s of stages) {
    // Outputs of a runOrder are visible to higher runOrders of the same stage, not to parallel actions.
    const orders = [...new Set(s.actions.map((a) => a.runOrder))].sort((a, b) => a - b);
    for (const order of orders) {
      const group = s.actions.filter((a) => a.runOrder === order);
      for (const a of group) {
        for (const input of a.inputs) {
          if (!produced.has(input)) {
            throw new Error(`${where}: action "${a.actionName}" reads artifact "${input}", which no earlier action produces`);
          }
        }
      }
      for (const a of group) {
        for (const o of a.outputs) {
          const other = produced.get(o);
          if (other) throw new Error(`${where}: artifact "${o}" is produced by both "${other}" and "${a.actionName}"; names must be unique`);
          produced.set(o, a.actionName);
        }
      }
    }
  }
}

const REFERENCE = /#\{([A-Za-z0-9@_-]+)\.([A-Za-z0-9@_.-]+)\}/g;

function validateVariableReferences(where: string, stages: readonly StageProps[], bound: readonly BoundAction[], variables: readonly PipelineVariable[]): void {
  const namespaces = new Map<string, { action: Action; position: [number, number] }>();
  stages.forEach((s, si) =>
    s.actions.forEach((a) => {
      if (!a.namespace) return;
      if (namespaces.has(a.namespace)) throw new Error(`${where}: namespace "${a.namespace}" is used by two actions; namespaces must be unique`);
      namespaces.set(a.namespace, { action: a, position: [si, a.runOrder] });
    }),
  );
  const stageIndex = new Map(stages.map((s, i) => [s.name, i]));
  const declared = new Set(variables.map((v) => v.name));
  for (const b of bound) {
    const here: [number, number] = [stageIndex.get(b.stage)!, b.action.runOrder];
    for (const value of Object.values(b.binding.configuration)) {
      if (Token.isUnresolved(value) && !value.includes("#{")) continue;
      for (const m of value.matchAll(REFERENCE)) {
        const [ref, ns, name] = m as unknown as [string, string, string];
        if (ns === "variables") {
          if (!declared.has(name)) throw new Error(`${where}: action "${b.action.actionName}" uses ${ref}, but the pipeline declares no variable "${name}"`);
          continue;
        }
        if (ns === "codepipeline") continue; // execution metadata, e.g. #{codepipeline.PipelineExecutionId}
        const target = namespaces.get(ns);
        if (!target) throw new Error(`${where}: action "${b.action.actionName}" uses ${ref}, but no action has namespace "${ns}"`);
        const [ts, tr] = target.position;
        if (ts > here[0] || (ts === here[0] && tr >= here[1])) {
          throw new Error(`${where}: action "${b.action.actionName}" uses ${ref} from "${target.action.actionName}", which does not run before it`);
        }
        const known = target.action.outputVariables();
        if (known && !known.includes(name)) {
          throw new Error(`${where}: action "${b.action.actionName}" uses ${ref}, but "${target.action.actionName}" emits only ${known.join(", ")}`);
        }
      }
    }
  }
}
