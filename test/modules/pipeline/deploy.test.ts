import {
  codeDeploySchema,
  ecsBlueGreenDeploySchema,
  ecsDeploySchema,
  elasticBeanstalkDeploySchema,
  s3DeploySchema,
  serviceCatalogDeploySchema,
} from "../../../config/pipeline/deploy";
import type { Action } from "../../../modules/pipeline/action";
import {
  CodeDeployAction,
  CodeDeployActionProps,
  EcsBlueGreenDeployAction,
  EcsBlueGreenDeployActionProps,
  EcsDeployAction,
  EcsDeployActionProps,
  ElasticBeanstalkDeployAction,
  ElasticBeanstalkDeployActionProps,
  S3DeployAction,
  S3DeployActionProps,
  ServiceCatalogDeployAction,
  ServiceCatalogDeployProps,
} from "../../../modules/pipeline/actions/deploy";
import { identityPairs, list, pairs, PROVIDER_REGION, roleArn, type Statement, TARGET_ACCOUNT_A, TOOLS_ACCOUNT } from "../helpers";
import { buildPipeline, sourceAction, stores } from "./harness";

const TARGET_ROLE = roleArn(TARGET_ACCOUNT_A, "codepipeline-action");
const TASK_ROLE = roleArn(TOOLS_ACCOUNT, "app-task");
const EXEC_ROLE = roleArn(TOOLS_ACCOUNT, "app-task-execution");
const KEY_ARN = `arn:aws:kms:${PROVIDER_REGION}:${TARGET_ACCOUNT_A}:key/0f0f0f0f-1111-2222-3333-444444444444`;
const at = (service: string, rest: string, region = PROVIDER_REGION, account = TOOLS_ACCOUNT) => `arn:aws:${service}:${region}:${account}:${rest}`;

const codeDeploy = (over: Partial<CodeDeployActionProps> = {}) =>
  new CodeDeployAction({ actionName: "Deploy", applicationName: "web", deploymentGroupName: "prod", input: "Source", ...over } as CodeDeployActionProps);
const ecs = (over: Partial<EcsDeployActionProps> = {}) =>
  new EcsDeployAction({ actionName: "Ecs", clusterName: "main", serviceName: "api", input: "Source", ...over } as EcsDeployActionProps);
const blueGreen = (over: Partial<EcsBlueGreenDeployActionProps> = {}) =>
  new EcsBlueGreenDeployAction({
    actionName: "BlueGreen",
    applicationName: "api",
    deploymentGroupName: "api-prod",
    taskDefinitionTemplateArtifact: "Source",
    appSpecTemplateArtifact: "Source",
    inputs: ["Source"],
    ...over,
  } as EcsBlueGreenDeployActionProps);
const beanstalk = (over: Partial<ElasticBeanstalkDeployActionProps> = {}) =>
  new ElasticBeanstalkDeployAction({
    actionName: "Beanstalk",
    applicationName: "shop",
    environmentName: "shop-prod",
    input: "Source",
    ...over,
  } as ElasticBeanstalkDeployActionProps);
const catalog = (over: Record<string, unknown> = {}) =>
  new ServiceCatalogDeployAction({
    actionName: "Catalog",
    productId: "prod-abcdefghijklm",
    templateFilePath: "product.yaml",
    input: "Source",
    ...over,
  } as ServiceCatalogDeployProps);
const s3 = (over: Partial<S3DeployActionProps> = {}) =>
  new S3DeployAction({ actionName: "Site", bucketName: "acme-site", extract: true, input: "Source", ...over } as S3DeployActionProps);

/** Statements of the pipeline role policy that are not the source action's. */
const ownStatements = (p: ReturnType<typeof buildPipeline>): Statement[] =>
  p.rolePolicy.Statement.filter((s) => !list(s.Action).some((a) => a.endsWith(":UseConnection")));
const ownPairs = (p: ReturnType<typeof buildPipeline>) => identityPairs({ Version: "2012-10-17", Statement: ownStatements(p) });
const conditionOf = (p: ReturnType<typeof buildPipeline>, action: string) => ownStatements(p).find((s) => list(s.Action).includes(action))?.Condition;

function expectOnlyAssume(p: ReturnType<typeof buildPipeline>, role: string): void {
  const own = ownStatements(p);
  expect(own.map((s) => list(s.Action))).toEqual([["sts:AssumeRole"]]);
  expect(list(own[0]!.Resource)).toEqual([role]);
}

const typeOf = (a: Record<string, unknown>) => [a.category, a.owner, a.provider, a.version];

const messages = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) => {
  expect(r.success).toBe(false);
  return r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");
};

/** Parses a config entry and builds the action from it the way the stacks layer does. */
function fromConfig<T>(
  schema: { safeParse(v: unknown): { success: boolean; data?: unknown } },
  entry: Record<string, unknown>,
  make: (props: T) => Action,
): Action {
  const r = schema.safeParse(entry);
  expect(r.success).toBe(true);
  const { type: _t, account: _a, name, ...props } = r.data as Record<string, unknown>;
  return make({ ...props, actionName: name, roleArn: TARGET_ROLE } as T);
}

const base = { name: "Deploy", account: "prod", region: "eu-west-1" };

describe("single-input deploy actions", () => {
  const makers: [string, (over: Record<string, unknown>) => Action, string][] = [
    ["CodeDeploy", (o) => codeDeploy(o), "Deploy"],
    ["ECS", (o) => ecs(o), "Ecs"],
    ["ElasticBeanstalk", (o) => beanstalk(o), "Beanstalk"],
    ["ServiceCatalog", (o) => catalog(o), "Catalog"],
    ["S3", (o) => s3(o), "Site"],
  ];

  it.each(makers)("%s takes exactly one input and no output", (provider, make, name) => {
    expect(() => make({ input: undefined })).toThrow(`action "${name}": ${provider} takes exactly 1 input artifact(s), got 0`);
    expect(() => make({ inputs: ["Other"] })).toThrow(`action "${name}": ${provider} takes exactly 1 input artifact(s), got 2`);
    expect(() => make({ outputs: ["Out"] })).toThrow(`action "${name}": ${provider} produces exactly 0 output artifact(s), got 1`);
  });

  it.each(makers)("%s rejects timeoutInMinutes", (_provider, make, name) => {
    expect(() => make({ timeoutInMinutes: 30 })).toThrow(`action "${name}": timeoutInMinutes is only accepted by manual approval actions; remove it`);
  });
});

describe("CodeDeployAction", () => {
  it("emits the application and deployment group", () => {
    const a = buildPipeline([[codeDeploy()]]).action("Deploy");
    expect(typeOf(a)).toEqual(["Deploy", "AWS", "CodeDeploy", "1"]);
    expect(a.configuration).toEqual({ ApplicationName: "web", DeploymentGroupName: "prod" });
    expect(a.input_artifacts).toEqual(["Source"]);
    expect(a.output_artifacts).toBeUndefined();
  });

  it("grants deployment on its group, revisions on its application and reading deployment configurations", () => {
    expect(ownPairs(buildPipeline([[codeDeploy()]]))).toEqual(
      [
        ...pairs(
          ["codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:GetDeploymentGroup", "codedeploy:ListDeployments"],
          [at("codedeploy", "deploymentgroup:web/prod")],
        ),
        ...pairs(
          ["codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:ListDeploymentGroups", "codedeploy:RegisterApplicationRevision"],
          [at("codedeploy", "application:web")],
        ),
        `codedeploy:GetDeploymentConfig ${at("codedeploy", "deploymentconfig:*")}`,
        "codedeploy:ListDeploymentConfigs *",
      ].sort(),
    );
    const inTarget = codeDeploy().runnerPermissions({ account: TARGET_ACCOUNT_A, region: "us-east-1" });
    expect(inTarget[0]!.Resource).toBe(at("codedeploy", "deploymentgroup:web/prod", "us-east-1", TARGET_ACCOUNT_A));
  });

  it("keeps its permissions out of the pipeline role when an action role runs it", () => {
    expectOnlyAssume(buildPipeline([[codeDeploy({ roleArn: TARGET_ROLE })]]), TARGET_ROLE);
  });

  it.each<[string, Partial<CodeDeployActionProps>, string]>([
    ["an application name over 100 characters", { applicationName: "a".repeat(101) }, 'action "Deploy": applicationName "aaaa'],
    ["an empty deployment group name", { deploymentGroupName: "" }, 'action "Deploy": deploymentGroupName "" is invalid; use 1-100 characters'],
  ])("rejects %s", (_name, over, message) => {
    expect(() => codeDeploy(over)).toThrow(message);
  });

  it("parses its config entry and rejects a long name", () => {
    const a = fromConfig(
      codeDeploySchema,
      { ...base, type: "codedeploy", applicationName: "web", deploymentGroupName: "prod", input: "Source" },
      (p: CodeDeployActionProps) => new CodeDeployAction(p),
    );
    expect(a.roleArn).toBe(TARGET_ROLE);
    expect(
      messages(codeDeploySchema.safeParse({ ...base, type: "codedeploy", applicationName: "w".repeat(101), deploymentGroupName: "prod", input: "Source" })),
    ).toContain("applicationName: a CodeDeploy application name has at most 100 characters");
  });
});

describe("EcsDeployAction", () => {
  it("emits cluster, service, the default file name and the timeout", () => {
    const a = buildPipeline([[ecs({ deploymentTimeout: 30 })]]).action("Ecs");
    expect(typeOf(a)).toEqual(["Deploy", "AWS", "ECS", "1"]);
    expect(a.configuration).toEqual({ ClusterName: "main", ServiceName: "api", FileName: "imagedefinitions.json", DeploymentTimeout: "30" });
    expect(buildPipeline([[ecs({ fileName: "build/images.json" })]]).action("Ecs").configuration.FileName).toBe("build/images.json");
  });

  it("grants the service update on that service and passes only the task roles to ECS tasks", () => {
    const p = buildPipeline([[ecs({ taskRoleArns: [TASK_ROLE, EXEC_ROLE] })]]);
    expect(ownPairs(p)).toEqual(
      [
        ...pairs(["ecs:DescribeServices", "ecs:UpdateService"], [at("ecs", "service/main/api")]),
        `ecs:DescribeTasks ${at("ecs", "task/main/*")}`,
        "ecs:ListTasks *",
        "ecs:DescribeTaskDefinition *",
        `ecs:RegisterTaskDefinition ${at("ecs", "task-definition/*")}`,
        `ecs:TagResource ${at("ecs", "task-definition/*")}`,
        ...pairs(["iam:PassRole"], [EXEC_ROLE, TASK_ROLE]),
      ].sort(),
    );
    expect(conditionOf(p, "ecs:ListTasks")).toEqual({ ArnEquals: { "ecs:cluster": at("ecs", "cluster/main") } });
    expect(conditionOf(p, "ecs:TagResource")).toEqual({ StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } });
    expect(conditionOf(p, "iam:PassRole")).toEqual({ StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } });
    expect(
      ecs()
        .runnerPermissions({ account: TOOLS_ACCOUNT, region: PROVIDER_REGION })
        .flatMap((s) => list(s.Action)),
    ).not.toContain("iam:PassRole");
  });

  it("scopes to the region it runs in and keeps out of the pipeline role with an action role", () => {
    const p = buildPipeline([[ecs({ region: "us-east-1" })]], { artifactStores: stores("us-east-1") });
    expect(ownPairs(p)).toContain(`ecs:UpdateService ${at("ecs", "service/main/api", "us-east-1")}`);
    expectOnlyAssume(buildPipeline([[ecs({ roleArn: TARGET_ROLE })]]), TARGET_ROLE);
  });

  it.each<[string, Partial<EcsDeployActionProps>, string]>([
    [
      "a cluster ARN",
      { clusterName: "arn:aws:ecs:eu-west-1:111111111111:cluster/main" },
      'action "Ecs": clusterName "arn:aws:ecs:eu-west-1:111111111111:cluster/main" is invalid; use the cluster name',
    ],
    ["a service name with a space", { serviceName: "my api" }, 'action "Ecs": serviceName "my api" is invalid; use the service name'],
    [
      "an absolute fileName",
      { fileName: "/imagedefinitions.json" },
      'action "Ecs": fileName "/imagedefinitions.json" must be a relative file path inside the input artifact',
    ],
    ["a deploymentTimeout of 0", { deploymentTimeout: 0 }, 'action "Ecs": deploymentTimeout: 0 must be a whole number from 1 to 60'],
    ["a deploymentTimeout over an hour", { deploymentTimeout: 61 }, 'action "Ecs": deploymentTimeout: 61 must be a whole number from 1 to 60'],
    ["a wildcard task role", { taskRoleArns: ["*"] }, 'action "Ecs": taskRoleArns entry "*" is not an IAM role ARN'],
  ])("rejects %s", (_name, over, message) => {
    expect(() => ecs(over)).toThrow(message);
  });

  it("parses its config entry and rejects a timeout over 60", () => {
    const entry = { ...base, type: "ecs", clusterName: "main", serviceName: "api", taskRoleArns: [TASK_ROLE], input: "Source" };
    fromConfig(ecsDeploySchema, entry, (p: EcsDeployActionProps) => new EcsDeployAction(p));
    expect(messages(ecsDeploySchema.safeParse({ ...entry, deploymentTimeout: 90 }))).toContain("deploymentTimeout");
    expect(messages(ecsDeploySchema.safeParse({ ...entry, clusterName: "arn:aws:ecs:eu-west-1:1:cluster/x" }))).toContain("give the name, not the ARN");
  });
});

describe("EcsBlueGreenDeployAction", () => {
  const sources = {
    sources: [
      sourceAction(),
      sourceAction({ actionName: "Images", output: "Images", namespace: "ImageVars", fullRepositoryId: "acme/images" }),
      sourceAction({ actionName: "Sidecar", output: "Sidecar", namespace: "SidecarVars", fullRepositoryId: "acme/sidecar" }),
    ],
  };

  it("emits the templates, their defaults and numbered images", () => {
    const p = buildPipeline(
      [
        [
          blueGreen({
            inputs: ["Source", "Images", "Sidecar"],
            appSpecTemplatePath: "deploy/appspec.yaml",
            images: [
              { artifactName: "Images", containerName: "IMAGE1_NAME" },
              { artifactName: "Sidecar", containerName: "IMAGE2_NAME" },
            ],
          }),
        ],
      ],
      sources,
    );
    const a = p.action("BlueGreen");
    expect(typeOf(a)).toEqual(["Deploy", "AWS", "CodeDeployToECS", "1"]);
    expect(a.configuration).toEqual({
      ApplicationName: "api",
      DeploymentGroupName: "api-prod",
      TaskDefinitionTemplateArtifact: "Source",
      TaskDefinitionTemplatePath: "taskdef.json",
      AppSpecTemplateArtifact: "Source",
      AppSpecTemplatePath: "deploy/appspec.yaml",
      Image1ArtifactName: "Images",
      Image1ContainerName: "IMAGE1_NAME",
      Image2ArtifactName: "Sidecar",
      Image2ContainerName: "IMAGE2_NAME",
    });
    expect(a.input_artifacts).toEqual(["Source", "Images", "Sidecar"]);
  });

  it("enforces the artifact bounds (1-5 inputs, no outputs)", () => {
    expect(() => blueGreen({ inputs: [] })).toThrow('action "BlueGreen": CodeDeployToECS takes 1 to 5 input artifact(s), got 0');
    expect(() => blueGreen({ inputs: ["Source", "A", "B", "C", "D", "E"] })).toThrow("CodeDeployToECS takes 1 to 5 input artifact(s), got 6");
    expect(() => blueGreen({ outputs: ["Out"] } as never)).toThrow("CodeDeployToECS produces exactly 0 output artifact(s), got 1");
  });

  it("grants the CodeDeploy deployment, task definition registration and the task roles only", () => {
    const p = buildPipeline([[blueGreen({ taskRoleArns: [EXEC_ROLE] })]]);
    expect(ownPairs(p)).toEqual(
      [
        ...pairs(["codedeploy:CreateDeployment", "codedeploy:GetDeployment"], [at("codedeploy", "deploymentgroup:api/api-prod")]),
        ...pairs(
          ["codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"],
          [at("codedeploy", "application:api")],
        ),
        `codedeploy:GetDeploymentConfig ${at("codedeploy", "deploymentconfig:*")}`,
        `ecs:RegisterTaskDefinition ${at("ecs", "task-definition/*")}`,
        `ecs:TagResource ${at("ecs", "task-definition/*")}`,
        `iam:PassRole ${EXEC_ROLE}`,
      ].sort(),
    );
    expect(conditionOf(p, "iam:PassRole")).toEqual({ StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } });
  });

  it("keeps its permissions out of the pipeline role when an action role runs it", () => {
    expectOnlyAssume(buildPipeline([[blueGreen({ roleArn: TARGET_ROLE })]]), TARGET_ROLE);
  });

  const five = Array.from({ length: 5 }, (_, i) => ({ artifactName: "Source", containerName: `IMAGE${i + 1}_NAME` }));
  it.each<[string, Partial<EcsBlueGreenDeployActionProps>, string]>([
    ["more than 4 images", { images: five }, 'action "BlueGreen": images lists 5 images; CodeDeployToECS substitutes at most 4'],
    [
      "a task definition artifact that is not an input",
      { taskDefinitionTemplateArtifact: "Build" },
      'action "BlueGreen": taskDefinitionTemplateArtifact "Build" is not one of the action\'s inputs (Source)',
    ],
    [
      "an AppSpec artifact that is not an input",
      { appSpecTemplateArtifact: "Build" },
      'action "BlueGreen": appSpecTemplateArtifact "Build" is not one of the action\'s inputs',
    ],
    [
      "an image artifact that is not an input",
      { images: [{ artifactName: "Images", containerName: "IMAGE1_NAME" }] },
      'action "BlueGreen": images[0].artifactName "Images" is not one of the action\'s inputs',
    ],
    [
      "a task definition path with ::",
      { taskDefinitionTemplatePath: "Source::taskdef.json" },
      'action "BlueGreen": taskDefinitionTemplatePath "Source::taskdef.json" must be a relative file path',
    ],
    [
      "an AppSpec path outside the artifact",
      { appSpecTemplatePath: "../appspec.yaml" },
      'action "BlueGreen": appSpecTemplatePath "../appspec.yaml" must be a relative file path',
    ],
    [
      "a container name with a space",
      { images: [{ artifactName: "Source", containerName: "IMAGE 1" }] },
      'action "BlueGreen": images[0].containerName "IMAGE 1" is invalid',
    ],
    [
      "two images with one container name",
      {
        images: [
          { artifactName: "Source", containerName: "IMAGE1_NAME" },
          { artifactName: "Source", containerName: "IMAGE1_NAME" },
        ],
      },
      'action "BlueGreen": images use containerName "IMAGE1_NAME" twice',
    ],
    [
      "a task role that is not a role ARN",
      { taskRoleArns: ["arn:aws:iam::111111111111:root"] },
      'action "BlueGreen": taskRoleArns entry "arn:aws:iam::111111111111:root" is not an IAM role ARN',
    ],
    ["an empty application name", { applicationName: "" }, 'action "BlueGreen": applicationName "" is invalid'],
    ["an empty deployment group name", { deploymentGroupName: "" }, 'action "BlueGreen": deploymentGroupName "" is invalid'],
    ["timeoutInMinutes", { timeoutInMinutes: 30 } as never, 'action "BlueGreen": timeoutInMinutes is only accepted by manual approval actions'],
  ])("rejects %s", (_name, over, message) => {
    expect(() => blueGreen(over)).toThrow(message);
  });

  it("parses its config entry and rejects an image artifact that is not an input", () => {
    const entry = {
      ...base,
      type: "ecs-blue-green",
      applicationName: "api",
      deploymentGroupName: "api-prod",
      taskDefinitionTemplateArtifact: "Source",
      appSpecTemplateArtifact: "Source",
      images: [{ artifactName: "Source", containerName: "IMAGE1_NAME" }],
      inputs: ["Source"],
    };
    fromConfig(ecsBlueGreenDeploySchema, entry, (p: EcsBlueGreenDeployActionProps) => new EcsBlueGreenDeployAction(p));
    expect(messages(ecsBlueGreenDeploySchema.safeParse({ ...entry, images: [{ artifactName: "Images", containerName: "IMAGE1_NAME" }] }))).toContain(
      'images.0.artifactName: "Images" is not one of the action\'s inputs; add it to inputs',
    );
  });
});

describe("ElasticBeanstalkDeployAction", () => {
  it("emits the application and environment", () => {
    const a = buildPipeline([[beanstalk()]]).action("Beanstalk");
    expect(typeOf(a)).toEqual(["Deploy", "AWS", "ElasticBeanstalk", "1"]);
    expect(a.configuration).toEqual({ ApplicationName: "shop", EnvironmentName: "shop-prod" });
  });

  it("grants elasticbeanstalk:* on its application only and the documented supporting services in its region", () => {
    const p = buildPipeline([[beanstalk()]]);
    const eb = `arn:aws:elasticbeanstalk:${PROVIDER_REGION}`;
    expect(ownPairs(p)).toEqual(
      [
        ...pairs(
          ["elasticbeanstalk:*"],
          [
            `${eb}:${TOOLS_ACCOUNT}:application/shop`,
            `${eb}:${TOOLS_ACCOUNT}:applicationversion/shop/*`,
            `${eb}:${TOOLS_ACCOUNT}:environment/shop/shop-prod`,
            `${eb}::platform/*`,
            `${eb}::solutionstack/*`,
          ],
        ),
        `cloudformation:* ${at("cloudformation", "stack/awseb-*/*")}`,
        ...pairs(["s3:*"], ["arn:aws:s3:::elasticbeanstalk-*", "arn:aws:s3:::elasticbeanstalk-*/*"]),
        ...pairs(["autoscaling:*", "cloudwatch:*", "ec2:*", "ecs:*", "elasticloadbalancing:*", "rds:*", "sns:*", "sqs:*"], ["*"]),
      ].sort(),
    );
    expect(conditionOf(p, "ec2:*")).toEqual({ StringEquals: { "aws:RequestedRegion": PROVIDER_REGION } });
  });

  it("keeps its permissions out of the pipeline role when an action role runs it", () => {
    expectOnlyAssume(buildPipeline([[beanstalk({ roleArn: TARGET_ROLE })]]), TARGET_ROLE);
  });

  it.each<[string, Partial<ElasticBeanstalkDeployActionProps>, string]>([
    ["an application name with /", { applicationName: "shop/web" }, 'action "Beanstalk": applicationName "shop/web" is invalid'],
    [
      "an environment name of 3 characters",
      { environmentName: "abc" },
      'action "Beanstalk": environmentName "abc" is invalid; use 4-40 letters, digits and hyphens',
    ],
    ["an environment name ending with a hyphen", { environmentName: "shop-" }, 'action "Beanstalk": environmentName "shop-" is invalid'],
  ])("rejects %s", (_name, over, message) => {
    expect(() => beanstalk(over)).toThrow(message);
  });

  it("parses its config entry and rejects a short environment name", () => {
    const entry = { ...base, type: "elastic-beanstalk", applicationName: "shop", environmentName: "shop-prod", input: "Source" };
    fromConfig(elasticBeanstalkDeploySchema, entry, (p: ElasticBeanstalkDeployActionProps) => new ElasticBeanstalkDeployAction(p));
    expect(messages(elasticBeanstalkDeploySchema.safeParse({ ...entry, environmentName: "ab" }))).toContain(
      'environmentName: "ab" is not an environment name (4-40 letters',
    );
  });
});

describe("ServiceCatalogDeployAction", () => {
  it("emits the template form with the default product type", () => {
    const a = buildPipeline([[catalog({ productVersionName: "v2", productVersionDescription: "Release 2" })]]).action("Catalog");
    expect(typeOf(a)).toEqual(["Deploy", "AWS", "ServiceCatalog", "1"]);
    expect(a.configuration).toEqual({
      TemplateFilePath: "product.yaml",
      ProductVersionName: "v2",
      ProductType: "CLOUD_FORMATION_TEMPLATE",
      ProductVersionDescription: "Release 2",
      ProductId: "prod-abcdefghijklm",
    });
  });

  it("emits the configuration file form", () => {
    const a = buildPipeline([[catalog({ templateFilePath: undefined, configurationFilePath: "catalog/config.json" })]]).action("Catalog");
    expect(a.configuration).toEqual({ ConfigurationFilePath: "catalog/config.json", ProductId: "prod-abcdefghijklm" });
  });

  it("grants provisioning artifact management on that product and ValidateTemplate", () => {
    expect(ownPairs(buildPipeline([[catalog()]]))).toEqual(
      [
        ...pairs(
          [
            "servicecatalog:CreateProvisioningArtifact",
            "servicecatalog:DeleteProvisioningArtifact",
            "servicecatalog:DescribeProvisioningArtifact",
            "servicecatalog:ListProvisioningArtifacts",
            "servicecatalog:UpdateProduct",
          ],
          [`arn:aws:catalog:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:product/prod-abcdefghijklm`],
        ),
        "cloudformation:ValidateTemplate *",
      ].sort(),
    );
  });

  it("keeps its permissions out of the pipeline role when an action role runs it", () => {
    expectOnlyAssume(buildPipeline([[catalog({ roleArn: TARGET_ROLE })]]), TARGET_ROLE);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a product id without prod-", { productId: "abc" }, 'action "Catalog": productId "abc" is invalid; use the product id'],
    [
      "both forms",
      { configurationFilePath: "c.json" },
      'action "Catalog": give either configurationFilePath (a configuration file) or templateFilePath (with the product version settings), not both',
    ],
    ["neither form", { templateFilePath: undefined }, "not neither"],
    [
      "version settings with a configuration file",
      { templateFilePath: undefined, configurationFilePath: "c.json", productVersionName: "v2" },
      'action "Catalog": productVersionName belong in the configuration file when configurationFilePath is set; remove them',
    ],
    [
      "a template path with ::",
      { templateFilePath: "Source::product.yaml" },
      'action "Catalog": templateFilePath "Source::product.yaml" must be a relative file path',
    ],
    [
      "an absolute configuration path",
      { templateFilePath: undefined, configurationFilePath: "/c.json" },
      'action "Catalog": configurationFilePath "/c.json" must be a relative file path',
    ],
    ["an empty product type", { productType: " " }, 'action "Catalog": productType is empty'],
  ])("rejects %s", (_name, over, message) => {
    expect(() => catalog(over)).toThrow(message);
  });

  it("parses both config forms and rejects an entry with both", () => {
    const entry = { ...base, type: "service-catalog", productId: "prod-abcdefghijklm", input: "Source" };
    fromConfig(serviceCatalogDeploySchema, { ...entry, configurationFilePath: "c.json" }, (p: ServiceCatalogDeployProps) => new ServiceCatalogDeployAction(p));
    fromConfig(
      serviceCatalogDeploySchema,
      { ...entry, templateFilePath: "t.yaml", productVersionName: "v1" },
      (p: ServiceCatalogDeployProps) => new ServiceCatalogDeployAction(p),
    );
    expect(messages(serviceCatalogDeploySchema.safeParse({ ...entry, templateFilePath: "t.yaml", configurationFilePath: "c.json" }))).toContain(
      "give either configurationFilePath or templateFilePath",
    );
    expect(messages(serviceCatalogDeploySchema.safeParse({ ...entry, configurationFilePath: "c.json", productType: "X" }))).toContain(
      "productType: productType belongs in the configuration file",
    );
  });
});

describe("S3DeployAction", () => {
  it("emits every key", () => {
    const a = buildPipeline([
      [
        s3({
          extract: false,
          objectKey: "releases/#{SourceVars.CommitId}.zip",
          kmsEncryptionKeyArn: KEY_ARN,
          cannedAcl: "bucket-owner-full-control",
          cacheControl: "max-age=0, no-cache",
        }),
      ],
    ]).action("Site");
    expect(typeOf(a)).toEqual(["Deploy", "AWS", "S3", "1"]);
    expect(a.configuration).toEqual({
      BucketName: "acme-site",
      Extract: "false",
      ObjectKey: "releases/#{SourceVars.CommitId}.zip",
      KMSEncryptionKeyARN: KEY_ARN,
      CannedACL: "bucket-owner-full-control",
      CacheControl: "max-age=0, no-cache",
    });
    expect(buildPipeline([[s3()]]).action("Site").configuration).toEqual({ BucketName: "acme-site", Extract: "true" });
  });

  it("grants PutObject on the keys it writes, PutObjectAcl only with an ACL, and the KMS key only when given", () => {
    expect(ownPairs(buildPipeline([[s3()]]))).toEqual(["s3:PutObject arn:aws:s3:::acme-site/*"]);
    expect(ownPairs(buildPipeline([[s3({ objectKey: "site/" })]]))).toEqual(["s3:PutObject arn:aws:s3:::acme-site/site/*"]);
    expect(
      ownPairs(buildPipeline([[s3({ extract: false, objectKey: "releases/#{SourceVars.CommitId}.zip", cannedAcl: "private", kmsEncryptionKeyArn: KEY_ARN })]])),
    ).toEqual(
      [
        ...pairs(["s3:PutObject", "s3:PutObjectAcl"], ["arn:aws:s3:::acme-site/releases/*.zip"]),
        ...pairs(["kms:Encrypt", "kms:GenerateDataKey"], [KEY_ARN]),
      ].sort(),
    );
  });

  it("keeps its permissions out of the pipeline role when an action role runs it", () => {
    expectOnlyAssume(buildPipeline([[s3({ roleArn: TARGET_ROLE })]]), TARGET_ROLE);
  });

  it.each<[string, Partial<S3DeployActionProps>, string]>([
    ["an invalid bucket name", { bucketName: "Acme_Site" }, 'action "Site": bucketName: "Acme_Site" is not a valid S3 bucket name'],
    ["a non-boolean extract", { extract: "true" as never }, 'action "Site": extract must be true (unzip into the bucket) or false (upload one object)'],
    ["extract false without objectKey", { extract: false }, 'action "Site": objectKey is required when extract is false'],
    ["an objectKey starting with /", { objectKey: "/site" }, 'action "Site": objectKey "/site" must not start with "/"'],
    [
      "a KMS alias",
      { kmsEncryptionKeyArn: "arn:aws:kms:eu-west-1:222222222222:alias/site" },
      'action "Site": kmsEncryptionKeyArn "arn:aws:kms:eu-west-1:222222222222:alias/site" must be a KMS key ARN',
    ],
    ["an unknown canned ACL", { cannedAcl: "public" as never }, 'action "Site": cannedAcl "public" must be one of private, public-read'],
    ["an empty cacheControl", { cacheControl: "" }, 'action "Site": cacheControl is empty'],
  ])("rejects %s", (_name, over, message) => {
    expect(() => s3(over)).toThrow(message);
  });

  it("parses its config entry and rejects a missing objectKey and a key alias", () => {
    const entry = { ...base, type: "s3-deploy", bucketName: "acme-site", extract: true, input: "Source" };
    fromConfig(s3DeploySchema, entry, (p: S3DeployActionProps) => new S3DeployAction(p));
    expect(messages(s3DeploySchema.safeParse({ ...entry, extract: false }))).toContain("objectKey: objectKey is required when extract is false");
    expect(messages(s3DeploySchema.safeParse({ ...entry, kmsEncryptionKeyArn: "alias/site" }))).toContain("aliases do not work cross-account");
  });
});

// Every limit the deploy actions enforce, at the limit (accepted, and emitted) and one past it (the error names the field).
describe("deploy action limits at their edge", () => {
  const n = (count: number, c = "a") => c.repeat(count);
  const images = (count: number) => Array.from({ length: count }, (_, i) => ({ artifactName: "Source", containerName: `IMAGE${i + 1}_NAME` }));
  // [limit, action at the limit, configuration key and value it emits, action one past it, message]
  const cases: [string, () => Action, string, string, () => Action, string][] = [
    [
      "CodeDeploy applicationName (100 characters)",
      () => codeDeploy({ applicationName: n(100) }),
      "ApplicationName",
      n(100),
      () => codeDeploy({ applicationName: n(101) }),
      `action "Deploy": applicationName "${n(101)}" is invalid; use 1-100 characters`,
    ],
    [
      "CodeDeploy deploymentGroupName (100 characters)",
      () => codeDeploy({ deploymentGroupName: n(100) }),
      "DeploymentGroupName",
      n(100),
      () => codeDeploy({ deploymentGroupName: n(101) }),
      `action "Deploy": deploymentGroupName "${n(101)}" is invalid; use 1-100 characters`,
    ],
    [
      "CodeDeployToECS applicationName (100 characters)",
      () => blueGreen({ applicationName: n(100) }),
      "ApplicationName",
      n(100),
      () => blueGreen({ applicationName: n(101) }),
      `action "BlueGreen": applicationName "${n(101)}" is invalid; use 1-100 characters`,
    ],
    [
      "CodeDeployToECS deploymentGroupName (100 characters)",
      () => blueGreen({ deploymentGroupName: n(100) }),
      "DeploymentGroupName",
      n(100),
      () => blueGreen({ deploymentGroupName: n(101) }),
      `action "BlueGreen": deploymentGroupName "${n(101)}" is invalid; use 1-100 characters`,
    ],
    [
      "CodeDeployToECS images (4)",
      () => blueGreen({ images: images(4) }),
      "Image4ContainerName",
      "IMAGE4_NAME",
      () => blueGreen({ images: images(5) }),
      'action "BlueGreen": images lists 5 images; CodeDeployToECS substitutes at most 4 (Image1-Image4)',
    ],
    [
      "CodeDeployToECS containerName (255 characters)",
      () => blueGreen({ images: [{ artifactName: "Source", containerName: n(255, "C") }] }),
      "Image1ContainerName",
      n(255, "C"),
      () => blueGreen({ images: [{ artifactName: "Source", containerName: n(256, "C") }] }),
      `action "BlueGreen": images[0].containerName "${n(256, "C")}" is invalid`,
    ],
    [
      "ECS clusterName (255 characters)",
      () => ecs({ clusterName: n(255) }),
      "ClusterName",
      n(255),
      () => ecs({ clusterName: n(256) }),
      `action "Ecs": clusterName "${n(256)}" is invalid; use the cluster name (1-255 letters, digits, _ and -)`,
    ],
    [
      "ECS serviceName (255 characters)",
      () => ecs({ serviceName: n(255) }),
      "ServiceName",
      n(255),
      () => ecs({ serviceName: n(256) }),
      `action "Ecs": serviceName "${n(256)}" is invalid; use the service name (1-255 letters, digits, _ and -)`,
    ],
    [
      "ECS deploymentTimeout (60 minutes)",
      () => ecs({ deploymentTimeout: 60 }),
      "DeploymentTimeout",
      "60",
      () => ecs({ deploymentTimeout: 61 }),
      'action "Ecs": deploymentTimeout: 61 must be a whole number from 1 to 60',
    ],
    [
      "ECS deploymentTimeout (at least 1 minute)",
      () => ecs({ deploymentTimeout: 1 }),
      "DeploymentTimeout",
      "1",
      () => ecs({ deploymentTimeout: 0 }),
      'action "Ecs": deploymentTimeout: 0 must be a whole number from 1 to 60',
    ],
    [
      "Elastic Beanstalk applicationName (100 characters)",
      () => beanstalk({ applicationName: n(100) }),
      "ApplicationName",
      n(100),
      () => beanstalk({ applicationName: n(101) }),
      `action "Beanstalk": applicationName "${n(101)}" is invalid; use 1-100 characters without /`,
    ],
    [
      "Elastic Beanstalk environmentName (40 characters)",
      () => beanstalk({ environmentName: n(40, "e") }),
      "EnvironmentName",
      n(40, "e"),
      () => beanstalk({ environmentName: n(41, "e") }),
      `action "Beanstalk": environmentName "${n(41, "e")}" is invalid; use 4-40 letters`,
    ],
    [
      "Elastic Beanstalk environmentName (at least 4 characters)",
      () => beanstalk({ environmentName: "e-v1" }),
      "EnvironmentName",
      "e-v1",
      () => beanstalk({ environmentName: "ev1" }),
      'action "Beanstalk": environmentName "ev1" is invalid; use 4-40 letters',
    ],
    [
      "Service Catalog productId (prod- and 50 characters)",
      () => catalog({ productId: `prod-${n(50)}` }),
      "ProductId",
      `prod-${n(50)}`,
      () => catalog({ productId: `prod-${n(51)}` }),
      `action "Catalog": productId "prod-${n(51)}" is invalid`,
    ],
    [
      "S3 objectKey (1000 characters, a configuration value)",
      () => s3({ extract: false, objectKey: n(1000, "k") }),
      "ObjectKey",
      n(1000, "k"),
      () => s3({ extract: false, objectKey: n(1001, "k") }),
      `action "Site": objectKey "${n(1001, "k")}" must not start with "/" and must be at most 1000 characters`,
    ],
  ];
  it.each(cases)("%s: accepted at the limit, rejected one past it", (_label, atLimit, key, value, past, message) => {
    const a = atLimit();
    expect(buildPipeline([[a]]).action(a.actionName).configuration[key]).toBe(value);
    expect(past).toThrow(message);
  });

  it("parses an S3 objectKey of 1000 characters from the config and rejects 1001 naming the field", () => {
    const entry = { ...base, type: "s3-deploy", bucketName: "acme-site", extract: false, input: "Source" };
    expect(s3DeploySchema.safeParse({ ...entry, objectKey: n(1000, "k") }).success).toBe(true);
    expect(messages(s3DeploySchema.safeParse({ ...entry, objectKey: n(1001, "k") }))).toMatch(
      /^objectKey: Too big: expected string to have <=1000 characters$/,
    );
  });
});
