"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CODEPIPELINE_RULES = exports.v2OnlyFeatures = exports.triggerOnConnectionSource = exports.stageActionLimit = exports.s3SourceVersioning = exports.resourcePolicyPrincipals = exports.ecrCrossAccountPull = exports.pullRequestDeploy = exports.policySizeLimits = exports.lambdaJobResult = exports.kmsKeyRotation = exports.eventTargetRetryPolicy = exports.eventTargetDeadLetterQueue = exports.eventsQueuePolicySourceArn = exports.deadLetterQueueRegion = exports.eventsDestinationAccess = exports.customActionWorker = exports.crossRegionArtifactStore = exports.crossAccountArtifactGrants = exports.crossAccountActionRole = exports.assumeRoleOnWildcard = exports.artifactStoreRegion = exports.artifactStoreCustomerManagedKey = exports.artifactBucketHardening = exports.approvalTopicPublish = void 0;
const approval_topic_1 = require("./approval-topic");
Object.defineProperty(exports, "approvalTopicPublish", { enumerable: true, get: function () { return approval_topic_1.approvalTopicPublish; } });
const artifact_bucket_hardening_1 = require("./artifact-bucket-hardening");
Object.defineProperty(exports, "artifactBucketHardening", { enumerable: true, get: function () { return artifact_bucket_hardening_1.artifactBucketHardening; } });
const artifact_store_cmk_1 = require("./artifact-store-cmk");
Object.defineProperty(exports, "artifactStoreCustomerManagedKey", { enumerable: true, get: function () { return artifact_store_cmk_1.artifactStoreCustomerManagedKey; } });
const assume_role_wildcard_1 = require("./assume-role-wildcard");
Object.defineProperty(exports, "assumeRoleOnWildcard", { enumerable: true, get: function () { return assume_role_wildcard_1.assumeRoleOnWildcard; } });
const cross_account_artifact_grants_1 = require("./cross-account-artifact-grants");
Object.defineProperty(exports, "crossAccountArtifactGrants", { enumerable: true, get: function () { return cross_account_artifact_grants_1.crossAccountArtifactGrants; } });
const cross_account_role_1 = require("./cross-account-role");
Object.defineProperty(exports, "crossAccountActionRole", { enumerable: true, get: function () { return cross_account_role_1.crossAccountActionRole; } });
const cross_region_store_1 = require("./cross-region-store");
Object.defineProperty(exports, "crossRegionArtifactStore", { enumerable: true, get: function () { return cross_region_store_1.crossRegionArtifactStore; } });
const custom_action_worker_1 = require("./custom-action-worker");
Object.defineProperty(exports, "customActionWorker", { enumerable: true, get: function () { return custom_action_worker_1.customActionWorker; } });
const events_destination_access_1 = require("./events-destination-access");
Object.defineProperty(exports, "eventsDestinationAccess", { enumerable: true, get: function () { return events_destination_access_1.eventsDestinationAccess; } });
const dlq_region_1 = require("./dlq-region");
Object.defineProperty(exports, "deadLetterQueueRegion", { enumerable: true, get: function () { return dlq_region_1.deadLetterQueueRegion; } });
const event_target_dlq_1 = require("./event-target-dlq");
Object.defineProperty(exports, "eventTargetDeadLetterQueue", { enumerable: true, get: function () { return event_target_dlq_1.eventTargetDeadLetterQueue; } });
const event_target_retry_1 = require("./event-target-retry");
Object.defineProperty(exports, "eventTargetRetryPolicy", { enumerable: true, get: function () { return event_target_retry_1.eventTargetRetryPolicy; } });
const events_queue_source_arn_1 = require("./events-queue-source-arn");
Object.defineProperty(exports, "eventsQueuePolicySourceArn", { enumerable: true, get: function () { return events_queue_source_arn_1.eventsQueuePolicySourceArn; } });
const kms_rotation_1 = require("./kms-rotation");
Object.defineProperty(exports, "kmsKeyRotation", { enumerable: true, get: function () { return kms_rotation_1.kmsKeyRotation; } });
const lambda_job_result_1 = require("./lambda-job-result");
Object.defineProperty(exports, "lambdaJobResult", { enumerable: true, get: function () { return lambda_job_result_1.lambdaJobResult; } });
const policy_principals_1 = require("./policy-principals");
Object.defineProperty(exports, "resourcePolicyPrincipals", { enumerable: true, get: function () { return policy_principals_1.resourcePolicyPrincipals; } });
const policy_size_1 = require("./policy-size");
Object.defineProperty(exports, "policySizeLimits", { enumerable: true, get: function () { return policy_size_1.policySizeLimits; } });
const pull_request_deploy_1 = require("./pull-request-deploy");
Object.defineProperty(exports, "pullRequestDeploy", { enumerable: true, get: function () { return pull_request_deploy_1.pullRequestDeploy; } });
const ecr_cross_account_pull_1 = require("./ecr-cross-account-pull");
Object.defineProperty(exports, "ecrCrossAccountPull", { enumerable: true, get: function () { return ecr_cross_account_pull_1.ecrCrossAccountPull; } });
const s3_source_versioning_1 = require("./s3-source-versioning");
Object.defineProperty(exports, "s3SourceVersioning", { enumerable: true, get: function () { return s3_source_versioning_1.s3SourceVersioning; } });
const stage_action_limit_1 = require("./stage-action-limit");
Object.defineProperty(exports, "stageActionLimit", { enumerable: true, get: function () { return stage_action_limit_1.stageActionLimit; } });
const store_region_1 = require("./store-region");
Object.defineProperty(exports, "artifactStoreRegion", { enumerable: true, get: function () { return store_region_1.artifactStoreRegion; } });
const trigger_source_1 = require("./trigger-source");
Object.defineProperty(exports, "triggerOnConnectionSource", { enumerable: true, get: function () { return trigger_source_1.triggerOnConnectionSource; } });
const v2_features_1 = require("./v2-features");
Object.defineProperty(exports, "v2OnlyFeatures", { enumerable: true, get: function () { return v2_features_1.v2OnlyFeatures; } });
/** Every rule of the CodePipeline guardrails pack, in report order. */
exports.CODEPIPELINE_RULES = Object.freeze([
    event_target_dlq_1.eventTargetDeadLetterQueue,
    event_target_retry_1.eventTargetRetryPolicy,
    dlq_region_1.deadLetterQueueRegion,
    events_queue_source_arn_1.eventsQueuePolicySourceArn,
    events_destination_access_1.eventsDestinationAccess,
    cross_region_store_1.crossRegionArtifactStore,
    store_region_1.artifactStoreRegion,
    cross_account_role_1.crossAccountActionRole,
    cross_account_artifact_grants_1.crossAccountArtifactGrants,
    artifact_store_cmk_1.artifactStoreCustomerManagedKey,
    kms_rotation_1.kmsKeyRotation,
    s3_source_versioning_1.s3SourceVersioning,
    artifact_bucket_hardening_1.artifactBucketHardening,
    v2_features_1.v2OnlyFeatures,
    trigger_source_1.triggerOnConnectionSource,
    pull_request_deploy_1.pullRequestDeploy,
    ecr_cross_account_pull_1.ecrCrossAccountPull,
    stage_action_limit_1.stageActionLimit,
    lambda_job_result_1.lambdaJobResult,
    approval_topic_1.approvalTopicPublish,
    custom_action_worker_1.customActionWorker,
    policy_principals_1.resourcePolicyPrincipals,
    assume_role_wildcard_1.assumeRoleOnWildcard,
    policy_size_1.policySizeLimits,
]);
