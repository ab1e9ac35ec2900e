import { Construct } from "constructs";
import type { LandingZone, TargetAccount } from "../config/schema";
import { mergeStatements } from "../modules/pipeline/pipeline";
import { TargetAccountRoles } from "../modules/target-account-roles";
import type { ArtifactStoreRef } from "../modules/shared/artifacts";
import { artifactFootprint, TargetStoreKeys } from "./artifact-access";
import { targetActionPermissions } from "./pipeline-factory";
import { managedStackSets } from "../config/stack-sets";
import { AccountStack } from "./account-stack";
import { Naming, targetStackId } from "./naming";
import { TARGET_OUTPUTS } from "./outputs";
import { ToolsPrimaryState, ToolsRegionState } from "./remote-state";
import type { ToolsPrimaryStack, ToolsReplicaStack } from "./tools-stack";

export interface TargetStackProps {
  readonly lz: LandingZone;
  readonly target: TargetAccount;
  readonly toolsPrimary: ToolsPrimaryStack;
  /** Tools stacks by region; the stacks of this target's regions are read. */
  readonly toolsReplicas: ReadonlyMap<string, ToolsReplicaStack>;
}

/**
 * Wave 3: `target-<name>`. The roles of one target account. Their trust names the pipeline role, so
 * the primary tools stack must be applied first; their policies name the artifact keys, read from
 * the tools stacks of the regions this account deploys to.
 */
export class TargetStack extends AccountStack {
  readonly roles: TargetAccountRoles;

  constructor(scope: Construct, props: TargetStackProps) {
    const { lz, target } = props;
    super(scope, targetStackId(target.name), {
      lz,
      accountId: target.accountId,
      region: target.regions[0]!,
      providerRoleName: target.providerRoleName ?? lz.providerRole.name,
      tags: target.tags ?? {},
    });
    const primaryRegion = lz.tools.primaryRegion;
    this.addDependency(props.toolsPrimary);
    const tools = new ToolsPrimaryState(this, "tools", { state: this.stateLocation, region: primaryRegion });
    const footprint = artifactFootprint(lz);
    const access = [...(footprint.keys.get(target.name) ?? new Map<string, TargetStoreKeys>())].map(([region, keys]) => {
      let store: ArtifactStoreRef = tools;
      if (region !== primaryRegion) {
        const replica = props.toolsReplicas.get(region);
        if (!replica) throw new Error(`targets.${target.name}.regions: "${region}" has no tools artifact store stack`);
        this.addDependency(replica);
        store = new ToolsRegionState(this, `tools-${region}`, { state: this.stateLocation, region });
      }
      return { store, keys };
    });

    const literalRoles = (name: string) => {
      const t = lz.targets.find((x) => x.name === name)!;
      return {
        actionRoleArn: this.naming.roleArn(t.accountId, this.naming.actionRoleName()),
        cloudFormationExecutionRoleArn: this.naming.roleArn(t.accountId, this.naming.cloudFormationExecutionRoleName()),
      };
    };
    const actionStatements = mergeStatements(targetActionPermissions(lz, target.name, target.accountId, literalRoles));
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
      instanceRoleArtifacts: {
        roleNames: target.codeDeployInstanceRoleNames,
        artifacts: access.map(({ store, keys }) => ({ store, read: [...keys.instanceRead] })),
      },
    };
    try {
      this.roles = new TargetAccountRoles(this, "roles", roleProps);
    } catch (e) {
      const message = (e as Error).message;
      if (!message.startsWith("pipelineServiceRoleArns:")) throw e;
      const at = lz.targets.indexOf(target);
      throw new Error(
        `targets[${at}] (${target.name}): ${trustedPipelines.length} pipelines run actions in this account and its action role trusts each by exact ARN; ${message.slice(message.indexOf(":") + 2)}. ` +
          `Fix: after AWS raises this account's "Role trust policy length" quota, set targets[${at}].trustPolicyQuota to the new value (up to 8192); or give these pipelines shorter names; or deploy the account's workloads from fewer pipelines`,
      );
    }
    this.output(TARGET_OUTPUTS.accountId, target.accountId, "Account id of this target");
    this.output(TARGET_OUTPUTS.actionRoleArn, this.roles.actionRole.arn, "Role the pipeline role assumes to run actions here");
    this.output(
      TARGET_OUTPUTS.cloudFormationExecutionRoleArn,
      this.roles.cloudFormationExecutionRole.arn,
      "Role CloudFormation actions pass to CloudFormation",
    );
  }
}

/** The StackSet execution role, when managed stack sets deploy to this account: it trusts exactly their pipelines' administration roles. */
function stackSetExecution(lz: LandingZone, accountId: string, naming: Naming): { stackSetExecution?: { roleName: string; administrationRoleArns: string[] } } {
  const admins = [...managedStackSets(lz).accountsByPipeline]
    .filter(([, accounts]) => accounts.has(accountId))
    .map(([pipeline]) => naming.roleArn(lz.tools.accountId, naming.stackSetAdministrationRoleName(pipeline)))
    .sort();
  return admins.length ? { stackSetExecution: { roleName: naming.stackSetExecutionRoleName(), administrationRoleArns: admins } } : {};
}
