import { CodeDeployApplication, CodeDeployApplicationProps, PREDEFINED_DEPLOYMENT_CONFIGS } from "../../modules/codedeploy-application";
import { CodeDeployAction, EcsBlueGreenDeployAction } from "../../modules/pipeline/actions/deploy";
import { newStack, parsePolicy, ref, synth, type Synthesized, type TfResource, TOOLS_ACCOUNT } from "./helpers";
import { buildPipeline } from "./pipeline/harness";

const LISTENER = `arn:aws:elasticloadbalancing:eu-west-1:${TOOLS_ACCOUNT}:listener/app/api/0123456789abcdef/0123456789abcdef`;
const TEST_LISTENER = `arn:aws:elasticloadbalancing:eu-west-1:${TOOLS_ACCOUNT}:listener/app/api/0123456789abcdef/fedcba9876543210`;

const serverProps: CodeDeployApplicationProps = {
  applicationName: "web",
  computePlatform: "Server",
  deploymentGroupName: "web-prod",
  serviceRoleName: "codedeploy-web",
  ec2TagFilters: [{ key: "app", value: "web" }],
};

const ecsService = { clusterName: "main", serviceName: "api", prodListenerArns: [LISTENER], targetGroupNames: ["api-blue", "api-green"] as const };

function build(props: Partial<CodeDeployApplicationProps> = {}): {
  out: Synthesized;
  app: CodeDeployApplication;
  group: TfResource;
  ids: Record<string, string>;
} {
  const stack = newStack();
  const app = new CodeDeployApplication(stack, "cd", { ...serverProps, ...props } as CodeDeployApplicationProps);
  const out = synth(stack);
  return {
    out,
    app,
    group: out.only("aws_codedeploy_deployment_group").body,
    ids: {
      app: out.only("aws_codedeploy_app").name,
      role: out.only("aws_iam_role").name,
      attachment: out.only("aws_iam_role_policy_attachment").name,
    },
  };
}

describe("CodeDeployApplication", () => {
  it("creates an EC2/on-premises in-place group with auto rollback and the AWSCodeDeployRole service role", () => {
    const { out, app, group, ids } = build({ onPremisesTagFilters: [{ key: "site", value: "", type: "KEY_ONLY" }] });
    expect(out.only("aws_codedeploy_app").body).toMatchObject({ name: "web", compute_platform: "Server" });
    expect(group).toMatchObject({
      app_name: ref("aws_codedeploy_app", ids.app!, "name"),
      deployment_group_name: "web-prod",
      service_role_arn: ref("aws_iam_role", ids.role!, "arn"),
      deployment_config_name: "CodeDeployDefault.OneAtATime",
      deployment_style: { deployment_type: "IN_PLACE", deployment_option: "WITHOUT_TRAFFIC_CONTROL" },
      auto_rollback_configuration: { enabled: true, events: ["DEPLOYMENT_FAILURE"] },
      ec2_tag_filter: [{ key: "app", value: "web", type: "KEY_AND_VALUE" }],
      on_premises_instance_tag_filter: [{ key: "site", value: "", type: "KEY_ONLY" }],
      depends_on: [`aws_iam_role_policy_attachment.${ids.attachment}`],
    });
    expect(group.blue_green_deployment_config).toBeUndefined();
    expect(group.alarm_configuration).toBeUndefined();
    const role = out.only("aws_iam_role").body;
    expect(role.name).toBe("codedeploy-web");
    expect(parsePolicy(role.assume_role_policy).Statement).toEqual([
      { Sid: "CodeDeploy", Effect: "Allow", Principal: { Service: "codedeploy.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    expect(out.only("aws_iam_role_policy_attachment").body).toEqual({
      policy_arn: "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole",
      role: ref("aws_iam_role", ids.role!, "name"),
    });
    expect([app.applicationName, app.deploymentGroupName, app.deploymentConfigName]).toEqual(["web", "web-prod", "CodeDeployDefault.OneAtATime"]);
  });

  it("creates an EC2 blue/green group that copies the Auto Scaling group behind the target groups, stopped by alarms", () => {
    const { group } = build({
      deploymentStyle: "BLUE_GREEN",
      ec2TagFilters: undefined,
      autoScalingGroups: ["web-asg"],
      targetGroupNames: ["web-tg"],
      deploymentConfigName: "CodeDeployDefault.HalfAtATime",
      terminationWaitMinutes: 60,
      alarmNames: ["web-5xx"],
    });
    expect(group).toMatchObject({
      deployment_config_name: "CodeDeployDefault.HalfAtATime",
      deployment_style: { deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" },
      autoscaling_groups: ["web-asg"],
      load_balancer_info: { target_group_info: [{ name: "web-tg" }] },
      blue_green_deployment_config: {
        deployment_ready_option: { action_on_timeout: "CONTINUE_DEPLOYMENT" },
        green_fleet_provisioning_option: { action: "COPY_AUTO_SCALING_GROUP" },
        terminate_blue_instances_on_deployment_success: { action: "TERMINATE", termination_wait_time_in_minutes: 60 },
      },
      alarm_configuration: { enabled: true, alarms: ["web-5xx"] },
      auto_rollback_configuration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
    });
  });

  it("blocks traffic through the target groups during an in-place update when they are given", () => {
    const { group } = build({ targetGroupNames: ["web-tg"] });
    expect(group.deployment_style).toEqual({ deployment_type: "IN_PLACE", deployment_option: "WITH_TRAFFIC_CONTROL" });
    expect(group.load_balancer_info).toEqual({ target_group_info: [{ name: "web-tg" }] });
  });

  it("creates a Lambda canary group with the Lambda service role policy", () => {
    const { out, group } = build({
      computePlatform: "Lambda",
      ec2TagFilters: undefined,
      deploymentConfigName: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
    });
    expect(out.only("aws_codedeploy_app").body.compute_platform).toBe("Lambda");
    expect(group).toMatchObject({
      deployment_config_name: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
      deployment_style: { deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" },
    });
    expect(out.only("aws_iam_role_policy_attachment").body.policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda");
    expect(out.resources("aws_codedeploy_deployment_config")).toEqual({});
  });

  it("creates a custom linear configuration for Lambda and uses it", () => {
    const { out, app, group } = build({
      computePlatform: "Lambda",
      ec2TagFilters: undefined,
      customDeploymentConfig: { name: "Linear20Every2", trafficRouting: { type: "TimeBasedLinear", percentage: 20, intervalMinutes: 2 } },
    });
    const config = out.only("aws_codedeploy_deployment_config");
    expect(config.body).toEqual({
      deployment_config_name: "Linear20Every2",
      compute_platform: "Lambda",
      traffic_routing_config: { type: "TimeBasedLinear", time_based_linear: { percentage: 20, interval: 2 } },
    });
    expect(group.deployment_config_name).toBe(ref("aws_codedeploy_deployment_config", config.name, "deployment_config_name"));
    expect(app.deploymentConfigName).toBe("Linear20Every2");
  });

  it("creates an ECS blue/green group with listeners, both target groups and a canary configuration", () => {
    const { out, group } = build({
      computePlatform: "ECS",
      ec2TagFilters: undefined,
      ecsService: { ...ecsService, testListenerArns: [TEST_LISTENER] },
      customDeploymentConfig: { name: "EcsCanary25", trafficRouting: { type: "TimeBasedCanary", percentage: 25, intervalMinutes: 10 } },
    });
    expect(out.only("aws_iam_role_policy_attachment").body.policy_arn).toBe("arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS");
    expect(out.only("aws_codedeploy_deployment_config").body.traffic_routing_config).toEqual({
      type: "TimeBasedCanary",
      time_based_canary: { percentage: 25, interval: 10 },
    });
    expect(group).toMatchObject({
      deployment_style: { deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" },
      ecs_service: { cluster_name: "main", service_name: "api" },
      load_balancer_info: {
        target_group_pair_info: {
          prod_traffic_route: { listener_arns: [LISTENER] },
          test_traffic_route: { listener_arns: [TEST_LISTENER] },
          target_group: [{ name: "api-blue" }, { name: "api-green" }],
        },
      },
      blue_green_deployment_config: {
        deployment_ready_option: { action_on_timeout: "CONTINUE_DEPLOYMENT" },
        terminate_blue_instances_on_deployment_success: { action: "TERMINATE", termination_wait_time_in_minutes: 5 },
      },
    });
  });

  it("defaults ECS to all-at-once and Server custom configurations to minimum healthy hosts", () => {
    expect(build({ computePlatform: "ECS", ec2TagFilters: undefined, ecsService }).group.deployment_config_name).toBe("CodeDeployDefault.ECSAllAtOnce");
    const { out } = build({ customDeploymentConfig: { name: "NinetyPercent", minimumHealthyHosts: { type: "FLEET_PERCENT", value: 90 } } });
    expect(out.only("aws_codedeploy_deployment_config").body).toEqual({
      deployment_config_name: "NinetyPercent",
      compute_platform: "Server",
      minimum_healthy_hosts: { type: "FLEET_PERCENT", value: 90 },
    });
  });

  it("turns auto rollback off only when asked", () => {
    expect(build({ autoRollback: false }).group.auto_rollback_configuration).toEqual({ enabled: false });
  });

  it("adds extra service role statements, a permissions boundary and tags", () => {
    const boundary = `arn:aws:iam::${TOOLS_ACCOUNT}:policy/boundary`;
    const { out, group } = build({
      serviceRoleStatements: [{ Effect: "Allow", Action: "ec2:RunInstances", Resource: `arn:aws:ec2:eu-west-1:${TOOLS_ACCOUNT}:instance/*` }],
      permissionsBoundaryArn: boundary,
      tags: { team: "web" },
    });
    const inline = out.only("aws_iam_role_policy");
    expect(parsePolicy(inline.body.policy).Statement).toEqual([
      { Effect: "Allow", Action: "ec2:RunInstances", Resource: `arn:aws:ec2:eu-west-1:${TOOLS_ACCOUNT}:instance/*` },
    ]);
    expect(group.depends_on).toContain(`aws_iam_role_policy.${inline.name}`);
    expect(out.only("aws_iam_role").body).toMatchObject({ permissions_boundary: boundary, tags: { team: "web" } });
    expect(out.only("aws_codedeploy_app").body.tags).toEqual({ team: "web" });
  });

  it("gives the pipeline actions literal names to deploy through", () => {
    const stack = newStack("target");
    const server = new CodeDeployApplication(stack, "web", serverProps);
    const api = new CodeDeployApplication(stack, "api", {
      ...serverProps,
      applicationName: "api",
      deploymentGroupName: "api-prod",
      serviceRoleName: "cd-api",
      computePlatform: "ECS",
      ec2TagFilters: undefined,
      ecsService,
    });
    const p = buildPipeline([
      [
        new CodeDeployAction({ actionName: "Web", applicationName: server.applicationName, deploymentGroupName: server.deploymentGroupName, input: "Source" }),
        new EcsBlueGreenDeployAction({
          actionName: "Api",
          applicationName: api.applicationName,
          deploymentGroupName: api.deploymentGroupName,
          taskDefinitionTemplateArtifact: "Source",
          appSpecTemplateArtifact: "Source",
          inputs: ["Source"],
        }),
      ],
    ]);
    expect(p.action("Web").configuration).toEqual({ ApplicationName: "web", DeploymentGroupName: "web-prod" });
    expect(p.action("Api").configuration).toMatchObject({ ApplicationName: "api", DeploymentGroupName: "api-prod" });
  });

  describe("validation", () => {
    const where = 'codedeploy application "web"';
    it.each<[string, Partial<CodeDeployApplicationProps>, string]>([
      ["an unknown compute platform", { computePlatform: "EC2" as never }, `${where}: computePlatform "EC2" must be Server, Lambda or ECS`],
      ["an application name over 100 characters", { applicationName: "a".repeat(101) }, "applicationName must be 1-100 characters"],
      ["an empty deployment group name", { deploymentGroupName: "" }, `${where}: deploymentGroupName must be 1-100 characters`],
      ["an invalid service role name", { serviceRoleName: "code/deploy" }, `${where}: serviceRoleName: "code/deploy" is not a valid IAM role name`],
      ["Server targets on Lambda", { computePlatform: "Lambda" }, `${where}: ec2TagFilters apply to the Server platform only; remove them for Lambda`],
      [
        "ecsService on Lambda",
        { computePlatform: "Lambda", ec2TagFilters: undefined, ecsService },
        `${where}: ecsService applies to the ECS platform only; remove it for Lambda`,
      ],
      ["ECS without ecsService", { computePlatform: "ECS", ec2TagFilters: undefined }, `${where}: the ECS platform needs ecsService`],
      [
        "a Server group without targets",
        { ec2TagFilters: undefined },
        `${where}: a Server deployment group needs targets: autoScalingGroups, ec2TagFilters or onPremisesTagFilters`,
      ],
      ["blue/green without target groups", { deploymentStyle: "BLUE_GREEN", autoScalingGroups: ["asg"] }, `${where}: BLUE_GREEN needs targetGroupNames`],
      ["blue/green without an Auto Scaling group", { deploymentStyle: "BLUE_GREEN", targetGroupNames: ["tg"] }, `${where}: BLUE_GREEN needs autoScalingGroups`],
      [
        "ECS without a production listener",
        { computePlatform: "ECS", ec2TagFilters: undefined, ecsService: { ...ecsService, prodListenerArns: [] } },
        `${where}: ecsService.prodListenerArns is empty`,
      ],
      [
        "ECS with one target group twice",
        { computePlatform: "ECS", ec2TagFilters: undefined, ecsService: { ...ecsService, targetGroupNames: ["tg", "tg"] } },
        `${where}: ecsService.targetGroupNames must name two different target groups (blue and green)`,
      ],
      ["a termination wait over two days", { terminationWaitMinutes: 2881 }, `${where}: terminationWaitMinutes: 2881 must be a whole number from 0 to 2880`],
      [
        "a predefined and a custom configuration",
        { deploymentConfigName: "CodeDeployDefault.AllAtOnce", customDeploymentConfig: { name: "x", minimumHealthyHosts: { type: "HOST_COUNT", value: 1 } } },
        `${where}: give deploymentConfigName or customDeploymentConfig, not both`,
      ],
      [
        "a predefined configuration of another platform",
        { deploymentConfigName: "CodeDeployDefault.LambdaAllAtOnce" },
        `${where}: deploymentConfigName "CodeDeployDefault.LambdaAllAtOnce" is not a predefined Server configuration; use one of ${PREDEFINED_DEPLOYMENT_CONFIGS.Server.join(", ")}`,
      ],
      [
        "a custom configuration with the reserved prefix",
        { customDeploymentConfig: { name: "CodeDeployDefault.Mine", minimumHealthyHosts: { type: "HOST_COUNT", value: 1 } } },
        'must not start with the reserved "CodeDeployDefault."',
      ],
      [
        "traffic routing on a Server configuration",
        { customDeploymentConfig: { name: "x", trafficRouting: { type: "AllAtOnce" } } },
        `${where}: customDeploymentConfig.trafficRouting is for Lambda and ECS`,
      ],
      [
        "a Server configuration without minimum healthy hosts",
        { customDeploymentConfig: { name: "x" } },
        `${where}: a Server customDeploymentConfig needs minimumHealthyHosts`,
      ],
      [
        "a fleet percentage over 100",
        { customDeploymentConfig: { name: "x", minimumHealthyHosts: { type: "FLEET_PERCENT", value: 101 } } },
        `${where}: customDeploymentConfig.minimumHealthyHosts.value: 101 must be a whole number from 0 to 100`,
      ],
      [
        "minimum healthy hosts on a Lambda configuration",
        { computePlatform: "Lambda", ec2TagFilters: undefined, customDeploymentConfig: { name: "x", minimumHealthyHosts: { type: "HOST_COUNT", value: 1 } } },
        `${where}: customDeploymentConfig.minimumHealthyHosts is for Server; Lambda configurations use trafficRouting`,
      ],
      [
        "a Lambda configuration without traffic routing",
        { computePlatform: "Lambda", ec2TagFilters: undefined, customDeploymentConfig: { name: "x" } },
        `${where}: a Lambda customDeploymentConfig needs trafficRouting`,
      ],
      [
        "a canary of 0 percent",
        {
          computePlatform: "Lambda",
          ec2TagFilters: undefined,
          customDeploymentConfig: { name: "x", trafficRouting: { type: "TimeBasedCanary", percentage: 0, intervalMinutes: 5 } },
        },
        `${where}: customDeploymentConfig.trafficRouting.percentage: 0 must be a whole number from 1 to 100`,
      ],
      [
        "a linear step without interval",
        {
          computePlatform: "ECS",
          ec2TagFilters: undefined,
          ecsService,
          customDeploymentConfig: { name: "x", trafficRouting: { type: "TimeBasedLinear", percentage: 10, intervalMinutes: 0 } },
        },
        `${where}: customDeploymentConfig.trafficRouting.intervalMinutes: 0 must be a whole number from 1`,
      ],
    ])("rejects %s", (_name, over, message) => {
      expect(() => new CodeDeployApplication(newStack(), "cd", { ...serverProps, ...over } as CodeDeployApplicationProps)).toThrow(message);
    });
  });

  // Each limit at its edge: accepted (and emitted) at the limit, rejected one past it naming the field.
  describe("limits at their edge", () => {
    const name = (n: number) => "n".repeat(n);
    const ecs = { computePlatform: "ECS", ec2TagFilters: undefined, ecsService } as const;
    const fleet = (value: number): Partial<CodeDeployApplicationProps> => ({
      customDeploymentConfig: { name: "x", minimumHealthyHosts: { type: "FLEET_PERCENT", value } },
    });
    const hosts = (value: number): Partial<CodeDeployApplicationProps> => ({
      customDeploymentConfig: { name: "x", minimumHealthyHosts: { type: "HOST_COUNT", value } },
    });
    const canary = (percentage: number): Partial<CodeDeployApplicationProps> => ({
      ...ecs,
      customDeploymentConfig: { name: "x", trafficRouting: { type: "TimeBasedCanary", percentage, intervalMinutes: 5 } },
    });
    const config = (o: Synthesized) => o.only("aws_codedeploy_deployment_config").body;
    const terminationWait = (o: Synthesized) =>
      o.only("aws_codedeploy_deployment_group").body.blue_green_deployment_config.terminate_blue_instances_on_deployment_success
        .termination_wait_time_in_minutes;
    // [limit, props at the limit, emitted value, the value expected, props one past it, message]
    it.each<[string, Partial<CodeDeployApplicationProps>, (o: Synthesized) => unknown, unknown, Partial<CodeDeployApplicationProps>, string]>([
      [
        "applicationName (1)",
        { applicationName: "a" },
        (o) => o.only("aws_codedeploy_app").body.name,
        "a",
        { applicationName: "" },
        ": applicationName must be 1-100 characters",
      ],
      [
        "applicationName (100)",
        { applicationName: name(100) },
        (o) => o.only("aws_codedeploy_app").body.name,
        name(100),
        { applicationName: name(101) },
        `codedeploy application "${name(101)}": applicationName must be 1-100 characters`,
      ],
      [
        "deploymentGroupName (1)",
        { deploymentGroupName: "g" },
        (o) => o.only("aws_codedeploy_deployment_group").body.deployment_group_name,
        "g",
        { deploymentGroupName: "" },
        ": deploymentGroupName must be 1-100 characters",
      ],
      [
        "deploymentGroupName (100)",
        { deploymentGroupName: name(100) },
        (o) => o.only("aws_codedeploy_deployment_group").body.deployment_group_name,
        name(100),
        { deploymentGroupName: name(101) },
        ": deploymentGroupName must be 1-100 characters",
      ],
      [
        "customDeploymentConfig.name (100)",
        { customDeploymentConfig: { name: name(100), minimumHealthyHosts: { type: "HOST_COUNT", value: 1 } } },
        (o) => config(o).deployment_config_name,
        name(100),
        { customDeploymentConfig: { name: name(101), minimumHealthyHosts: { type: "HOST_COUNT", value: 1 } } },
        `: customDeploymentConfig.name "${name(101)}" must be 1-100 characters`,
      ],
      [
        "customDeploymentConfig.name (1)",
        { customDeploymentConfig: { name: "c", minimumHealthyHosts: { type: "HOST_COUNT", value: 1 } } },
        (o) => config(o).deployment_config_name,
        "c",
        { customDeploymentConfig: { name: "", minimumHealthyHosts: { type: "HOST_COUNT", value: 1 } } },
        `: customDeploymentConfig.name "" must be 1-100 characters`,
      ],
      [
        "terminationWaitMinutes (0)",
        { ...ecs, terminationWaitMinutes: 0 },
        terminationWait,
        0,
        { ...ecs, terminationWaitMinutes: -1 },
        ": terminationWaitMinutes: -1 must be a whole number from 0 to 2880",
      ],
      [
        "terminationWaitMinutes (2880)",
        { ...ecs, terminationWaitMinutes: 2880 },
        terminationWait,
        2880,
        { ...ecs, terminationWaitMinutes: 2881 },
        ": terminationWaitMinutes: 2881 must be a whole number from 0 to 2880",
      ],
      [
        "FLEET_PERCENT minimum healthy hosts (0)",
        fleet(0),
        (o) => config(o).minimum_healthy_hosts.value,
        0,
        fleet(-1),
        ": customDeploymentConfig.minimumHealthyHosts.value: -1 must be a whole number from 0 to 100",
      ],
      [
        "FLEET_PERCENT minimum healthy hosts (100)",
        fleet(100),
        (o) => config(o).minimum_healthy_hosts.value,
        100,
        fleet(101),
        ": customDeploymentConfig.minimumHealthyHosts.value: 101 must be a whole number from 0 to 100",
      ],
      [
        "HOST_COUNT minimum healthy hosts (0)",
        hosts(0),
        (o) => config(o).minimum_healthy_hosts.value,
        0,
        hosts(-1),
        ": customDeploymentConfig.minimumHealthyHosts.value: -1 must be a whole number from 0",
      ],
      [
        "traffic percentage (1)",
        canary(1),
        (o) => config(o).traffic_routing_config.time_based_canary.percentage,
        1,
        canary(0),
        ": customDeploymentConfig.trafficRouting.percentage: 0 must be a whole number from 1 to 100",
      ],
      [
        "traffic percentage (100)",
        canary(100),
        (o) => config(o).traffic_routing_config.time_based_canary.percentage,
        100,
        canary(101),
        ": customDeploymentConfig.trafficRouting.percentage: 101 must be a whole number from 1 to 100",
      ],
    ])("%s: accepted at the limit, rejected one past it", (_limit, at, emitted, expected, past, message) => {
      expect(emitted(build(at).out)).toBe(expected);
      expect(() => build(past)).toThrow(message);
    });
  });
});
