import { z } from "zod";
import { ARTIFACT_PATH, CONFIGURATION_VALUE_MAX, KMS_KEY_ARN, S3_CANNED_ACLS } from "../../modules/shared/service-facts";
import { ACCOUNT_ID, BUCKET, quote, region, ROLE_ARN, ROLE_NAME } from "../primitives";
import { artifactName, commonActionFields, inputs, outputs, placementFields } from "./common";

// Deploy action entries. Every deploy action may run in a target account and another region, so
// each takes the placement fields. Field names equal the props of
// modules/pipeline/actions/{cloudformation,deploy}.ts; the stacks layer adds roleArn (and, where
// deploymentRoleArn is left out, the target account's CloudFormation execution role).
// A production change-set deploy is two "cloudformation" entries: actionMode CHANGE_SET_REPLACE,
// then CHANGE_SET_EXECUTE at a higher runOrder with the same stackName and changeSetName.

// commonActionFields leaves timeoutInMinutes out: only manual approvals accept it.
const actionFields = commonActionFields;

const CFN_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const OU_OR_ROOT = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;

const cfnName = (what: string) =>
  z.string().regex(CFN_NAME, {
    error: (i) => `${quote(i.input)} is not a valid ${what}; start with a letter, use only letters, digits and hyphens (at most 128)`,
  });

const artifactPath = z.string().regex(ARTIFACT_PATH, {
  error: (i) => `${quote(i.input)} is not an artifact path; write "<InputArtifact>::<file>", e.g. "Build::template.yaml"`,
});

const roleArn = z.string().regex(ROLE_ARN, { error: (i) => `${quote(i.input)} is not an IAM role ARN such as "arn:aws:iam::123456789012:role/name"` });

const filePath = z.string().regex(/^[^/\s:][^:]*$/, { error: (i) => `${quote(i.input)} is not a relative file path inside the input artifact` });

const percentage = z.number().int().min(0).max(100);

const parameterMap = z.record(z.string().regex(/^[A-Za-z0-9]{1,255}$/, { error: (i) => `${quote(i.input)} is not a template parameter name` }), z.string());

const regionList = z.array(region).min(1, { error: "list at least one region" });

/** Adds an issue unless every artifact path's artifact is one of `inputs`. */
function checkArtifactInputs(ctx: z.RefinementCtx, entryInputs: readonly string[] | undefined, fields: Record<string, string | undefined>): void {
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const artifact = value.split("::")[0]!;
    if (!(entryInputs ?? []).includes(artifact)) {
      ctx.addIssue({ code: "custom", path: [field], input: value, message: `artifact ${quote(artifact)} is not one of the action's inputs; add it to inputs` });
    }
  }
}

const WITH_TEMPLATE = ["CREATE_UPDATE", "REPLACE_ON_FAILURE", "CHANGE_SET_REPLACE"];
const CHANGE_SET = ["CHANGE_SET_REPLACE", "CHANGE_SET_EXECUTE"];

export const cloudFormationDeploySchema = z
  .strictObject({
    type: z.literal("cloudformation"),
    ...actionFields,
    ...placementFields,
    actionMode: z
      .enum(["CREATE_UPDATE", "DELETE_ONLY", "REPLACE_ON_FAILURE", "CHANGE_SET_REPLACE", "CHANGE_SET_EXECUTE"])
      .describe("What to do with the stack. Production: a CHANGE_SET_REPLACE entry, then a CHANGE_SET_EXECUTE entry at a higher runOrder."),
    stackName: cfnName("stack name").describe("The stack (letters, digits, hyphens; starts with a letter; at most 128)."),
    changeSetName: cfnName("change set name").optional().describe("Required for CHANGE_SET_REPLACE and CHANGE_SET_EXECUTE."),
    templatePath: artifactPath
      .optional()
      .describe('Template as "<InputArtifact>::<file>"; required for CREATE_UPDATE, REPLACE_ON_FAILURE, CHANGE_SET_REPLACE.'),
    templateConfiguration: artifactPath.optional().describe('Template configuration file as "<InputArtifact>::<file>".'),
    parameterOverrides: z.record(z.string(), z.string()).optional().describe("Parameter values, sent as JSON (at most 1 KB)."),
    capabilities: z
      .array(z.enum(["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]))
      .optional()
      .describe("Capabilities the template needs."),
    deploymentRoleArn: roleArn
      .optional()
      .describe("CloudFormation execution role passed to CloudFormation. Default: the target account's execution role. Not used by CHANGE_SET_EXECUTE."),
    outputFileName: z.string().min(1).optional().describe("File the stack outputs are written to, in the one output artifact."),
    inputs: inputs(0, 10).optional(),
    outputs: outputs(0, 1).optional(),
  })
  .superRefine((a, ctx) => {
    if (CHANGE_SET.includes(a.actionMode) && a.changeSetName === undefined) {
      ctx.addIssue({ code: "custom", path: ["changeSetName"], input: undefined, message: `actionMode ${a.actionMode} needs changeSetName` });
    }
    if (WITH_TEMPLATE.includes(a.actionMode) && a.templatePath === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["templatePath"],
        input: undefined,
        message: `actionMode ${a.actionMode} needs templatePath ("<InputArtifact>::<file>")`,
      });
    }
    if (a.actionMode === "CHANGE_SET_EXECUTE" && a.deploymentRoleArn !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["deploymentRoleArn"],
        input: a.deploymentRoleArn,
        message: "CHANGE_SET_EXECUTE runs with the change set's role; remove deploymentRoleArn",
      });
    }
    if ((a.outputFileName !== undefined) !== ((a.outputs ?? []).length === 1)) {
      ctx.addIssue({
        code: "custom",
        path: ["outputFileName"],
        input: a.outputFileName,
        message: "outputFileName and exactly one output artifact go together",
      });
    }
    checkArtifactInputs(ctx, a.inputs, { templatePath: a.templatePath, templateConfiguration: a.templateConfiguration });
  })
  .describe("CloudFormation: create/update/replace/delete a stack, or create/execute a change set.");

const stackSetOperationFields = {
  failureTolerancePercentage: percentage.optional().describe("Percentage (0-100) of failed accounts per region that stops the operation."),
  maxConcurrentPercentage: percentage.optional().describe("Percentage (0-100) of accounts deployed at once."),
};

export const cloudFormationStackSetSchema = z
  .strictObject({
    type: z.literal("cloudformation-stackset"),
    ...actionFields,
    ...placementFields,
    stackSetName: cfnName("stack set name").describe("The stack set (letters, digits, hyphens; starts with a letter; at most 128)."),
    description: z.string().max(1000).optional().describe("Description of the stack set."),
    templatePath: artifactPath.describe('Template as "<InputArtifact>::<file>" (at most 460,800 bytes).'),
    parameters: parameterMap.optional().describe("Template parameters (literal values without spaces or commas). Exclusive with parametersPath."),
    parametersPath: artifactPath.optional().describe('JSON parameters file as "<InputArtifact>::<file>". Exclusive with parameters.'),
    capabilities: z
      .array(z.enum(["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"]))
      .optional()
      .describe("IAM capabilities the template needs."),
    permissionModel: z.enum(["SELF_MANAGED", "SERVICE_MANAGED"]).optional().describe("Default SELF_MANAGED."),
    administrationRoleArn: roleArn.optional().describe("SELF_MANAGED only. Default: AWSCloudFormationStackSetAdministrationRole of the account."),
    executionRoleName: z
      .string()
      .regex(ROLE_NAME, { error: (i) => `${quote(i.input)} is not a valid IAM role name` })
      .optional()
      .describe("SELF_MANAGED only. Default: AWSCloudFormationStackSetExecutionRole."),
    organizationsAutoDeployment: z
      .enum(["Enabled", "Disabled", "EnabledWithStackRetention"])
      .optional()
      .describe("SERVICE_MANAGED only; excludes deploymentTargets and regions."),
    deploymentTargets: z.array(z.string().min(1)).min(1).optional().describe("Account ids (SELF_MANAGED) or OU/root ids (SERVICE_MANAGED); needs regions."),
    regions: regionList.optional().describe("Regions of the stack instances; needs deploymentTargets."),
    ...stackSetOperationFields,
    inputs: inputs(1, 3),
  })
  .superRefine((a, ctx) => {
    const serviceManaged = a.permissionModel === "SERVICE_MANAGED";
    if (a.parameters !== undefined && a.parametersPath !== undefined) {
      ctx.addIssue({ code: "custom", path: ["parametersPath"], input: a.parametersPath, message: "give parameters or parametersPath, not both" });
    }
    for (const field of ["administrationRoleArn", "executionRoleName"] as const) {
      if (serviceManaged && a[field] !== undefined) {
        ctx.addIssue({ code: "custom", path: [field], input: a[field], message: `${field} is for SELF_MANAGED stack sets; remove it` });
      }
    }
    if (!serviceManaged && a.organizationsAutoDeployment !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["organizationsAutoDeployment"],
        input: a.organizationsAutoDeployment,
        message: "organizationsAutoDeployment needs permissionModel SERVICE_MANAGED",
      });
    }
    if (a.organizationsAutoDeployment !== undefined && (a.deploymentTargets !== undefined || a.regions !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["organizationsAutoDeployment"],
        input: a.organizationsAutoDeployment,
        message: "with organizationsAutoDeployment, remove deploymentTargets and regions",
      });
    }
    if ((a.deploymentTargets === undefined) !== (a.regions === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [a.deploymentTargets === undefined ? "deploymentTargets" : "regions"],
        input: undefined,
        message: "deploymentTargets and regions go together; give both or neither",
      });
    }
    (a.deploymentTargets ?? []).forEach((t, i) => {
      const ok = serviceManaged ? OU_OR_ROOT.test(t) : ACCOUNT_ID.test(t);
      if (!ok) {
        ctx.addIssue({
          code: "custom",
          path: ["deploymentTargets", i],
          input: t,
          message: `${quote(t)} is not ${serviceManaged ? "an OU id (ou-...) or root id (r-...)" : "a 12-digit account id"}, which ${serviceManaged ? "SERVICE_MANAGED" : "SELF_MANAGED"} stack sets deploy to`,
        });
      }
    });
    checkArtifactInputs(ctx, a.inputs, { templatePath: a.templatePath, parametersPath: a.parametersPath });
  })
  .describe("CloudFormation StackSet: create or update a stack set (and instances in deploymentTargets x regions).");

export const cloudFormationStackInstancesSchema = z
  .strictObject({
    type: z.literal("cloudformation-stack-instances"),
    ...actionFields,
    ...placementFields,
    stackSetName: cfnName("stack set name").describe("The existing stack set."),
    deploymentTargets: z
      .array(
        z.string().regex(/^(\d{12}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/, {
          error: (i) => `${quote(i.input)} is not an account id, OU id (ou-...) or root id (r-...)`,
        }),
      )
      .min(1)
      .optional()
      .describe("Account ids, or OU/root ids, matching the stack set's permission model."),
    regions: regionList.describe("Regions of the instances."),
    parameterOverrides: parameterMap
      .optional()
      .describe("Parameter overrides (literal values without spaces or commas). Exclusive with parameterOverridesPath."),
    parameterOverridesPath: artifactPath.optional().describe('JSON parameter overrides file as "<InputArtifact>::<file>".'),
    ...stackSetOperationFields,
    inputs: inputs(0, 2).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.parameterOverrides !== undefined && a.parameterOverridesPath !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["parameterOverridesPath"],
        input: a.parameterOverridesPath,
        message: "give parameterOverrides or parameterOverridesPath, not both",
      });
    }
    checkArtifactInputs(ctx, a.inputs, { parameterOverridesPath: a.parameterOverridesPath });
  })
  .describe("CloudFormation StackInstances: create or update instances of an existing stack set.");

const codeDeployName = (what: string) =>
  z
    .string()
    .min(1)
    .max(100, { error: `a CodeDeploy ${what} has at most 100 characters` });

export const codeDeploySchema = z
  .strictObject({
    type: z.literal("codedeploy"),
    ...actionFields,
    ...placementFields,
    applicationName: codeDeployName("application name").describe("CodeDeploy application (Server or Lambda compute platform)."),
    deploymentGroupName: codeDeployName("deployment group name").describe(
      "Deployment group; its deployment configuration sets the rollout (in-place, blue/green, canary, linear).",
    ),
    input: artifactName.describe("The revision bundle."),
  })
  .describe("CodeDeploy: EC2/on-premises (in-place or blue/green) or Lambda deployment through a deployment group.");

const ecsName = (what: string) =>
  z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, {
    error: (i) => `${quote(i.input)} is not an ECS ${what} name (1-255 letters, digits, _ and -); give the name, not the ARN`,
  });

export const ecsDeploySchema = z
  .strictObject({
    type: z.literal("ecs"),
    ...actionFields,
    ...placementFields,
    clusterName: ecsName("cluster").describe("The ECS cluster."),
    serviceName: ecsName("service").describe("The ECS service."),
    fileName: filePath.optional().describe("Image definitions file in the input. Default imagedefinitions.json."),
    deploymentTimeout: z.number().int().min(1).max(60).optional().describe("Minutes (1-60) to wait for the deployment. Default 60."),
    taskRoleArns: z.array(roleArn).optional().describe("Task and execution roles of the task definition (passed to ECS)."),
    input: artifactName.describe("Artifact with the image definitions file."),
  })
  .describe("ECS: rolling update of a service to new images.");

export const ecsBlueGreenDeploySchema = z
  .strictObject({
    type: z.literal("ecs-blue-green"),
    ...actionFields,
    ...placementFields,
    applicationName: codeDeployName("application name").describe("CodeDeploy application (compute platform ECS)."),
    deploymentGroupName: codeDeployName("deployment group name").describe("Deployment group bound to the ECS service."),
    taskDefinitionTemplateArtifact: artifactName.describe("Input artifact with the task definition template."),
    taskDefinitionTemplatePath: filePath.optional().describe("Default taskdef.json."),
    appSpecTemplateArtifact: artifactName.describe("Input artifact with the AppSpec file."),
    appSpecTemplatePath: filePath.optional().describe("Default appspec.yaml."),
    images: z
      .array(
        z.strictObject({
          artifactName: artifactName.describe("Input artifact with imageDetail.json."),
          containerName: z
            .string()
            .regex(/^\S{1,255}$/)
            .describe("Placeholder name in the task definition, e.g. IMAGE1_NAME."),
        }),
      )
      .max(4, { error: "CodeDeployToECS substitutes at most 4 images" })
      .optional()
      .describe("Images substituted into the task definition (Image1-Image4)."),
    taskRoleArns: z.array(roleArn).optional().describe("Task and execution roles of the task definition (passed to ECS)."),
    inputs: inputs(1, 5),
  })
  .superRefine((a, ctx) => {
    const refs: [(string | number)[], string][] = [
      [["taskDefinitionTemplateArtifact"], a.taskDefinitionTemplateArtifact],
      [["appSpecTemplateArtifact"], a.appSpecTemplateArtifact],
      ...(a.images ?? []).map((img, i): [(string | number)[], string] => [["images", i, "artifactName"], img.artifactName]),
    ];
    for (const [path, artifact] of refs) {
      if (!a.inputs.includes(artifact))
        ctx.addIssue({ code: "custom", path, input: artifact, message: `${quote(artifact)} is not one of the action's inputs; add it to inputs` });
    }
  })
  .describe("ECS blue/green through CodeDeploy (CodeDeployToECS).");

export const elasticBeanstalkDeploySchema = z
  .strictObject({
    type: z.literal("elastic-beanstalk"),
    ...actionFields,
    ...placementFields,
    applicationName: z
      .string()
      .regex(/^[^/]{1,100}$/, { error: (i) => `${quote(i.input)} is not an Elastic Beanstalk application name (1-100 characters)` })
      .describe("The application."),
    environmentName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,38}[A-Za-z0-9]$/, {
        error: (i) => `${quote(i.input)} is not an environment name (4-40 letters, digits, hyphens; no hyphen at either end)`,
      })
      .describe("The environment to update."),
    input: artifactName.describe("The application bundle."),
  })
  .describe("Elastic Beanstalk: deploy a new application version to an environment.");

export const serviceCatalogDeploySchema = z
  .strictObject({
    type: z.literal("service-catalog"),
    ...actionFields,
    ...placementFields,
    productId: z
      .string()
      .regex(/^prod-[A-Za-z0-9]{1,50}$/, { error: (i) => `${quote(i.input)} is not a Service Catalog product id (prod-...)` })
      .describe("The product that gets a new version."),
    configurationFilePath: filePath.optional().describe("Configuration file in the input. Exclusive with templateFilePath and the product version fields."),
    templateFilePath: filePath.optional().describe("Template file in the input (when there is no configuration file)."),
    productVersionName: z.string().min(1).optional().describe("Name of the new product version (with templateFilePath)."),
    productType: z.string().min(1).optional().describe("With templateFilePath. Default CLOUD_FORMATION_TEMPLATE."),
    productVersionDescription: z.string().optional().describe("With templateFilePath."),
    input: artifactName.describe("Artifact with the template or configuration file."),
  })
  .superRefine((a, ctx) => {
    if ((a.configurationFilePath === undefined) === (a.templateFilePath === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["templateFilePath"],
        input: a.templateFilePath,
        message: "give either configurationFilePath or templateFilePath (not both, not neither)",
      });
    }
    if (a.configurationFilePath !== undefined) {
      for (const field of ["productVersionName", "productType", "productVersionDescription"] as const) {
        if (a[field] !== undefined)
          ctx.addIssue({ code: "custom", path: [field], input: a[field], message: `${field} belongs in the configuration file; remove it` });
      }
    }
  })
  .describe("Service Catalog: publish a new product version.");

export const s3DeploySchema = z
  .strictObject({
    type: z.literal("s3-deploy"),
    ...actionFields,
    ...placementFields,
    bucketName: z
      .string()
      .regex(BUCKET, { error: (i) => `${quote(i.input)} is not a valid S3 bucket name` })
      .describe("Destination bucket."),
    extract: z
      .boolean({ error: "extract must be true (unzip into the bucket) or false (upload one object)" })
      .describe("Unzip the artifact into the bucket (true) or upload it as one object (false)."),
    objectKey: z
      .string()
      .min(1)
      // An S3 key may have 1024 bytes, but a configuration value only 1000 characters.
      .max(CONFIGURATION_VALUE_MAX)
      .optional()
      .describe("Object key (required when extract is false) or key prefix when extracting; may use #{...} variables."),
    kmsEncryptionKeyArn: z
      .string()
      .regex(KMS_KEY_ARN, {
        error: (i) => `${quote(i.input)} is not a KMS key ARN; aliases do not work cross-account, give arn:aws:kms:<region>:<account>:key/<id>`,
      })
      .optional()
      .describe("Symmetric KMS key ARN the objects are encrypted with."),
    cannedAcl: z.enum(S3_CANNED_ACLS).optional().describe("Canned ACL of the objects."),
    cacheControl: z.string().min(1).optional().describe('Cache-Control header, e.g. "max-age=0, no-cache".'),
    input: artifactName.describe("The artifact to upload."),
  })
  .superRefine((a, ctx) => {
    if (!a.extract && a.objectKey === undefined) {
      ctx.addIssue({ code: "custom", path: ["objectKey"], input: undefined, message: "objectKey is required when extract is false" });
    }
  })
  .describe("S3: upload the artifact to a bucket, extracted or as one object.");

export const deployActionSchemas = [
  cloudFormationDeploySchema,
  cloudFormationStackSetSchema,
  cloudFormationStackInstancesSchema,
  codeDeploySchema,
  ecsDeploySchema,
  ecsBlueGreenDeploySchema,
  elasticBeanstalkDeploySchema,
  serviceCatalogDeploySchema,
  s3DeploySchema,
] as const;
