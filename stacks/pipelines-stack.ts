import { dependable } from "cdktf";
import { Construct } from "constructs";
import type { LandingZone } from "../config/schema";
import { Pipeline } from "../modules/pipeline/pipeline";
import type { ArtifactStoreRef } from "../modules/shared/artifacts";
import { AccountStack } from "./account-stack";
import { pipelinesStackId } from "./naming";
import { PIPELINES_OUTPUTS } from "./outputs";
import { BuiltPipelineForEvents, PipelineEventing } from "./pipeline-events";
import { buildPipelineModel, pipelineAccounts, pipelineTargets } from "./pipeline-factory";
import { organizationScope } from "./artifact-access";
import { CustomActionType } from "../modules/custom-action-type";
import { StackSetAdministrationRole } from "../modules/stackset-administration-role";
import { managedStackSets } from "../config/stack-sets";
import { LogGroupKey } from "../modules/log-group-key";
import { TargetState, ToolsPrimaryState } from "./remote-state";
import type { TargetStack } from "./target-stack";
import type { ToolsPrimaryStack } from "./tools-stack";
import { iamRoleArn, partitionOfRegion } from "../modules/shared/partition";

/**
 * With an organization scope, a pipeline that acts in more accounts than it lists may assume the
 * action role by name in any account (the roles' trust policies name exactly its role).
 */
function assumable(lz: LandingZone, p: LandingZone["pipelines"][number], actionRoleName: string): { assumableRoles?: string[] } {
  const org = organizationScope(lz);
  if (!org || pipelineAccounts(p).size <= org.listAccountsUpTo) return {};
  return { assumableRoles: [iamRoleArn(lz.tools.primaryRegion, "*", actionRoleName)] };
}

export interface PipelinesStackProps {
  readonly lz: LandingZone;
  readonly toolsPrimary: ToolsPrimaryStack;
  readonly targets: ReadonlyMap<string, TargetStack>;
}

/**
 * Wave 4: `pipelines-<primary region>`. Every pipeline of the landing zone, in the tools account.
 * Reads the pipeline role and artifact stores from the primary tools stack and the action roles of
 * the target accounts its pipelines deploy to, so it follows all of them.
 */
export class PipelinesStack extends AccountStack {
  readonly pipelines: ReadonlyMap<string, Pipeline>;
  readonly eventing: PipelineEventing;
  /** The key of each region's CodeBuild log groups, shared by every project there. */
  readonly logKeys: ReadonlyMap<string, LogGroupKey>;

  constructor(scope: Construct, props: PipelinesStackProps) {
    const { lz } = props;
    const region = lz.tools.primaryRegion;
    super(scope, pipelinesStackId(region), {
      lz,
      accountId: lz.tools.accountId,
      region,
      providerRoleName: lz.tools.providerRoleName ?? lz.providerRole.name,
    });
    this.addDependency(props.toolsPrimary);
    const tools = new ToolsPrimaryState(this, "tools", { state: this.stateLocation, region });
    const toolsRegions = [region, ...lz.tools.replicaRegions];
    const stores: Record<string, ArtifactStoreRef> = Object.fromEntries(toolsRegions.map((r) => [r, r === region ? tools : tools.artifactStore(r)]));

    const targetStates = new Map<string, TargetState>();
    for (const name of pipelineTargets(lz)) {
      const stack = props.targets.get(name);
      if (!stack) throw new Error(`pipelines: target "${name}" has no stack`);
      this.addDependency(stack);
      targetStates.set(name, new TargetState(this, `target-${name}`, { state: this.stateLocation, targetName: name }));
    }

    const customTypes = lz.customActionTypes.map(
      (c) =>
        new CustomActionType(this, `custom-action-type-${c.category}-${c.providerName}-${c.version}`, {
          ...c,
          workerRoleName: this.naming.customActionWorkerRoleName(c.providerName, c.version),
          heartbeatNamespacePrefix: this.naming.heartbeatNamespacePrefix(),
        }),
    );
    const stackSetAdmins = new Map<string, StackSetAdministrationRole>();
    for (const [pipeline, accounts] of managedStackSets(lz).accountsByPipeline) {
      stackSetAdmins.set(
        pipeline,
        new StackSetAdministrationRole(this, `stackset-administration-${pipeline}`, {
          roleName: this.naming.stackSetAdministrationRoleName(pipeline),
          accountId: lz.tools.accountId,
          partition: partitionOfRegion(lz.tools.primaryRegion),
          executionRoleArns: [...accounts].map((a) => this.naming.roleArn(a, this.naming.stackSetExecutionRoleName())),
        }),
      );
    }
    // One key per region for every CodeBuild log group there: fewer keys, one policy naming each log group.
    const buildRegions = new Set(
      lz.pipelines.flatMap((p) => p.stages.flatMap((s) => s.actions.filter((a) => a.type === "codebuild").map((a) => a.region ?? region))),
    );
    const logKeys = new Map(
      [...buildRegions].sort().map((r) => [
        r,
        new LogGroupKey(this, `codebuild-log-key-${r}`, {
          region: r,
          accountId: lz.tools.accountId,
          keyAdministratorArns: this.keyAdministratorArns,
          keyAlias: this.naming.logKeyAlias(),
        }),
      ]),
    );
    this.logKeys = logKeys;
    const pipelines = new Map<string, Pipeline>();
    const forEvents: BuiltPipelineForEvents[] = [];
    lz.pipelines.forEach((p, i) => {
      const { stages } = buildPipelineModel(
        lz,
        i,
        (name) => {
          const t = targetStates.get(name)!;
          return { actionRoleArn: t.actionRoleArn, cloudFormationExecutionRoleArn: t.cloudFormationExecutionRoleArn };
        },
        (id) => {
          const found = customTypes.find(
            (t) => t.actionTypeId.category === id.category && t.actionTypeId.provider === id.provider && t.actionTypeId.version === id.version,
          );
          if (!found) throw new Error(`custom action type ${id.category}/${id.provider}/${id.version} is not declared in customActionTypes`);
          return found;
        },
      );
      try {
        const pipeline = new Pipeline(this, `pipeline-${p.name}`, {
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
        if (admin) pipeline.pipeline.dependsOn = [...(pipeline.pipeline.dependsOn ?? []), dependable(admin.policy ?? admin.role)];
        pipelines.set(p.name, pipeline);
        forEvents.push({ config: p, pipeline, sources: stages[0]?.actions ?? [] });
      } catch (e) {
        throw new Error(`pipelines[${i}]: ${(e as Error).message}`);
      }
    });
    this.pipelines = pipelines;
    this.eventing = new PipelineEventing(this, "eventing", lz, forEvents, customTypes);
    lz.customActionTypes.forEach((c, i) =>
      customTypes[i]!.alarmOnMissingHeartbeat({
        alarmName: this.naming.heartbeatAlarmName(c.category, c.providerName, c.version),
        alarmTopicArn: this.eventing.alarmTopic.topicArn,
        missingMinutes: c.workerHeartbeatMinutes,
        region,
      }),
    );
    this.output(
      PIPELINES_OUTPUTS.pipelineArns,
      Object.fromEntries([...pipelines].map(([name, p]) => [name, p.pipeline.arn])),
      "ARN of every pipeline, by name",
    );
    if (customTypes.length > 0) {
      this.output(
        PIPELINES_OUTPUTS.customActionWorkers,
        Object.fromEntries(
          customTypes.map((t) => [
            `${t.actionTypeId.category}/${t.actionTypeId.provider}/${t.actionTypeId.version}`,
            { worker_role_name: t.workerRole.name, heartbeat_namespace: t.heartbeatNamespace! },
          ]),
        ),
        "What each custom action type's job workers need: the role to run as and the heartbeat namespace to publish in",
      );
    }
  }
}
