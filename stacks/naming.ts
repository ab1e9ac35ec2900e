import { codeBuildRoleName } from "../modules/codebuild-project";
import { codeBuildActionProjectName } from "../modules/pipeline/actions/codebuild";
import { AWS_NAMES, fitName, type NameRule } from "../modules/shared/names";
import { customActionWorkerRoleName } from "../config/pipeline/custom-action-types";
import type { LandingZone } from "../config/schema";
import { iamRoleArn, partitionOfRegion } from "../modules/shared/partition";

/** Stack id of the tools account's stack in a region (the primary region's holds the pipeline role). */
export function toolsStackId(region: string): string {
  return `tools-${region}`;
}

/** Stack id of a target account's stack. */
export function targetStackId(targetName: string): string {
  return `target-${targetName}`;
}

/** Stack id of the stack that holds every pipeline (tools account, primary region). */
export function pipelinesStackId(region: string): string {
  return `pipelines-${region}`;
}

/** Key of a stack's state object in the state bucket. */
export function stateKey(keyPrefix: string, stackId: string): string {
  return `${keyPrefix}/${stackId}.tfstate`;
}

/**
 * Every physical name and stack id of the landing zone. Deterministic (no random suffixes) so that
 * policies can name roles before they exist; stack ids are a public contract (state keys, CI jobs).
 */
export class Naming {
  private readonly partition: string;

  constructor(private readonly lz: Pick<LandingZone, "name"> & { readonly tools?: { readonly primaryRegion: string } }) {
    // One partition per landing zone (config/schema.ts checks every region and ARN against it).
    this.partition = partitionOfRegion(lz.tools?.primaryRegion ?? "");
  }

  pipelineRoleName(): string {
    return this.limit(`${this.lz.name}-codepipeline`, 64, "IAM role name");
  }

  actionRoleName(): string {
    return this.limit(`${this.lz.name}-codepipeline-action`, 64, "IAM role name");
  }

  cloudFormationExecutionRoleName(): string {
    return this.limit(`${this.lz.name}-cloudformation-execution`, 64, "IAM role name");
  }

  artifactBucketName(accountId: string, region: string): string {
    return this.limit(`${this.lz.name}-cp-artifacts-${accountId}-${region}`, 63, "S3 bucket name");
  }

  auditBucketName(accountId: string, region: string): string {
    return this.limit(`${this.lz.name}-cp-audit-${accountId}-${region}`, 63, "S3 bucket name");
  }

  auditTrailName(): string {
    return this.limit(`${this.lz.name}-codepipeline-audit`, 128, "CloudTrail trail name");
  }

  artifactKeyAlias(): string {
    return this.limit(`alias/codepipeline-${this.lz.name}-artifacts`, 256, "KMS alias");
  }

  /** Service role of one pipeline (each pipeline has its own; IAM caps a role's inline policies). */
  pipelineServiceRoleName(pipelineName: string): string {
    return fitName(`${this.lz.name}-pipeline-${pipelineName}`, AWS_NAMES.iamRole);
  }

  /** IAM path of every pipeline service role: trust policies name them all with one pattern. */
  pipelineServiceRolePath(): string {
    return `/codepipeline/${this.lz.name}/`;
  }

  pipelineServiceRoleArn(toolsAccountId: string, pipelineName: string): string {
    return iamRoleArn(this.partition, toolsAccountId, this.pipelineServiceRoleName(pipelineName), this.pipelineServiceRolePath());
  }

  /** The StackSet administration role of one pipeline: CloudFormation assumes it to reach the execution roles. */
  stackSetAdministrationRoleName(pipelineName: string): string {
    return fitName(`${this.lz.name}-stackset-admin-${pipelineName}`, AWS_NAMES.iamRole);
  }

  /** The StackSet execution role in each target account that managed stack sets deploy to. */
  stackSetExecutionRoleName(): string {
    return this.limit(`${this.lz.name}-stackset-execution`, 64, "IAM role name");
  }

  customActionWorkerRoleName(providerName: string, version: string): string {
    // The schema rejects a name over the limit at load, with the custom action type's path.
    return this.limit(customActionWorkerRoleName(this.lz.name, providerName, version), 64, "IAM role name");
  }

  /**
   * `<name>-<parts...>` as a name of the kind `rule` describes, for the queues, topics, rules, roles
   * and alarms the landing zone creates per pipeline: characters that kind rejects (a pipeline name
   * may hold `.` and `@`) become `-`, and a name that had any, or is too long, is cut and ends in a
   * hash of the whole name ({@link fitName}: deterministic, distinct names stay distinct).
   */
  resourceName(parts: readonly string[], rule: NameRule): string {
    return fitName([this.lz.name, ...parts].join("-"), rule);
  }

  /** CodeBuild project of a pipeline's action (CodeBuild: at most 150 characters); its log group is `/aws/codebuild/<project>`. */
  codeBuildProjectName(pipelineName: string, actionName: string): string {
    return codeBuildActionProjectName(`${this.lz.name}-${pipelineName}`, actionName);
  }

  /** Service role of a CodeBuild project (IAM: 64 characters), `codebuild-<project>` cut with a hash. */
  codeBuildRoleName(projectName: string): string {
    return codeBuildRoleName(projectName);
  }

  /** Topic of a manual approval the landing zone creates (SNS: 256 letters, digits, - and _). */
  approvalTopicName(pipelineName: string, actionName: string): string {
    return this.resourceName([pipelineName, actionName, "approval"], AWS_NAMES.snsTopic);
  }

  /** Alarm on a pipeline's failed executions (CloudWatch: 255 characters). */
  pipelineFailureAlarmName(pipelineName: string): string {
    return this.resourceName([pipelineName, "failed-executions"], AWS_NAMES.alarm);
  }

  /** Prefix of the custom action types' heartbeat namespaces: `<name>/CodePipelineJobWorker` (one namespace per type below it). */
  heartbeatNamespacePrefix(): string {
    return `${this.lz.name}/CodePipelineJobWorker`;
  }

  /** Alarm on a custom action type's missing worker heartbeat. */
  heartbeatAlarmName(category: string, providerName: string, version: string): string {
    return this.resourceName(["job-worker", category, providerName, version, "no-heartbeat"], AWS_NAMES.alarm);
  }

  /** Alias of the key that encrypts the CodeBuild log groups of a region (aliases are per region). */
  logKeyAlias(): string {
    return this.limit(`alias/${this.lz.name}-codebuild-logs`, 256, "KMS alias");
  }

  roleArn(accountId: string, roleName: string): string {
    return iamRoleArn(this.partition, accountId, roleName);
  }

  private limit(name: string, max: number, what: string): string {
    if (name.length > max) {
      throw new Error(`name: "${this.lz.name}" makes the ${what} "${name}" longer than ${max} characters; choose a shorter landing-zone name`);
    }
    return name;
  }
}
