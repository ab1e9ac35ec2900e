"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PipelinesStack = void 0;
const cdktf_1 = require("cdktf");
const pipeline_1 = require("../modules/pipeline/pipeline");
const account_stack_1 = require("./account-stack");
const naming_1 = require("./naming");
const outputs_1 = require("./outputs");
const pipeline_events_1 = require("./pipeline-events");
const pipeline_factory_1 = require("./pipeline-factory");
const artifact_access_1 = require("./artifact-access");
const custom_action_type_1 = require("../modules/custom-action-type");
const stackset_administration_role_1 = require("../modules/stackset-administration-role");
const stack_sets_1 = require("../config/stack-sets");
const log_group_key_1 = require("../modules/log-group-key");
const remote_state_1 = require("./remote-state");
/**
 * With an organization scope, a pipeline that acts in more accounts than it lists may assume the
 * action role by name in any account (the roles' trust policies name exactly its role).
 */
function assumable(lz, p, actionRoleName) {
    const org = (0, artifact_access_1.organizationScope)(lz);
    if (!org || (0, pipeline_factory_1.pipelineAccounts)(p).size <= org.listAccountsUpTo)
        return {};
    return { assumableRoles: [`arn:aws:iam::*:role/${actionRoleName}`] };
}
/**
 * Wave 4: `pipelines-<primary region>`. Every pipeline of the landing zone, in the tools account.
 * Reads the pipeline role and artifact stores from the primary tools stack and the action roles of
 * the target accounts its pipelines deploy to, so it follows all of them.
 */
class PipelinesStack extends account_stack_1.AccountStack {
    pipelines;
    eventing;
    /** The key of each region's CodeBuild log groups, shared by every project there. */
    logKeys;
    constructor(scope, props) {
        const { lz } = props;
        const region = lz.tools.primaryRegion;
        super(scope, (0, naming_1.pipelinesStackId)(region), {
            lz,
            accountId: lz.tools.accountId,
            region,
            providerRoleName: lz.tools.providerRoleName ?? lz.providerRole.name,
        });
        this.addDependency(props.toolsPrimary);
        const tools = new remote_state_1.ToolsPrimaryState(this, "tools", { state: this.stateLocation, region });
        const toolsRegions = [region, ...lz.tools.replicaRegions];
        const stores = Object.fromEntries(toolsRegions.map((r) => [r, r === region ? tools : tools.artifactStore(r)]));
        const targetStates = new Map();
        for (const name of (0, pipeline_factory_1.pipelineTargets)(lz)) {
            const stack = props.targets.get(name);
            if (!stack)
                throw new Error(`pipelines: target "${name}" has no stack`);
            this.addDependency(stack);
            targetStates.set(name, new remote_state_1.TargetState(this, `target-${name}`, { state: this.stateLocation, targetName: name }));
        }
        const customTypes = lz.customActionTypes.map((c) => new custom_action_type_1.CustomActionType(this, `custom-action-type-${c.category}-${c.providerName}-${c.version}`, {
            ...c,
            workerRoleName: this.naming.customActionWorkerRoleName(c.providerName, c.version),
        }));
        const stackSetAdmins = new Map();
        for (const [pipeline, accounts] of (0, stack_sets_1.managedStackSets)(lz).accountsByPipeline) {
            stackSetAdmins.set(pipeline, new stackset_administration_role_1.StackSetAdministrationRole(this, `stackset-administration-${pipeline}`, {
                roleName: this.naming.stackSetAdministrationRoleName(pipeline),
                accountId: lz.tools.accountId,
                executionRoleArns: [...accounts].map((a) => this.naming.roleArn(a, this.naming.stackSetExecutionRoleName())),
            }));
        }
        // One key per region for every CodeBuild log group there: fewer keys, one policy naming each log group.
        const buildRegions = new Set(lz.pipelines.flatMap((p) => p.stages.flatMap((s) => s.actions.filter((a) => a.type === "codebuild").map((a) => a.region ?? region))));
        const logKeys = new Map([...buildRegions].sort().map((r) => [
            r,
            new log_group_key_1.LogGroupKey(this, `codebuild-log-key-${r}`, {
                region: r,
                accountId: lz.tools.accountId,
                keyAdministratorArns: this.keyAdministratorArns,
                keyAlias: this.naming.logKeyAlias(),
            }),
        ]));
        this.logKeys = logKeys;
        const pipelines = new Map();
        const forEvents = [];
        lz.pipelines.forEach((p, i) => {
            const { stages } = (0, pipeline_factory_1.buildPipelineModel)(lz, i, (name) => {
                const t = targetStates.get(name);
                return { actionRoleArn: t.actionRoleArn, cloudFormationExecutionRoleArn: t.cloudFormationExecutionRoleArn };
            }, (id) => {
                const found = customTypes.find((t) => t.actionTypeId.category === id.category && t.actionTypeId.provider === id.provider && t.actionTypeId.version === id.version);
                if (!found)
                    throw new Error(`custom action type ${id.category}/${id.provider}/${id.version} is not declared in customActionTypes`);
                return found;
            });
            try {
                const pipeline = new pipeline_1.Pipeline(this, `pipeline-${p.name}`, {
                    pipelineName: p.name,
                    pipelineType: p.pipelineType,
                    ...(p.executionMode ? { executionMode: p.executionMode } : {}),
                    variables: p.variables,
                    triggers: p.triggers,
                    stages,
                    roleName: this.naming.pipelineServiceRoleName(p.name),
                    rolePath: this.naming.pipelineServiceRolePath(),
                    accountId: lz.tools.accountId,
                    region,
                    artifactStores: stores,
                    logEncryptionKeys: Object.fromEntries(logKeys),
                    ...assumable(lz, p, this.naming.actionRoleName()),
                    ...(p.tags ? { tags: p.tags } : {}),
                });
                // The first execution starts on creation: the StackSet administration role must exist by then.
                const admin = stackSetAdmins.get(p.name);
                if (admin)
                    pipeline.pipeline.dependsOn = [...(pipeline.pipeline.dependsOn ?? []), (0, cdktf_1.dependable)(admin.policy ?? admin.role)];
                pipelines.set(p.name, pipeline);
                forEvents.push({ config: p, pipeline, sources: stages[0]?.actions ?? [] });
            }
            catch (e) {
                throw new Error(`pipelines[${i}]: ${e.message}`);
            }
        });
        this.pipelines = pipelines;
        this.eventing = new pipeline_events_1.PipelineEventing(this, "eventing", lz, forEvents);
        this.output(outputs_1.PIPELINES_OUTPUTS.pipelineArns, Object.fromEntries([...pipelines].map(([name, p]) => [name, p.pipeline.arn])), "ARN of every pipeline, by name");
    }
}
exports.PipelinesStack = PipelinesStack;
