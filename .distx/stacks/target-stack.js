"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TargetStack = void 0;
const pipeline_1 = require("../modules/pipeline/pipeline");
const target_account_roles_1 = require("../modules/target-account-roles");
const artifact_access_1 = require("./artifact-access");
const pipeline_factory_1 = require("./pipeline-factory");
const stack_sets_1 = require("../config/stack-sets");
const account_stack_1 = require("./account-stack");
const naming_1 = require("./naming");
const outputs_1 = require("./outputs");
const remote_state_1 = require("./remote-state");
/**
 * Wave 3: `target-<name>`. The roles of one target account. Their trust names the pipeline role, so
 * the primary tools stack must be applied first; their policies name the artifact keys, read from
 * the tools stacks of the regions this account deploys to.
 */
class TargetStack extends account_stack_1.AccountStack {
    roles;
    constructor(scope, props) {
        const { lz, target } = props;
        super(scope, (0, naming_1.targetStackId)(target.name), {
            lz,
            accountId: target.accountId,
            region: target.regions[0],
            providerRoleName: target.providerRoleName ?? lz.providerRole.name,
            tags: target.tags ?? {},
        });
        const primaryRegion = lz.tools.primaryRegion;
        this.addDependency(props.toolsPrimary);
        const tools = new remote_state_1.ToolsPrimaryState(this, "tools", { state: this.stateLocation, region: primaryRegion });
        const footprint = (0, artifact_access_1.artifactFootprint)(lz);
        const access = [...(footprint.keys.get(target.name) ?? new Map())].map(([region, keys]) => {
            let store = tools;
            if (region !== primaryRegion) {
                const replica = props.toolsReplicas.get(region);
                if (!replica)
                    throw new Error(`targets.${target.name}.regions: "${region}" has no tools artifact store stack`);
                this.addDependency(replica);
                store = new remote_state_1.ToolsRegionState(this, `tools-${region}`, { state: this.stateLocation, region });
            }
            return { store, keys };
        });
        const literalRoles = (name) => {
            const t = lz.targets.find((x) => x.name === name);
            return {
                actionRoleArn: this.naming.roleArn(t.accountId, this.naming.actionRoleName()),
                cloudFormationExecutionRoleArn: this.naming.roleArn(t.accountId, this.naming.cloudFormationExecutionRoleName()),
            };
        };
        const actionStatements = (0, pipeline_1.mergeStatements)((0, pipeline_factory_1.targetActionPermissions)(lz, target.name, target.accountId, literalRoles));
        const trustedPipelines = footprint.trusted.get(target.name) ?? [];
        const roleProps = {
            accountId: target.accountId,
            // Exactly the roles of the pipelines that act here (an IAM path is not an authorization boundary).
            pipelineServiceRoleArns: [...trustedPipelines],
            trustPolicyQuota: target.trustPolicyQuota,
            actionRoleName: this.naming.actionRoleName(),
            cloudFormationExecutionRoleName: this.naming.cloudFormationExecutionRoleName(),
            actionRoleArtifacts: access.map(({ store, keys }) => ({ store, read: [...keys.actionRead], write: [...keys.actionWrite] })),
            cloudFormationExecutionRoleArtifacts: access.map(({ store, keys }) => ({ store, read: [...keys.cloudFormationRead] })),
            cloudFormationExecutionPolicyArns: target.cloudFormationExecutionPolicyArns,
            actionRoleStatements: actionStatements,
            ...stackSetExecution(lz, target.accountId, this.naming),
            instanceRoleArtifacts: { roleNames: target.codeDeployInstanceRoleNames, artifacts: access.map(({ store, keys }) => ({ store, read: [...keys.instanceRead] })) },
        };
        try {
            this.roles = new target_account_roles_1.TargetAccountRoles(this, "roles", roleProps);
        }
        catch (e) {
            const message = e.message;
            if (!message.startsWith("pipelineServiceRoleArns:"))
                throw e;
            const at = lz.targets.indexOf(target);
            throw new Error(`targets[${at}] (${target.name}): ${trustedPipelines.length} pipelines run actions in this account and its action role trusts each by exact ARN; ${message.slice(message.indexOf(":") + 2)}. ` +
                `Fix: after AWS raises this account's "Role trust policy length" quota, set targets[${at}].trustPolicyQuota to the new value (up to 8192); or give these pipelines shorter names; or deploy the account's workloads from fewer pipelines`);
        }
        this.output(outputs_1.TARGET_OUTPUTS.accountId, target.accountId, "Account id of this target");
        this.output(outputs_1.TARGET_OUTPUTS.actionRoleArn, this.roles.actionRole.arn, "Role the pipeline role assumes to run actions here");
        this.output(outputs_1.TARGET_OUTPUTS.cloudFormationExecutionRoleArn, this.roles.cloudFormationExecutionRole.arn, "Role CloudFormation actions pass to CloudFormation");
    }
}
exports.TargetStack = TargetStack;
/** The StackSet execution role, when managed stack sets deploy to this account: it trusts exactly their pipelines' administration roles. */
function stackSetExecution(lz, accountId, naming) {
    const admins = [...(0, stack_sets_1.managedStackSets)(lz).accountsByPipeline]
        .filter(([, accounts]) => accounts.has(accountId))
        .map(([pipeline]) => naming.roleArn(lz.tools.accountId, naming.stackSetAdministrationRoleName(pipeline)))
        .sort();
    return admins.length ? { stackSetExecution: { roleName: naming.stackSetExecutionRoleName(), administrationRoleArns: admins } } : {};
}
