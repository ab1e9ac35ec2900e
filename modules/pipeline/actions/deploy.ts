import { Token } from "cdktf";
import { isRoleArn, requireBucketName, requireInt, type PolicyStatement } from "../../shared/policy";
import { Action, ActionBinding, definedConfig } from "../action";
import type { DeployActionCommonProps } from "./cloudformation";
import { arnPrefix, s3Arn } from "../../shared/partition";
import { CONFIGURATION_VALUE_MAX, KMS_KEY_ARN, S3_CANNED_ACLS, type S3CannedAcl } from "../../shared/service-facts";

// Deploy actions other than CloudFormation: CodeDeploy, ECS (standard and blue/green), Elastic
// Beanstalk, Service Catalog and S3. Keys and artifact bounds: CodePipeline action reference;
// permissions: the CodePipeline service-role policy (security-iam.md) scoped with the Service
// Authorization Reference's resource types.

type Where = { readonly account: string; readonly region: string };

/** Props of actions that read exactly one input artifact and produce none. */
export interface SingleInputActionProps extends Omit<DeployActionCommonProps, "inputs" | "outputs"> {
  /** The input artifact (the deployment bundle). */
  readonly input: string;
}

const SINGLE_INPUT = { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 };

/**
 * The common props with `input` as the inputs list. Untyped callers (spread config) that also pass
 * `inputs` or `outputs` keep them, so the base class's artifact bounds reject them.
 */
function singleInput(props: SingleInputActionProps) {
  const extra = (props as { inputs?: string[] }).inputs ?? [];
  return { ...props, inputs: [...(props.input === undefined ? [] : [props.input]), ...extra] };
}

function requireName(where: string, field: string, value: string, pattern: RegExp, rule: string): void {
  if (!Token.isUnresolved(value) && !pattern.test(value)) throw new Error(`${where}: ${field} "${value}" is invalid; ${rule}`);
}

function requireRoleArns(where: string, field: string, arns: readonly string[]): void {
  for (const arn of arns) {
    if (!Token.isUnresolved(arn) && !isRoleArn(arn)) {
      throw new Error(`${where}: ${field} entry "${arn}" is not an IAM role ARN; pass the task and execution role ARNs, never "*"`);
    }
  }
}

/** A relative file path inside an artifact (no `Artifact::` prefix). */
function requireFileInArtifact(where: string, field: string, value: string): void {
  if (!/^[^/\s:][^:]*$/.test(value) || value.includes("..")) {
    throw new Error(`${where}: ${field} "${value}" must be a relative file path inside the input artifact, e.g. "config/product.json"`);
  }
}

const CODEDEPLOY_NAME = /^.{1,100}$/;

/**
 * CodeDeploy on the deployment group and application. The CodeDeploy action's documented list adds
 * the List/GetDeploymentGroup calls (action-reference-CodeDeploy); CodeDeployToECS's does not.
 */
function codeDeployStatements(where: Where, applicationName: string, deploymentGroupName: string, lists = false): PolicyStatement[] {
  const arn = `${arnPrefix(where.region)}:codedeploy:${where.region}:${where.account}`;
  return [
    {
      Effect: "Allow",
      Action: ["codedeploy:CreateDeployment", "codedeploy:GetDeployment", ...(lists ? ["codedeploy:GetDeploymentGroup", "codedeploy:ListDeployments"] : [])],
      Resource: `${arn}:deploymentgroup:${applicationName}/${deploymentGroupName}`,
    },
    {
      Effect: "Allow",
      Action: [
        "codedeploy:GetApplication",
        "codedeploy:GetApplicationRevision",
        ...(lists ? ["codedeploy:ListDeploymentGroups"] : []),
        "codedeploy:RegisterApplicationRevision",
      ],
      Resource: `${arn}:application:${applicationName}`,
    },
    // The group may use any predefined (CodeDeployDefault.*) or custom configuration of the account.
    { Effect: "Allow", Action: "codedeploy:GetDeploymentConfig", Resource: `${arn}:deploymentconfig:*` },
    // No resource type (Service Authorization Reference for CodeDeploy): "*".
    ...(lists ? [{ Effect: "Allow" as const, Action: "codedeploy:ListDeploymentConfigs", Resource: "*" }] : []),
  ];
}

/**
 * RegisterTaskDefinition and tag-on-create of the new revision. The Service Authorization Reference
 * (Amazon ECS, list_amazonelasticcontainerservice.html) lists the required resource type
 * task-definition (`task-definition/${Family}:${Revision}`) for it, so it is scoped to the account and
 * region; the family is the service's current one (ECS) or the template's (blue/green), which the
 * action's props do not name.
 */
function registerTaskDefinitionStatements(where: Where): PolicyStatement[] {
  return [
    { Effect: "Allow", Action: "ecs:RegisterTaskDefinition", Resource: `${arnPrefix(where.region)}:ecs:${where.region}:${where.account}:task-definition/*` },
    // The new revision keeps the task definition's tags; tagging on create is authorized separately.
    {
      Effect: "Allow",
      Action: "ecs:TagResource",
      Resource: `${arnPrefix(where.region)}:ecs:${where.region}:${where.account}:task-definition/*`,
      Condition: { StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } },
    },
  ];
}

function passTaskRoles(roleArns: readonly string[] | undefined): PolicyStatement[] {
  if (!roleArns?.length) return [];
  return [
    { Effect: "Allow", Action: "iam:PassRole", Resource: [...roleArns], Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } },
  ];
}

// ---------------------------------------------------------------------------
// CodeDeploy (EC2/on-premises in-place or blue/green, Lambda)
// ---------------------------------------------------------------------------

export interface CodeDeployActionProps extends SingleInputActionProps {
  /** The CodeDeploy application (e.g. `CodeDeployApplication.applicationName` in the target account). */
  readonly applicationName: string;
  /** Its deployment group; the rollout strategy (in-place, blue/green, canary, linear) comes from the group's deployment configuration. */
  readonly deploymentGroupName: string;
}

/** Deploys the input revision through a CodeDeploy deployment group (Server or Lambda compute platform). */
export class CodeDeployAction extends Action {
  constructor(private readonly props: CodeDeployActionProps) {
    super({ category: "Deploy", owner: "AWS", provider: "CodeDeploy", version: "1", artifactBounds: SINGLE_INPUT }, singleInput(props));
    const where = `action "${props.actionName}"`;
    requireName(where, "applicationName", props.applicationName, CODEDEPLOY_NAME, "use 1-100 characters");
    requireName(where, "deploymentGroupName", props.deploymentGroupName, CODEDEPLOY_NAME, "use 1-100 characters");
  }

  override bind(): ActionBinding {
    return { configuration: definedConfig({ ApplicationName: this.props.applicationName, DeploymentGroupName: this.props.deploymentGroupName }) };
  }

  override runnerPermissions(where: Where): PolicyStatement[] {
    return codeDeployStatements(where, this.props.applicationName, this.props.deploymentGroupName, true);
  }
}

// ---------------------------------------------------------------------------
// ECS standard deploy
// ---------------------------------------------------------------------------

const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;

export interface EcsDeployActionProps extends SingleInputActionProps {
  readonly clusterName: string;
  readonly serviceName: string;
  /** The image definitions file in the input artifact (at most 100 KB). @default "imagedefinitions.json" */
  readonly fileName?: string;
  /** Minutes (1-60) the action waits for the deployment. @default 60 (the service's) */
  readonly deploymentTimeout?: number;
  /**
   * Task and execution roles of the service's task definition: the new revision passes them to ECS.
   * Without them the deployment of a task definition that has roles is denied.
   * @default []
   */
  readonly taskRoleArns?: readonly string[];
}

/** Rolling update of an ECS service to the images in `imagedefinitions.json`. */
export class EcsDeployAction extends Action {
  constructor(private readonly props: EcsDeployActionProps) {
    super({ category: "Deploy", owner: "AWS", provider: "ECS", version: "1", artifactBounds: SINGLE_INPUT }, singleInput(props));
    const where = `action "${props.actionName}"`;
    requireName(where, "clusterName", props.clusterName, ECS_NAME, "use the cluster name (1-255 letters, digits, _ and -), not its ARN");
    requireName(where, "serviceName", props.serviceName, ECS_NAME, "use the service name (1-255 letters, digits, _ and -), not its ARN");
    if (props.fileName !== undefined) requireFileInArtifact(where, "fileName", props.fileName);
    if (props.deploymentTimeout !== undefined) requireInt(`${where}: deploymentTimeout`, props.deploymentTimeout, 1, 60);
    requireRoleArns(where, "taskRoleArns", props.taskRoleArns ?? []);
  }

  override bind(): ActionBinding {
    const p = this.props;
    return {
      configuration: definedConfig({
        ClusterName: p.clusterName,
        ServiceName: p.serviceName,
        FileName: p.fileName ?? "imagedefinitions.json",
        DeploymentTimeout: p.deploymentTimeout,
      }),
    };
  }

  override runnerPermissions(where: Where): PolicyStatement[] {
    const p = this.props;
    const ecs = `${arnPrefix(where.region)}:ecs:${where.region}:${where.account}`;
    const cluster = `${ecs}:cluster/${p.clusterName}`;
    return [
      { Effect: "Allow", Action: ["ecs:DescribeServices", "ecs:UpdateService"], Resource: `${ecs}:service/${p.clusterName}/${p.serviceName}` },
      { Effect: "Allow", Action: "ecs:DescribeTasks", Resource: `${ecs}:task/${p.clusterName}/*` },
      // ListTasks is authorized on container instances (none on Fargate); the ecs:cluster key pins the cluster.
      { Effect: "Allow", Action: "ecs:ListTasks", Resource: "*", Condition: { ArnEquals: { "ecs:cluster": cluster } } },
      // DescribeTaskDefinition has no resource-level permissions: "*" is required.
      { Effect: "Allow", Action: "ecs:DescribeTaskDefinition", Resource: "*" },
      ...registerTaskDefinitionStatements(where),
      ...passTaskRoles(p.taskRoleArns),
    ];
  }
}

// ---------------------------------------------------------------------------
// ECS blue/green through CodeDeploy
// ---------------------------------------------------------------------------

/** An image the action substitutes into the task definition (`Image<N>ArtifactName` / `Image<N>ContainerName`). */
export interface EcsBlueGreenImage {
  /** Input artifact holding `imageDetail.json` (e.g. an ECR source output). */
  readonly artifactName: string;
  /** The placeholder name used in the task definition template, e.g. `IMAGE1_NAME`. */
  readonly containerName: string;
}

export interface EcsBlueGreenDeployActionProps extends Omit<DeployActionCommonProps, "outputs"> {
  /** The CodeDeploy application (compute platform ECS). */
  readonly applicationName: string;
  /** Its deployment group, bound to the ECS service, listeners and target groups. */
  readonly deploymentGroupName: string;
  /** Input artifact with the task definition template. */
  readonly taskDefinitionTemplateArtifact: string;
  /** @default "taskdef.json" */
  readonly taskDefinitionTemplatePath?: string;
  /** Input artifact with the AppSpec file. */
  readonly appSpecTemplateArtifact: string;
  /** @default "appspec.yaml" */
  readonly appSpecTemplatePath?: string;
  /** Up to 4 images substituted into the task definition. @default [] */
  readonly images?: readonly EcsBlueGreenImage[];
  /** Task and execution roles of the task definition, passed to ECS when it is registered. @default [] */
  readonly taskRoleArns?: readonly string[];
}

/** ECS blue/green deployment (provider CodeDeployToECS): registers the task definition and shifts traffic through CodeDeploy. */
export class EcsBlueGreenDeployAction extends Action {
  constructor(private readonly props: EcsBlueGreenDeployActionProps) {
    super(
      {
        category: "Deploy",
        owner: "AWS",
        provider: "CodeDeployToECS",
        version: "1",
        artifactBounds: { minInputs: 1, maxInputs: 5, minOutputs: 0, maxOutputs: 0 },
      },
      props,
    );
    const where = `action "${props.actionName}"`;
    const inputs = props.inputs ?? [];
    requireName(where, "applicationName", props.applicationName, CODEDEPLOY_NAME, "use 1-100 characters");
    requireName(where, "deploymentGroupName", props.deploymentGroupName, CODEDEPLOY_NAME, "use 1-100 characters");
    const images = props.images ?? [];
    if (images.length > 4) throw new Error(`${where}: images lists ${images.length} images; CodeDeployToECS substitutes at most 4 (Image1-Image4)`);
    const referenced: [string, string][] = [
      ["taskDefinitionTemplateArtifact", props.taskDefinitionTemplateArtifact],
      ["appSpecTemplateArtifact", props.appSpecTemplateArtifact],
      ...images.map((img, i): [string, string] => [`images[${i}].artifactName`, img.artifactName]),
    ];
    for (const [field, artifact] of referenced) {
      if (!inputs.includes(artifact))
        throw new Error(`${where}: ${field} "${artifact}" is not one of the action's inputs (${inputs.join(", ")}); add it to inputs`);
    }
    if (props.taskDefinitionTemplatePath !== undefined) requireFileInArtifact(where, "taskDefinitionTemplatePath", props.taskDefinitionTemplatePath);
    if (props.appSpecTemplatePath !== undefined) requireFileInArtifact(where, "appSpecTemplatePath", props.appSpecTemplatePath);
    images.forEach((img, i) =>
      requireName(where, `images[${i}].containerName`, img.containerName, /^\S{1,255}$/, "use the placeholder name of the task definition, without spaces"),
    );
    const names = images.map((img) => img.containerName);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup !== undefined) throw new Error(`${where}: images use containerName "${dup}" twice; each image needs its own placeholder`);
    requireRoleArns(where, "taskRoleArns", props.taskRoleArns ?? []);
  }

  override bind(): ActionBinding {
    const p = this.props;
    const images: Record<string, string> = {};
    (p.images ?? []).forEach((img, i) => {
      images[`Image${i + 1}ArtifactName`] = img.artifactName;
      images[`Image${i + 1}ContainerName`] = img.containerName;
    });
    return {
      configuration: definedConfig({
        ApplicationName: p.applicationName,
        DeploymentGroupName: p.deploymentGroupName,
        TaskDefinitionTemplateArtifact: p.taskDefinitionTemplateArtifact,
        TaskDefinitionTemplatePath: p.taskDefinitionTemplatePath ?? "taskdef.json",
        AppSpecTemplateArtifact: p.appSpecTemplateArtifact,
        AppSpecTemplatePath: p.appSpecTemplatePath ?? "appspec.yaml",
        ...images,
      }),
    };
  }

  override runnerPermissions(where: Where): PolicyStatement[] {
    const p = this.props;
    return [
      ...codeDeployStatements(where, p.applicationName, p.deploymentGroupName),
      ...registerTaskDefinitionStatements(where),
      ...passTaskRoles(p.taskRoleArns),
    ];
  }
}

// ---------------------------------------------------------------------------
// Elastic Beanstalk
// ---------------------------------------------------------------------------

export interface ElasticBeanstalkDeployActionProps extends SingleInputActionProps {
  /** 1-100 characters. */
  readonly applicationName: string;
  /** 4-40 letters, digits and hyphens, not starting or ending with a hyphen. */
  readonly environmentName: string;
}

/** Deploys the input as a new application version of an Elastic Beanstalk environment. */
export class ElasticBeanstalkDeployAction extends Action {
  constructor(private readonly props: ElasticBeanstalkDeployActionProps) {
    super({ category: "Deploy", owner: "AWS", provider: "ElasticBeanstalk", version: "1", artifactBounds: SINGLE_INPUT }, singleInput(props));
    const where = `action "${props.actionName}"`;
    requireName(where, "applicationName", props.applicationName, /^[^/]{1,100}$/, "use 1-100 characters without /");
    requireName(
      where,
      "environmentName",
      props.environmentName,
      /^[A-Za-z0-9](?:[A-Za-z0-9-]{2,38})[A-Za-z0-9]$/,
      "use 4-40 letters, digits and hyphens, not starting or ending with a hyphen",
    );
  }

  override bind(): ActionBinding {
    return { configuration: definedConfig({ ApplicationName: this.props.applicationName, EnvironmentName: this.props.environmentName }) };
  }

  override runnerPermissions(where: Where): PolicyStatement[] {
    const { applicationName: app, environmentName: env } = this.props;
    const eb = `${arnPrefix(where.region)}:elasticbeanstalk:${where.region}`;
    return [
      {
        Effect: "Allow",
        Action: "elasticbeanstalk:*",
        Resource: [
          `${eb}:${where.account}:application/${app}`,
          `${eb}:${where.account}:applicationversion/${app}/*`,
          `${eb}:${where.account}:environment/${app}/${env}`,
          // AWS-owned platforms and solution stacks have no account in their ARN.
          `${eb}::platform/*`,
          `${eb}::solutionstack/*`,
        ],
      },
      // Elastic Beanstalk runs the environment update with the caller's credentials: it updates the
      // environment's CloudFormation stack (awseb-*), which replaces instances, load balancers, scaling
      // groups, alarms, topics, queues, databases and ECS tasks whose names it generates. AWS documents
      // this broad set for the CodePipeline role (action-reference-Beanstalk); it is kept to the region.
      { Effect: "Allow", Action: "cloudformation:*", Resource: `${arnPrefix(where.region)}:cloudformation:${where.region}:${where.account}:stack/awseb-*/*` },
      { Effect: "Allow", Action: "s3:*", Resource: [s3Arn(where.region, "elasticbeanstalk-*"), s3Arn(where.region, "elasticbeanstalk-*", "*")] },
      {
        Effect: "Allow",
        Action: ["autoscaling:*", "cloudwatch:*", "ec2:*", "ecs:*", "elasticloadbalancing:*", "rds:*", "sns:*", "sqs:*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestedRegion": where.region } },
      },
    ];
  }
}

// ---------------------------------------------------------------------------
// Service Catalog
// ---------------------------------------------------------------------------

interface ServiceCatalogCommonProps extends SingleInputActionProps {
  /** The product that gets a new version (`prod-...`). */
  readonly productId: string;
}

/** Service Catalog deploy driven by a configuration file in the input artifact. */
export interface ServiceCatalogConfigurationFileProps extends ServiceCatalogCommonProps {
  /** The configuration file inside the input artifact. */
  readonly configurationFilePath: string;
  readonly templateFilePath?: never;
  readonly productVersionName?: never;
  readonly productType?: never;
  readonly productVersionDescription?: never;
}

/** Service Catalog deploy described in the action itself (no configuration file). */
export interface ServiceCatalogTemplateProps extends ServiceCatalogCommonProps {
  /** The template file inside the input artifact. */
  readonly templateFilePath: string;
  /** Name of the new product version. @default none (which keys the service requires is not documented) */
  readonly productVersionName?: string;
  /** @default "CLOUD_FORMATION_TEMPLATE" */
  readonly productType?: string;
  /** @default none */
  readonly productVersionDescription?: string;
  readonly configurationFilePath?: never;
}

export type ServiceCatalogDeployProps = ServiceCatalogConfigurationFileProps | ServiceCatalogTemplateProps;

/** Publishes the input template as a new version of a Service Catalog product. */
export class ServiceCatalogDeployAction extends Action {
  constructor(private readonly props: ServiceCatalogDeployProps) {
    super({ category: "Deploy", owner: "AWS", provider: "ServiceCatalog", version: "1", artifactBounds: SINGLE_INPUT }, singleInput(props));
    const where = `action "${props.actionName}"`;
    requireName(where, "productId", props.productId, /^prod-[A-Za-z0-9]{1,50}$/, 'use the product id, e.g. "prod-abcdefghijklm"');
    const hasFile = props.configurationFilePath !== undefined;
    const hasTemplate = props.templateFilePath !== undefined;
    if (hasFile === hasTemplate) {
      throw new Error(
        `${where}: give either configurationFilePath (a configuration file) or templateFilePath (with the product version settings), not ${hasFile ? "both" : "neither"}`,
      );
    }
    if (hasFile) {
      const extra = (["productVersionName", "productType", "productVersionDescription"] as const).filter(
        (k) => (props as unknown as Record<string, unknown>)[k] !== undefined,
      );
      if (extra.length) throw new Error(`${where}: ${extra.join(", ")} belong in the configuration file when configurationFilePath is set; remove them`);
      requireFileInArtifact(where, "configurationFilePath", props.configurationFilePath!);
    } else {
      requireFileInArtifact(where, "templateFilePath", props.templateFilePath!);
      if (props.productType !== undefined && props.productType.trim() === "")
        throw new Error(`${where}: productType is empty; remove it for CLOUD_FORMATION_TEMPLATE`);
    }
  }

  override bind(): ActionBinding {
    const p = this.props;
    if (p.configurationFilePath !== undefined) {
      return { configuration: definedConfig({ ConfigurationFilePath: p.configurationFilePath, ProductId: p.productId }) };
    }
    return {
      configuration: definedConfig({
        TemplateFilePath: p.templateFilePath,
        ProductVersionName: p.productVersionName,
        ProductType: p.productType ?? "CLOUD_FORMATION_TEMPLATE",
        ProductVersionDescription: p.productVersionDescription,
        ProductId: p.productId,
      }),
    };
  }

  override runnerPermissions(where: Where): PolicyStatement[] {
    return [
      {
        Effect: "Allow",
        Action: [
          "servicecatalog:CreateProvisioningArtifact",
          "servicecatalog:DeleteProvisioningArtifact",
          "servicecatalog:DescribeProvisioningArtifact",
          "servicecatalog:ListProvisioningArtifacts",
          "servicecatalog:UpdateProduct",
        ],
        Resource: `${arnPrefix(where.region)}:catalog:${where.region}:${where.account}:product/${this.props.productId}`,
      },
      // ValidateTemplate has no resource-level permissions: "*" is required.
      { Effect: "Allow", Action: "cloudformation:ValidateTemplate", Resource: "*" },
    ];
  }
}

// ---------------------------------------------------------------------------
// S3 deploy
// ---------------------------------------------------------------------------

export { S3_CANNED_ACLS, type S3CannedAcl };

export interface S3DeployActionProps extends SingleInputActionProps {
  /** The destination bucket. */
  readonly bucketName: string;
  /** true: unzip the artifact into the bucket (under `objectKey` when given); false: upload it as one object. */
  readonly extract: boolean;
  /** The object key (required when `extract` is false) or the key prefix files are extracted under. May use `#{...}` variables. @default the bucket root (extract only) */
  readonly objectKey?: string;
  /**
   * Symmetric KMS key the objects are encrypted with, as a key ARN: aliases do not work for
   * cross-account actions and cannot scope the grant.
   * @default the bucket's default encryption
   */
  readonly kmsEncryptionKeyArn?: string;
  /** Canned ACL applied to the objects. @default none (the bucket's object ownership decides) */
  readonly cannedAcl?: S3CannedAcl;
  /** Cache-Control header of the objects, e.g. "max-age=0, no-cache". @default none */
  readonly cacheControl?: string;
}

/** Uploads the input artifact to an S3 bucket, extracted or as one object. */
export class S3DeployAction extends Action {
  constructor(private readonly props: S3DeployActionProps) {
    super({ category: "Deploy", owner: "AWS", provider: "S3", version: "1", artifactBounds: SINGLE_INPUT }, singleInput(props));
    const where = `action "${props.actionName}"`;
    requireBucketName(`${where}: bucketName`, props.bucketName);
    if (typeof props.extract !== "boolean") throw new Error(`${where}: extract must be true (unzip into the bucket) or false (upload one object)`);
    if (!props.extract && (props.objectKey === undefined || props.objectKey === "")) {
      throw new Error(`${where}: objectKey is required when extract is false; name the object the artifact is uploaded as`);
    }
    // An S3 key may have 1024 bytes, but a configuration value only 1000 characters.
    if (props.objectKey !== undefined && (props.objectKey.startsWith("/") || props.objectKey.length > CONFIGURATION_VALUE_MAX)) {
      throw new Error(`${where}: objectKey "${props.objectKey}" must not start with "/" and must be at most ${CONFIGURATION_VALUE_MAX} characters`);
    }
    if (props.kmsEncryptionKeyArn !== undefined && !Token.isUnresolved(props.kmsEncryptionKeyArn) && !KMS_KEY_ARN.test(props.kmsEncryptionKeyArn)) {
      throw new Error(
        `${where}: kmsEncryptionKeyArn "${props.kmsEncryptionKeyArn}" must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias or key id`,
      );
    }
    if (props.cannedAcl !== undefined && !S3_CANNED_ACLS.includes(props.cannedAcl)) {
      throw new Error(`${where}: cannedAcl "${props.cannedAcl}" must be one of ${S3_CANNED_ACLS.join(", ")}`);
    }
    if (props.cacheControl !== undefined && props.cacheControl.trim() === "")
      throw new Error(`${where}: cacheControl is empty; remove it or give directives such as "max-age=3600"`);
  }

  override bind(): ActionBinding {
    const p = this.props;
    return {
      configuration: definedConfig({
        BucketName: p.bucketName,
        Extract: p.extract,
        ObjectKey: p.objectKey,
        KMSEncryptionKeyARN: p.kmsEncryptionKeyArn,
        CannedACL: p.cannedAcl,
        CacheControl: p.cacheControl,
      }),
    };
  }

  override runnerPermissions(where: Where): PolicyStatement[] {
    const p = this.props;
    // Variables (#{...}) resolve at run time: any value may stand there.
    const key = p.objectKey?.replace(/#\{[^}]*\}/g, "*");
    const objects = p.extract ? s3Arn(where.region, p.bucketName, key ? `${key.replace(/\/+$/, "")}/*` : "*") : s3Arn(where.region, p.bucketName, key);
    const statements: PolicyStatement[] = [{ Effect: "Allow", Action: p.cannedAcl ? ["s3:PutObject", "s3:PutObjectAcl"] : "s3:PutObject", Resource: objects }];
    if (p.kmsEncryptionKeyArn !== undefined) {
      statements.push({ Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: p.kmsEncryptionKeyArn });
    }
    return statements;
  }
}
