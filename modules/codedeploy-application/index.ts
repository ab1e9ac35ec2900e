import { awsManagedPolicyArn, type Partition } from "../shared/partition";
import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentConfig } from "@cdktf/provider-aws/lib/codedeploy-deployment-config";
import { CodedeployDeploymentGroup, type CodedeployDeploymentGroupConfig } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { policyJson, requireInt, requireRoleName, type PolicyStatement } from "../shared/policy";

// A CodeDeploy application with one deployment group, its service role and (optionally) a custom
// deployment configuration. It lives in the account and region it deploys to and knows nothing of
// pipelines: a CodeDeploy or ECS blue/green pipeline action names its applicationName and
// deploymentGroupName.

export type CodeDeployComputePlatform = "Server" | "Lambda" | "ECS";

/** The predefined deployment configurations of each compute platform (CodeDeploy User Guide). */
export const PREDEFINED_DEPLOYMENT_CONFIGS: Readonly<Record<CodeDeployComputePlatform, readonly string[]>> = {
  Server: ["CodeDeployDefault.AllAtOnce", "CodeDeployDefault.HalfAtATime", "CodeDeployDefault.OneAtATime"],
  Lambda: [
    "CodeDeployDefault.LambdaAllAtOnce",
    "CodeDeployDefault.LambdaCanary10Percent5Minutes",
    "CodeDeployDefault.LambdaCanary10Percent10Minutes",
    "CodeDeployDefault.LambdaCanary10Percent15Minutes",
    "CodeDeployDefault.LambdaCanary10Percent30Minutes",
    "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
    "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes",
    "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes",
    "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes",
  ],
  ECS: [
    "CodeDeployDefault.ECSAllAtOnce",
    "CodeDeployDefault.ECSCanary10Percent5Minutes",
    "CodeDeployDefault.ECSCanary10Percent15Minutes",
    "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
    "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
  ],
};

const DEFAULT_CONFIG: Record<CodeDeployComputePlatform, string> = {
  Server: "CodeDeployDefault.OneAtATime",
  Lambda: "CodeDeployDefault.LambdaAllAtOnce",
  ECS: "CodeDeployDefault.ECSAllAtOnce",
};

/** The AWS managed policy of each platform's service role (path and name; the ARN adds the partition). @internal */
export const SERVICE_ROLE_POLICIES: Readonly<Record<CodeDeployComputePlatform, string>> = {
  Server: "service-role/AWSCodeDeployRole",
  Lambda: "service-role/AWSCodeDeployRoleForLambda",
  ECS: "AWSCodeDeployRoleForECS",
};

/** Traffic shifting of a custom Lambda or ECS configuration. */
export type CodeDeployTrafficRouting =
  | {
      readonly type: "TimeBasedCanary" /** Percent shifted first (1-100). */;
      readonly percentage: number /** Minutes before the rest. */;
      readonly intervalMinutes: number;
    }
  | {
      readonly type: "TimeBasedLinear" /** Percent shifted per step (1-100). */;
      readonly percentage: number /** Minutes between steps. */;
      readonly intervalMinutes: number;
    }
  | { readonly type: "AllAtOnce" };

/** A custom deployment configuration created with the group. */
export interface CodeDeployCustomDeploymentConfig {
  /** 1-100 characters; must not start with "CodeDeployDefault.". */
  readonly name: string;
  /** Server only (and required there): hosts that must stay healthy during an in-place deployment. @default none */
  readonly minimumHealthyHosts?: { readonly type: "HOST_COUNT" | "FLEET_PERCENT"; readonly value: number };
  /** Lambda and ECS only (and required there): how traffic shifts to the new version. @default none */
  readonly trafficRouting?: CodeDeployTrafficRouting;
}

export interface CodeDeployTagFilter {
  readonly key: string;
  readonly value: string;
  /** @default "KEY_AND_VALUE" */
  readonly type?: "KEY_AND_VALUE" | "KEY_ONLY" | "VALUE_ONLY";
}

/** The ECS service a blue/green deployment group shifts traffic for. */
export interface CodeDeployEcsService {
  readonly clusterName: string;
  readonly serviceName: string;
  /** Production listener(s) of the load balancer. */
  readonly prodListenerArns: readonly string[];
  /** Test listener(s), for validation before traffic shifts. @default none */
  readonly testListenerArns?: readonly string[];
  /** The blue and green target groups. */
  readonly targetGroupNames: readonly [string, string];
}

export interface CodeDeployApplicationProps {
  /** 1-100 characters. */
  readonly applicationName: string;
  /** Server (EC2/on-premises), Lambda or ECS. */
  readonly computePlatform: CodeDeployComputePlatform;
  /** 1-100 characters. */
  readonly deploymentGroupName: string;
  /** Name of the deployment group's service role (trusted by codedeploy.amazonaws.com). */
  readonly serviceRoleName: string;
  /** Partition of the account (`aws`, `aws-us-gov`, `aws-cn`), for the managed policy's ARN. @default "aws" */
  readonly partition?: Partition;
  /**
   * A predefined configuration of the platform (e.g. CodeDeployDefault.LambdaCanary10Percent5Minutes)
   * or an existing custom one. Exclusive with `customDeploymentConfig`.
   * @default OneAtATime (Server), LambdaAllAtOnce (Lambda), ECSAllAtOnce (ECS)
   */
  readonly deploymentConfigName?: string;
  /** Creates a custom configuration (canary/linear for Lambda and ECS, minimum healthy hosts for Server). @default none */
  readonly customDeploymentConfig?: CodeDeployCustomDeploymentConfig;
  /** Server only: in-place or blue/green (Lambda and ECS are always blue/green with traffic control). @default "IN_PLACE" */
  readonly deploymentStyle?: "IN_PLACE" | "BLUE_GREEN";
  /** Server only: target groups of the load balancer (required for BLUE_GREEN; with IN_PLACE, traffic is blocked during the update). @default none */
  readonly targetGroupNames?: readonly string[];
  /** Server only: Auto Scaling groups to deploy to; BLUE_GREEN copies the first into the green fleet. @default none */
  readonly autoScalingGroups?: readonly string[];
  /** Server only: EC2 instances to deploy to, by tag. @default none */
  readonly ec2TagFilters?: readonly CodeDeployTagFilter[];
  /** Server only: on-premises instances to deploy to, by tag. @default none */
  readonly onPremisesTagFilters?: readonly CodeDeployTagFilter[];
  /** ECS only (and required there). */
  readonly ecsService?: CodeDeployEcsService;
  /** Blue/green: minutes (0-2880) before the original fleet or task set is terminated. @default 5 */
  readonly terminationWaitMinutes?: number;
  /** Roll back when a deployment fails (and when an alarm stops it). @default true */
  readonly autoRollback?: boolean;
  /** CloudWatch alarms that stop the deployment (and roll it back). @default none */
  readonly alarmNames?: readonly string[];
  /**
   * Extra statements for the service role, e.g. ec2:RunInstances / iam:PassRole that the managed
   * AWSCodeDeployRole lacks when BLUE_GREEN copies an Auto Scaling group with a launch template.
   * @default none
   */
  readonly serviceRoleStatements?: readonly PolicyStatement[];
  /** @default none */
  readonly permissionsBoundaryArn?: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/** A CodeDeploy application, deployment group, service role and optional custom deployment configuration. */
export class CodeDeployApplication extends Construct {
  readonly app: CodedeployApp;
  readonly deploymentGroup: CodedeployDeploymentGroup;
  readonly serviceRole: IamRole;
  readonly customDeploymentConfig?: CodedeployDeploymentConfig;
  /** Literal name, for the pipeline action (no cross-stack token). */
  readonly applicationName: string;
  /** Literal name, for the pipeline action (no cross-stack token). */
  readonly deploymentGroupName: string;
  /** The deployment configuration the group uses. */
  readonly deploymentConfigName: string;

  constructor(scope: Construct, id: string, props: CodeDeployApplicationProps) {
    super(scope, id);
    const where = `codedeploy application "${props.applicationName}"`;
    const platform = props.computePlatform;
    if (!(platform in PREDEFINED_DEPLOYMENT_CONFIGS)) throw new Error(`${where}: computePlatform "${platform}" must be Server, Lambda or ECS`);
    for (const [field, value] of [
      ["applicationName", props.applicationName],
      ["deploymentGroupName", props.deploymentGroupName],
    ] as const) {
      if (!Token.isUnresolved(value) && (value.length < 1 || value.length > 100)) throw new Error(`${where}: ${field} must be 1-100 characters`);
    }
    requireRoleName(`${where}: serviceRoleName`, props.serviceRoleName);
    const isServer = platform === "Server";

    // Targets and style per platform.
    const serverOnly = (["deploymentStyle", "targetGroupNames", "autoScalingGroups", "ec2TagFilters", "onPremisesTagFilters"] as const).filter(
      (k) => props[k] !== undefined,
    );
    if (!isServer && serverOnly.length) throw new Error(`${where}: ${serverOnly.join(", ")} apply to the Server platform only; remove them for ${platform}`);
    if (platform !== "ECS" && props.ecsService) throw new Error(`${where}: ecsService applies to the ECS platform only; remove it for ${platform}`);
    if (platform === "ECS" && !props.ecsService)
      throw new Error(`${where}: the ECS platform needs ecsService (cluster, service, listeners, blue and green target groups)`);
    const style = props.deploymentStyle ?? "IN_PLACE";
    if (isServer) {
      if (!props.autoScalingGroups?.length && !props.ec2TagFilters?.length && !props.onPremisesTagFilters?.length) {
        throw new Error(`${where}: a Server deployment group needs targets: autoScalingGroups, ec2TagFilters or onPremisesTagFilters`);
      }
      if (style === "BLUE_GREEN") {
        if (!props.targetGroupNames?.length)
          throw new Error(`${where}: BLUE_GREEN needs targetGroupNames (the load balancer target groups traffic is rerouted through)`);
        if (!props.autoScalingGroups?.length)
          throw new Error(`${where}: BLUE_GREEN needs autoScalingGroups; the green fleet is a copy of the Auto Scaling group`);
      }
    }
    if (props.ecsService) {
      const e = props.ecsService;
      if (e.prodListenerArns.length === 0) throw new Error(`${where}: ecsService.prodListenerArns is empty; give the production listener ARN`);
      if (e.targetGroupNames.length !== 2 || e.targetGroupNames[0] === e.targetGroupNames[1]) {
        throw new Error(`${where}: ecsService.targetGroupNames must name two different target groups (blue and green)`);
      }
    }
    const terminationWait = requireInt(`${where}: terminationWaitMinutes`, props.terminationWaitMinutes ?? 5, 0, 2880);

    // Deployment configuration.
    if (props.deploymentConfigName !== undefined && props.customDeploymentConfig !== undefined) {
      throw new Error(`${where}: give deploymentConfigName or customDeploymentConfig, not both`);
    }
    if (props.deploymentConfigName?.startsWith("CodeDeployDefault.")) {
      const allowed = PREDEFINED_DEPLOYMENT_CONFIGS[platform];
      if (!allowed.includes(props.deploymentConfigName)) {
        throw new Error(
          `${where}: deploymentConfigName "${props.deploymentConfigName}" is not a predefined ${platform} configuration; use one of ${allowed.join(", ")}`,
        );
      }
    }
    const custom = props.customDeploymentConfig;
    if (custom) validateCustomConfig(where, platform, custom);
    this.deploymentConfigName = custom?.name ?? props.deploymentConfigName ?? DEFAULT_CONFIG[platform];

    const alarms = props.alarmNames ?? [];
    const autoRollback = props.autoRollback ?? true;
    const tags = props.tags ?? {};
    this.applicationName = props.applicationName;
    this.deploymentGroupName = props.deploymentGroupName;

    this.serviceRole = new IamRole(this, "service-role", {
      name: props.serviceRoleName,
      description: `CodeDeploy service role of ${props.applicationName}/${props.deploymentGroupName}`,
      assumeRolePolicy: policyJson({ Sid: "CodeDeploy", Effect: "Allow", Principal: { Service: "codedeploy.amazonaws.com" }, Action: "sts:AssumeRole" }),
      ...(props.permissionsBoundaryArn ? { permissionsBoundary: props.permissionsBoundaryArn } : {}),
      tags,
    });
    const attachment = new IamRolePolicyAttachment(this, "service-role-policy", {
      role: this.serviceRole.name,
      policyArn: awsManagedPolicyArn(props.partition ?? "aws", SERVICE_ROLE_POLICIES[platform]),
    });
    // CodeDeploy checks the service role when the group is created: attach its policies first.
    const dependsOn: (IamRolePolicyAttachment | IamRolePolicy)[] = [attachment];
    if (props.serviceRoleStatements?.length) {
      dependsOn.push(
        new IamRolePolicy(this, "service-role-extra", {
          role: this.serviceRole.name,
          name: "deployment-extra",
          policy: policyJson(...props.serviceRoleStatements),
        }),
      );
    }

    this.app = new CodedeployApp(this, "app", { name: props.applicationName, computePlatform: platform, tags });

    if (custom) {
      this.customDeploymentConfig = new CodedeployDeploymentConfig(this, "config", {
        deploymentConfigName: custom.name,
        computePlatform: platform,
        ...(custom.minimumHealthyHosts ? { minimumHealthyHosts: { type: custom.minimumHealthyHosts.type, value: custom.minimumHealthyHosts.value } } : {}),
        ...(custom.trafficRouting ? { trafficRoutingConfig: renderTrafficRouting(custom.trafficRouting) } : {}),
      });
    }

    const group: CodedeployDeploymentGroupConfig = {
      appName: this.app.name,
      deploymentGroupName: props.deploymentGroupName,
      serviceRoleArn: this.serviceRole.arn,
      deploymentConfigName: this.customDeploymentConfig?.deploymentConfigName ?? this.deploymentConfigName,
      autoRollbackConfiguration: autoRollback
        ? { enabled: true, events: alarms.length ? ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] : ["DEPLOYMENT_FAILURE"] }
        : { enabled: false },
      ...(alarms.length ? { alarmConfiguration: { enabled: true, alarms: [...alarms] } } : {}),
      tags,
      dependsOn,
      ...(isServer ? serverTargets(props, style, terminationWait) : {}),
      ...(platform === "Lambda" ? { deploymentStyle: { deploymentOption: "WITH_TRAFFIC_CONTROL", deploymentType: "BLUE_GREEN" } } : {}),
      ...(props.ecsService ? ecsTargets(props.ecsService, terminationWait) : {}),
    };
    this.deploymentGroup = new CodedeployDeploymentGroup(this, "group", group);
  }
}

function validateCustomConfig(where: string, platform: CodeDeployComputePlatform, c: CodeDeployCustomDeploymentConfig): void {
  if (c.name.length < 1 || c.name.length > 100 || c.name.startsWith("CodeDeployDefault.")) {
    throw new Error(`${where}: customDeploymentConfig.name "${c.name}" must be 1-100 characters and must not start with the reserved "CodeDeployDefault."`);
  }
  if (platform === "Server") {
    if (c.trafficRouting)
      throw new Error(`${where}: customDeploymentConfig.trafficRouting is for Lambda and ECS; Server configurations use minimumHealthyHosts`);
    if (!c.minimumHealthyHosts)
      throw new Error(`${where}: a Server customDeploymentConfig needs minimumHealthyHosts ({ type: "HOST_COUNT" | "FLEET_PERCENT", value })`);
    const m = c.minimumHealthyHosts;
    requireInt(`${where}: customDeploymentConfig.minimumHealthyHosts.value`, m.value, 0, m.type === "FLEET_PERCENT" ? 100 : Number.MAX_SAFE_INTEGER);
  } else {
    if (c.minimumHealthyHosts)
      throw new Error(`${where}: customDeploymentConfig.minimumHealthyHosts is for Server; ${platform} configurations use trafficRouting`);
    if (!c.trafficRouting)
      throw new Error(`${where}: a ${platform} customDeploymentConfig needs trafficRouting (TimeBasedCanary, TimeBasedLinear or AllAtOnce)`);
    const t = c.trafficRouting;
    if (t.type !== "AllAtOnce") {
      requireInt(`${where}: customDeploymentConfig.trafficRouting.percentage`, t.percentage, 1, 100);
      requireInt(`${where}: customDeploymentConfig.trafficRouting.intervalMinutes`, t.intervalMinutes, 1, Number.MAX_SAFE_INTEGER);
    }
  }
}

function renderTrafficRouting(t: CodeDeployTrafficRouting) {
  switch (t.type) {
    case "TimeBasedCanary":
      return { type: t.type, timeBasedCanary: { percentage: t.percentage, interval: t.intervalMinutes } };
    case "TimeBasedLinear":
      return { type: t.type, timeBasedLinear: { percentage: t.percentage, interval: t.intervalMinutes } };
    case "AllAtOnce":
      return { type: t.type };
  }
}

const tagFilters = (filters: readonly CodeDeployTagFilter[]) => filters.map((f) => ({ key: f.key, value: f.value, type: f.type ?? "KEY_AND_VALUE" }));

function serverTargets(props: CodeDeployApplicationProps, style: "IN_PLACE" | "BLUE_GREEN", terminationWait: number): Partial<CodedeployDeploymentGroupConfig> {
  const targetGroups = props.targetGroupNames ?? [];
  return {
    deploymentStyle: { deploymentType: style, deploymentOption: targetGroups.length ? "WITH_TRAFFIC_CONTROL" : "WITHOUT_TRAFFIC_CONTROL" },
    ...(targetGroups.length ? { loadBalancerInfo: { targetGroupInfo: targetGroups.map((name) => ({ name })) } } : {}),
    ...(props.autoScalingGroups?.length ? { autoscalingGroups: [...props.autoScalingGroups] } : {}),
    ...(props.ec2TagFilters?.length ? { ec2TagFilter: tagFilters(props.ec2TagFilters) } : {}),
    ...(props.onPremisesTagFilters?.length ? { onPremisesInstanceTagFilter: tagFilters(props.onPremisesTagFilters) } : {}),
    ...(style === "BLUE_GREEN"
      ? {
          blueGreenDeploymentConfig: {
            deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
            greenFleetProvisioningOption: { action: "COPY_AUTO_SCALING_GROUP" },
            terminateBlueInstancesOnDeploymentSuccess: { action: "TERMINATE", terminationWaitTimeInMinutes: terminationWait },
          },
        }
      : {}),
  };
}

function ecsTargets(e: CodeDeployEcsService, terminationWait: number): Partial<CodedeployDeploymentGroupConfig> {
  return {
    deploymentStyle: { deploymentOption: "WITH_TRAFFIC_CONTROL", deploymentType: "BLUE_GREEN" },
    ecsService: { clusterName: e.clusterName, serviceName: e.serviceName },
    blueGreenDeploymentConfig: {
      deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT" },
      terminateBlueInstancesOnDeploymentSuccess: { action: "TERMINATE", terminationWaitTimeInMinutes: terminationWait },
    },
    loadBalancerInfo: {
      targetGroupPairInfo: {
        prodTrafficRoute: { listenerArns: [...e.prodListenerArns] },
        ...(e.testListenerArns?.length ? { testTrafficRoute: { listenerArns: [...e.testListenerArns] } } : {}),
        targetGroup: e.targetGroupNames.map((name) => ({ name })),
      },
    },
  };
}
