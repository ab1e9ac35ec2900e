"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deployActionSchemas = exports.s3DeploySchema = exports.serviceCatalogDeploySchema = exports.elasticBeanstalkDeploySchema = exports.ecsBlueGreenDeploySchema = exports.ecsDeploySchema = exports.codeDeploySchema = exports.cloudFormationStackInstancesSchema = exports.cloudFormationStackSetSchema = exports.cloudFormationDeploySchema = void 0;
const zod_1 = require("zod");
const primitives_1 = require("../primitives");
const common_1 = require("./common");
// Deploy action entries. Every deploy action may run in a target account and another region, so
// each takes the placement fields. Field names equal the props of
// modules/pipeline/actions/{cloudformation,deploy}.ts; the stacks layer adds roleArn (and, where
// deploymentRoleArn is left out, the target account's CloudFormation execution role).
// A production change-set deploy is two "cloudformation" entries: actionMode CHANGE_SET_REPLACE,
// then CHANGE_SET_EXECUTE at a higher runOrder with the same stackName and changeSetName.
// commonActionFields leaves timeoutInMinutes out: only manual approvals accept it.
const actionFields = common_1.commonActionFields;
const CFN_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const ARTIFACT_PATH = /^[A-Za-z0-9_-]{1,100}::\S.*$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const OU_OR_ROOT = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;
const cfnName = (what) => zod_1.z.string().regex(CFN_NAME, {
    error: (i) => `${(0, primitives_1.quote)(i.input)} is not a valid ${what}; start with a letter, use only letters, digits and hyphens (at most 128)`,
});
const artifactPath = zod_1.z.string().regex(ARTIFACT_PATH, {
    error: (i) => `${(0, primitives_1.quote)(i.input)} is not an artifact path; write "<InputArtifact>::<file>", e.g. "Build::template.yaml"`,
});
const roleArn = zod_1.z.string().regex(primitives_1.ROLE_ARN, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not an IAM role ARN such as "arn:aws:iam::123456789012:role/name"` });
const filePath = zod_1.z.string().regex(/^[^/\s:][^:]*$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a relative file path inside the input artifact` });
const percentage = zod_1.z.number().int().min(0).max(100);
const parameterMap = zod_1.z.record(zod_1.z.string().regex(/^[A-Za-z0-9]{1,255}$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a template parameter name` }), zod_1.z.string());
const regionList = zod_1.z.array(primitives_1.region).min(1, { error: "list at least one region" });
/** Adds an issue unless every artifact path's artifact is one of `inputs`. */
function checkArtifactInputs(ctx, entryInputs, fields) {
    for (const [field, value] of Object.entries(fields)) {
        if (value === undefined)
            continue;
        const artifact = value.split("::")[0];
        if (!(entryInputs ?? []).includes(artifact)) {
            ctx.addIssue({ code: "custom", path: [field], input: value, message: `artifact ${(0, primitives_1.quote)(artifact)} is not one of the action's inputs; add it to inputs` });
        }
    }
}
const WITH_TEMPLATE = ["CREATE_UPDATE", "REPLACE_ON_FAILURE", "CHANGE_SET_REPLACE"];
const CHANGE_SET = ["CHANGE_SET_REPLACE", "CHANGE_SET_EXECUTE"];
exports.cloudFormationDeploySchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("cloudformation"),
    ...actionFields,
    ...common_1.placementFields,
    actionMode: zod_1.z
        .enum(["CREATE_UPDATE", "DELETE_ONLY", "REPLACE_ON_FAILURE", "CHANGE_SET_REPLACE", "CHANGE_SET_EXECUTE"])
        .describe("What to do with the stack. Production: a CHANGE_SET_REPLACE entry, then a CHANGE_SET_EXECUTE entry at a higher runOrder."),
    stackName: cfnName("stack name").describe("The stack (letters, digits, hyphens; starts with a letter; at most 128)."),
    changeSetName: cfnName("change set name").optional().describe("Required for CHANGE_SET_REPLACE and CHANGE_SET_EXECUTE."),
    templatePath: artifactPath.optional().describe('Template as "<InputArtifact>::<file>"; required for CREATE_UPDATE, REPLACE_ON_FAILURE, CHANGE_SET_REPLACE.'),
    templateConfiguration: artifactPath.optional().describe('Template configuration file as "<InputArtifact>::<file>".'),
    parameterOverrides: zod_1.z.record(zod_1.z.string(), zod_1.z.string()).optional().describe("Parameter values, sent as JSON (at most 1 KB)."),
    capabilities: zod_1.z
        .array(zod_1.z.enum(["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]))
        .optional()
        .describe("Capabilities the template needs."),
    deploymentRoleArn: roleArn
        .optional()
        .describe("CloudFormation execution role passed to CloudFormation. Default: the target account's execution role. Not used by CHANGE_SET_EXECUTE."),
    outputFileName: zod_1.z.string().min(1).optional().describe("File the stack outputs are written to, in the one output artifact."),
    inputs: (0, common_1.inputs)(0, 10).optional(),
    outputs: (0, common_1.outputs)(0, 1).optional(),
})
    .superRefine((a, ctx) => {
    if (CHANGE_SET.includes(a.actionMode) && a.changeSetName === undefined) {
        ctx.addIssue({ code: "custom", path: ["changeSetName"], input: undefined, message: `actionMode ${a.actionMode} needs changeSetName` });
    }
    if (WITH_TEMPLATE.includes(a.actionMode) && a.templatePath === undefined) {
        ctx.addIssue({ code: "custom", path: ["templatePath"], input: undefined, message: `actionMode ${a.actionMode} needs templatePath ("<InputArtifact>::<file>")` });
    }
    if (a.actionMode === "CHANGE_SET_EXECUTE" && a.deploymentRoleArn !== undefined) {
        ctx.addIssue({ code: "custom", path: ["deploymentRoleArn"], input: a.deploymentRoleArn, message: "CHANGE_SET_EXECUTE runs with the change set's role; remove deploymentRoleArn" });
    }
    if ((a.outputFileName !== undefined) !== ((a.outputs ?? []).length === 1)) {
        ctx.addIssue({ code: "custom", path: ["outputFileName"], input: a.outputFileName, message: "outputFileName and exactly one output artifact go together" });
    }
    checkArtifactInputs(ctx, a.inputs, { templatePath: a.templatePath, templateConfiguration: a.templateConfiguration });
})
    .describe("CloudFormation: create/update/replace/delete a stack, or create/execute a change set.");
const stackSetOperationFields = {
    failureTolerancePercentage: percentage.optional().describe("Percentage (0-100) of failed accounts per region that stops the operation."),
    maxConcurrentPercentage: percentage.optional().describe("Percentage (0-100) of accounts deployed at once."),
};
exports.cloudFormationStackSetSchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("cloudformation-stackset"),
    ...actionFields,
    ...common_1.placementFields,
    stackSetName: cfnName("stack set name").describe("The stack set (letters, digits, hyphens; starts with a letter; at most 128)."),
    description: zod_1.z.string().max(1000).optional().describe("Description of the stack set."),
    templatePath: artifactPath.describe('Template as "<InputArtifact>::<file>" (at most 460,800 bytes).'),
    parameters: parameterMap.optional().describe("Template parameters (literal values without spaces or commas). Exclusive with parametersPath."),
    parametersPath: artifactPath.optional().describe('JSON parameters file as "<InputArtifact>::<file>". Exclusive with parameters.'),
    capabilities: zod_1.z.array(zod_1.z.enum(["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"])).optional().describe("IAM capabilities the template needs."),
    permissionModel: zod_1.z.enum(["SELF_MANAGED", "SERVICE_MANAGED"]).optional().describe("Default SELF_MANAGED."),
    administrationRoleArn: roleArn.optional().describe("SELF_MANAGED only. Default: AWSCloudFormationStackSetAdministrationRole of the account."),
    executionRoleName: zod_1.z
        .string()
        .regex(primitives_1.ROLE_NAME, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a valid IAM role name` })
        .optional()
        .describe("SELF_MANAGED only. Default: AWSCloudFormationStackSetExecutionRole."),
    organizationsAutoDeployment: zod_1.z
        .enum(["Enabled", "Disabled", "EnabledWithStackRetention"])
        .optional()
        .describe("SERVICE_MANAGED only; excludes deploymentTargets and regions."),
    deploymentTargets: zod_1.z
        .array(zod_1.z.string().min(1))
        .min(1)
        .optional()
        .describe("Account ids (SELF_MANAGED) or OU/root ids (SERVICE_MANAGED); needs regions."),
    regions: regionList.optional().describe("Regions of the stack instances; needs deploymentTargets."),
    ...stackSetOperationFields,
    inputs: (0, common_1.inputs)(1, 3),
})
    .superRefine((a, ctx) => {
    const serviceManaged = a.permissionModel === "SERVICE_MANAGED";
    if (a.parameters !== undefined && a.parametersPath !== undefined) {
        ctx.addIssue({ code: "custom", path: ["parametersPath"], input: a.parametersPath, message: "give parameters or parametersPath, not both" });
    }
    for (const field of ["administrationRoleArn", "executionRoleName"]) {
        if (serviceManaged && a[field] !== undefined) {
            ctx.addIssue({ code: "custom", path: [field], input: a[field], message: `${field} is for SELF_MANAGED stack sets; remove it` });
        }
    }
    if (!serviceManaged && a.organizationsAutoDeployment !== undefined) {
        ctx.addIssue({ code: "custom", path: ["organizationsAutoDeployment"], input: a.organizationsAutoDeployment, message: "organizationsAutoDeployment needs permissionModel SERVICE_MANAGED" });
    }
    if (a.organizationsAutoDeployment !== undefined && (a.deploymentTargets !== undefined || a.regions !== undefined)) {
        ctx.addIssue({ code: "custom", path: ["organizationsAutoDeployment"], input: a.organizationsAutoDeployment, message: "with organizationsAutoDeployment, remove deploymentTargets and regions" });
    }
    if ((a.deploymentTargets === undefined) !== (a.regions === undefined)) {
        ctx.addIssue({ code: "custom", path: [a.deploymentTargets === undefined ? "deploymentTargets" : "regions"], input: undefined, message: "deploymentTargets and regions go together; give both or neither" });
    }
    (a.deploymentTargets ?? []).forEach((t, i) => {
        const ok = serviceManaged ? OU_OR_ROOT.test(t) : primitives_1.ACCOUNT_ID.test(t);
        if (!ok) {
            ctx.addIssue({
                code: "custom",
                path: ["deploymentTargets", i],
                input: t,
                message: `${(0, primitives_1.quote)(t)} is not ${serviceManaged ? "an OU id (ou-...) or root id (r-...)" : "a 12-digit account id"}, which ${serviceManaged ? "SERVICE_MANAGED" : "SELF_MANAGED"} stack sets deploy to`,
            });
        }
    });
    checkArtifactInputs(ctx, a.inputs, { templatePath: a.templatePath, parametersPath: a.parametersPath });
})
    .describe("CloudFormation StackSet: create or update a stack set (and instances in deploymentTargets x regions).");
exports.cloudFormationStackInstancesSchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("cloudformation-stack-instances"),
    ...actionFields,
    ...common_1.placementFields,
    stackSetName: cfnName("stack set name").describe("The existing stack set."),
    deploymentTargets: zod_1.z
        .array(zod_1.z.string().regex(/^(\d{12}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not an account id, OU id (ou-...) or root id (r-...)` }))
        .min(1)
        .optional()
        .describe("Account ids, or OU/root ids, matching the stack set's permission model."),
    regions: regionList.describe("Regions of the instances."),
    parameterOverrides: parameterMap.optional().describe("Parameter overrides (literal values without spaces or commas). Exclusive with parameterOverridesPath."),
    parameterOverridesPath: artifactPath.optional().describe('JSON parameter overrides file as "<InputArtifact>::<file>".'),
    ...stackSetOperationFields,
    inputs: (0, common_1.inputs)(0, 2).optional(),
})
    .superRefine((a, ctx) => {
    if (a.parameterOverrides !== undefined && a.parameterOverridesPath !== undefined) {
        ctx.addIssue({ code: "custom", path: ["parameterOverridesPath"], input: a.parameterOverridesPath, message: "give parameterOverrides or parameterOverridesPath, not both" });
    }
    checkArtifactInputs(ctx, a.inputs, { parameterOverridesPath: a.parameterOverridesPath });
})
    .describe("CloudFormation StackInstances: create or update instances of an existing stack set.");
const codeDeployName = (what) => zod_1.z.string().min(1).max(100, { error: `a CodeDeploy ${what} has at most 100 characters` });
exports.codeDeploySchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("codedeploy"),
    ...actionFields,
    ...common_1.placementFields,
    applicationName: codeDeployName("application name").describe("CodeDeploy application (Server or Lambda compute platform)."),
    deploymentGroupName: codeDeployName("deployment group name").describe("Deployment group; its deployment configuration sets the rollout (in-place, blue/green, canary, linear)."),
    input: common_1.artifactName.describe("The revision bundle."),
})
    .describe("CodeDeploy: EC2/on-premises (in-place or blue/green) or Lambda deployment through a deployment group.");
const ecsName = (what) => zod_1.z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not an ECS ${what} name (1-255 letters, digits, _ and -); give the name, not the ARN` });
exports.ecsDeploySchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("ecs"),
    ...actionFields,
    ...common_1.placementFields,
    clusterName: ecsName("cluster").describe("The ECS cluster."),
    serviceName: ecsName("service").describe("The ECS service."),
    fileName: filePath.optional().describe("Image definitions file in the input. Default imagedefinitions.json."),
    deploymentTimeout: zod_1.z.number().int().min(1).max(60).optional().describe("Minutes (1-60) to wait for the deployment. Default 60."),
    taskRoleArns: zod_1.z.array(roleArn).optional().describe("Task and execution roles of the task definition (passed to ECS)."),
    input: common_1.artifactName.describe("Artifact with the image definitions file."),
})
    .describe("ECS: rolling update of a service to new images.");
exports.ecsBlueGreenDeploySchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("ecs-blue-green"),
    ...actionFields,
    ...common_1.placementFields,
    applicationName: codeDeployName("application name").describe("CodeDeploy application (compute platform ECS)."),
    deploymentGroupName: codeDeployName("deployment group name").describe("Deployment group bound to the ECS service."),
    taskDefinitionTemplateArtifact: common_1.artifactName.describe("Input artifact with the task definition template."),
    taskDefinitionTemplatePath: filePath.optional().describe("Default taskdef.json."),
    appSpecTemplateArtifact: common_1.artifactName.describe("Input artifact with the AppSpec file."),
    appSpecTemplatePath: filePath.optional().describe("Default appspec.yaml."),
    images: zod_1.z
        .array(zod_1.z.strictObject({
        artifactName: common_1.artifactName.describe("Input artifact with imageDetail.json."),
        containerName: zod_1.z.string().regex(/^\S{1,255}$/).describe("Placeholder name in the task definition, e.g. IMAGE1_NAME."),
    }))
        .max(4, { error: "CodeDeployToECS substitutes at most 4 images" })
        .optional()
        .describe("Images substituted into the task definition (Image1-Image4)."),
    taskRoleArns: zod_1.z.array(roleArn).optional().describe("Task and execution roles of the task definition (passed to ECS)."),
    inputs: (0, common_1.inputs)(1, 5),
})
    .superRefine((a, ctx) => {
    const refs = [
        [["taskDefinitionTemplateArtifact"], a.taskDefinitionTemplateArtifact],
        [["appSpecTemplateArtifact"], a.appSpecTemplateArtifact],
        ...(a.images ?? []).map((img, i) => [["images", i, "artifactName"], img.artifactName]),
    ];
    for (const [path, artifact] of refs) {
        if (!a.inputs.includes(artifact))
            ctx.addIssue({ code: "custom", path, input: artifact, message: `${(0, primitives_1.quote)(artifact)} is not one of the action's inputs; add it to inputs` });
    }
})
    .describe("ECS blue/green through CodeDeploy (CodeDeployToECS).");
exports.elasticBeanstalkDeploySchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("elastic-beanstalk"),
    ...actionFields,
    ...common_1.placementFields,
    applicationName: zod_1.z.string().regex(/^[^/]{1,100}$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not an Elastic Beanstalk application name (1-100 characters)` }).describe("The application."),
    environmentName: zod_1.z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,38}[A-Za-z0-9]$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not an environment name (4-40 letters, digits, hyphens; no hyphen at either end)` })
        .describe("The environment to update."),
    input: common_1.artifactName.describe("The application bundle."),
})
    .describe("Elastic Beanstalk: deploy a new application version to an environment.");
exports.serviceCatalogDeploySchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("service-catalog"),
    ...actionFields,
    ...common_1.placementFields,
    productId: zod_1.z.string().regex(/^prod-[A-Za-z0-9]{1,50}$/, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a Service Catalog product id (prod-...)` }).describe("The product that gets a new version."),
    configurationFilePath: filePath.optional().describe("Configuration file in the input. Exclusive with templateFilePath and the product version fields."),
    templateFilePath: filePath.optional().describe("Template file in the input (when there is no configuration file)."),
    productVersionName: zod_1.z.string().min(1).optional().describe("Name of the new product version (with templateFilePath)."),
    productType: zod_1.z.string().min(1).optional().describe("With templateFilePath. Default CLOUD_FORMATION_TEMPLATE."),
    productVersionDescription: zod_1.z.string().optional().describe("With templateFilePath."),
    input: common_1.artifactName.describe("Artifact with the template or configuration file."),
})
    .superRefine((a, ctx) => {
    if ((a.configurationFilePath === undefined) === (a.templateFilePath === undefined)) {
        ctx.addIssue({ code: "custom", path: ["templateFilePath"], input: a.templateFilePath, message: "give either configurationFilePath or templateFilePath (not both, not neither)" });
    }
    if (a.configurationFilePath !== undefined) {
        for (const field of ["productVersionName", "productType", "productVersionDescription"]) {
            if (a[field] !== undefined)
                ctx.addIssue({ code: "custom", path: [field], input: a[field], message: `${field} belongs in the configuration file; remove it` });
        }
    }
})
    .describe("Service Catalog: publish a new product version.");
exports.s3DeploySchema = zod_1.z
    .strictObject({
    type: zod_1.z.literal("s3-deploy"),
    ...actionFields,
    ...common_1.placementFields,
    bucketName: zod_1.z.string().regex(primitives_1.BUCKET, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a valid S3 bucket name` }).describe("Destination bucket."),
    extract: zod_1.z.boolean({ error: "extract must be true (unzip into the bucket) or false (upload one object)" }).describe("Unzip the artifact into the bucket (true) or upload it as one object (false)."),
    objectKey: zod_1.z.string().min(1).max(1024).optional().describe("Object key (required when extract is false) or key prefix when extracting; may use #{...} variables."),
    kmsEncryptionKeyArn: zod_1.z
        .string()
        .regex(KMS_KEY_ARN, { error: (i) => `${(0, primitives_1.quote)(i.input)} is not a KMS key ARN; aliases do not work cross-account, give arn:aws:kms:<region>:<account>:key/<id>` })
        .optional()
        .describe("Symmetric KMS key ARN the objects are encrypted with."),
    cannedAcl: zod_1.z
        .enum(["private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "bucket-owner-read", "bucket-owner-full-control", "log-delivery-write"])
        .optional()
        .describe("Canned ACL of the objects."),
    cacheControl: zod_1.z.string().min(1).optional().describe('Cache-Control header, e.g. "max-age=0, no-cache".'),
    input: common_1.artifactName.describe("The artifact to upload."),
})
    .superRefine((a, ctx) => {
    if (!a.extract && a.objectKey === undefined) {
        ctx.addIssue({ code: "custom", path: ["objectKey"], input: undefined, message: "objectKey is required when extract is false" });
    }
})
    .describe("S3: upload the artifact to a bucket, extracted or as one object.");
exports.deployActionSchemas = [
    exports.cloudFormationDeploySchema,
    exports.cloudFormationStackSetSchema,
    exports.cloudFormationStackInstancesSchema,
    exports.codeDeploySchema,
    exports.ecsDeploySchema,
    exports.ecsBlueGreenDeploySchema,
    exports.elasticBeanstalkDeploySchema,
    exports.serviceCatalogDeploySchema,
    exports.s3DeploySchema,
];
