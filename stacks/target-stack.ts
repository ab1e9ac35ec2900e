import { Construct } from "constructs";
import type { LandingZone, TargetAccount } from "../config/schema";
import { mergeStatements } from "../modules/pipeline/pipeline";
import { TargetAccountRoles } from "../modules/target-account-roles";
import { pipelineAccounts, targetActionPermissions } from "./pipeline-factory";
import { AccountStack } from "./account-stack";
import { targetStackId } from "./naming";
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
    const stores = target.regions.map((region) => {
      if (region === primaryRegion) return tools;
      const replica = props.toolsReplicas.get(region);
      if (!replica) throw new Error(`targets.${target.name}.regions: "${region}" has no tools artifact store stack`);
      this.addDependency(replica);
      return new ToolsRegionState(this, `tools-${region}`, { state: this.stateLocation, region });
    });

    const literalRoles = (name: string) => {
      const t = lz.targets.find((x) => x.name === name)!;
      return {
        actionRoleArn: this.naming.roleArn(t.accountId, this.naming.actionRoleName()),
        cloudFormationExecutionRoleArn: this.naming.roleArn(t.accountId, this.naming.cloudFormationExecutionRoleName()),
      };
    };
    const actionStatements = mergeStatements(targetActionPermissions(lz, target.name, target.accountId, literalRoles));
    this.roles = new TargetAccountRoles(this, "roles", {
      accountId: target.accountId,
      pipelineRoleArn: tools.pipelineRoleArn,
      // Every pipeline role of the landing zone, by IAM path: one pattern, whatever the number of pipelines.
      ...(lz.pipelines.some((p) => pipelineAccounts(p).has(target.name))
        ? { pipelineServiceRolePath: { accountId: lz.tools.accountId, path: this.naming.pipelineServiceRolePath() } }
        : {}),
      actionRoleName: this.naming.actionRoleName(),
      cloudFormationExecutionRoleName: this.naming.cloudFormationExecutionRoleName(),
      artifactStores: stores,
      cloudFormationExecutionPolicyArns: target.cloudFormationExecutionPolicyArns,
      actionRoleStatements: actionStatements,
    });
    this.output(TARGET_OUTPUTS.accountId, target.accountId, "Account id of this target");
    this.output(TARGET_OUTPUTS.actionRoleArn, this.roles.actionRole.arn, "Role the pipeline role assumes to run actions here");
    this.output(
      TARGET_OUTPUTS.cloudFormationExecutionRoleArn,
      this.roles.cloudFormationExecutionRole.arn,
      "Role CloudFormation actions pass to CloudFormation",
    );
  }
}
