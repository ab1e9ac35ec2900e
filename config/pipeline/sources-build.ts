import { z } from "zod";
import { CODEBUILD_COMPUTE_TYPES, CODEBUILD_ENVIRONMENT_TYPES, KMS_KEY_ARN } from "../../modules/shared/service-facts";
import { BUCKET, quote, tagMap } from "../primitives";
import { artifactName, commonActionFields, inputs, outputs, placementFields } from "./common";

// Source actions run in the tools account and the pipeline's region: no placement fields.
// CodeBuild actions run in the tools account and may run in another region: `region` only.
// Field names match the props of modules/pipeline/actions/sources.ts and codebuild.ts.

const CONNECTION_ARN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const pollForSourceChanges = z
  .boolean()
  .optional()
  .describe("Let CodePipeline poll for changes. Default false: an EventBridge rule (set up with the pipeline's events) starts it.");

const s3Bucket = z
  .strictObject({
    create: z
      .boolean()
      .optional()
      .describe(
        'true: the action creates a versioned, private, SSE-S3, TLS-only bucket that sends its events to EventBridge and expires replaced versions. Its name must start with the landing-zone name and "-". Default false.',
      ),
    bucketName: z.string().min(1).describe("Bucket name (new or existing)."),
    versioned: z.boolean().optional().describe("For an existing bucket: must be true, asserting that versioning is enabled (CodePipeline needs it)."),
    forceDestroy: z.boolean().optional().describe("For a created bucket: let terraform destroy delete it with its objects. Default false."),
    uploaderRoleArns: z
      .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { error: (i) => `${quote(i.input)} is not an IAM role ARN` }))
      .optional()
      .describe("For a created bucket: roles (of any account) allowed to upload, through the bucket policy."),
    noncurrentVersionExpirationDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .optional()
      .describe(
        "For a created bucket: days after which S3 deletes an object version that a newer upload replaced (the bucket stays versioned). 1-3650. Default 30.",
      ),
    kmsKeyArn: z
      .string()
      .regex(KMS_KEY_ARN, { error: (i) => `${quote(i.input)} is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)` })
      .optional()
      .describe("For an existing bucket: the customer-managed key of its objects; the pipeline role gets kms:Decrypt on it."),
  })
  .superRefine((b, ctx) => {
    if (b.create === true) {
      if (!BUCKET.test(b.bucketName)) {
        ctx.addIssue({
          code: "custom",
          path: ["bucketName"],
          input: b.bucketName,
          message: `${quote(b.bucketName)} is not a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)`,
        });
      }
      for (const field of ["versioned", "kmsKeyArn"] as const) {
        if (b[field] !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [field],
            input: b[field],
            message: `${field} applies to an existing bucket only; a created bucket is always versioned and SSE-S3 encrypted`,
          });
        }
      }
    } else {
      if (b.versioned !== true) {
        ctx.addIssue({
          code: "custom",
          path: ["versioned"],
          input: b.versioned,
          message:
            "S3 source bucket must be versioned; enable versioning or let the action create the bucket (versioned: true asserts it, create: true creates one)",
        });
      }
      for (const field of ["forceDestroy", "uploaderRoleArns", "noncurrentVersionExpirationDays"] as const) {
        if (b[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], input: b[field], message: `${field} applies to a created bucket only` });
      }
    }
  })
  .transform((b) =>
    b.create === true
      ? {
          create: true as const,
          bucketName: b.bucketName,
          ...(b.forceDestroy !== undefined ? { forceDestroy: b.forceDestroy } : {}),
          ...(b.uploaderRoleArns !== undefined ? { uploaderRoleArns: b.uploaderRoleArns } : {}),
          ...(b.noncurrentVersionExpirationDays !== undefined ? { noncurrentVersionExpirationDays: b.noncurrentVersionExpirationDays } : {}),
        }
      : { bucketName: b.bucketName, versioned: true as const, ...(b.kmsKeyArn !== undefined ? { kmsKeyArn: b.kmsKeyArn } : {}) },
  )
  .describe("The source bucket: { create: true, bucketName } or { bucketName, versioned: true }.");

export const s3SourceSchema = z
  .strictObject({
    type: z.literal("s3-source").describe("S3 source action."),
    ...commonActionFields,
    bucket: s3Bucket,
    objectKey: z
      .string()
      .min(1)
      .max(1000)
      .regex(/^[^*?]*$/, { error: (i) => `${quote(i.input)} contains "*" or "?"; give the literal object key` })
      .describe("Key of the source object, e.g. service/source.zip."),
    output: artifactName.describe("The output artifact."),
    pollForSourceChanges,
  })
  .describe("Source from a versioned S3 object. Output variables: ETag, VersionId.");

export const ecrSourceSchema = z
  .strictObject({
    type: z.literal("ecr-source").describe("ECR source action."),
    ...commonActionFields,
    repositoryName: z
      .string()
      .regex(/^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/, {
        error: (i) => `${quote(i.input)} is not an ECR repository name (lowercase segments separated by /); give the name, not the URI`,
      })
      .refine((n) => !/\.dkr\.ecr\.|\.amazonaws\.com/.test(n), {
        error: (i) => `${quote(i.input)} is an ECR registry URI; give only the repository name after the "/"`,
      })
      .describe("ECR repository in the tools account and pipeline region."),
    imageTag: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,299}$/, { error: (i) => `${quote(i.input)} is not a valid image tag` })
      .optional()
      .describe("Image tag that starts the pipeline. Default latest."),
    output: artifactName.describe("The output artifact (holds imageDetail.json)."),
  })
  .describe("Source from an ECR image tag. Output variables: RegistryId, RepositoryName, ImageTag, ImageDigest, ImageURI.");

export const codeCommitSourceSchema = z
  .strictObject({
    type: z.literal("codecommit-source").describe("CodeCommit source action."),
    ...commonActionFields,
    repositoryName: z
      .string()
      .regex(/^[\w.-]{1,100}$/, { error: (i) => `${quote(i.input)} is not a CodeCommit repository name (1-100 letters, digits, ._-)` })
      .describe("CodeCommit repository in the tools account and pipeline region."),
    branchName: z.string().min(1).max(256).describe("Branch to build."),
    output: artifactName.describe("The output artifact."),
    pollForSourceChanges,
    outputArtifactFormat: z
      .enum(["CODE_ZIP", "CODEBUILD_CLONE_REF"])
      .optional()
      .describe("Default CODE_ZIP; CODEBUILD_CLONE_REF only for downstream CodeBuild actions, whose roles get codecommit:GitPull on the repository."),
  })
  .describe("Source from a CodeCommit branch. Output variables: CommitId, CommitMessage, RepositoryName, BranchName, AuthorDate, CommitterDate.");

const environmentVariable = z.strictObject({
  name: z
    .string()
    .regex(VARIABLE_NAME, { error: (i) => `${quote(i.input)} is not a valid variable name (letters, digits, _; not starting with a digit)` })
    .refine((n) => !n.toUpperCase().startsWith("CODEBUILD_"), { error: (i) => `${quote(i.input)} starts with CODEBUILD_, which CodeBuild reserves` })
    .describe("Variable name."),
  value: z.string().describe("PLAINTEXT: the value; PARAMETER_STORE: the parameter name; SECRETS_MANAGER: secret-id[:json-key[:stage[:version]]]."),
  type: z.enum(["PLAINTEXT", "PARAMETER_STORE", "SECRETS_MANAGER"]).optional().describe("Default PLAINTEXT."),
});

const environmentVariables = (what: string) =>
  z
    .array(environmentVariable)
    .superRefine((vars, ctx) => {
      const seen = new Set<string>();
      vars.forEach((v, i) => {
        if (seen.has(v.name))
          ctx.addIssue({ code: "custom", path: [i, "name"], input: v.name, message: `${quote(v.name)} is listed twice; list each variable once` });
        seen.add(v.name);
      });
    })
    .optional()
    .describe(`Environment variables ${what}.`);

const LOG_RETENTION = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const codeBuildProjectSchema = z
  .strictObject({
    description: z.string().max(255).optional().describe("Project description."),
    buildspec: z.string().min(1).optional().describe("Inline buildspec text (YAML or JSON). Exactly one of buildspec and buildspecFile."),
    buildspecFile: z
      .string()
      .min(1)
      .optional()
      .describe("Path of the buildspec in the source, e.g. buildspec.yml. Exactly one of buildspec and buildspecFile."),
    computeType: z.enum(CODEBUILD_COMPUTE_TYPES).optional().describe("Default BUILD_GENERAL1_SMALL."),
    image: z.string().min(1).optional().describe("Build image. Default aws/codebuild/amazonlinux-x86_64-standard:5.0."),
    environmentType: z.enum(CODEBUILD_ENVIRONMENT_TYPES).optional().describe("Default LINUX_CONTAINER."),
    privilegedMode: z.boolean().optional().describe("Run the Docker daemon (building images). Default false."),
    environmentVariables: environmentVariables("of every build of the project"),
    timeoutInMinutes: z.number().int().min(5).max(2160).optional().describe("Build timeout in minutes (5-2160). Default 60."),
    logRetentionInDays: z
      .number()
      .int()
      .refine((d) => LOG_RETENTION.includes(d), {
        error: (i) => `${quote(i.input)} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION.join(", ")}`,
      })
      .optional()
      .describe("Days build logs are kept (0 = forever). Default 30."),
    logKmsKeyArn: z
      .string()
      .regex(KMS_KEY_ARN, { error: (i) => `${quote(i.input)} is not a KMS key ARN` })
      .optional()
      .describe("KMS key of the log group. Default: CloudWatch Logs' encryption."),
    batchBuilds: z
      .strictObject({
        combineArtifacts: z.boolean().optional().describe("Combine the batch's artifacts. Default false."),
        maximumBuildsAllowed: z.number().int().min(1).optional().describe("Most builds a batch may start."),
      })
      .optional()
      .describe("Enables batch builds for the project."),
    connectionArn: z
      .string()
      .regex(CONNECTION_ARN, { error: (i) => `${quote(i.input)} is not a CodeConnections connection ARN` })
      .optional()
      .describe("Connection the project itself uses. A CODEBUILD_CLONE_REF input from a connection source gets its connection without it."),
    tags: tagMap.optional().describe("Tags on the project, its role and log group."),
  })
  .superRefine((p, ctx) => {
    if ((p.buildspec === undefined) === (p.buildspecFile === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["buildspec"],
        input: p.buildspec,
        message: "give exactly one of buildspec (inline text) and buildspecFile (a path in the source)",
      });
    }
  })
  .describe("The CodeBuild project the action creates.");

export const codeBuildSchema = z
  .strictObject({
    type: z.literal("codebuild").describe("CodeBuild build or test action."),
    ...commonActionFields,
    region: placementFields.region,
    category: z.enum(["Build", "Test"]).optional().describe("Default Build."),
    project: codeBuildProjectSchema,
    projectName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,149}$/, { error: (i) => `${quote(i.input)} is not a valid CodeBuild project name (2-150 letters, digits, - or _)` })
      .optional()
      .describe(
        'Project name; must start with the landing-zone name and "-" (two landing zones may share an account). Default <name>-<pipeline>-<action> lowercased.',
      ),
    inputs: inputs(1, 5),
    outputs: outputs(0, 5).optional(),
    primarySource: artifactName.optional().describe("The primary input; required with several inputs."),
    batchEnabled: z.boolean().optional().describe("Run a batch build (needs project.batchBuilds). Default false."),
    combineArtifacts: z.boolean().optional().describe("Combine batch artifacts (needs batchEnabled). Default false."),
    environmentVariables: environmentVariables("this action passes to the build; values may use #{variables.x} and #{Namespace.Var}"),
    exportedVariables: z
      .array(z.string().regex(VARIABLE_NAME, { error: (i) => `${quote(i.input)} is not a valid variable name` }))
      .optional()
      .describe("Variables the buildspec exports (env.exported-variables): the action's output variables."),
  })
  .superRefine((a, ctx) => {
    if (a.primarySource === undefined && a.inputs.length > 1) {
      ctx.addIssue({
        code: "custom",
        path: ["primarySource"],
        input: undefined,
        message: `primarySource is required with several inputs; use one of ${a.inputs.join(", ")}`,
      });
    }
    if (a.primarySource !== undefined && !a.inputs.includes(a.primarySource)) {
      ctx.addIssue({
        code: "custom",
        path: ["primarySource"],
        input: a.primarySource,
        message: `${quote(a.primarySource)} is not an input; use one of ${a.inputs.join(", ")}`,
      });
    }
    if (a.combineArtifacts && !a.batchEnabled) {
      ctx.addIssue({ code: "custom", path: ["combineArtifacts"], input: a.combineArtifacts, message: "combineArtifacts needs batchEnabled: true" });
    }
    if (a.batchEnabled && !a.project.batchBuilds) {
      ctx.addIssue({
        code: "custom",
        path: ["batchEnabled"],
        input: a.batchEnabled,
        message: "batchEnabled needs project.batchBuilds; add project.batchBuilds: {}",
      });
    }
  })
  .describe("A CodeBuild build or test action; the project is created with the pipeline, in the tools account.");

/** The source (S3, ECR, CodeCommit) and CodeBuild action entries of the landing-zone file. */
export const sourceAndBuildActionSchemas = [s3SourceSchema, ecrSourceSchema, codeCommitSourceSchema, codeBuildSchema] as const;
