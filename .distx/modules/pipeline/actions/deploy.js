"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.S3DeployAction = exports.S3_CANNED_ACLS = exports.ServiceCatalogDeployAction = exports.ElasticBeanstalkDeployAction = exports.EcsBlueGreenDeployAction = exports.EcsDeployAction = exports.CodeDeployAction = void 0;
const cdktf_1 = require("cdktf");
const policy_1 = require("../../shared/policy");
const action_1 = require("../action");
const SINGLE_INPUT = { minInputs: 1, maxInputs: 1, minOutputs: 0, maxOutputs: 0 };
/**
 * The common props with `input` as the inputs list. Untyped callers (spread config) that also pass
 * `inputs` or `outputs` keep them, so the base class's artifact bounds reject them.
 */
function singleInput(props) {
    const extra = props.inputs ?? [];
    return { ...props, inputs: [...(props.input === undefined ? [] : [props.input]), ...extra] };
}
function requireName(where, field, value, pattern, rule) {
    if (!cdktf_1.Token.isUnresolved(value) && !pattern.test(value))
        throw new Error(`${where}: ${field} "${value}" is invalid; ${rule}`);
}
function requireRoleArns(where, field, arns) {
    for (const arn of arns) {
        if (!cdktf_1.Token.isUnresolved(arn) && !(0, policy_1.isRoleArn)(arn)) {
            throw new Error(`${where}: ${field} entry "${arn}" is not an IAM role ARN; pass the task and execution role ARNs, never "*"`);
        }
    }
}
/** A relative file path inside an artifact (no `Artifact::` prefix). */
function requireFileInArtifact(where, field, value) {
    if (!/^[^/\s:][^:]*$/.test(value) || value.includes("..")) {
        throw new Error(`${where}: ${field} "${value}" must be a relative file path inside the input artifact, e.g. "config/product.json"`);
    }
}
const CODEDEPLOY_NAME = /^.{1,100}$/;
/**
 * CodeDeploy on the deployment group and application. The CodeDeploy action's documented list adds
 * the List/GetDeploymentGroup calls (action-reference-CodeDeploy); CodeDeployToECS's does not.
 */
function codeDeployStatements(where, applicationName, deploymentGroupName, lists = false) {
    const arn = `arn:aws:codedeploy:${where.region}:${where.account}`;
    return [
        {
            Effect: "Allow",
            Action: ["codedeploy:CreateDeployment", "codedeploy:GetDeployment", ...(lists ? ["codedeploy:GetDeploymentGroup", "codedeploy:ListDeployments"] : [])],
            Resource: `${arn}:deploymentgroup:${applicationName}/${deploymentGroupName}`,
        },
        {
            Effect: "Allow",
            Action: ["codedeploy:GetApplication", "codedeploy:GetApplicationRevision", ...(lists ? ["codedeploy:ListDeploymentGroups"] : []), "codedeploy:RegisterApplicationRevision"],
            Resource: `${arn}:application:${applicationName}`,
        },
        // The group may use any predefined (CodeDeployDefault.*) or custom configuration of the account.
        { Effect: "Allow", Action: "codedeploy:GetDeploymentConfig", Resource: `${arn}:deploymentconfig:*` },
        // No resource type (Service Authorization Reference for CodeDeploy): "*".
        ...(lists ? [{ Effect: "Allow", Action: "codedeploy:ListDeploymentConfigs", Resource: "*" }] : []),
    ];
}
/**
 * RegisterTaskDefinition and tag-on-create of the new revision. The Service Authorization Reference
 * (Amazon ECS, list_amazonelasticcontainerservice.html) lists the required resource type
 * task-definition (`task-definition/${Family}:${Revision}`) for it, so it is scoped to the account and
 * region; the family is the service's current one (ECS) or the template's (blue/green), which the
 * action's props do not name.
 */
function registerTaskDefinitionStatements(where) {
    return [
        { Effect: "Allow", Action: "ecs:RegisterTaskDefinition", Resource: `arn:aws:ecs:${where.region}:${where.account}:task-definition/*` },
        // The new revision keeps the task definition's tags; tagging on create is authorized separately.
        {
            Effect: "Allow",
            Action: "ecs:TagResource",
            Resource: `arn:aws:ecs:${where.region}:${where.account}:task-definition/*`,
            Condition: { StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" } },
        },
    ];
}
function passTaskRoles(roleArns) {
    if (!roleArns?.length)
        return [];
    return [{ Effect: "Allow", Action: "iam:PassRole", Resource: [...roleArns], Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } }];
}
/** Deploys the input revision through a CodeDeploy deployment group (Server or Lambda compute platform). */
class CodeDeployAction extends action_1.Action {
    props;
    constructor(props) {
        super({ category: "Deploy", owner: "AWS", provider: "CodeDeploy", version: "1", artifactBounds: SINGLE_INPUT }, singleInput(props));
        this.props = props;
        const where = `action "${props.actionName}"`;
        requireName(where, "applicationName", props.applicationName, CODEDEPLOY_NAME, "use 1-100 characters");
        requireName(where, "deploymentGroupName", props.deploymentGroupName, CODEDEPLOY_NAME, "use 1-100 characters");
    }
    bind() {
        return { configuration: (0, action_1.definedConfig)({ ApplicationName: this.props.applicationName, DeploymentGroupName: this.props.deploymentGroupName }) };
    }
    runnerPermissions(where) {
        return codeDeployStatements(where, this.props.applicationName, this.props.deploymentGroupName, true);
    }
}
exports.CodeDeployAction = CodeDeployAction;
// ---------------------------------------------------------------------------
// ECS standard deploy
// ---------------------------------------------------------------------------
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
/** Rolling update of an ECS service to the images in `imagedefinitions.json`. */
class EcsDeployAction extends action_1.Action {
    props;
    constructor(props) {
        super({ category: "Deploy", owner: "AWS", provider: "ECS", version: "1", artifactBounds: SINGLE_INPUT }, singleInput(props));
        this.props = props;
        const where = `action "${props.actionName}"`;
        requireName(where, "clusterName", props.clusterName, ECS_NAME, "use the cluster name (1-255 letters, digits, _ and -), not its ARN");
        requireName(where, "serviceName", props.serviceName, ECS_NAME, "use the service name (1-255 letters, digits, _ and -), not its ARN");
        if (props.fileName !== undefined)
            requireFileInArtifact(where, "fileName", props.fileName);
        if (props.deploymentTimeout !== undefined)
            (0, policy_1.requireInt)(`${where}: deploymentTimeout`, props.deploymentTimeout, 1, 60);
        requireRoleArns(where, "taskRoleArns", props.taskRoleArns ?? []);
    }
    bind() {
        const p = this.props;
        return {
            configuration: (0, action_1.definedConfig)({
                ClusterName: p.clusterName,
                ServiceName: p.serviceName,
                FileName: p.fileName ?? "imagedefinitions.json",
                DeploymentTimeout: p.deploymentTimeout,
            }),
        };
    }
    runnerPermissions(where) {
        const p = this.props;
        const ecs = `arn:aws:ecs:${where.region}:${where.account}`;
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
exports.EcsDeployAction = EcsDeployAction;
/** ECS blue/green deployment (provider CodeDeployToECS): registers the task definition and shifts traffic through CodeDeploy. */
class EcsBlueGreenDeployAction extends action_1.Action {
    props;
    constructor(props) {
        super({
            category: "Deploy",
            owner: "AWS",
            provider: "CodeDeployToECS",
            version: "1",
            artifactBounds: { minInputs: 1, maxInputs: 5, minOutputs: 0, maxOutputs: 0 },
        }, props);
        this.props = props;
        const where = `action "${props.actionName}"`;
        const inputs = props.inputs ?? [];
        requireName(where, "applicationName", props.applicationName, CODEDEPLOY_NAME, "use 1-100 characters");
        requireName(where, "deploymentGroupName", props.deploymentGroupName, CODEDEPLOY_NAME, "use 1-100 characters");
        const images = props.images ?? [];
        if (images.length > 4)
            throw new Error(`${where}: images lists ${images.length} images; CodeDeployToECS substitutes at most 4 (Image1-Image4)`);
        const referenced = [
            ["taskDefinitionTemplateArtifact", props.taskDefinitionTemplateArtifact],
            ["appSpecTemplateArtifact", props.appSpecTemplateArtifact],
            ...images.map((img, i) => [`images[${i}].artifactName`, img.artifactName]),
        ];
        for (const [field, artifact] of referenced) {
            if (!inputs.includes(artifact))
                throw new Error(`${where}: ${field} "${artifact}" is not one of the action's inputs (${inputs.join(", ")}); add it to inputs`);
        }
        if (props.taskDefinitionTemplatePath !== undefined)
            requireFileInArtifact(where, "taskDefinitionTemplatePath", props.taskDefinitionTemplatePath);
        if (props.appSpecTemplatePath !== undefined)
            requireFileInArtifact(where, "appSpecTemplatePath", props.appSpecTemplatePath);
        images.forEach((img, i) => requireName(where, `images[${i}].containerName`, img.containerName, /^\S{1,255}$/, "use the placeholder name of the task definition, without spaces"));
        const names = images.map((img) => img.containerName);
        const dup = names.find((n, i) => names.indexOf(n) !== i);
        if (dup !== undefined)
            throw new Error(`${where}: images use containerName "${dup}" twice; each image needs its own placeholder`);
        requireRoleArns(where, "taskRoleArns", props.taskRoleArns ?? []);
    }
    bind() {
        const p = this.props;
        const images = {};
        (p.images ?? []).forEach((img, i) => {
            images[`Image${i + 1}ArtifactName`] = img.artifactName;
            images[`Image${i + 1}ContainerName`] = img.containerName;
        });
        return {
            configuration: (0, action_1.definedConfig)({
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
    runnerPermissions(where) {
        const p = this.props;
        return [...codeDeployStatements(where, p.applicationName, p.deploymentGroupName), ...registerTaskDefinitionStatements(where), ...passTaskRoles(p.taskRoleArns)];
    }
}
exports.EcsBlueGreenDeployAction = EcsBlueGreenDeployAction;
/** Deploys the input as a new application version of an Elastic Beanstalk environment. */
class ElasticBeanstalkDeployAction extends action_1.Action {
    props;
    constructor(props) {
        super({ category: "Deploy", owner: "AWS", provider: "ElasticBeanstalk", version: "1", artifactBounds: SINGLE_INPUT }, singleInput(props));
        this.props = props;
        const where = `action "${props.actionName}"`;
        requireName(where, "applicationName", props.applicationName, /^[^/]{1,100}$/, "use 1-100 characters without /");
        requireName(where, "environmentName", props.environmentName, /^[A-Za-z0-9](?:[A-Za-z0-9-]{2,38})[A-Za-z0-9]$/, "use 4-40 letters, digits and hyphens, not starting or ending with a hyphen");
    }
    bind() {
        return { configuration: (0, action_1.definedConfig)({ ApplicationName: this.props.applicationName, EnvironmentName: this.props.environmentName }) };
    }
    runnerPermissions(where) {
        const { applicationName: app, environmentName: env } = this.props;
        const eb = `arn:aws:elasticbeanstalk:${where.region}`;
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
            { Effect: "Allow", Action: "cloudformation:*", Resource: `arn:aws:cloudformation:${where.region}:${where.account}:stack/awseb-*/*` },
            { Effect: "Allow", Action: "s3:*", Resource: ["arn:aws:s3:::elasticbeanstalk-*", "arn:aws:s3:::elasticbeanstalk-*/*"] },
            {
                Effect: "Allow",
                Action: ["autoscaling:*", "cloudwatch:*", "ec2:*", "ecs:*", "elasticloadbalancing:*", "rds:*", "sns:*", "sqs:*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:RequestedRegion": where.region } },
            },
        ];
    }
}
exports.ElasticBeanstalkDeployAction = ElasticBeanstalkDeployAction;
/** Publishes the input template as a new version of a Service Catalog product. */
class ServiceCatalogDeployAction extends action_1.Action {
    props;
    constructor(props) {
        super({ category: "Deploy", owner: "AWS", provider: "ServiceCatalog", version: "1", artifactBounds: SINGLE_INPUT }, singleInput(props));
        this.props = props;
        const where = `action "${props.actionName}"`;
        requireName(where, "productId", props.productId, /^prod-[A-Za-z0-9]{1,50}$/, 'use the product id, e.g. "prod-abcdefghijklm"');
        const hasFile = props.configurationFilePath !== undefined;
        const hasTemplate = props.templateFilePath !== undefined;
        if (hasFile === hasTemplate) {
            throw new Error(`${where}: give either configurationFilePath (a configuration file) or templateFilePath (with the product version settings), not ${hasFile ? "both" : "neither"}`);
        }
        if (hasFile) {
            const extra = ["productVersionName", "productType", "productVersionDescription"].filter((k) => props[k] !== undefined);
            if (extra.length)
                throw new Error(`${where}: ${extra.join(", ")} belong in the configuration file when configurationFilePath is set; remove them`);
            requireFileInArtifact(where, "configurationFilePath", props.configurationFilePath);
        }
        else {
            requireFileInArtifact(where, "templateFilePath", props.templateFilePath);
            if (props.productType !== undefined && props.productType.trim() === "")
                throw new Error(`${where}: productType is empty; remove it for CLOUD_FORMATION_TEMPLATE`);
        }
    }
    bind() {
        const p = this.props;
        if (p.configurationFilePath !== undefined) {
            return { configuration: (0, action_1.definedConfig)({ ConfigurationFilePath: p.configurationFilePath, ProductId: p.productId }) };
        }
        return {
            configuration: (0, action_1.definedConfig)({
                TemplateFilePath: p.templateFilePath,
                ProductVersionName: p.productVersionName,
                ProductType: p.productType ?? "CLOUD_FORMATION_TEMPLATE",
                ProductVersionDescription: p.productVersionDescription,
                ProductId: p.productId,
            }),
        };
    }
    runnerPermissions(where) {
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
                Resource: `arn:aws:catalog:${where.region}:${where.account}:product/${this.props.productId}`,
            },
            // ValidateTemplate has no resource-level permissions: "*" is required.
            { Effect: "Allow", Action: "cloudformation:ValidateTemplate", Resource: "*" },
        ];
    }
}
exports.ServiceCatalogDeployAction = ServiceCatalogDeployAction;
exports.S3_CANNED_ACLS = [
    "private",
    "public-read",
    "public-read-write",
    "authenticated-read",
    "aws-exec-read",
    "bucket-owner-read",
    "bucket-owner-full-control",
    "log-delivery-write",
];
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
/** Uploads the input artifact to an S3 bucket, extracted or as one object. */
class S3DeployAction extends action_1.Action {
    props;
    constructor(props) {
        super({ category: "Deploy", owner: "AWS", provider: "S3", version: "1", artifactBounds: SINGLE_INPUT }, singleInput(props));
        this.props = props;
        const where = `action "${props.actionName}"`;
        (0, policy_1.requireBucketName)(`${where}: bucketName`, props.bucketName);
        if (typeof props.extract !== "boolean")
            throw new Error(`${where}: extract must be true (unzip into the bucket) or false (upload one object)`);
        if (!props.extract && (props.objectKey === undefined || props.objectKey === "")) {
            throw new Error(`${where}: objectKey is required when extract is false; name the object the artifact is uploaded as`);
        }
        if (props.objectKey !== undefined && (props.objectKey.startsWith("/") || props.objectKey.length > 1024)) {
            throw new Error(`${where}: objectKey "${props.objectKey}" must not start with "/" and must be at most 1024 characters`);
        }
        if (props.kmsEncryptionKeyArn !== undefined && !cdktf_1.Token.isUnresolved(props.kmsEncryptionKeyArn) && !KMS_KEY_ARN.test(props.kmsEncryptionKeyArn)) {
            throw new Error(`${where}: kmsEncryptionKeyArn "${props.kmsEncryptionKeyArn}" must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias or key id`);
        }
        if (props.cannedAcl !== undefined && !exports.S3_CANNED_ACLS.includes(props.cannedAcl)) {
            throw new Error(`${where}: cannedAcl "${props.cannedAcl}" must be one of ${exports.S3_CANNED_ACLS.join(", ")}`);
        }
        if (props.cacheControl !== undefined && props.cacheControl.trim() === "")
            throw new Error(`${where}: cacheControl is empty; remove it or give directives such as "max-age=3600"`);
    }
    bind() {
        const p = this.props;
        return {
            configuration: (0, action_1.definedConfig)({
                BucketName: p.bucketName,
                Extract: p.extract,
                ObjectKey: p.objectKey,
                KMSEncryptionKeyARN: p.kmsEncryptionKeyArn,
                CannedACL: p.cannedAcl,
                CacheControl: p.cacheControl,
            }),
        };
    }
    runnerPermissions() {
        const p = this.props;
        // Variables (#{...}) resolve at run time: any value may stand there.
        const key = p.objectKey?.replace(/#\{[^}]*\}/g, "*");
        const objects = p.extract ? `arn:aws:s3:::${p.bucketName}/${key ? `${key.replace(/\/+$/, "")}/*` : "*"}` : `arn:aws:s3:::${p.bucketName}/${key}`;
        const statements = [{ Effect: "Allow", Action: p.cannedAcl ? ["s3:PutObject", "s3:PutObjectAcl"] : "s3:PutObject", Resource: objects }];
        if (p.kmsEncryptionKeyArn !== undefined) {
            statements.push({ Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: p.kmsEncryptionKeyArn });
        }
        return statements;
    }
}
exports.S3DeployAction = S3DeployAction;
