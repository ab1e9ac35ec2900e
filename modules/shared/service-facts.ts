/**
 * AWS facts both the landing-zone schema (config/) and the modules check against. Plain data: no
 * cdktf, so config/ may import it (DESIGN.md rooms).
 */

// CodeBuild ComputeType enum (AWS SDK CodeBuild model). ATTRIBUTE_BASED_COMPUTE and
// CUSTOM_INSTANCE_TYPE are left out: they need a compute configuration or fleet the module does not create.
// https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectEnvironment.html
export const CODEBUILD_COMPUTE_TYPES = [
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
] as const;
export type CodeBuildComputeType = (typeof CODEBUILD_COMPUTE_TYPES)[number];

// CodeBuild EnvironmentType enum (AWS SDK model). LINUX_EC2, ARM_EC2, WINDOWS_EC2 and MAC_ARM are left
// out: they run on reserved-capacity fleets, which the module does not create.
export const CODEBUILD_ENVIRONMENT_TYPES = [
  "LINUX_CONTAINER",
  "LINUX_GPU_CONTAINER",
  "ARM_CONTAINER",
  "WINDOWS_CONTAINER",
  "WINDOWS_SERVER_2019_CONTAINER",
  "WINDOWS_SERVER_2022_CONTAINER",
  "LINUX_LAMBDA_CONTAINER",
  "ARM_LAMBDA_CONTAINER",
] as const;
export type CodeBuildEnvironmentType = (typeof CODEBUILD_ENVIRONMENT_TYPES)[number];

/**
 * Regions where the AWS Chatbot API (Slack channel configurations) is available; all commercial
 * (https://docs.aws.amazon.com/chatbot/latest/APIReference/Welcome.html).
 */
export const CHATBOT_REGIONS: readonly string[] = ["us-east-2", "us-west-2", "ap-southeast-1", "eu-west-1"];

/** A CloudFormation action's file in an input artifact, `Artifact::path/in/artifact` (groups: artifact, path). */
export const ARTIFACT_PATH = /^([A-Za-z0-9_-]{1,100})::(\S.*)$/;

/**
 * Longest value of one action configuration key, in characters
 * (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionConfiguration.html).
 */
export const CONFIGURATION_VALUE_MAX = 1000;

/** A KMS key ARN in any partition (aliases do not work across accounts, so a key id is required). */
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** S3 canned ACLs (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl). */
export const S3_CANNED_ACLS = [
  "private",
  "public-read",
  "public-read-write",
  "authenticated-read",
  "aws-exec-read",
  "bucket-owner-read",
  "bucket-owner-full-control",
  "log-delivery-write",
] as const;
export type S3CannedAcl = (typeof S3_CANNED_ACLS)[number];
