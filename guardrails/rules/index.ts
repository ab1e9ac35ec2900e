import type { Rule } from "../rule";
import { approvalTopicPublish } from "./approval-topic";
import { artifactBucketHardening } from "./artifact-bucket-hardening";
import { artifactStoreCustomerManagedKey } from "./artifact-store-cmk";
import { assumeRoleOnWildcard } from "./assume-role-wildcard";
import { crossAccountArtifactGrants } from "./cross-account-artifact-grants";
import { crossAccountActionRole } from "./cross-account-role";
import { crossRegionArtifactStore } from "./cross-region-store";
import { customActionWorker } from "./custom-action-worker";
import { eventsDestinationAccess } from "./events-destination-access";
import { deadLetterQueueRegion } from "./dlq-region";
import { eventTargetDeadLetterQueue } from "./event-target-dlq";
import { eventTargetRetryPolicy } from "./event-target-retry";
import { eventsQueuePolicySourceArn } from "./events-queue-source-arn";
import { kmsKeyRotation } from "./kms-rotation";
import { lambdaJobResult } from "./lambda-job-result";
import { resourcePolicyPrincipals } from "./policy-principals";
import { policySizeLimits } from "./policy-size";
import { pullRequestDeploy } from "./pull-request-deploy";
import { ecrCrossAccountPull } from "./ecr-cross-account-pull";
import { s3SourceVersioning } from "./s3-source-versioning";
import { stageActionLimit } from "./stage-action-limit";
import { artifactStoreRegion } from "./store-region";
import { triggerOnConnectionSource } from "./trigger-source";
import { v2OnlyFeatures } from "./v2-features";

export {
  approvalTopicPublish,
  artifactBucketHardening,
  artifactStoreCustomerManagedKey,
  artifactStoreRegion,
  assumeRoleOnWildcard,
  crossAccountActionRole,
  crossAccountArtifactGrants,
  crossRegionArtifactStore,
  customActionWorker,
  eventsDestinationAccess,
  deadLetterQueueRegion,
  eventsQueuePolicySourceArn,
  eventTargetDeadLetterQueue,
  eventTargetRetryPolicy,
  kmsKeyRotation,
  lambdaJobResult,
  policySizeLimits,
  pullRequestDeploy,
  ecrCrossAccountPull,
  resourcePolicyPrincipals,
  s3SourceVersioning,
  stageActionLimit,
  triggerOnConnectionSource,
  v2OnlyFeatures,
};

/** Every rule of the CodePipeline guardrails pack, in report order. */
export const CODEPIPELINE_RULES: readonly Rule[] = Object.freeze([
  eventTargetDeadLetterQueue,
  eventTargetRetryPolicy,
  deadLetterQueueRegion,
  eventsQueuePolicySourceArn,
  eventsDestinationAccess,
  crossRegionArtifactStore,
  artifactStoreRegion,
  crossAccountActionRole,
  crossAccountArtifactGrants,
  artifactStoreCustomerManagedKey,
  kmsKeyRotation,
  s3SourceVersioning,
  artifactBucketHardening,
  v2OnlyFeatures,
  triggerOnConnectionSource,
  pullRequestDeploy,
  ecrCrossAccountPull,
  stageActionLimit,
  lambdaJobResult,
  approvalTopicPublish,
  customActionWorker,
  resourcePolicyPrincipals,
  assumeRoleOnWildcard,
  policySizeLimits,
]);
