import type { ActionConfig } from "../config/pipeline";
import type { LandingZone } from "../config/schema";
import type { CustomActionTypeDefinition } from "../modules/custom-action-type";
import type { Action } from "../modules/pipeline/action";
import { ManualApprovalAction } from "../modules/pipeline/actions/approval";
import { CodeBuildAction } from "../modules/pipeline/actions/codebuild";
import { CustomAction } from "../modules/pipeline/actions/custom";
import { LambdaInvokeAction, StepFunctionsInvokeAction } from "../modules/pipeline/actions/invoke";
import { CodeStarConnectionSourceAction } from "../modules/pipeline/actions/source-connection";
import { CodeCommitSourceAction, EcrSourceAction, S3SourceAction } from "../modules/pipeline/actions/sources";
import type { StageProps } from "../modules/pipeline/pipeline";
import type { PolicyStatement } from "../modules/shared/policy";
import { isManaged, managedStackSets } from "../config/stack-sets";
import { Naming } from "./naming";
import { DEPLOY_FACTORIES } from "./pipeline-factory-deploy";

/** The roles of a target account, as literal ARNs (target stacks) or remote-state tokens (pipelines stack). */
export interface TargetRoles {
  readonly actionRoleArn: string;
  readonly cloudFormationExecutionRoleArn: string;
}

export type TargetRolesResolver = (targetName: string) => TargetRoles;
export type CustomTypeResolver = (id: { category: string; provider: string; version: string }) => CustomActionTypeDefinition;

/** Where an action of the landing-zone file runs. */
export interface Placement {
  readonly target?: string;
  readonly region: string;
}

export interface BuiltPipeline {
  readonly stages: StageProps[];
  readonly placements: ReadonlyMap<Action, Placement>;
}

/** Names of the targets any pipeline deploys to. */
export function pipelineTargets(lz: LandingZone): string[] {
  const names = new Set<string>();
  for (const p of lz.pipelines) for (const s of p.stages) for (const a of s.actions) if ("account" in a && a.account) names.add(a.account);
  return lz.targets.map((t) => t.name).filter((n) => names.has(n));
}

/** The pipeline model of `lz.pipelines[index]`: config entries become action objects. */
export function buildPipelineModel(lz: LandingZone, index: number, roles: TargetRolesResolver, customTypes: CustomTypeResolver): BuiltPipeline {
  const p = lz.pipelines[index]!;
  const naming = new Naming(lz);
  const placements = new Map<Action, Placement>();
  const stages = p.stages.map((s, si): StageProps => {
    const actions = s.actions.map((cfg, ai) => {
      try {
        const action = createAction(withStackSetRoles(lz, naming, p.name, cfg), roles, customTypes, { naming, pipelineName: p.name });
        const account = "account" in cfg ? cfg.account : undefined;
        placements.set(action, { ...(account ? { target: account } : {}), region: action.region ?? lz.tools.primaryRegion });
        return action;
      } catch (e) {
        throw new Error(`pipelines[${index}].stages[${si}].actions[${ai}]: ${(e as Error).message}`);
      }
    });
    return {
      name: s.name,
      actions,
      ...(s.beforeEntry ? { beforeEntry: s.beforeEntry } : {}),
      ...(s.onSuccess ? { onSuccess: s.onSuccess } : {}),
      ...(s.onFailure ? { onFailure: s.onFailure } : {}),
    };
  });
  return { stages, placements };
}

/** A stack set whose roles the landing zone creates gets their names (config/stack-sets.ts). */
function withStackSetRoles(lz: LandingZone, naming: Naming, pipelineName: string, cfg: ActionConfig): ActionConfig {
  if (cfg.type !== "cloudformation-stackset" || !isManaged(cfg) || managedStackSets(lz).ownerByStackSet.get(cfg.stackSetName) !== pipelineName) return cfg;
  return {
    ...cfg,
    administrationRoleArn: naming.roleArn(lz.tools.accountId, naming.stackSetAdministrationRoleName(pipelineName)),
    executionRoleName: naming.stackSetExecutionRoleName(),
  };
}

/** Where the physical names of what an action creates come from. */
interface ActionNames {
  readonly naming: Naming;
  readonly pipelineName: string;
}

// One line per type: the config entry's fields are the props, plus what depends on the organisation
// (roles) and the landing zone (the names of what the action creates).
function createAction(cfg: ActionConfig, roles: TargetRolesResolver, customTypes: CustomTypeResolver, names: ActionNames): Action {
  switch (cfg.type) {
    case "codestar-source": {
      const { type: _t, name, ...rest } = cfg;
      return new CodeStarConnectionSourceAction({ actionName: name, ...rest });
    }
    case "s3-source": {
      const { type: _t, name, ...rest } = cfg;
      return new S3SourceAction({ actionName: name, ...rest });
    }
    case "ecr-source": {
      const { type: _t, name, ...rest } = cfg;
      return new EcrSourceAction({ actionName: name, ...rest });
    }
    case "codecommit-source": {
      const { type: _t, name, ...rest } = cfg;
      return new CodeCommitSourceAction({ actionName: name, ...rest });
    }
    case "codebuild": {
      const { type: _t, name, ...rest } = cfg;
      return new CodeBuildAction({ actionName: name, ...rest, projectName: rest.projectName ?? names.naming.codeBuildProjectName(names.pipelineName, name) });
    }
    case "manual-approval": {
      const { type: _t, name, notification, ...rest } = cfg;
      const topic =
        notification && "topicArn" in notification
          ? notification
          : { ...(notification ?? { create: true as const }), topicName: names.naming.approvalTopicName(names.pipelineName, name) };
      return new ManualApprovalAction({ actionName: name, ...rest, notification: topic });
    }
    case "lambda": {
      const { type: _t, name, account, ...rest } = cfg;
      return new LambdaInvokeAction({ actionName: name, ...rest, ...(account ? { roleArn: roles(account).actionRoleArn } : {}) });
    }
    case "step-functions": {
      const { type: _t, name, account, ...rest } = cfg;
      return new StepFunctionsInvokeAction({ actionName: name, ...rest, ...(account ? { roleArn: roles(account).actionRoleArn } : {}) });
    }
    case "custom": {
      const { type: _t, name, actionType, ...rest } = cfg;
      return new CustomAction({ actionName: name, actionType: customTypes(actionType), ...rest });
    }
    case "cloudformation":
      return DEPLOY_FACTORIES.cloudformation(cfg, roles);
    case "cloudformation-stackset":
      return DEPLOY_FACTORIES["cloudformation-stackset"](cfg, roles);
    case "cloudformation-stack-instances":
      return DEPLOY_FACTORIES["cloudformation-stack-instances"](cfg, roles);
    case "codedeploy":
      return DEPLOY_FACTORIES.codedeploy(cfg, roles);
    case "ecs":
      return DEPLOY_FACTORIES.ecs(cfg, roles);
    case "ecs-blue-green":
      return DEPLOY_FACTORIES["ecs-blue-green"](cfg, roles);
    case "elastic-beanstalk":
      return DEPLOY_FACTORIES["elastic-beanstalk"](cfg, roles);
    case "service-catalog":
      return DEPLOY_FACTORIES["service-catalog"](cfg, roles);
    case "s3-deploy":
      return DEPLOY_FACTORIES["s3-deploy"](cfg, roles);
  }
}

/**
 * What the target account's action role needs for the actions pipelines run there, so the target
 * stack (applied before the pipelines) can grant it.
 */
export function targetActionPermissions(lz: LandingZone, targetName: string, accountId: string, roles: TargetRolesResolver): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const naming = new Naming(lz);
  lz.pipelines.forEach((p, pi) =>
    p.stages.forEach((s, si) =>
      s.actions.forEach((cfg, ai) => {
        if (!("account" in cfg) || cfg.account !== targetName) return;
        try {
          const action = createAction(
            cfg,
            roles,
            () => {
              throw new Error("custom actions run in the tools account");
            },
            { naming, pipelineName: p.name },
          );
          statements.push(...action.runnerPermissions({ account: accountId, region: action.region ?? lz.tools.primaryRegion }));
        } catch (e) {
          throw new Error(`pipelines[${pi}].stages[${si}].actions[${ai}]: ${(e as Error).message}`);
        }
      }),
    ),
  );
  return statements;
}

/** Regions a pipeline of the landing-zone file runs actions in, its own included. */
export function pipelineRegions(lz: LandingZone, p: LandingZone["pipelines"][number]): Set<string> {
  const regions = new Set([lz.tools.primaryRegion]);
  for (const s of p.stages) for (const a of s.actions) if ("region" in a && a.region) regions.add(a.region);
  return regions;
}

/** Target accounts a pipeline of the landing-zone file runs actions in. */
export function pipelineAccounts(p: LandingZone["pipelines"][number]): Set<string> {
  const names = new Set<string>();
  for (const s of p.stages) for (const a of s.actions) if ("account" in a && a.account) names.add(a.account);
  return names;
}

/** Names of the S3 source buckets the pipelines of the landing-zone file create. */
export function createdSourceBuckets(lz: LandingZone): string[] {
  const names = new Set<string>();
  for (const p of lz.pipelines)
    for (const s of p.stages) for (const a of s.actions) if (a.type === "s3-source" && "create" in a.bucket) names.add(a.bucket.bucketName);
  return [...names];
}
