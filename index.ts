/**
 * Public API of @acme-platform/codepipeline-landing-zone (the README's "Public API" lists it).
 *
 * - modules: reusable constructs that know nothing of accounts or stacks (also one subpath each,
 *   `<package>/modules/<name>`);
 * - stacks: the landing zone's stacks, their builder, stack ids, output names and the typed
 *   remote-state readers (`<package>/stacks`);
 * - config: the landing-zone loader, its zod schema and types (`<package>/config`; no cdktf);
 * - guardrails: the rule pack as an Aspect and as a runner (`<package>/guardrails`);
 * - lambdaHandler and jobWorker: namespaces of the dependency-free `<package>/lambda-handler` and
 *   `<package>/job-worker` (import those subpaths in a Lambda or worker bundle: they load no cdktf).
 */
export { ArtifactStore } from "./modules/artifact-store";
export type { ArtifactObjectGrant, ArtifactStoreProps } from "./modules/artifact-store";
export { ToolsAccount } from "./modules/tools-account";
export type { ToolsArtifactStoreSpec, ToolsAccountProps } from "./modules/tools-account";
export { TargetAccountRoles } from "./modules/target-account-roles";
export type { TargetAccountRolesProps } from "./modules/target-account-roles";
export type { ArtifactStoreRef } from "./modules/shared/artifacts";
export * from "./modules/pipeline";
export {
  CODEBUILD_COMPUTE_TYPES,
  CODEBUILD_ENVIRONMENT_TYPES,
  CODEBUILD_VARIABLE_TYPES,
  LOG_RETENTION_DAYS,
  DEFAULT_CODEBUILD_IMAGE,
  CodeBuildProject,
} from "./modules/codebuild-project";
export type {
  CodeBuildComputeType,
  CodeBuildEnvironmentType,
  CodeBuildVariableType,
  CodeBuildEnvironmentVariable,
  CodeBuildBatchProps,
  CodeBuildProjectSpec,
  CodeBuildProjectProps,
} from "./modules/codebuild-project";
export { LogGroupKey } from "./modules/log-group-key";
export type { LogGroupEncryptionKey, LogGroupKeyProps } from "./modules/log-group-key";
export { PREDEFINED_DEPLOYMENT_CONFIGS, CodeDeployApplication } from "./modules/codedeploy-application";
export type {
  CodeDeployComputePlatform,
  CodeDeployTrafficRouting,
  CodeDeployCustomDeploymentConfig,
  CodeDeployTagFilter,
  CodeDeployEcsService,
  CodeDeployApplicationProps,
} from "./modules/codedeploy-application";
export { CustomActionType } from "./modules/custom-action-type";
export type {
  CustomActionCategory,
  CustomActionTypeId,
  CustomActionConfigurationProperty,
  ArtifactCountRange,
  CustomActionTypeDefinition,
  WorkerPrincipal,
  CustomActionTypeProps,
  HeartbeatAlarmProps,
} from "./modules/custom-action-type";
export * from "./modules/events";
export {
  AlarmTopic,
  PIPELINE_EVENT_TYPE_IDS,
  DEFAULT_PIPELINE_EVENT_TYPE_IDS,
  CHATBOT_DEFAULT_GUARDRAIL_POLICY_ARN,
  PipelineNotifications,
  CHATBOT_REGIONS,
  PipelineFailureAlarm,
} from "./modules/notifications";
export type { AlarmTopicProps, PipelineEventTypeId, PipelineNotificationsProps, PipelineFailureAlarmProps } from "./modules/notifications";
export { AuditTrail } from "./modules/audit-trail";
export type { AuditTrailProps } from "./modules/audit-trail";
export { StackSetAdministrationRole } from "./modules/stackset-administration-role";
export type { StackSetAdministrationRoleProps } from "./modules/stackset-administration-role";
export * from "./stacks";
export * from "./config";
export * from "./guardrails";
export * as lambdaHandler from "./lambda-handler";
export * as jobWorker from "./job-worker";
