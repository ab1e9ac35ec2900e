import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import { keyAdministration, requireName, requireRegion } from "../events/common";
import { policyJson, PolicyStatement, requireAccountId, requireInt } from "../shared/policy";
import { arnPrefix } from "../shared/partition";

/** What a log group needs from the key that encrypts it: its ARN, and a grant for the log group. */
export interface LogGroupEncryptionKey {
  /** ARN of the KMS key (`kms_key_id` of the log group). */
  readonly keyArn: string;
  /** Region of the key; CloudWatch Logs uses only a key of the log group's region. */
  readonly region: string;
  /** Lets CloudWatch Logs use the key for exactly this log group (by name, in the key's account and region). */
  allowLogGroup(logGroupName: string): void;
}

export interface LogGroupKeyProps {
  /** Region of the key and of the log groups it encrypts (provider 6 per-resource `region`). */
  readonly region: string;
  /** Account of the key and of the log groups. */
  readonly accountId: string;
  /** Roles that administer the key (never use it for data). At least one, usually the Terraform deploy role. */
  readonly keyAdministratorArns: string[];
  /** Alias of the key, `alias/...`. @default none */
  readonly keyAlias?: string;
  /** Waiting period before the key is deleted after destroy. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

// CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs using AWS Key Management Service"
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html), step 2: the
// key policy lets logs.<region>.amazonaws.com use the key, with kms:EncryptionContext:aws:logs:arn
// equal to the log group's ARN. CloudWatch Logs supports only symmetric keys (same page).
// The page lists kms:Describe* under the same condition, but DescribeKey carries no encryption
// context, so there the condition could never match: it gets a statement of its own, scoped to the
// account through aws:SourceAccount instead (DescribeKey reveals the key's metadata only).
const LOGS_KMS_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*"];

/**
 * A symmetric customer-managed key (rotation on) for CloudWatch Logs log groups of one account and
 * region. One key serves many log groups: each registers with {@link allowLogGroup}, and the key
 * policy names exactly the registered log groups' ARNs.
 */
export class LogGroupKey extends Construct implements LogGroupEncryptionKey {
  readonly key: KmsKey;
  readonly keyArn: string;
  readonly region: string;
  readonly accountId: string;
  private readonly logGroupArnList: string[] = [];

  constructor(scope: Construct, id: string, props: LogGroupKeyProps) {
    super(scope, id);
    requireRegion("region", props.region);
    requireAccountId("accountId", props.accountId);
    const deletionWindow = requireInt("keyDeletionWindowDays", props.keyDeletionWindowDays ?? 30, 7, 30);
    if (props.keyAlias !== undefined)
      requireName("keyAlias", props.keyAlias, /^alias\/[A-Za-z0-9/_-]{1,250}$/, 256, 'key alias ("alias/" then letters, digits, "/", "_" and "-")');
    const admin = keyAdministration(props.keyAdministratorArns);
    this.region = props.region;
    this.accountId = props.accountId;
    const region = { region: props.region };

    this.key = new KmsKey(this, "key", {
      ...region,
      description: `CloudWatch Logs log groups in ${props.region}`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
      // Lazy: log groups register after the key exists; the policy names every one of them.
      policy: Lazy.stringValue({ produce: () => policyJson(...admin, ...this.logsStatement()) }),
      tags: props.tags ?? {},
    });
    if (props.keyAlias !== undefined) new KmsAlias(this, "alias", { ...region, name: props.keyAlias, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
  }

  allowLogGroup(logGroupName: string): void {
    if (Token.isUnresolved(logGroupName)) {
      throw new Error("allowLogGroup: the log group name must be a literal; the key policy names it before the log group exists");
    }
    const arn = `${arnPrefix(this.region)}:logs:${this.region}:${this.accountId}:log-group:${logGroupName}`;
    if (!this.logGroupArnList.includes(arn)) this.logGroupArnList.push(arn);
  }

  /** ARNs of the log groups registered so far. */
  logGroupArns(): string[] {
    return [...this.logGroupArnList];
  }

  private logsStatement(): PolicyStatement[] {
    const arns = [...this.logGroupArnList].sort();
    if (arns.length === 0) return [];
    return [
      {
        Sid: "CloudWatchLogsUseKey",
        Effect: "Allow",
        Principal: { Service: `logs.${this.region}.amazonaws.com` },
        Action: LOGS_KMS_ACTIONS,
        Resource: "*",
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": arns } },
      },
      {
        Sid: "CloudWatchLogsDescribeKey",
        Effect: "Allow",
        Principal: { Service: `logs.${this.region}.amazonaws.com` },
        Action: "kms:DescribeKey",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": this.accountId } },
      },
    ];
  }
}
