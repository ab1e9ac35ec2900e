"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Naming = void 0;
exports.toolsStackId = toolsStackId;
exports.targetStackId = targetStackId;
exports.pipelinesStackId = pipelinesStackId;
exports.stateKey = stateKey;
const codebuild_project_1 = require("../modules/codebuild-project");
const codebuild_1 = require("../modules/pipeline/actions/codebuild");
const names_1 = require("../modules/shared/names");
const custom_action_types_1 = require("../config/pipeline/custom-action-types");
/** Stack id of the tools account's stack in a region (the primary region's holds the pipeline role). */
function toolsStackId(region) {
    return `tools-${region}`;
}
/** Stack id of a target account's stack. */
function targetStackId(targetName) {
    return `target-${targetName}`;
}
/** Stack id of the stack that holds every pipeline (tools account, primary region). */
function pipelinesStackId(region) {
    return `pipelines-${region}`;
}
/** Key of a stack's state object in the state bucket. */
function stateKey(keyPrefix, stackId) {
    return `${keyPrefix}/${stackId}.tfstate`;
}
/**
 * Every physical name and stack id of the landing zone. Deterministic (no random suffixes) so that
 * policies can name roles before they exist; stack ids are a public contract (state keys, CI jobs).
 */
class Naming {
    lz;
    constructor(lz) {
        this.lz = lz;
    }
    pipelineRoleName() {
        return this.limit(`${this.lz.name}-codepipeline`, 64, "IAM role name");
    }
    actionRoleName() {
        return this.limit(`${this.lz.name}-codepipeline-action`, 64, "IAM role name");
    }
    cloudFormationExecutionRoleName() {
        return this.limit(`${this.lz.name}-cloudformation-execution`, 64, "IAM role name");
    }
    artifactBucketName(accountId, region) {
        return this.limit(`${this.lz.name}-cp-artifacts-${accountId}-${region}`, 63, "S3 bucket name");
    }
    auditBucketName(accountId, region) {
        return this.limit(`${this.lz.name}-cp-audit-${accountId}-${region}`, 63, "S3 bucket name");
    }
    auditTrailName() {
        return this.limit(`${this.lz.name}-codepipeline-audit`, 128, "CloudTrail trail name");
    }
    artifactKeyAlias() {
        return this.limit(`alias/codepipeline-${this.lz.name}-artifacts`, 256, "KMS alias");
    }
    /** Service role of one pipeline (each pipeline has its own; IAM caps a role's inline policies). */
    pipelineServiceRoleName(pipelineName) {
        return (0, names_1.fitName)(`${this.lz.name}-pipeline-${pipelineName}`, names_1.AWS_NAMES.iamRole);
    }
    /** IAM path of every pipeline service role: trust policies name them all with one pattern. */
    pipelineServiceRolePath() {
        return `/codepipeline/${this.lz.name}/`;
    }
    pipelineServiceRoleArn(toolsAccountId, pipelineName) {
        return `arn:aws:iam::${toolsAccountId}:role${this.pipelineServiceRolePath()}${this.pipelineServiceRoleName(pipelineName)}`;
    }
    /** The StackSet administration role of one pipeline: CloudFormation assumes it to reach the execution roles. */
    stackSetAdministrationRoleName(pipelineName) {
        return (0, names_1.fitName)(`${this.lz.name}-stackset-admin-${pipelineName}`, names_1.AWS_NAMES.iamRole);
    }
    /** The StackSet execution role in each target account that managed stack sets deploy to. */
    stackSetExecutionRoleName() {
        return this.limit(`${this.lz.name}-stackset-execution`, 64, "IAM role name");
    }
    customActionWorkerRoleName(providerName, version) {
        // The schema rejects a name over the limit at load, with the custom action type's path.
        return this.limit((0, custom_action_types_1.customActionWorkerRoleName)(this.lz.name, providerName, version), 64, "IAM role name");
    }
    /**
     * `<name>-<parts...>` as a name of the kind `rule` describes, for the queues, topics, rules, roles
     * and alarms the landing zone creates per pipeline: characters that kind rejects (a pipeline name
     * may hold `.` and `@`) become `-`, and a name that had any, or is too long, is cut and ends in a
     * hash of the whole name ({@link fitName}: deterministic, distinct names stay distinct).
     */
    resourceName(parts, rule) {
        return (0, names_1.fitName)([this.lz.name, ...parts].join("-"), rule);
    }
    /** CodeBuild project of a pipeline's action (CodeBuild: at most 150 characters); its log group is `/aws/codebuild/<project>`. */
    codeBuildProjectName(pipelineName, actionName) {
        return (0, codebuild_1.codeBuildActionProjectName)(`${this.lz.name}-${pipelineName}`, actionName);
    }
    /** Service role of a CodeBuild project (IAM: 64 characters), `codebuild-<project>` cut with a hash. */
    codeBuildRoleName(projectName) {
        return (0, codebuild_project_1.codeBuildRoleName)(projectName);
    }
    /** Topic of a manual approval the landing zone creates (SNS: 256 letters, digits, - and _). */
    approvalTopicName(pipelineName, actionName) {
        return this.resourceName([pipelineName, actionName, "approval"], names_1.AWS_NAMES.snsTopic);
    }
    /** Alarm on a pipeline's failed executions (CloudWatch: 255 characters). */
    pipelineFailureAlarmName(pipelineName) {
        return this.resourceName([pipelineName, "failed-executions"], names_1.AWS_NAMES.alarm);
    }
    /** Alias of the key that encrypts the CodeBuild log groups of a region (aliases are per region). */
    logKeyAlias() {
        return this.limit(`alias/${this.lz.name}-codebuild-logs`, 256, "KMS alias");
    }
    roleArn(accountId, roleName) {
        return `arn:aws:iam::${accountId}:role/${roleName}`;
    }
    limit(name, max, what) {
        if (name.length > max) {
            throw new Error(`name: "${this.lz.name}" makes the ${what} "${name}" longer than ${max} characters; choose a shorter landing-zone name`);
        }
        return name;
    }
}
exports.Naming = Naming;
