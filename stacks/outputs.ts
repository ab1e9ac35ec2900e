/**
 * Output names of each stack: a public contract read by the pipelines stack and by other
 * repositories through remote state. Renaming one is a breaking change.
 */
export const TOOLS_REGION_OUTPUTS = {
  region: "artifact_store_region",
  bucketName: "artifact_bucket_name",
  bucketArn: "artifact_bucket_arn",
  keyArn: "artifact_key_arn",
  keyAliasArn: "artifact_key_alias_arn",
} as const;

/** Extra outputs of the primary tools stack. */
export const TOOLS_PRIMARY_OUTPUTS = {
  pipelineRoleArn: "pipeline_role_arn",
  pipelineRoleName: "pipeline_role_name",
  /** Map region -> { bucket_name, bucket_arn, key_arn } of every artifact store. */
  artifactStores: "artifact_stores",
} as const;

export const PIPELINES_OUTPUTS = {
  /** Map pipeline name -> pipeline ARN. */
  pipelineArns: "pipeline_arns",
  /** Map `<Category>/<Provider>/<Version>` -> { worker_role_name, heartbeat_namespace } of every custom action type. */
  customActionWorkers: "custom_action_workers",
} as const;

export const TARGET_OUTPUTS = {
  accountId: "account_id",
  actionRoleArn: "action_role_arn",
  cloudFormationExecutionRoleArn: "cloudformation_execution_role_arn",
} as const;
