"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LogGroupKey = void 0;
const kms_alias_1 = require("@cdktf/provider-aws/lib/kms-alias");
const kms_key_1 = require("@cdktf/provider-aws/lib/kms-key");
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const common_1 = require("../events/common");
const policy_1 = require("../shared/policy");
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
class LogGroupKey extends constructs_1.Construct {
    key;
    keyArn;
    region;
    accountId;
    logGroupArnList = [];
    constructor(scope, id, props) {
        super(scope, id);
        (0, common_1.requireRegion)("region", props.region);
        (0, policy_1.requireAccountId)("accountId", props.accountId);
        const deletionWindow = (0, policy_1.requireInt)("keyDeletionWindowDays", props.keyDeletionWindowDays ?? 30, 7, 30);
        if (props.keyAlias !== undefined)
            (0, common_1.requireName)("keyAlias", props.keyAlias, /^alias\/[A-Za-z0-9/_-]{1,250}$/, 256, 'key alias ("alias/" then letters, digits, "/", "_" and "-")');
        const admin = (0, common_1.keyAdministration)(props.keyAdministratorArns);
        this.region = props.region;
        this.accountId = props.accountId;
        const region = { region: props.region };
        this.key = new kms_key_1.KmsKey(this, "key", {
            ...region,
            description: `CloudWatch Logs log groups in ${props.region}`,
            enableKeyRotation: true,
            deletionWindowInDays: deletionWindow,
            // Lazy: log groups register after the key exists; the policy names every one of them.
            policy: cdktf_1.Lazy.stringValue({ produce: () => (0, policy_1.policyJson)(...admin, ...this.logsStatement()) }),
            tags: props.tags ?? {},
        });
        if (props.keyAlias !== undefined)
            new kms_alias_1.KmsAlias(this, "alias", { ...region, name: props.keyAlias, targetKeyId: this.key.keyId });
        this.keyArn = this.key.arn;
    }
    allowLogGroup(logGroupName) {
        if (cdktf_1.Token.isUnresolved(logGroupName)) {
            throw new Error("allowLogGroup: the log group name must be a literal; the key policy names it before the log group exists");
        }
        const arn = `arn:aws:logs:${this.region}:${this.accountId}:log-group:${logGroupName}`;
        if (!this.logGroupArnList.includes(arn))
            this.logGroupArnList.push(arn);
    }
    /** ARNs of the log groups registered so far. */
    logGroupArns() {
        return [...this.logGroupArnList];
    }
    logsStatement() {
        const arns = [...this.logGroupArnList].sort();
        if (arns.length === 0)
            return [];
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
exports.LogGroupKey = LogGroupKey;
