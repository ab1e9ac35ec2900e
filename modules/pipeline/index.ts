/**
 * The pipeline module's public surface: the Pipeline construct, the Action base class (subclass it
 * for an action type of your own) and one class per action type, with their props.
 */
export { Action } from "./action";
export type { ActionCategory, ActionOwner, ArtifactBounds, ActionType, CommonActionProps, SourceChangeEvent, ActionBindContext, ActionBinding } from "./action";
export { Pipeline } from "./pipeline";
export type { PipelineType, ExecutionMode, PipelineVariable, StageProps, PipelineProps } from "./pipeline";
export type {
  GitPatterns,
  GitPushFilter,
  PullRequestEvent,
  GitPullRequestFilter,
  PipelineTrigger,
  ConditionResult,
  RuleProvider,
  ConditionRule,
  StageCondition,
  FailureCondition,
} from "./triggers-conditions";
export { ManualApprovalAction } from "./actions/approval";
export type { ExistingApprovalTopic, CreatedApprovalTopic, ManualApprovalProps } from "./actions/approval";
export {
  CLOUDFORMATION_ACTION_MODES,
  CLOUDFORMATION_CAPABILITIES,
  STACK_SET_CAPABILITIES,
  CloudFormationDeployAction,
  cloudFormationChangeSetPair,
  CloudFormationStackSetAction,
  CloudFormationStackInstancesAction,
} from "./actions/cloudformation";
export type {
  CloudFormationActionMode,
  CloudFormationCapability,
  StackSetCapability,
  StackSetPermissionModel,
  OrganizationsAutoDeployment,
  DeployActionCommonProps,
  CloudFormationDeployProps,
  CloudFormationChangeSetPairProps,
  StackSetOperationProps,
  CloudFormationStackSetProps,
  CloudFormationStackInstancesProps,
} from "./actions/cloudformation";
export { CodeBuildAction } from "./actions/codebuild";
export type { CodeBuildActionProps } from "./actions/codebuild";
export { CustomAction } from "./actions/custom";
export type { CustomActionProps } from "./actions/custom";
export {
  CodeDeployAction,
  EcsDeployAction,
  EcsBlueGreenDeployAction,
  ElasticBeanstalkDeployAction,
  ServiceCatalogDeployAction,
  S3_CANNED_ACLS,
  S3DeployAction,
} from "./actions/deploy";
export type {
  SingleInputActionProps,
  CodeDeployActionProps,
  EcsDeployActionProps,
  EcsBlueGreenImage,
  EcsBlueGreenDeployActionProps,
  ElasticBeanstalkDeployActionProps,
  ServiceCatalogConfigurationFileProps,
  ServiceCatalogTemplateProps,
  ServiceCatalogDeployProps,
  S3CannedAcl,
  S3DeployActionProps,
} from "./actions/deploy";
export { LambdaInvokeAction, StepFunctionsInvokeAction } from "./actions/invoke";
export type { LambdaInvokeProps, StepFunctionsInvokeProps } from "./actions/invoke";
export { CodeStarConnectionSourceAction } from "./actions/source-connection";
export type { CodeStarConnectionSourceProps } from "./actions/source-connection";
export { S3SourceAction, EcrSourceAction, CodeCommitSourceAction } from "./actions/sources";
export type {
  S3SourceCreatedBucket,
  S3SourceExistingBucket,
  S3SourceBucket,
  S3SourceActionProps,
  EcrSourceActionProps,
  CodeCommitSourceActionProps,
} from "./actions/sources";
