import {
  cloudFormationDeploySchema,
  cloudFormationStackInstancesSchema,
  cloudFormationStackSetSchema,
  deployActionSchemas,
} from "../../../config/pipeline/deploy";
import {
  CloudFormationDeployAction,
  CloudFormationDeployProps,
  cloudFormationChangeSetPair,
  CloudFormationStackInstancesAction,
  CloudFormationStackInstancesProps,
  CloudFormationStackSetAction,
  CloudFormationStackSetProps,
} from "../../../modules/pipeline/actions/cloudformation";
import { identityPairs, list, pairs, PROVIDER_REGION, roleArn, type Statement, TARGET_ACCOUNT_A, TOOLS_ACCOUNT } from "../helpers";
import type { Action } from "../../../modules/pipeline/action";
import { buildPipeline, sourceAction, stores } from "./harness";

const TARGET_ROLE = roleArn(TARGET_ACCOUNT_A, "codepipeline-action");
const EXEC_ROLE = roleArn(TOOLS_ACCOUNT, "cfn-exec");
const TARGET_EXEC_ROLE = roleArn(TARGET_ACCOUNT_A, "cfn-exec");
const ADMIN_ROLE = roleArn(TOOLS_ACCOUNT, "stackset-admin");
const stackArn = (name: string, region = PROVIDER_REGION, account = TOOLS_ACCOUNT) => `arn:aws:cloudformation:${region}:${account}:stack/${name}/*`;
const stackSetArn = (name: string, region = PROVIDER_REGION, account = TOOLS_ACCOUNT) => `arn:aws:cloudformation:${region}:${account}:stackset/${name}:*`;

/** Two sources: "Source" (namespace SourceVars) and "Config" (namespace ConfigVars). */
const twoSources = {
  sources: [sourceAction(), sourceAction({ actionName: "Config", output: "Config", namespace: "ConfigVars", fullRepositoryId: "acme/config" })],
};

const cfn = (over: Partial<CloudFormationDeployProps> = {}) =>
  new CloudFormationDeployAction({
    actionName: "Deploy",
    actionMode: "CREATE_UPDATE",
    stackName: "app",
    templatePath: "Source::template.yaml",
    deploymentRoleArn: EXEC_ROLE,
    inputs: ["Source"],
    ...over,
  } as CloudFormationDeployProps);

const stackSet = (over: Partial<CloudFormationStackSetProps> = {}) =>
  new CloudFormationStackSetAction({ actionName: "StackSet", stackSetName: "baseline", templatePath: "Source::stackset.yaml", inputs: ["Source"], ...over });

const instances = (over: Partial<CloudFormationStackInstancesProps> = {}) =>
  new CloudFormationStackInstancesAction({ actionName: "Instances", stackSetName: "baseline", regions: ["eu-west-1"], ...over });

/** Statements of the pipeline role policy that are not the source action's. */
const ownStatements = (p: ReturnType<typeof buildPipeline>): Statement[] =>
  p.rolePolicy.Statement.filter((s) => !list(s.Action).some((a) => a.endsWith(":UseConnection")));

/** Asserts the action's permissions stay out of the pipeline role, which may only assume the action role. */
function expectOnlyAssume(p: ReturnType<typeof buildPipeline>, role: string): void {
  const own = ownStatements(p);
  expect(own.map((s) => list(s.Action))).toEqual([["sts:AssumeRole"]]);
  expect(list(own[0]!.Resource)).toEqual([role]);
}

const firstMessage = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) => {
  expect(r.success).toBe(false);
  return r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");
};

describe("CloudFormationDeployAction", () => {
  it("emits every configuration key of a CREATE_UPDATE with outputs", () => {
    const p = buildPipeline(
      [
        [
          cfn({
            inputs: ["Source", "Config"],
            templateConfiguration: "Config::prod.json",
            parameterOverrides: { Image: "#{SourceVars.CommitId}", Stage: "prod" },
            capabilities: ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
            outputFileName: "outputs.json",
            outputs: ["StackOutputs"],
            namespace: "StackVars",
          }),
        ],
      ],
      twoSources,
    );
    const a = p.action("Deploy");
    expect([a.category, a.owner, a.provider, a.version]).toEqual(["Deploy", "AWS", "CloudFormation", "1"]);
    expect(a.configuration).toEqual({
      ActionMode: "CREATE_UPDATE",
      StackName: "app",
      TemplatePath: "Source::template.yaml",
      TemplateConfiguration: "Config::prod.json",
      ParameterOverrides: '{"Image":"#{SourceVars.CommitId}","Stage":"prod"}',
      Capabilities: "CAPABILITY_IAM,CAPABILITY_AUTO_EXPAND",
      RoleArn: EXEC_ROLE,
      OutputFileName: "outputs.json",
    });
    expect(a.input_artifacts).toEqual(["Source", "Config"]);
    expect(a.output_artifacts).toEqual(["StackOutputs"]);
  });

  it("emits only the keys a DELETE_ONLY needs", () => {
    const p = buildPipeline([[cfn({ actionMode: "DELETE_ONLY", templatePath: undefined, inputs: [] })]]);
    expect(p.action("Deploy").configuration).toEqual({ ActionMode: "DELETE_ONLY", StackName: "app", RoleArn: EXEC_ROLE });
    expect(p.action("Deploy").input_artifacts).toBeUndefined();
  });

  it("lets references to the stack outputs pass (any variable name)", () => {
    const deploy = cfn({ namespace: "StackVars" });
    expect(deploy.outputVariables()).toBeUndefined();
    const next = cfn({ actionName: "Next", stackName: "next", runOrder: 2, parameterOverrides: { Url: "#{StackVars.ApiUrl}" } });
    expect(() => buildPipeline([[deploy, next]])).not.toThrow();
  });

  it("enforces the artifact bounds (0-10 inputs, 0-1 outputs)", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `In${i}`);
    expect(() => cfn({ inputs: eleven, templatePath: "In0::t.yaml" })).toThrow('action "Deploy": CloudFormation takes 0 to 10 input artifact(s), got 11');
    expect(() => cfn({ outputs: ["A", "B"], outputFileName: "o.json" })).toThrow('action "Deploy": CloudFormation produces 0 to 1 output artifact(s), got 2');
  });

  it("grants exactly the stack actions, ValidateTemplate and PassRole of the execution role to a same-account runner", () => {
    const p = buildPipeline([[cfn({ actionMode: "REPLACE_ON_FAILURE" })]]);
    const stack = stackArn("app");
    expect(identityPairs({ Version: "2012-10-17", Statement: ownStatements(p) })).toEqual(
      [
        ...pairs(
          [
            "cloudformation:CreateStack",
            "cloudformation:DeleteStack",
            "cloudformation:DescribeStackEvents",
            "cloudformation:DescribeStacks",
            "cloudformation:SetStackPolicy",
            "cloudformation:UpdateStack",
          ],
          [stack],
        ),
        "cloudformation:ValidateTemplate *",
        `iam:PassRole ${EXEC_ROLE}`,
      ].sort(),
    );
    const pass = ownStatements(p).find((s) => list(s.Action).includes("iam:PassRole"))!;
    expect(pass.Condition).toEqual({ StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com" } });
  });

  it.each<[string, Partial<CloudFormationDeployProps>, string[], boolean]>([
    ["CREATE_UPDATE", {}, ["CreateStack", "DescribeStackEvents", "DescribeStacks", "SetStackPolicy", "UpdateStack"], true],
    ["DELETE_ONLY", { actionMode: "DELETE_ONLY", templatePath: undefined }, ["DeleteStack", "DescribeStackEvents", "DescribeStacks"], false],
  ])("grants %s only the stack actions it needs", (_mode, over, stackActions, validates) => {
    const statements = cfn(over).runnerPermissions({ account: TOOLS_ACCOUNT, region: PROVIDER_REGION });
    expect(identityPairs({ Version: "2012-10-17", Statement: statements as Statement[] })).toEqual(
      [
        ...pairs(
          stackActions.map((a) => `cloudformation:${a}`),
          [stackArn("app")],
        ),
        ...(validates ? ["cloudformation:ValidateTemplate *"] : []),
        `iam:PassRole ${EXEC_ROLE}`,
      ].sort(),
    );
  });

  it("scopes the stack actions to the account and region it runs in", () => {
    const p = buildPipeline([[cfn({ region: "us-east-1" })]], { artifactStores: stores("us-east-1") });
    const granted = identityPairs(p.rolePolicy);
    expect(granted).toContain(`cloudformation:UpdateStack ${stackArn("app", "us-east-1")}`);
    const target = cfn({ deploymentRoleArn: TARGET_EXEC_ROLE }).runnerPermissions({ account: TARGET_ACCOUNT_A, region: "eu-central-1" });
    expect(list(target[0]!.Resource)).toEqual([stackArn("app", "eu-central-1", TARGET_ACCOUNT_A)]);
    expect(list(target[0]!.Action)).not.toContain("cloudformation:DeleteStack");
    expect(target.find((s) => list(s.Action).includes("iam:PassRole"))!.Resource).toBe(TARGET_EXEC_ROLE);
  });

  it("keeps its permissions out of the pipeline role when an action role runs it", () => {
    const p = buildPipeline([[cfn({ roleArn: TARGET_ROLE, deploymentRoleArn: TARGET_EXEC_ROLE })]]);
    expect(p.action("Deploy").role_arn).toBe(TARGET_ROLE);
    expectOnlyAssume(p, TARGET_ROLE);
  });

  it("grants change set actions with the change set name as condition, and no PassRole for executing", () => {
    const [prepare, execute] = cloudFormationChangeSetPair({
      prepareActionName: "Prepare",
      executeActionName: "Execute",
      stackName: "app",
      changeSetName: "release",
      templatePath: "Source::template.yaml",
      deploymentRoleArn: EXEC_ROLE,
      inputs: ["Source"],
    });
    const prep = prepare.runnerPermissions({ account: TOOLS_ACCOUNT, region: PROVIDER_REGION });
    // The condition only on the actions that carry cloudformation:ChangeSetName (Service Authorization Reference).
    expect(prep.slice(0, 2)).toEqual([
      {
        Effect: "Allow",
        Action: ["cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet", "cloudformation:DescribeChangeSet"],
        Resource: stackArn("app"),
        Condition: { StringEqualsIfExists: { "cloudformation:ChangeSetName": "release" } },
      },
      { Effect: "Allow", Action: ["cloudformation:DescribeStacks"], Resource: stackArn("app") },
    ]);
    const exec = execute.runnerPermissions({ account: TOOLS_ACCOUNT, region: PROVIDER_REGION });
    expect(exec).toEqual([
      {
        Effect: "Allow",
        Action: ["cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet"],
        Resource: stackArn("app"),
        Condition: { StringEqualsIfExists: { "cloudformation:ChangeSetName": "release" } },
      },
      { Effect: "Allow", Action: ["cloudformation:DescribeStackEvents", "cloudformation:DescribeStacks"], Resource: stackArn("app") },
    ]);
  });

  describe("validation", () => {
    it.each<[string, Partial<CloudFormationDeployProps>, string]>([
      ["an unknown actionMode", { actionMode: "UPSERT" as never }, 'action "Deploy": actionMode "UPSERT" must be one of CREATE_UPDATE, DELETE_ONLY'],
      [
        "an invalid stackName",
        { stackName: "1app" },
        'action "Deploy": stackName "1app" must start with a letter and hold only letters, digits and hyphens (at most 128 characters)',
      ],
      ["a stackName over 128 characters", { stackName: `a${"b".repeat(128)}` }, "at most 128 characters"],
      ["a change set mode without changeSetName", { actionMode: "CHANGE_SET_REPLACE" }, 'action "Deploy": actionMode CHANGE_SET_REPLACE needs changeSetName'],
      [
        "an invalid changeSetName",
        { actionMode: "CHANGE_SET_REPLACE", changeSetName: "my_change" },
        'action "Deploy": changeSetName "my_change" must start with a letter',
      ],
      [
        "changeSetName outside the change set modes",
        { changeSetName: "release" },
        'action "Deploy": changeSetName is only used by CHANGE_SET_REPLACE and CHANGE_SET_EXECUTE; remove it for CREATE_UPDATE',
      ],
      ["a template mode without templatePath", { templatePath: undefined }, 'action "Deploy": actionMode CREATE_UPDATE needs templatePath'],
      [
        "template settings on DELETE_ONLY",
        { actionMode: "DELETE_ONLY", capabilities: ["CAPABILITY_IAM"] },
        'action "Deploy": templatePath, capabilities are not used by DELETE_ONLY; remove them',
      ],
      [
        "a templatePath without ::",
        { templatePath: "template.yaml" },
        'action "Deploy": templatePath "template.yaml" must be "<InputArtifact>::<path/in/artifact>"',
      ],
      [
        "a templatePath on an artifact that is not an input",
        { templatePath: "Build::template.yaml" },
        'action "Deploy": templatePath reads artifact "Build", which is not one of the action\'s inputs (Source); add it to inputs',
      ],
      [
        "a templateConfiguration on an artifact that is not an input",
        { templateConfiguration: "Config::prod.json" },
        'action "Deploy": templateConfiguration reads artifact "Config"',
      ],
      ["a role mode without deploymentRoleArn", { deploymentRoleArn: undefined }, 'action "Deploy": actionMode CREATE_UPDATE needs deploymentRoleArn'],
      [
        "a deploymentRoleArn that is no role ARN",
        { deploymentRoleArn: "arn:aws:iam::222222222222:user/bob" },
        'action "Deploy": deploymentRoleArn "arn:aws:iam::222222222222:user/bob" is not an IAM role ARN',
      ],
      [
        "deploymentRoleArn on CHANGE_SET_EXECUTE",
        { actionMode: "CHANGE_SET_EXECUTE", changeSetName: "release", templatePath: undefined },
        'action "Deploy": CHANGE_SET_EXECUTE does not apply deploymentRoleArn',
      ],
      [
        "an unknown capability",
        { capabilities: ["CAPABILITY_ALL" as never] },
        'action "Deploy": capability "CAPABILITY_ALL" must be one of CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND',
      ],
      ["a capability listed twice", { capabilities: ["CAPABILITY_IAM", "CAPABILITY_IAM"] }, 'action "Deploy": capabilities lists "CAPABILITY_IAM" twice'],
      [
        "parameterOverrides over 1 KB",
        { parameterOverrides: { Big: "x".repeat(1100) } },
        'action "Deploy": parameterOverrides is 1110 characters as JSON; the limit is 1 KB',
      ],
      [
        "an outputFileName that is a path with ::",
        { outputFileName: "Out::o.json", outputs: ["Out"] },
        'action "Deploy": outputFileName "Out::o.json" must be a file name',
      ],
      [
        "outputFileName without an output artifact",
        { outputFileName: "outputs.json" },
        'action "Deploy": outputFileName needs exactly one output artifact to write to; got 0',
      ],
      ["an output artifact without outputFileName", { outputs: ["Out"] }, 'action "Deploy": an output artifact needs outputFileName'],
      ["timeoutInMinutes", { timeoutInMinutes: 30 } as never, 'action "Deploy": timeoutInMinutes is only accepted by manual approval actions; remove it'],
    ])("rejects %s", (_name, over, message) => {
      expect(() => cfn(over)).toThrow(message);
    });
  });
});

describe("cloudFormationChangeSetPair", () => {
  const pair = (over: Partial<Parameters<typeof cloudFormationChangeSetPair>[0]> = {}) =>
    cloudFormationChangeSetPair({
      prepareActionName: "Prepare",
      executeActionName: "Execute",
      stackName: "app",
      changeSetName: "release",
      templatePath: "Source::template.yaml",
      deploymentRoleArn: TARGET_EXEC_ROLE,
      inputs: ["Source"],
      roleArn: TARGET_ROLE,
      region: "us-east-1",
      runOrder: 3,
      namespace: "StackVars",
      ...over,
    });

  it("creates the change set at runOrder n and executes it at n + 1 with the same names", () => {
    const p = buildPipeline([pair()], { artifactStores: stores("us-east-1") });
    const prepare = p.action("Prepare");
    const execute = p.action("Execute");
    expect([prepare.run_order, execute.run_order]).toEqual([3, 4]);
    expect(prepare.configuration).toEqual({
      ActionMode: "CHANGE_SET_REPLACE",
      StackName: "app",
      ChangeSetName: "release",
      TemplatePath: "Source::template.yaml",
      RoleArn: TARGET_EXEC_ROLE,
    });
    expect(execute.configuration).toEqual({ ActionMode: "CHANGE_SET_EXECUTE", StackName: "app", ChangeSetName: "release" });
    expect([prepare.role_arn, execute.role_arn, prepare.region, execute.region]).toEqual([TARGET_ROLE, TARGET_ROLE, "us-east-1", "us-east-1"]);
    expect([prepare.namespace, execute.namespace]).toEqual([undefined, "StackVars"]);
    expect(execute.input_artifacts).toBeUndefined();
    expectOnlyAssume(p, TARGET_ROLE);
  });

  it("rejects a runOrder that leaves no room for the execute action", () => {
    expect(() => pair({ runOrder: 999 })).toThrow('action "Prepare": runOrder: 999 must be a whole number from 1 to 998');
  });

  it("takes runOrder 1 and 998 (executing at 2 and 999), and rejects 0", () => {
    const runOrders = (runOrder: number) => {
      const p = buildPipeline([pair({ runOrder })], { artifactStores: stores("us-east-1") });
      return [p.action("Prepare").run_order, p.action("Execute").run_order];
    };
    expect([runOrders(1), runOrders(998)]).toEqual([
      [1, 2],
      [998, 999],
    ]);
    expect(() => pair({ runOrder: 0 })).toThrow('action "Prepare": runOrder: 0 must be a whole number from 1 to 998');
  });
});

describe("CloudFormationStackSetAction", () => {
  it("emits the self-managed configuration with targets and regions", () => {
    const p = buildPipeline(
      [
        [
          stackSet({
            inputs: ["Source", "Config"],
            description: "Account baseline",
            parametersPath: "Config::params.json",
            capabilities: ["CAPABILITY_NAMED_IAM"],
            administrationRoleArn: ADMIN_ROLE,
            executionRoleName: "stackset-exec",
            deploymentTargets: [TARGET_ACCOUNT_A, "333333333333"],
            regions: ["eu-west-1", "us-east-1"],
            failureTolerancePercentage: 10,
            maxConcurrentPercentage: 50,
            namespace: "SetVars",
          }),
        ],
      ],
      twoSources,
    );
    const a = p.action("StackSet");
    expect([a.category, a.owner, a.provider, a.version]).toEqual(["Deploy", "AWS", "CloudFormationStackSet", "1"]);
    expect(a.configuration).toEqual({
      StackSetName: "baseline",
      Description: "Account baseline",
      TemplatePath: "Source::stackset.yaml",
      Parameters: "Config::params.json",
      Capabilities: "CAPABILITY_NAMED_IAM",
      PermissionModel: "SELF_MANAGED",
      AdministrationRoleArn: ADMIN_ROLE,
      ExecutionRoleName: "stackset-exec",
      DeploymentTargets: `${TARGET_ACCOUNT_A},333333333333`,
      Regions: "eu-west-1,us-east-1",
      FailureTolerancePercentage: "10",
      MaxConcurrentPercentage: "50",
    });
  });

  it("emits literal parameters in shorthand and service-managed auto-deployment", () => {
    const p = buildPipeline([
      [stackSet({ parameters: { Env: "prod", Owner: "platform" }, permissionModel: "SERVICE_MANAGED", organizationsAutoDeployment: "Enabled" })],
    ]);
    expect(p.action("StackSet").configuration).toEqual({
      StackSetName: "baseline",
      TemplatePath: "Source::stackset.yaml",
      Parameters: "ParameterKey=Env,ParameterValue=prod ParameterKey=Owner,ParameterValue=platform",
      PermissionModel: "SERVICE_MANAGED",
      OrganizationsAutoDeployment: "Enabled",
    });
  });

  it("declares StackSetId and OperationId and rejects other variables", () => {
    const set = stackSet({ namespace: "SetVars" });
    expect(set.outputVariables()).toEqual(["StackSetId", "OperationId"]);
    const use = (v: string) => cfn({ actionName: "Use", runOrder: 2, parameterOverrides: { Id: `#{SetVars.${v}}` } });
    expect(() => buildPipeline([[set, use("StackSetId")]])).not.toThrow();
    expect(() => buildPipeline([[stackSet({ namespace: "SetVars" }), use("StackId")]])).toThrow('"StackSet" emits only StackSetId, OperationId');
  });

  it("enforces the artifact bounds (1-3 inputs, no outputs)", () => {
    expect(() => stackSet({ inputs: [] })).toThrow('action "StackSet": CloudFormationStackSet takes 1 to 3 input artifact(s), got 0');
    expect(() => stackSet({ inputs: ["Source", "A", "B", "C"] })).toThrow("CloudFormationStackSet takes 1 to 3 input artifact(s), got 4");
    expect(() => stackSet({ outputs: ["Out"] })).toThrow("CloudFormationStackSet produces exactly 0 output artifact(s), got 1");
  });

  it("grants the stack set operations on that stack set, CreateStackSet on * and PassRole of the administration role", () => {
    const p = buildPipeline([[stackSet({ administrationRoleArn: ADMIN_ROLE, deploymentTargets: [TARGET_ACCOUNT_A], regions: ["eu-west-1"] })]]);
    const set = stackSetArn("baseline");
    const target = `arn:aws:cloudformation:*:${TOOLS_ACCOUNT}:stackset-target/baseline:*`;
    expect(identityPairs({ Version: "2012-10-17", Statement: ownStatements(p) })).toEqual(
      [
        ...pairs(
          [
            "cloudformation:DescribeStackSet",
            "cloudformation:DescribeStackSetOperation",
            "cloudformation:ListStackInstances",
            "cloudformation:ListStackSetOperationResults",
            "cloudformation:UpdateStackSet",
          ],
          [set],
        ),
        ...pairs(["cloudformation:CreateStackInstances"], [set, target, "arn:aws:cloudformation:*:*:type/resource/*"]),
        "cloudformation:CreateStackSet *",
        `iam:PassRole ${ADMIN_ROLE}`,
      ].sort(),
    );
    expect(ownStatements(p).find((s) => list(s.Action).includes("iam:PassRole"))!.Condition).toEqual({
      StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com" },
    });
  });

  it("passes the account's default administration role when none is given, and none when service-managed", () => {
    const where = { account: TARGET_ACCOUNT_A, region: "eu-central-1" };
    const self = stackSet().runnerPermissions(where);
    expect(self.find((s) => list(s.Action).includes("iam:PassRole"))!.Resource).toBe(
      `arn:aws:iam::${TARGET_ACCOUNT_A}:role/AWSCloudFormationStackSetAdministrationRole`,
    );
    expect(self[0]!.Resource).toBe(stackSetArn("baseline", "eu-central-1", TARGET_ACCOUNT_A));
    expect(self.flatMap((s) => list(s.Action))).not.toContain("cloudformation:CreateStackInstances");
    const service = stackSet({ permissionModel: "SERVICE_MANAGED" }).runnerPermissions(where);
    expect(service.flatMap((s) => list(s.Action))).not.toContain("iam:PassRole");
  });

  it("keeps its permissions out of the pipeline role when an action role runs it", () => {
    expectOnlyAssume(buildPipeline([[stackSet({ roleArn: TARGET_ROLE })]]), TARGET_ROLE);
  });

  describe("validation", () => {
    const accounts = Array.from({ length: 80 }, (_, i) => String(100000000000 + i));
    it.each<[string, Partial<CloudFormationStackSetProps>, string]>([
      ["an invalid stackSetName", { stackSetName: "base_line" }, 'action "StackSet": stackSetName "base_line" must start with a letter'],
      [
        "a description over 1000 characters",
        { description: "d".repeat(1001) },
        'action "StackSet": description is 1001 characters; CodePipeline accepts at most 1000',
      ],
      ["a templatePath on an artifact that is not an input", { templatePath: "Build::t.yaml" }, 'action "StackSet": templatePath reads artifact "Build"'],
      [
        "parameters and parametersPath together",
        { parameters: { A: "1" }, parametersPath: "Source::p.json" },
        'action "StackSet": give parameters or parametersPath, not both',
      ],
      [
        "a parametersPath on an artifact that is not an input",
        { parametersPath: "Config::p.json" },
        'action "StackSet": parametersPath reads artifact "Config"',
      ],
      ["a parameter value with a space", { parameters: { Name: "a b" } }, 'action "StackSet": parameters value of "Name" contains a space or comma'],
      [
        "a parameter key that is no parameter name",
        { parameters: { "my-param": "1" } },
        'action "StackSet": parameters key "my-param" must be a template parameter name',
      ],
      ["empty parameters", { parameters: {} }, 'action "StackSet": parameters is empty'],
      [
        "CAPABILITY_AUTO_EXPAND",
        { capabilities: ["CAPABILITY_AUTO_EXPAND" as never] },
        'action "StackSet": capability "CAPABILITY_AUTO_EXPAND" must be one of CAPABILITY_IAM, CAPABILITY_NAMED_IAM for stack sets',
      ],
      ["a capability listed twice", { capabilities: ["CAPABILITY_IAM", "CAPABILITY_IAM"] }, 'action "StackSet": capabilities lists "CAPABILITY_IAM" twice'],
      [
        "self-managed roles on a service-managed stack set",
        { permissionModel: "SERVICE_MANAGED", executionRoleName: "x" },
        'action "StackSet": administrationRoleArn and executionRoleName are for SELF_MANAGED stack sets',
      ],
      [
        "auto-deployment on a self-managed stack set",
        { organizationsAutoDeployment: "Enabled" },
        'action "StackSet": organizationsAutoDeployment needs permissionModel SERVICE_MANAGED',
      ],
      ["an administrationRoleArn that is no role ARN", { administrationRoleArn: "*" }, 'action "StackSet": administrationRoleArn "*" is not an IAM role ARN'],
      ["an invalid executionRoleName", { executionRoleName: "a/b" }, 'action "StackSet": executionRoleName "a/b" is not an IAM role name'],
      [
        "auto-deployment with targets",
        { permissionModel: "SERVICE_MANAGED", organizationsAutoDeployment: "Enabled", deploymentTargets: ["ou-ab12-cdef3456"], regions: ["eu-west-1"] },
        'action "StackSet": with organizationsAutoDeployment, CloudFormation picks the accounts; remove deploymentTargets and regions',
      ],
      ["targets without regions", { deploymentTargets: [TARGET_ACCOUNT_A] }, 'action "StackSet": deploymentTargets and regions go together'],
      ["regions without targets", { regions: ["eu-west-1"] }, 'action "StackSet": deploymentTargets and regions go together'],
      ["empty targets", { deploymentTargets: [], regions: ["eu-west-1"] }, 'action "StackSet": deploymentTargets is empty'],
      [
        "an OU on a self-managed stack set",
        { deploymentTargets: ["ou-ab12-cdef3456"], regions: ["eu-west-1"] },
        'action "StackSet": deploymentTargets entry "ou-ab12-cdef3456" is invalid; SELF_MANAGED stack sets deploy to 12-digit account ids',
      ],
      [
        "an account on a service-managed stack set",
        { permissionModel: "SERVICE_MANAGED", deploymentTargets: [TARGET_ACCOUNT_A], regions: ["eu-west-1"] },
        "SERVICE_MANAGED stack sets deploy to OU ids (ou-...) or the root id (r-...)",
      ],
      [
        "a target listed twice",
        { deploymentTargets: [TARGET_ACCOUNT_A, TARGET_ACCOUNT_A], regions: ["eu-west-1"] },
        `action "StackSet": deploymentTargets lists "${TARGET_ACCOUNT_A}" twice`,
      ],
      ["targets over 1000 characters", { deploymentTargets: accounts, regions: ["eu-west-1"] }, 'action "StackSet": DeploymentTargets is 1039 characters'],
      ["empty regions", { deploymentTargets: [TARGET_ACCOUNT_A], regions: [] }, 'action "StackSet": regions is empty'],
      ["a malformed region", { deploymentTargets: [TARGET_ACCOUNT_A], regions: ["europe"] }, 'action "StackSet": regions entry "europe" is not a region name'],
      [
        "a region listed twice",
        { deploymentTargets: [TARGET_ACCOUNT_A], regions: ["eu-west-1", "eu-west-1"] },
        'action "StackSet": regions lists "eu-west-1" twice',
      ],
      [
        "failureTolerancePercentage over 100",
        { failureTolerancePercentage: 101 },
        'action "StackSet": failureTolerancePercentage: 101 must be a whole number from 0 to 100',
      ],
      [
        "a fractional maxConcurrentPercentage",
        { maxConcurrentPercentage: 12.5 },
        'action "StackSet": maxConcurrentPercentage: 12.5 must be a whole number from 0 to 100',
      ],
      ["timeoutInMinutes", { timeoutInMinutes: 30 } as never, 'action "StackSet": timeoutInMinutes is only accepted by manual approval actions'],
    ])("rejects %s", (_name, over, message) => {
      expect(() => stackSet(over)).toThrow(message);
    });
  });
});

describe("CloudFormationStackInstancesAction", () => {
  it("emits the instances configuration", () => {
    const p = buildPipeline([
      [
        instances({
          deploymentTargets: ["ou-ab12-cdef3456", "r-ab12"],
          regions: ["eu-west-1", "eu-central-1"],
          parameterOverridesPath: "Source::overrides.json",
          inputs: ["Source"],
          failureTolerancePercentage: 0,
          maxConcurrentPercentage: 100,
        }),
      ],
    ]);
    const a = p.action("Instances");
    expect([a.category, a.owner, a.provider, a.version]).toEqual(["Deploy", "AWS", "CloudFormationStackInstances", "1"]);
    expect(a.configuration).toEqual({
      StackSetName: "baseline",
      DeploymentTargets: "ou-ab12-cdef3456,r-ab12",
      Regions: "eu-west-1,eu-central-1",
      ParameterOverrides: "Source::overrides.json",
      FailureTolerancePercentage: "0",
      MaxConcurrentPercentage: "100",
    });
    expect(p.action("Instances").input_artifacts).toEqual(["Source"]);
  });

  it("emits literal overrides in shorthand and declares StackSetId and OperationId", () => {
    const a = instances({ parameterOverrides: { Env: "prod" } });
    expect(a.bind().configuration).toEqual({ StackSetName: "baseline", Regions: "eu-west-1", ParameterOverrides: "ParameterKey=Env,ParameterValue=prod" });
    expect(a.outputVariables()).toEqual(["StackSetId", "OperationId"]);
  });

  it("enforces the artifact bounds (0-2 inputs, no outputs)", () => {
    expect(() => instances({ inputs: ["A", "B", "C"] })).toThrow('action "Instances": CloudFormationStackInstances takes 0 to 2 input artifact(s), got 3');
    expect(() => instances({ outputs: ["Out"] })).toThrow("CloudFormationStackInstances produces exactly 0 output artifact(s), got 1");
  });

  it("grants create and update of instances of that stack set only", () => {
    const p = buildPipeline([[instances({ deploymentTargets: [TARGET_ACCOUNT_A] })]]);
    const set = stackSetArn("baseline");
    expect(identityPairs({ Version: "2012-10-17", Statement: ownStatements(p) })).toEqual(
      [
        ...pairs(
          [
            "cloudformation:DescribeStackSet",
            "cloudformation:DescribeStackSetOperation",
            "cloudformation:ListStackInstances",
            "cloudformation:ListStackSetOperationResults",
          ],
          [set],
        ),
        ...pairs(
          ["cloudformation:CreateStackInstances", "cloudformation:UpdateStackInstances"],
          [set, `arn:aws:cloudformation:*:${TOOLS_ACCOUNT}:stackset-target/baseline:*`, "arn:aws:cloudformation:*:*:type/resource/*"],
        ),
      ].sort(),
    );
    const inTarget = instances().runnerPermissions({ account: TARGET_ACCOUNT_A, region: "us-east-1" });
    expect(inTarget[0]!.Resource).toBe(stackSetArn("baseline", "us-east-1", TARGET_ACCOUNT_A));
  });

  it("keeps its permissions out of the pipeline role when an action role runs it", () => {
    expectOnlyAssume(buildPipeline([[instances({ roleArn: TARGET_ROLE })]]), TARGET_ROLE);
  });

  describe("validation", () => {
    const accounts = Array.from({ length: 80 }, (_, i) => String(100000000000 + i));
    it.each<[string, Partial<CloudFormationStackInstancesProps>, string]>([
      ["an invalid stackSetName", { stackSetName: "-x" }, 'action "Instances": stackSetName "-x" must start with a letter'],
      ["empty targets", { deploymentTargets: [] }, 'action "Instances": deploymentTargets is empty'],
      [
        "a target that is neither account nor OU",
        { deploymentTargets: ["12345"] },
        'action "Instances": deploymentTargets entry "12345" is neither a 12-digit account id nor an OU',
      ],
      [
        "accounts mixed with OUs",
        { deploymentTargets: [TARGET_ACCOUNT_A, "ou-ab12-cdef3456"] },
        'action "Instances": deploymentTargets mixes account ids and OU/root ids',
      ],
      ["a target listed twice", { deploymentTargets: ["r-ab12", "r-ab12"] }, 'action "Instances": deploymentTargets lists "r-ab12" twice'],
      ["targets over 1000 characters", { deploymentTargets: accounts }, 'action "Instances": DeploymentTargets is 1039 characters'],
      ["empty regions", { regions: [] }, 'action "Instances": regions is empty'],
      [
        "overrides and an overrides file together",
        { parameterOverrides: { A: "1" }, parameterOverridesPath: "Source::o.json", inputs: ["Source"] },
        'action "Instances": give parameterOverrides or parameterOverridesPath, not both',
      ],
      [
        "an overrides file on an artifact that is not an input",
        { parameterOverridesPath: "Source::o.json" },
        'action "Instances": parameterOverridesPath reads artifact "Source", which is not one of the action\'s inputs (none)',
      ],
      ["an override with a comma", { parameterOverrides: { List: "a,b" } }, 'action "Instances": parameterOverrides value of "List" contains a space or comma'],
      [
        "a negative failureTolerancePercentage",
        { failureTolerancePercentage: -1 },
        'action "Instances": failureTolerancePercentage: -1 must be a whole number from 0 to 100',
      ],
      ["timeoutInMinutes", { timeoutInMinutes: 30 } as never, 'action "Instances": timeoutInMinutes is only accepted by manual approval actions'],
    ])("rejects %s", (_name, over, message) => {
      expect(() => instances(over)).toThrow(message);
    });
  });
});

describe("config schemas", () => {
  const base = { name: "Deploy", account: "dev", region: "eu-west-1" };

  it("exports the nine deploy schemas, one per type", () => {
    expect(deployActionSchemas.map((s) => s.shape.type.value)).toEqual([
      "cloudformation",
      "cloudformation-stackset",
      "cloudformation-stack-instances",
      "codedeploy",
      "ecs",
      "ecs-blue-green",
      "elastic-beanstalk",
      "service-catalog",
      "s3-deploy",
    ]);
  });

  it("parses a change set pair entry whose fields spread into the props", () => {
    const entry = {
      ...base,
      type: "cloudformation",
      actionMode: "CHANGE_SET_REPLACE",
      stackName: "app",
      changeSetName: "release",
      templatePath: "Source::template.yaml",
      parameterOverrides: { Stage: "prod" },
      capabilities: ["CAPABILITY_IAM"],
      inputs: ["Source"],
    };
    const r = cloudFormationDeploySchema.safeParse(entry);
    expect(r.success).toBe(true);
    const { type: _t, account: _a, name, ...props } = r.data!;
    const action = new CloudFormationDeployAction({ ...props, actionName: name, deploymentRoleArn: TARGET_EXEC_ROLE, roleArn: TARGET_ROLE });
    expect(action.bind().configuration.ChangeSetName).toBe("release");
    expect(
      cloudFormationDeploySchema.safeParse({ ...base, type: "cloudformation", actionMode: "CHANGE_SET_EXECUTE", stackName: "app", changeSetName: "release" })
        .success,
    ).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a bad stack name", { stackName: "my_stack" }, 'stackName: "my_stack" is not a valid stack name; start with a letter'],
    ["a change set mode without a change set name", { actionMode: "CHANGE_SET_REPLACE" }, "changeSetName: actionMode CHANGE_SET_REPLACE needs changeSetName"],
    [
      "a template path on a missing input",
      { templatePath: "Build::t.yaml" },
      'templatePath: artifact "Build" is not one of the action\'s inputs; add it to inputs',
    ],
    ["a template path without ::", { templatePath: "t.yaml" }, 'templatePath: "t.yaml" is not an artifact path; write "<InputArtifact>::<file>"'],
    [
      "a deployment role on CHANGE_SET_EXECUTE",
      { actionMode: "CHANGE_SET_EXECUTE", changeSetName: "c", deploymentRoleArn: EXEC_ROLE },
      "deploymentRoleArn: CHANGE_SET_EXECUTE runs with the change set's role",
    ],
    ["timeoutInMinutes", { timeoutInMinutes: 30 }, "Unrecognized key"],
  ])("rejects a cloudformation entry with %s", (_name, over, message) => {
    const entry = {
      ...base,
      type: "cloudformation",
      actionMode: "CREATE_UPDATE",
      stackName: "app",
      templatePath: "Source::t.yaml",
      inputs: ["Source"],
      ...over,
    };
    expect(firstMessage(cloudFormationDeploySchema.safeParse(entry))).toContain(message);
  });

  it("parses a stack set entry and rejects an OU target on a self-managed one", () => {
    const entry = {
      ...base,
      type: "cloudformation-stackset",
      stackSetName: "baseline",
      templatePath: "Source::s.yaml",
      inputs: ["Source"],
      deploymentTargets: [TARGET_ACCOUNT_A],
      regions: ["eu-west-1"],
    };
    const r = cloudFormationStackSetSchema.safeParse(entry);
    expect(r.success).toBe(true);
    const { type: _t, account: _a, name, ...props } = r.data!;
    expect(() => new CloudFormationStackSetAction({ ...props, actionName: name })).not.toThrow();
    expect(firstMessage(cloudFormationStackSetSchema.safeParse({ ...entry, deploymentTargets: ["ou-ab12-cdef3456"] }))).toContain(
      'deploymentTargets.0: "ou-ab12-cdef3456" is not a 12-digit account id, which SELF_MANAGED stack sets deploy to',
    );
    expect(firstMessage(cloudFormationStackSetSchema.safeParse({ ...entry, regions: undefined }))).toContain(
      "regions: deploymentTargets and regions go together",
    );
    expect(firstMessage(cloudFormationStackSetSchema.safeParse({ ...entry, maxConcurrentPercentage: 150 }))).toContain("maxConcurrentPercentage");
  });

  it("parses a stack instances entry and rejects a bad region", () => {
    const entry = {
      ...base,
      type: "cloudformation-stack-instances",
      stackSetName: "baseline",
      regions: ["eu-west-1"],
      deploymentTargets: ["ou-ab12-cdef3456"],
    };
    const r = cloudFormationStackInstancesSchema.safeParse(entry);
    expect(r.success).toBe(true);
    const { type: _t, account: _a, name, ...props } = r.data!;
    expect(() => new CloudFormationStackInstancesAction({ ...props, actionName: name })).not.toThrow();
    expect(firstMessage(cloudFormationStackInstancesSchema.safeParse({ ...entry, regions: ["eu-wst-1"] }))).toContain(
      '"eu-wst-1" is not a known AWS region; did you mean "eu-west-1"?',
    );
  });
});

// Every limit the CloudFormation actions enforce, at the limit (accepted, and emitted) and one past it (the error names the field).
describe("CloudFormation action limits at their edge", () => {
  const n = (count: number, c = "a") => c.repeat(count);
  const name = (count: number) => `s${n(count - 1, "1")}`;
  // [limit, action at the limit, configuration key, value it emits, action one past it, message]
  const cases: [string, () => Action, string, string, () => Action, string][] = [
    [
      "stackName (128 characters)",
      () => cfn({ stackName: name(128) }),
      "StackName",
      name(128),
      () => cfn({ stackName: name(129) }),
      `action "Deploy": stackName "${name(129)}" must start with a letter and hold only letters, digits and hyphens (at most 128 characters)`,
    ],
    [
      "parameterOverrides (1000 characters as JSON)",
      () => cfn({ parameterOverrides: { P: n(992) } }),
      "ParameterOverrides",
      JSON.stringify({ P: n(992) }),
      () => cfn({ parameterOverrides: { P: n(993) } }),
      'action "Deploy": parameterOverrides is 1001 characters as JSON; the limit is 1 KB',
    ],
    [
      "stack set stackSetName (128 characters)",
      () => stackSet({ stackSetName: name(128) }),
      "StackSetName",
      name(128),
      () => stackSet({ stackSetName: name(129) }),
      `action "StackSet": stackSetName "${name(129)}" must start with a letter`,
    ],
    [
      "stack set description (1000 characters)",
      () => stackSet({ description: n(1000, "d") }),
      "Description",
      n(1000, "d"),
      () => stackSet({ description: n(1001, "d") }),
      'action "StackSet": description is 1001 characters; CodePipeline accepts at most 1000',
    ],
    ...(["failureTolerancePercentage", "maxConcurrentPercentage"] as const).flatMap((field): [string, () => Action, string, string, () => Action, string][] => {
      const key = field[0]!.toUpperCase() + field.slice(1);
      return [
        [
          `stack set ${field} (100)`,
          () => stackSet({ [field]: 100 }),
          key,
          "100",
          () => stackSet({ [field]: 101 }),
          `action "StackSet": ${field}: 101 must be a whole number from 0 to 100`,
        ],
        [
          `stack set ${field} (0)`,
          () => stackSet({ [field]: 0 }),
          key,
          "0",
          () => stackSet({ [field]: -1 }),
          `action "StackSet": ${field}: -1 must be a whole number from 0 to 100`,
        ],
        [
          `stack instances ${field} (100)`,
          () => instances({ deploymentTargets: [TARGET_ACCOUNT_A], [field]: 100 }),
          key,
          "100",
          () => instances({ deploymentTargets: [TARGET_ACCOUNT_A], [field]: 101 }),
          `action "Instances": ${field}: 101 must be a whole number from 0 to 100`,
        ],
      ];
    }),
  ];
  it.each(cases)("%s: accepted at the limit, rejected one past it", (_label, atLimit, key, value, past, message) => {
    const a = atLimit();
    expect(buildPipeline([[a]]).action(a.actionName).configuration[key]).toBe(value);
    expect(past).toThrow(message);
  });

  it("takes deployment targets whose list is 1000 characters and rejects 1001", () => {
    // 12-digit ids and commas: 77 ids make 77 * 13 - 1 = 1000 characters.
    const ids = (count: number) => Array.from({ length: count }, (_, i) => String(100000000000 + i));
    const joined = (count: number) => ids(count).join(",").length;
    expect([joined(76), joined(77)]).toEqual([987, 1000]);
    const a = stackSet({ deploymentTargets: ids(77), regions: ["eu-west-1"] });
    expect(buildPipeline([[a]]).action("StackSet").configuration.DeploymentTargets).toHaveLength(1000);
    expect(() => stackSet({ deploymentTargets: ids(78), regions: ["eu-west-1"] })).toThrow('action "StackSet": DeploymentTargets is 1013 characters');
  });
});
