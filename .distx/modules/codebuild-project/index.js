"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CodeBuildProject = exports.boundedName = exports.DEFAULT_CODEBUILD_IMAGE = exports.LOG_RETENTION_DAYS = exports.CODEBUILD_VARIABLE_TYPES = exports.CODEBUILD_ENVIRONMENT_TYPES = exports.CODEBUILD_COMPUTE_TYPES = void 0;
exports.codeBuildRoleName = codeBuildRoleName;
exports.codeBuildProjectArn = codeBuildProjectArn;
exports.validateEnvironmentVariables = validateEnvironmentVariables;
exports.environmentVariableStatements = environmentVariableStatements;
exports.resolveSpec = resolveSpec;
const cloudwatch_log_group_1 = require("@cdktf/provider-aws/lib/cloudwatch-log-group");
const codebuild_project_1 = require("@cdktf/provider-aws/lib/codebuild-project");
const iam_role_1 = require("@cdktf/provider-aws/lib/iam-role");
const iam_role_policy_1 = require("@cdktf/provider-aws/lib/iam-role-policy");
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const artifacts_1 = require("../shared/artifacts");
const policy_1 = require("../shared/policy");
// CodeBuild ComputeType enum (AWS SDK CodeBuild model). ATTRIBUTE_BASED_COMPUTE and
// CUSTOM_INSTANCE_TYPE are left out: they need a compute configuration or fleet this construct does not create.
exports.CODEBUILD_COMPUTE_TYPES = [
    "BUILD_GENERAL1_SMALL",
    "BUILD_GENERAL1_MEDIUM",
    "BUILD_GENERAL1_LARGE",
    "BUILD_GENERAL1_XLARGE",
    "BUILD_GENERAL1_2XLARGE",
    "BUILD_LAMBDA_1GB",
    "BUILD_LAMBDA_2GB",
    "BUILD_LAMBDA_4GB",
    "BUILD_LAMBDA_8GB",
    "BUILD_LAMBDA_10GB",
];
// CodeBuild EnvironmentType enum (AWS SDK model). LINUX_EC2, ARM_EC2, WINDOWS_EC2 and MAC_ARM are left
// out: they run on reserved-capacity fleets, which this construct does not create.
exports.CODEBUILD_ENVIRONMENT_TYPES = [
    "LINUX_CONTAINER",
    "LINUX_GPU_CONTAINER",
    "ARM_CONTAINER",
    "WINDOWS_CONTAINER",
    "WINDOWS_SERVER_2019_CONTAINER",
    "WINDOWS_SERVER_2022_CONTAINER",
    "LINUX_LAMBDA_CONTAINER",
    "ARM_LAMBDA_CONTAINER",
];
exports.CODEBUILD_VARIABLE_TYPES = ["PLAINTEXT", "PARAMETER_STORE", "SECRETS_MANAGER"];
/** The values CloudWatch Logs accepts for retention_in_days (0 = never expire). */
exports.LOG_RETENTION_DAYS = [
    0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
exports.DEFAULT_CODEBUILD_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,149}$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const CONNECTION_ARN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/;
const names_1 = require("../shared/names");
Object.defineProperty(exports, "boundedName", { enumerable: true, get: function () { return names_1.boundedName; } });
/** Default name of a project's service role (IAM: at most 64 characters). */
function codeBuildRoleName(projectName) {
    return (0, names_1.boundedName)(`codebuild-${projectName}`, 64);
}
/** Literal ARN of a project. */
function codeBuildProjectArn(region, accountId, projectName) {
    return `arn:aws:codebuild:${region}:${accountId}:project/${projectName}`;
}
/**
 * Validates a list of CodeBuild environment variables (names, types, duplicates); `field` names the
 * list in messages.
 */
function validateEnvironmentVariables(field, variables) {
    const seen = new Set();
    for (const v of variables) {
        if (!VARIABLE_NAME.test(v.name)) {
            throw new Error(`${field}: name "${v.name}" must start with a letter or "_" and hold only letters, digits and "_"`);
        }
        if (v.name.toUpperCase().startsWith("CODEBUILD_")) {
            throw new Error(`${field}: name "${v.name}" starts with "CODEBUILD_", which CodeBuild reserves; rename it`);
        }
        if (seen.has(v.name))
            throw new Error(`${field}: "${v.name}" is listed twice; list each variable once`);
        seen.add(v.name);
        const type = v.type ?? "PLAINTEXT";
        if (!exports.CODEBUILD_VARIABLE_TYPES.includes(type)) {
            throw new Error(`${field}: "${v.name}" has type "${type}"; use one of ${exports.CODEBUILD_VARIABLE_TYPES.join(", ")}`);
        }
        if (type !== "PLAINTEXT" && (cdktf_1.Token.isUnresolved(v.value) || v.value.includes("#{") || v.value.trim() === "")) {
            throw new Error(`${field}: "${v.name}" is a ${type} variable, so its value must be a literal parameter or secret name; the project role is scoped to exactly that resource`);
        }
    }
}
/**
 * Statements that let a build resolve the PARAMETER_STORE and SECRETS_MANAGER variables, on exactly
 * those parameters and secrets in `region`/`accountId` (ARN values are used as given).
 */
function environmentVariableStatements(variables, region, accountId) {
    const parameters = new Set();
    const secrets = new Set();
    for (const v of variables) {
        if (v.type === "PARAMETER_STORE") {
            parameters.add(v.value.startsWith("arn:") ? v.value : `arn:aws:ssm:${region}:${accountId}:parameter/${v.value.replace(/^\//, "")}`);
        }
        else if (v.type === "SECRETS_MANAGER") {
            // secret-id:json-key:version-stage:version-id; an ARN itself holds six colons.
            if (v.value.startsWith("arn:")) {
                secrets.add(v.value.split(":").slice(0, 7).join(":"));
            }
            else {
                // Secret ARNs end in "-" and six random characters.
                secrets.add(`arn:aws:secretsmanager:${region}:${accountId}:secret:${v.value.split(":")[0]}-??????`);
            }
        }
    }
    const out = [];
    if (parameters.size)
        out.push({ Sid: "BuildParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: [...parameters].sort() });
    if (secrets.size)
        out.push({ Sid: "BuildSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [...secrets].sort() });
    return out;
}
/**
 * A CodeBuild project whose source and artifacts come from CodePipeline, with its own least-privilege
 * service role and log group. Knows nothing of pipelines: it takes an artifact store and a region.
 */
class CodeBuildProject extends constructs_1.Construct {
    project;
    role;
    logGroup;
    projectName;
    /** Literal ARN of the project. */
    projectArn;
    roleName;
    /** Literal ARN of the service role (for key and bucket policies written before the role exists). */
    roleArn;
    /** Whether the project has a batch build configuration. */
    batchEnabled;
    constructor(scope, id, props) {
        super(scope, id);
        const where = `CodeBuild project "${props.projectName}"`;
        if (!cdktf_1.Token.isUnresolved(props.projectName) && !PROJECT_NAME.test(props.projectName)) {
            throw new Error(`${where}: projectName must be 2-150 letters, digits, "-" or "_", starting with a letter or digit`);
        }
        (0, policy_1.requireAccountId)(`${where}: accountId`, props.accountId);
        const region = props.region ?? props.artifactStore.region;
        if (props.region !== undefined &&
            !cdktf_1.Token.isUnresolved(props.region) &&
            !cdktf_1.Token.isUnresolved(props.artifactStore.region) &&
            props.region !== props.artifactStore.region) {
            throw new Error(`${where}: artifactStore is in "${props.artifactStore.region}" but the project in "${props.region}"; pass the artifact store of the project's region`);
        }
        const spec = resolveSpec(where, props);
        const roleName = (0, policy_1.requireRoleName)(`${where}: roleName`, props.roleName ?? codeBuildRoleName(props.projectName));
        this.projectName = props.projectName;
        this.projectArn = codeBuildProjectArn(region, props.accountId, props.projectName);
        this.roleName = roleName;
        this.roleArn = `arn:aws:iam::${props.accountId}:role/${roleName}`;
        this.batchEnabled = props.batchBuilds !== undefined;
        const regional = props.region !== undefined ? { region: props.region } : {};
        const tags = props.tags ?? {};
        const logGroupName = `/aws/codebuild/${props.projectName}`;
        const sharedKey = props.logKmsKeyArn === undefined ? props.logEncryptionKey : undefined;
        if (sharedKey && !cdktf_1.Token.isUnresolved(sharedKey.region) && !cdktf_1.Token.isUnresolved(region) && sharedKey.region !== region) {
            throw new Error(`${where}: logEncryptionKey is in "${sharedKey.region}" but the log group in "${region}"; CloudWatch Logs uses only a key of the log group's region`);
        }
        sharedKey?.allowLogGroup(logGroupName);
        const logKmsKeyArn = props.logKmsKeyArn ?? sharedKey?.keyArn;
        this.logGroup = new cloudwatch_log_group_1.CloudwatchLogGroup(this, "logs", {
            ...regional,
            name: logGroupName,
            retentionInDays: spec.logRetentionInDays,
            ...(logKmsKeyArn !== undefined ? { kmsKeyId: logKmsKeyArn } : {}),
            tags,
        });
        this.role = new iam_role_1.IamRole(this, "role", {
            name: roleName,
            description: `Service role of CodeBuild project ${props.projectName}`,
            assumeRolePolicy: (0, policy_1.policyJson)({
                Effect: "Allow",
                Principal: { Service: "codebuild.amazonaws.com" },
                Action: "sts:AssumeRole",
            }),
            tags,
        });
        const statements = [
            {
                Sid: "BuildLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `arn:aws:logs:${region}:${props.accountId}:log-group:${logGroupName}:log-stream:*`,
            },
            ...(props.artifactKeys
                ? (0, artifacts_1.artifactAccessStatements)([{ store: props.artifactStore, read: props.artifactKeys.read, write: props.artifactKeys.write }])
                : (0, artifacts_1.artifactIdentityStatements)([props.artifactStore], props.artifactAccess ?? "readWrite")),
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
                Action: (0, policy_1.useConnectionActions)(props.connectionArn),
                Resource: props.connectionArn,
            });
        }
        statements.push(...(props.extraStatements ?? []));
        const rolePolicy = new iam_role_policy_1.IamRolePolicy(this, "role-policy", {
            role: this.role.name,
            name: "codebuild-project",
            policy: (0, policy_1.policyJson)(...statements),
        });
        this.project = new codebuild_project_1.CodebuildProject(this, "project", {
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
exports.CodeBuildProject = CodeBuildProject;
/** Defaults and validation of a project spec; `where` prefixes every message. */
function resolveSpec(where, spec) {
    if ((spec.buildspec === undefined) === (spec.buildspecFile === undefined)) {
        throw new Error(`${where}: give exactly one of buildspec (the inline buildspec text) and buildspecFile (a path in the source), got ${spec.buildspec === undefined ? "neither" : "both"}`);
    }
    if (spec.buildspec !== undefined && !cdktf_1.Token.isUnresolved(spec.buildspec) && !/(^|[\s{,"'])version["']?\s*:/.test(spec.buildspec)) {
        // CodeBuild reads a single-line value as a file path; insist on real buildspec text here.
        throw new Error(`${where}: buildspec must be the buildspec text with a "version" key; to use a file in the source, set buildspecFile instead`);
    }
    if (spec.buildspecFile !== undefined && !cdktf_1.Token.isUnresolved(spec.buildspecFile)) {
        const f = spec.buildspecFile;
        if (f.trim() === "" || /[\r\n]/.test(f) || f.startsWith("/")) {
            throw new Error(`${where}: buildspecFile "${f}" must be a relative path in the source such as "buildspec.yml" (inline text goes in buildspec)`);
        }
    }
    if (spec.description !== undefined && spec.description.length > 255) {
        throw new Error(`${where}: description is ${spec.description.length} characters; CodeBuild allows at most 255`);
    }
    const computeType = spec.computeType ?? "BUILD_GENERAL1_SMALL";
    if (!exports.CODEBUILD_COMPUTE_TYPES.includes(computeType)) {
        throw new Error(`${where}: computeType "${computeType}" is not supported; use one of ${exports.CODEBUILD_COMPUTE_TYPES.join(", ")}`);
    }
    const environmentType = spec.environmentType ?? "LINUX_CONTAINER";
    if (!exports.CODEBUILD_ENVIRONMENT_TYPES.includes(environmentType)) {
        throw new Error(`${where}: environmentType "${environmentType}" is not supported; use one of ${exports.CODEBUILD_ENVIRONMENT_TYPES.join(", ")}`);
    }
    const lambdaCompute = computeType.startsWith("BUILD_LAMBDA_");
    const lambdaEnvironment = environmentType.endsWith("_LAMBDA_CONTAINER");
    if (lambdaCompute !== lambdaEnvironment) {
        throw new Error(`${where}: computeType "${computeType}" does not fit environmentType "${environmentType}"; BUILD_LAMBDA_* compute runs only (and only it runs) on LINUX_LAMBDA_CONTAINER or ARM_LAMBDA_CONTAINER`);
    }
    const privilegedMode = spec.privilegedMode ?? false;
    if (privilegedMode && lambdaCompute) {
        throw new Error(`${where}: privilegedMode is not available on Lambda compute; use a BUILD_GENERAL1_* computeType with a container environmentType`);
    }
    const image = spec.image ?? exports.DEFAULT_CODEBUILD_IMAGE;
    if (image.trim() === "")
        throw new Error(`${where}: image must not be empty; omit it for ${exports.DEFAULT_CODEBUILD_IMAGE}`);
    const timeoutInMinutes = (0, policy_1.requireInt)(`${where}: timeoutInMinutes`, spec.timeoutInMinutes ?? 60, 5, 2160);
    const logRetentionInDays = spec.logRetentionInDays ?? 30;
    if (!exports.LOG_RETENTION_DAYS.includes(logRetentionInDays)) {
        throw new Error(`${where}: logRetentionInDays ${logRetentionInDays} is not a CloudWatch Logs retention; use one of ${exports.LOG_RETENTION_DAYS.join(", ")}`);
    }
    if (spec.logKmsKeyArn !== undefined && !cdktf_1.Token.isUnresolved(spec.logKmsKeyArn) && !KMS_KEY_ARN.test(spec.logKmsKeyArn)) {
        throw new Error(`${where}: logKmsKeyArn "${spec.logKmsKeyArn}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)`);
    }
    validateEnvironmentVariables(`${where}: environmentVariables`, spec.environmentVariables ?? []);
    if (spec.batchBuilds?.maximumBuildsAllowed !== undefined) {
        // Lower bound only: the service's maximum is not verified.
        (0, policy_1.requireInt)(`${where}: batchBuilds.maximumBuildsAllowed`, spec.batchBuilds.maximumBuildsAllowed, 1, Number.MAX_SAFE_INTEGER);
    }
    if (spec.connectionArn !== undefined && !cdktf_1.Token.isUnresolved(spec.connectionArn) && !CONNECTION_ARN.test(spec.connectionArn)) {
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
        if (s.Principal !== undefined)
            throw new Error(`${where}: extraStatements are identity-policy statements and take no Principal`);
    }
    return {
        buildspec: spec.buildspec ?? spec.buildspecFile,
        computeType,
        image,
        environmentType,
        privilegedMode,
        timeoutInMinutes,
        logRetentionInDays,
    };
}
