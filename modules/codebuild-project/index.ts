import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { boundedName } from "../shared/names";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import type { LogGroupEncryptionKey } from "../log-group-key";
import { artifactAccessStatements, artifactIdentityStatements, ArtifactStoreRef } from "../shared/artifacts";
import { policyJson, PolicyStatement, requireAccountId, requireInt, requireRoleName, useConnectionActions } from "../shared/policy";
import { arnPrefix, iamRoleArn, partitionOfRegion } from "../shared/partition";

import {
  CODEBUILD_COMPUTE_TYPES,
  CODEBUILD_ENVIRONMENT_TYPES,
  type CodeBuildComputeType,
  type CodeBuildEnvironmentType,
  KMS_KEY_ARN,
} from "../shared/service-facts";

export { CODEBUILD_COMPUTE_TYPES, CODEBUILD_ENVIRONMENT_TYPES, type CodeBuildComputeType, type CodeBuildEnvironmentType };

export const CODEBUILD_VARIABLE_TYPES = ["PLAINTEXT", "PARAMETER_STORE", "SECRETS_MANAGER"] as const;
export type CodeBuildVariableType = (typeof CODEBUILD_VARIABLE_TYPES)[number];

/** The values CloudWatch Logs accepts for retention_in_days (0 = never expire). */
export const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const DEFAULT_CODEBUILD_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";

/** An environment variable of a build. */
export interface CodeBuildEnvironmentVariable {
  /** Variable name: a letter or `_`, then letters, digits or `_`; must not start with `CODEBUILD_` (reserved). */
  readonly name: string;
  /**
   * PLAINTEXT: the value itself. PARAMETER_STORE: the parameter name (or ARN). SECRETS_MANAGER:
   * `secret-id[:json-key[:version-stage[:version-id]]]`, where secret-id is the secret's name or complete ARN.
   */
  readonly value: string;
  /**
   * For PARAMETER_STORE and SECRETS_MANAGER the project role is granted `ssm:GetParameters` /
   * `secretsmanager:GetSecretValue` on exactly that parameter or secret. Parameters and secrets encrypted
   * with a customer-managed key also need `kms:Decrypt` on it (add it with `extraStatements`).
   * @default "PLAINTEXT"
   */
  readonly type?: CodeBuildVariableType;
}

/** Batch builds (build graph, list or matrix in the buildspec's `batch` section). */
export interface CodeBuildBatchProps {
  /**
   * Combine the artifacts of the batch's builds into one location.
   * @default false
   */
  readonly combineArtifacts?: boolean;
  /**
   * Most builds one batch may start. The service's upper bound is not enforced here (not verified).
   * @default the service's
   */
  readonly maximumBuildsAllowed?: number;
}

/** What a project builds and how; shared by {@link CodeBuildProjectProps} and the pipeline's CodeBuild action. */
export interface CodeBuildProjectSpec {
  /** @default none */
  readonly description?: string;
  /**
   * Inline buildspec text (YAML or JSON, with a `version` key). Exactly one of `buildspec` and
   * `buildspecFile` is required.
   * @default none
   */
  readonly buildspec?: string;
  /**
   * Path of the buildspec file in the (primary) source, e.g. `ci/buildspec.yml`.
   * Exactly one of `buildspec` and `buildspecFile` is required.
   * @default none
   */
  readonly buildspecFile?: string;
  /**
   * Compute size. BUILD_LAMBDA_* needs environmentType LINUX_LAMBDA_CONTAINER or ARM_LAMBDA_CONTAINER.
   * @default "BUILD_GENERAL1_SMALL"
   */
  readonly computeType?: CodeBuildComputeType;
  /**
   * Build image (CodeBuild curated image or a public registry image).
   * @default "aws/codebuild/amazonlinux-x86_64-standard:5.0"
   */
  readonly image?: string;
  /** @default "LINUX_CONTAINER" */
  readonly environmentType?: CodeBuildEnvironmentType;
  /**
   * Run the Docker daemon (needed to build images); not available on Lambda compute.
   * @default false
   */
  readonly privilegedMode?: boolean;
  /** Environment variables of every build of the project. @default [] */
  readonly environmentVariables?: CodeBuildEnvironmentVariable[];
  /**
   * Minutes before a build times out (5-2160).
   * @default 60
   */
  readonly timeoutInMinutes?: number;
  /**
   * Days the build logs are kept; one of {@link LOG_RETENTION_DAYS} (0 keeps them forever).
   * @default 30
   */
  readonly logRetentionInDays?: number;
  /**
   * ARN of a customer-managed KMS key of your own that encrypts the log group. Its key policy must let
   * `logs.<region>.amazonaws.com` use it for this log group (see {@link LogGroupKey}).
   * @default the `logEncryptionKey` of the project props, else CloudWatch Logs' own encryption
   */
  readonly logKmsKeyArn?: string;
  /**
   * Enables batch builds: adds `build_batch_config`, whose service role (the project role) may start,
   * stop and retry builds of this project only.
   * @default none (no batch builds)
   */
  readonly batchBuilds?: CodeBuildBatchProps;
  /**
   * CodeConnections connection the build uses, e.g. to clone a CODEBUILD_CLONE_REF source artifact of a
   * CodeStarSourceConnection action: the project role gets `UseConnection` on it. (For a CodeCommit
   * CODEBUILD_CLONE_REF source, grant `codecommit:GitPull` on the repository with `extraStatements`.)
   * @default none
   */
  readonly connectionArn?: string;
  /**
   * Further statements for the project role (e.g. pushing to an ECR repository). No `*` actions and no
   * `sts:AssumeRole` on `*`.
   * @default []
   */
  readonly extraStatements?: PolicyStatement[];
  /** Tags on the project, role and log group. @default {} */
  readonly tags?: Record<string, string>;
}

export interface CodeBuildProjectProps extends CodeBuildProjectSpec {
  /** 2-150 letters, digits, `-` and `_`, starting with a letter or digit; unique in the account and region. */
  readonly projectName: string;
  /** Account the project is created in (for the ARNs its role is scoped to). */
  readonly accountId: string;
  /**
   * The artifact store of the project's region: the role reads and writes its objects and uses its key,
   * and the key encrypts the build output (`encryption_key`).
   */
  readonly artifactStore: ArtifactStoreRef;
  /**
   * What the project does with artifacts: a project that produces no output artifact (tests) only
   * reads them, so it cannot overwrite another execution's artifacts.
   * @default "readWrite"
   */
  readonly artifactAccess?: "read" | "readWrite";
  /**
   * Object keys of the store the role may use, when it is shared by several pipelines: the
   * pipeline's folder to read and its own output artifacts' folders to write (see
   * `pipelineArtifactKeys` / `artifactKeys`). Replaces `artifactAccess`.
   * @default the whole store, as `artifactAccess` says
   */
  readonly artifactKeys?: { readonly read: readonly string[]; readonly write: readonly string[] };
  /**
   * Region to create the project and log group in (provider 6 per-resource `region`); must be the
   * artifact store's region.
   * @default the provider's region (ARNs then use the artifact store's region)
   */
  readonly region?: string;
  /**
   * Name of the project's service role.
   * @default {@link codeBuildRoleName}(projectName)
   */
  readonly roleName?: string;
  /**
   * A customer-managed key shared by the log groups of one account and region (a {@link LogGroupKey}):
   * the log group is encrypted with it, and registers with it so that its key policy lets CloudWatch
   * Logs use it for exactly this log group. Ignored when `logKmsKeyArn` (a key of your own) is set.
   * @default none (`logKmsKeyArn`, else CloudWatch Logs' own encryption)
   */
  readonly logEncryptionKey?: LogGroupEncryptionKey;
}

const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,149}$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONNECTION_ARN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/;

/** Default name of a project's service role (IAM: at most 64 characters). @internal */
export function codeBuildRoleName(projectName: string): string {
  return boundedName(`codebuild-${projectName}`, 64);
}

/** Literal ARN of a project. @internal */
export function codeBuildProjectArn(region: string, accountId: string, projectName: string): string {
  return `${arnPrefix(region)}:codebuild:${region}:${accountId}:project/${projectName}`;
}

/**
 * Validates a list of CodeBuild environment variables (names, types, duplicates); `field` names the
 * list in messages.
 * @internal
 */
export function validateEnvironmentVariables(field: string, variables: readonly CodeBuildEnvironmentVariable[]): void {
  const seen = new Set<string>();
  for (const v of variables) {
    if (!VARIABLE_NAME.test(v.name)) {
      throw new Error(`${field}: name "${v.name}" must start with a letter or "_" and hold only letters, digits and "_"`);
    }
    if (v.name.toUpperCase().startsWith("CODEBUILD_")) {
      throw new Error(`${field}: name "${v.name}" starts with "CODEBUILD_", which CodeBuild reserves; rename it`);
    }
    if (seen.has(v.name)) throw new Error(`${field}: "${v.name}" is listed twice; list each variable once`);
    seen.add(v.name);
    const type = v.type ?? "PLAINTEXT";
    if (!(CODEBUILD_VARIABLE_TYPES as readonly string[]).includes(type)) {
      throw new Error(`${field}: "${v.name}" has type "${type}"; use one of ${CODEBUILD_VARIABLE_TYPES.join(", ")}`);
    }
    if (type !== "PLAINTEXT" && (Token.isUnresolved(v.value) || v.value.includes("#{") || v.value.trim() === "")) {
      throw new Error(
        `${field}: "${v.name}" is a ${type} variable, so its value must be a literal parameter or secret name; the project role is scoped to exactly that resource`,
      );
    }
  }
}

/**
 * Statements that let a build resolve the PARAMETER_STORE and SECRETS_MANAGER variables, on exactly
 * those parameters and secrets in `region`/`accountId` (ARN values are used as given).
 * @internal
 */
export function environmentVariableStatements(variables: readonly CodeBuildEnvironmentVariable[], region: string, accountId: string): PolicyStatement[] {
  const parameters = new Set<string>();
  const secrets = new Set<string>();
  for (const v of variables) {
    if (v.type === "PARAMETER_STORE") {
      parameters.add(v.value.startsWith("arn:") ? v.value : `${arnPrefix(region)}:ssm:${region}:${accountId}:parameter/${v.value.replace(/^\//, "")}`);
    } else if (v.type === "SECRETS_MANAGER") {
      // secret-id:json-key:version-stage:version-id; an ARN itself holds six colons.
      if (v.value.startsWith("arn:")) {
        secrets.add(v.value.split(":").slice(0, 7).join(":"));
      } else {
        // Secret ARNs end in "-" and six random characters.
        secrets.add(`${arnPrefix(region)}:secretsmanager:${region}:${accountId}:secret:${v.value.split(":")[0]}-??????`);
      }
    }
  }
  const out: PolicyStatement[] = [];
  if (parameters.size) out.push({ Sid: "BuildParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [...parameters].sort() });
  if (secrets.size) out.push({ Sid: "BuildSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [...secrets].sort() });
  return out;
}

/**
 * A CodeBuild project whose source and artifacts come from CodePipeline, with its own least-privilege
 * service role and log group. Knows nothing of pipelines: it takes an artifact store and a region.
 */
export class CodeBuildProject extends Construct {
  readonly project: CodebuildProject;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly projectName: string;
  /** Literal ARN of the project. */
  readonly projectArn: string;
  readonly roleName: string;
  /** Literal ARN of the service role (for key and bucket policies written before the role exists). */
  readonly roleArn: string;
  /** Whether the project has a batch build configuration. */
  readonly batchEnabled: boolean;

  constructor(scope: Construct, id: string, props: CodeBuildProjectProps) {
    super(scope, id);
    const where = `CodeBuild project "${props.projectName}"`;
    if (!Token.isUnresolved(props.projectName) && !PROJECT_NAME.test(props.projectName)) {
      throw new Error(`${where}: projectName must be 2-150 letters, digits, "-" or "_", starting with a letter or digit`);
    }
    requireAccountId(`${where}: accountId`, props.accountId);
    const region = props.region ?? props.artifactStore.region;
    if (
      props.region !== undefined &&
      !Token.isUnresolved(props.region) &&
      !Token.isUnresolved(props.artifactStore.region) &&
      props.region !== props.artifactStore.region
    ) {
      throw new Error(
        `${where}: artifactStore is in "${props.artifactStore.region}" but the project in "${props.region}"; pass the artifact store of the project's region`,
      );
    }
    const spec = resolveSpec(where, props);
    const roleName = requireRoleName(`${where}: roleName`, props.roleName ?? codeBuildRoleName(props.projectName));

    this.projectName = props.projectName;
    this.projectArn = codeBuildProjectArn(region, props.accountId, props.projectName);
    this.roleName = roleName;
    this.roleArn = iamRoleArn(partitionOfRegion(region), props.accountId, roleName);
    this.batchEnabled = props.batchBuilds !== undefined;
    const regional = props.region !== undefined ? { region: props.region } : {};
    const tags = props.tags ?? {};
    const logGroupName = `/aws/codebuild/${props.projectName}`;
    const sharedKey = props.logKmsKeyArn === undefined ? props.logEncryptionKey : undefined;
    if (sharedKey && !Token.isUnresolved(sharedKey.region) && !Token.isUnresolved(region) && sharedKey.region !== region) {
      throw new Error(
        `${where}: logEncryptionKey is in "${sharedKey.region}" but the log group in "${region}"; CloudWatch Logs uses only a key of the log group's region`,
      );
    }
    sharedKey?.allowLogGroup(logGroupName);
    const logKmsKeyArn = props.logKmsKeyArn ?? sharedKey?.keyArn;

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      ...regional,
      name: logGroupName,
      retentionInDays: spec.logRetentionInDays,
      ...(logKmsKeyArn !== undefined ? { kmsKeyId: logKmsKeyArn } : {}),
      tags,
    });

    this.role = new IamRole(this, "role", {
      name: roleName,
      description: `Service role of CodeBuild project ${props.projectName}`,
      assumeRolePolicy: policyJson({
        Effect: "Allow",
        Principal: { Service: "codebuild.amazonaws.com" },
        Action: "sts:AssumeRole",
      }),
      tags,
    });

    const statements: PolicyStatement[] = [
      {
        Sid: "BuildLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${arnPrefix(region)}:logs:${region}:${props.accountId}:log-group:${logGroupName}:log-stream:*`,
      },
      ...(props.artifactKeys
        ? artifactAccessStatements([{ store: props.artifactStore, read: props.artifactKeys.read, write: props.artifactKeys.write }])
        : artifactIdentityStatements([props.artifactStore], props.artifactAccess ?? "readWrite")),
      ...environmentVariableStatements(props.environmentVariables ?? [], region, props.accountId),
    ];
    if (props.batchBuilds) {
      statements.push({
        Sid: "BatchBuildsOfThisProject",
        Effect: "Allow",
        Action: ["codebuild:RetryBuild", "codebuild:StartBuild", "codebuild:StopBuild"],
        Resource: this.projectArn,
      });
    }
    if (props.connectionArn !== undefined) {
      statements.push({
        Sid: "UseConnection",
        Effect: "Allow",
        Action: useConnectionActions(props.connectionArn),
        Resource: props.connectionArn,
      });
    }
    statements.push(...(props.extraStatements ?? []));
    const rolePolicy = new IamRolePolicy(this, "role-policy", {
      role: this.role.name,
      name: "codebuild-project",
      policy: policyJson(...statements),
    });

    this.project = new CodebuildProject(this, "project", {
      ...regional,
      name: props.projectName,
      ...(props.description !== undefined ? { description: props.description } : {}),
      serviceRole: this.role.arn,
      encryptionKey: props.artifactStore.keyArn,
      buildTimeout: spec.timeoutInMinutes,
      source: { type: "CODEPIPELINE", buildspec: spec.buildspec },
      artifacts: { type: "CODEPIPELINE" },
      environment: {
        computeType: spec.computeType,
        image: spec.image,
        type: spec.environmentType,
        privilegedMode: spec.privilegedMode,
        imagePullCredentialsType: "CODEBUILD",
        environmentVariable: (props.environmentVariables ?? []).map((v) => ({ name: v.name, value: v.value, type: v.type ?? "PLAINTEXT" })),
      },
      logsConfig: { cloudwatchLogs: { groupName: this.logGroup.name, status: "ENABLED" } },
      ...(props.batchBuilds
        ? {
            buildBatchConfig: {
              serviceRole: this.role.arn,
              combineArtifacts: props.batchBuilds.combineArtifacts ?? false,
              ...(props.batchBuilds.maximumBuildsAllowed !== undefined
                ? { restrictions: { maximumBuildsAllowed: props.batchBuilds.maximumBuildsAllowed } }
                : {}),
            },
          }
        : {}),
      tags,
      // The first build must find its permissions in place.
      dependsOn: [rolePolicy],
    });
  }
}

interface ResolvedSpec {
  readonly buildspec: string;
  readonly computeType: CodeBuildComputeType;
  readonly image: string;
  readonly environmentType: CodeBuildEnvironmentType;
  readonly privilegedMode: boolean;
  readonly timeoutInMinutes: number;
  readonly logRetentionInDays: number;
}

/** Defaults and validation of a project spec; `where` prefixes every message. @internal */
export function resolveSpec(where: string, spec: CodeBuildProjectSpec): ResolvedSpec {
  if ((spec.buildspec === undefined) === (spec.buildspecFile === undefined)) {
    throw new Error(
      `${where}: give exactly one of buildspec (the inline buildspec text) and buildspecFile (a path in the source), got ${spec.buildspec === undefined ? "neither" : "both"}`,
    );
  }
  if (spec.buildspec !== undefined && !Token.isUnresolved(spec.buildspec) && !/(^|[\s{,"'])version["']?\s*:/.test(spec.buildspec)) {
    // CodeBuild reads a single-line value as a file path; insist on real buildspec text here.
    throw new Error(`${where}: buildspec must be the buildspec text with a "version" key; to use a file in the source, set buildspecFile instead`);
  }
  if (spec.buildspecFile !== undefined && !Token.isUnresolved(spec.buildspecFile)) {
    const f = spec.buildspecFile;
    if (f.trim() === "" || /[\r\n]/.test(f) || f.startsWith("/")) {
      throw new Error(`${where}: buildspecFile "${f}" must be a relative path in the source such as "buildspec.yml" (inline text goes in buildspec)`);
    }
  }
  if (spec.description !== undefined && spec.description.length > 255) {
    throw new Error(`${where}: description is ${spec.description.length} characters; CodeBuild allows at most 255`);
  }
  const computeType = spec.computeType ?? "BUILD_GENERAL1_SMALL";
  if (!(CODEBUILD_COMPUTE_TYPES as readonly string[]).includes(computeType)) {
    throw new Error(`${where}: computeType "${computeType}" is not supported; use one of ${CODEBUILD_COMPUTE_TYPES.join(", ")}`);
  }
  const environmentType = spec.environmentType ?? "LINUX_CONTAINER";
  if (!(CODEBUILD_ENVIRONMENT_TYPES as readonly string[]).includes(environmentType)) {
    throw new Error(`${where}: environmentType "${environmentType}" is not supported; use one of ${CODEBUILD_ENVIRONMENT_TYPES.join(", ")}`);
  }
  const lambdaCompute = computeType.startsWith("BUILD_LAMBDA_");
  const lambdaEnvironment = environmentType.endsWith("_LAMBDA_CONTAINER");
  if (lambdaCompute !== lambdaEnvironment) {
    throw new Error(
      `${where}: computeType "${computeType}" does not fit environmentType "${environmentType}"; BUILD_LAMBDA_* compute runs only (and only it runs) on LINUX_LAMBDA_CONTAINER or ARM_LAMBDA_CONTAINER`,
    );
  }
  const privilegedMode = spec.privilegedMode ?? false;
  if (privilegedMode && lambdaCompute) {
    throw new Error(`${where}: privilegedMode is not available on Lambda compute; use a BUILD_GENERAL1_* computeType with a container environmentType`);
  }
  const image = spec.image ?? DEFAULT_CODEBUILD_IMAGE;
  if (image.trim() === "") throw new Error(`${where}: image must not be empty; omit it for ${DEFAULT_CODEBUILD_IMAGE}`);
  const timeoutInMinutes = requireInt(`${where}: timeoutInMinutes`, spec.timeoutInMinutes ?? 60, 5, 2160);
  const logRetentionInDays = spec.logRetentionInDays ?? 30;
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionInDays)) {
    throw new Error(`${where}: logRetentionInDays ${logRetentionInDays} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION_DAYS.join(", ")}`);
  }
  if (spec.logKmsKeyArn !== undefined && !Token.isUnresolved(spec.logKmsKeyArn) && !KMS_KEY_ARN.test(spec.logKmsKeyArn)) {
    throw new Error(`${where}: logKmsKeyArn "${spec.logKmsKeyArn}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)`);
  }
  validateEnvironmentVariables(`${where}: environmentVariables`, spec.environmentVariables ?? []);
  if (spec.batchBuilds?.maximumBuildsAllowed !== undefined) {
    // Lower bound only: the service's maximum is not verified.
    requireInt(`${where}: batchBuilds.maximumBuildsAllowed`, spec.batchBuilds.maximumBuildsAllowed, 1, Number.MAX_SAFE_INTEGER);
  }
  if (spec.connectionArn !== undefined && !Token.isUnresolved(spec.connectionArn) && !CONNECTION_ARN.test(spec.connectionArn)) {
    throw new Error(`${where}: connectionArn "${spec.connectionArn}" is not a CodeConnections connection ARN`);
  }
  for (const s of spec.extraStatements ?? []) {
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
    const resources = s.Resource === undefined ? [] : Array.isArray(s.Resource) ? s.Resource : [s.Resource];
    if (s.Effect === "Allow" && actions.includes("*")) {
      throw new Error(`${where}: extraStatements allow action "*"; list the actions the build needs`);
    }
    if (s.Effect === "Allow" && actions.some((a) => /^sts:(AssumeRole|\*)$/i.test(a)) && (resources.length === 0 || resources.includes("*"))) {
      throw new Error(`${where}: extraStatements allow sts:AssumeRole on "*"; name the role ARNs the build may assume`);
    }
    if (s.Principal !== undefined) throw new Error(`${where}: extraStatements are identity-policy statements and take no Principal`);
  }
  return {
    buildspec: spec.buildspec ?? spec.buildspecFile!,
    computeType,
    image,
    environmentType,
    privilegedMode,
    timeoutInMinutes,
    logRetentionInDays,
  };
}
