"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Pipeline = void 0;
exports.mergeStatements = mergeStatements;
const codepipeline_1 = require("@cdktf/provider-aws/lib/codepipeline");
const iam_role_1 = require("@cdktf/provider-aws/lib/iam-role");
const iam_role_policy_1 = require("@cdktf/provider-aws/lib/iam-role-policy");
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const artifacts_1 = require("../shared/artifacts");
const artifact_layout_1 = require("../shared/artifact-layout");
const names_1 = require("../shared/names");
const policy_1 = require("../shared/policy");
const limits_1 = require("./limits");
const triggers_conditions_1 = require("./triggers-conditions");
/**
 * A CodePipeline pipeline. It alone decides cross-region (artifact_store per region, action
 * `region`) and cross-account (action `role_arn`, `sts:AssumeRole` on exactly those roles) handling.
 */
class Pipeline extends constructs_1.Construct {
    pipeline;
    pipelineName;
    /** Literal ARN of the pipeline. */
    pipelineArn;
    pipelineType;
    executionMode;
    /** The stages as emitted, after splitting stages of more than 50 actions. */
    stageNames;
    /** Roles the pipeline role may assume: exactly the `roleArn`s of its actions. */
    assumedRoleArns;
    /** Regions the pipeline has actions in, its own included. */
    regions;
    /** ARN of the service role (literal when the pipeline creates it). */
    roleArn;
    /** The inline policy with what the actions need. */
    rolePolicy;
    constructor(scope, id, props) {
        super(scope, id);
        const where = `pipeline "${props.pipelineName}"`;
        if (!/^[A-Za-z0-9.@_-]{1,100}$/.test(props.pipelineName)) {
            throw new Error(`${where}: pipelineName must be 1-100 letters, digits or .@-_ characters`);
        }
        this.pipelineName = props.pipelineName;
        this.pipelineType = props.pipelineType ?? "V2";
        this.executionMode = props.executionMode ?? "SUPERSEDED";
        this.pipelineArn = `arn:aws:codepipeline:${props.region}:${props.accountId}:${props.pipelineName}`;
        const variables = props.variables ?? [];
        const triggers = props.triggers ?? [];
        validateVersionFeatures(where, this.pipelineType, this.executionMode, variables, triggers, props.stages);
        validateVariables(where, variables);
        const stages = splitStages(where, props.stages);
        validateStages(where, stages);
        (0, triggers_conditions_1.validateTriggers)(where, triggers, stages[0].actions);
        validateArtifacts(where, stages);
        if (this.executionMode === "PARALLEL") {
            const rollback = stages.find((s) => s.onFailure?.result === "ROLLBACK" || s.onSuccess?.result === "ROLLBACK");
            if (rollback)
                throw new Error(`${where}: stage "${rollback.name}" rolls back, which PARALLEL execution mode does not allow; use QUEUED or SUPERSEDED, or another result`);
        }
        stages.forEach((s) => {
            if (s.beforeEntry)
                (0, triggers_conditions_1.validateCondition)(`${where} stage "${s.name}" beforeEntry`, s.beforeEntry, ["FAIL", "SKIP"]);
            if (s.onSuccess)
                (0, triggers_conditions_1.validateCondition)(`${where} stage "${s.name}" onSuccess`, s.onSuccess, ["ROLLBACK", "FAIL"]);
            if (s.onFailure?.conditions)
                (0, triggers_conditions_1.validateCondition)(`${where} stage "${s.name}" onFailure`, s.onFailure.conditions, ["ROLLBACK"]);
            if (s.onFailure?.result === "RETRY" && s.onFailure.conditions) {
                throw new Error(`${where} stage "${s.name}" onFailure: automatic stage retry cannot be combined with conditions; remove the conditions, or use result ROLLBACK`);
            }
        });
        const regions = new Set([props.region]);
        for (const s of stages)
            for (const a of s.actions)
                regions.add(a.region ?? props.region);
        for (const r of regions) {
            if (!props.artifactStores[r]) {
                throw new Error(`${where}: region "${r}" has no artifact store; add it to the tools account's replica regions (stores: ${Object.keys(props.artifactStores).join(", ")})`);
            }
        }
        this.regions = [...regions];
        if (props.role && (props.roleName || props.rolePath))
            throw new Error(`${where}: give role (an existing role) or roleName/rolePath (a role to create), not both`);
        const rolePath = props.rolePath ?? "/";
        if (!/^\/(?:[\w+=,.@-]+\/)*$/.test(rolePath))
            throw new Error(`${where}: rolePath "${rolePath}" must start and end with "/", e.g. /codepipeline/`);
        const ownRole = props.role
            ? undefined
            : new iam_role_1.IamRole(this, "role", {
                name: (0, policy_1.requireRoleName)("roleName", props.roleName ?? (0, names_1.boundedName)(`${props.pipelineName}-codepipeline`, 64)),
                path: rolePath,
                description: `Service role of pipeline ${props.pipelineName}`,
                assumeRolePolicy: (0, policy_1.policyJson)({ Effect: "Allow", Principal: { Service: "codepipeline.amazonaws.com" }, Action: "sts:AssumeRole" }),
                tags: props.tags ?? {},
            });
        const role = props.role ?? { arn: ownRole.arn, name: ownRole.name };
        this.roleArn = props.role ? props.role.arn : `arn:aws:iam::${props.accountId}:role${rolePath}${ownRole.nameInput}`;
        const cloneRefs = cloneRefStatements(where, stages, { account: props.accountId, region: props.region });
        const bound = [];
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
                    artifactStore: props.artifactStores[region],
                    ...(props.logEncryptionKeys?.[region] ? { logEncryptionKey: props.logEncryptionKeys[region] } : {}),
                });
                bound.push({ action, stage: s.name, region, binding });
            }
        }
        validateVariableReferences(where, stages, bound, variables);
        // Trigger-owned sources must not also start the pipeline on their own.
        const triggered = new Set(triggers.map((t) => t.sourceActionName));
        const configurationOf = (b) => triggered.has(b.action.actionName) ? { ...b.binding.configuration, DetectChanges: "false" } : b.binding.configuration;
        const assumed = [...new Set(bound.map((b) => b.action.roleArn).filter((r) => r !== undefined))];
        this.assumedRoleArns = assumed;
        const statements = [];
        for (const b of bound) {
            if (!b.action.roleArn) {
                statements.push(...b.action.runnerPermissions({ account: props.accountId, region: b.region }), ...(b.binding.runnerStatements ?? []));
            }
            statements.push(...(b.binding.pipelineRoleStatements ?? []));
        }
        for (const s of stages) {
            for (const [kind, c] of [["beforeEntry", s.beforeEntry], ["onSuccess", s.onSuccess], ["onFailure", s.onFailure?.conditions]]) {
                for (const r of c?.rules ?? [])
                    statements.push(...(0, triggers_conditions_1.ruleStatements)(`${where} stage "${s.name}" ${kind}`, r, { account: props.accountId, region: props.region, pipelineName: props.pipelineName }));
            }
        }
        if (assumed.length)
            statements.push({ Effect: "Allow", Action: "sts:AssumeRole", Resource: props.assumableRoles ? [...props.assumableRoles] : assumed.sort() });
        // A role of its own also needs the artifact stores (a shared role has them from its owner).
        // Its own folder of each store only: the stores are shared with other pipelines.
        const folder = [(0, artifact_layout_1.pipelineArtifactKeys)(props.pipelineName)];
        if (ownRole)
            statements.push(...(0, artifacts_1.artifactAccessStatements)([...regions].sort().map((r) => ({ store: props.artifactStores[r], read: folder, write: folder }))));
        this.rolePolicy = new iam_role_policy_1.IamRolePolicy(this, "role-policy", {
            role: role.name,
            name: `pipeline-${props.pipelineName}`.slice(0, 128),
            policy: (0, policy_1.policyJson)(...mergeStatements(statements)),
        });
        const multiRegion = regions.size > 1;
        this.pipeline = new codepipeline_1.Codepipeline(this, "pipeline", {
            name: props.pipelineName,
            roleArn: role.arn,
            pipelineType: this.pipelineType,
            executionMode: this.executionMode,
            artifactStore: [...regions].sort().map((r) => {
                const store = props.artifactStores[r];
                return {
                    location: store.bucketName,
                    type: "S3",
                    encryptionKey: { id: store.keyArn, type: "KMS" },
                    ...(multiRegion ? { region: r } : {}),
                };
            }),
            stage: stages.map((s) => ({
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
                ...(s.beforeEntry ? { beforeEntry: { condition: (0, triggers_conditions_1.renderCondition)(s.beforeEntry) } } : {}),
                ...(s.onSuccess ? { onSuccess: { condition: (0, triggers_conditions_1.renderCondition)(s.onSuccess) } } : {}),
                ...(s.onFailure ? { onFailure: (0, triggers_conditions_1.renderFailure)(s.onFailure) } : {}),
            })),
            ...(triggers.length ? { trigger: triggers.map(triggers_conditions_1.renderTrigger) } : {}),
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
exports.Pipeline = Pipeline;
/**
 * Per consuming action, what cloning its CODEBUILD_CLONE_REF inputs needs. Such an artifact holds a
 * reference, not the files, so only CodeBuild can use it (action-reference-CodeCommit / -CodestarConnectionSource).
 */
function cloneRefStatements(where, stages, source) {
    const producers = new Map();
    for (const s of stages)
        for (const a of s.actions)
            for (const o of a.outputs)
                producers.set(o, a);
    const out = new Map();
    for (const s of stages) {
        for (const a of s.actions) {
            for (const input of a.inputs) {
                const producer = producers.get(input);
                const grants = producer?.cloneRefPermissions({ account: source.account, region: producer.region ?? source.region });
                if (!producer || !grants)
                    continue;
                if (a.type.provider !== "CodeBuild") {
                    throw new Error(`${where}: action "${a.actionName}" (${a.type.provider}) takes "${input}", a CODEBUILD_CLONE_REF artifact of source "${producer.actionName}" that only CodeBuild can clone; set that source's outputArtifactFormat to CODE_ZIP or consume it in a CodeBuild action`);
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
function actionPrerequisites(pipeline, bound) {
    const stack = cdktf_1.TerraformStack.of(pipeline);
    const local = [];
    for (const d of new Set(bound.flatMap((b) => b.binding.dependsOn ?? []))) {
        if (!constructs_1.Construct.isConstruct(d)) {
            local.push(d);
            continue;
        }
        const owner = cdktf_1.TerraformStack.of(d);
        if (owner === stack)
            local.push(d);
        else if (owner.node.root === stack.node.root)
            stack.addDependency(owner);
    }
    return local;
}
/** Joins statements with the same effect, actions and conditions so the policy stays under IAM's size limit. */
function mergeStatements(statements) {
    const merged = new Map();
    for (const s of statements) {
        const actions = [...new Set(Array.isArray(s.Action) ? s.Action : [s.Action])].sort();
        const key = JSON.stringify([s.Effect, actions, s.Condition ?? null]);
        const entry = merged.get(key) ?? { actions, ...(s.Condition ? { condition: s.Condition } : {}), resources: new Set() };
        for (const r of Array.isArray(s.Resource) ? s.Resource : [s.Resource ?? "*"])
            entry.resources.add(r);
        merged.set(key, entry);
    }
    return [...merged.values()].map((m) => ({
        Effect: "Allow",
        Action: m.actions,
        Resource: [...m.resources].sort(),
        ...(m.condition ? { Condition: m.condition } : {}),
    }));
}
function validateVersionFeatures(where, type, mode, variables, triggers, stages) {
    if (type === "V2")
        return;
    const v2Only = [];
    if (triggers.length)
        v2Only.push("triggers");
    if (variables.length)
        v2Only.push("variables");
    if (mode !== "SUPERSEDED")
        v2Only.push(`executionMode ${mode}`);
    if (stages.some((s) => s.beforeEntry || s.onSuccess || s.onFailure))
        v2Only.push("stage conditions");
    if (v2Only.length) {
        throw new Error(`${where}: ${v2Only.join(", ")} need pipelineType "V2"; remove them or use V2`);
    }
}
function validateVariables(where, variables) {
    const seen = new Set();
    for (const v of variables) {
        if (!/^[A-Za-z0-9@_-]{1,128}$/.test(v.name))
            throw new Error(`${where}: variable name "${v.name}" must be 1-128 letters, digits or @-_`);
        if (seen.has(v.name))
            throw new Error(`${where}: variable "${v.name}" is declared twice`);
        seen.add(v.name);
        if (v.defaultValue !== undefined && (v.defaultValue.length < 1 || v.defaultValue.length > 1000)) {
            throw new Error(`${where}: variable "${v.name}" defaultValue must be 1-1000 characters`);
        }
        if (v.description !== undefined && v.description.length > 200)
            throw new Error(`${where}: variable "${v.name}" description is longer than 200 characters`);
    }
}
function splitStages(where, stages) {
    const out = [];
    for (const s of stages) {
        if (s.actions.length <= limits_1.LIMITS.actionsPerStage) {
            out.push(s);
            continue;
        }
        if (s.beforeEntry || s.onSuccess || s.onFailure) {
            throw new Error(`${where}: stage "${s.name}" has ${s.actions.length} actions and conditions; split it yourself (more than ${limits_1.LIMITS.actionsPerStage} actions are split into waves only without conditions)`);
        }
        // Waves keep runOrder order; parallel actions split across waves run one wave after another.
        const sorted = [...s.actions].sort((a, b) => a.runOrder - b.runOrder);
        for (let i = 0, n = 1; i < sorted.length; i += limits_1.LIMITS.actionsPerStage, n++) {
            // Stage names: at most 100 characters (AWS_NAMES.pipelineStage); a long name is cut and hashed before its wave number.
            const wave = `-${n}`;
            out.push({ name: `${(0, names_1.boundedName)(s.name, names_1.AWS_NAMES.pipelineStage.max - wave.length)}${wave}`, actions: sorted.slice(i, i + limits_1.LIMITS.actionsPerStage) });
        }
    }
    return out;
}
function validateStages(where, stages) {
    if (stages.length < 2)
        throw new Error(`${where}: needs at least two stages (a source stage and one more)`);
    if (stages.length > limits_1.LIMITS.stagesPerPipeline)
        throw new Error(`${where}: ${stages.length} stages; at most ${limits_1.LIMITS.stagesPerPipeline}`);
    const names = new Set();
    stages.forEach((s, i) => {
        if (!/^[A-Za-z0-9.@_-]{1,100}$/.test(s.name))
            throw new Error(`${where}: stage name "${s.name}" must be 1-100 letters, digits or .@-_`);
        if (names.has(s.name))
            throw new Error(`${where}: stage "${s.name}" appears twice`);
        names.add(s.name);
        if (s.actions.length === 0)
            throw new Error(`${where}: stage "${s.name}" has no actions`);
        const actionNames = new Set();
        for (const a of s.actions) {
            if (actionNames.has(a.actionName))
                throw new Error(`${where}: stage "${s.name}" has two actions named "${a.actionName}"`);
            actionNames.add(a.actionName);
            const isSource = a.type.category === "Source";
            if (i === 0 && !isSource)
                throw new Error(`${where}: the first stage "${s.name}" may hold only source actions; move "${a.actionName}" to a later stage`);
            if (i > 0 && isSource)
                throw new Error(`${where}: source action "${a.actionName}" must be in the first stage, not "${s.name}"`);
        }
    });
}
function validateArtifacts(where, stages) {
    const produced = new Map();
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
                    if (other)
                        throw new Error(`${where}: artifact "${o}" is produced by both "${other}" and "${a.actionName}"; names must be unique`);
                    produced.set(o, a.actionName);
                }
            }
        }
    }
}
const REFERENCE = /#\{([A-Za-z0-9@_-]+)\.([A-Za-z0-9@_.-]+)\}/g;
function validateVariableReferences(where, stages, bound, variables) {
    const namespaces = new Map();
    stages.forEach((s, si) => s.actions.forEach((a) => {
        if (!a.namespace)
            return;
        if (namespaces.has(a.namespace))
            throw new Error(`${where}: namespace "${a.namespace}" is used by two actions; namespaces must be unique`);
        namespaces.set(a.namespace, { action: a, position: [si, a.runOrder] });
    }));
    const stageIndex = new Map(stages.map((s, i) => [s.name, i]));
    const declared = new Set(variables.map((v) => v.name));
    for (const b of bound) {
        const here = [stageIndex.get(b.stage), b.action.runOrder];
        for (const value of Object.values(b.binding.configuration)) {
            if (cdktf_1.Token.isUnresolved(value) && !value.includes("#{"))
                continue;
            for (const m of value.matchAll(REFERENCE)) {
                const [ref, ns, name] = m;
                if (ns === "variables") {
                    if (!declared.has(name))
                        throw new Error(`${where}: action "${b.action.actionName}" uses ${ref}, but the pipeline declares no variable "${name}"`);
                    continue;
                }
                if (ns === "codepipeline")
                    continue; // execution metadata, e.g. #{codepipeline.PipelineExecutionId}
                const target = namespaces.get(ns);
                if (!target)
                    throw new Error(`${where}: action "${b.action.actionName}" uses ${ref}, but no action has namespace "${ns}"`);
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
