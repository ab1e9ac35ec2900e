"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuditTrail = void 0;
const cloudtrail_1 = require("@cdktf/provider-aws/lib/cloudtrail");
const kms_alias_1 = require("@cdktf/provider-aws/lib/kms-alias");
const kms_key_1 = require("@cdktf/provider-aws/lib/kms-key");
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const common_1 = require("../events/common");
const policy_1 = require("../shared/policy");
const private_bucket_1 = require("../shared/private-bucket");
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// PutEventSelectors (CloudTrail API reference, InvalidEventSelectorsException): at most 500 values
// over all conditions of all advanced event selectors of a trail.
const SELECTOR_VALUES_MAX = 500;
const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,126})[A-Za-z0-9]$/;
/**
 * A multi-region CloudTrail trail with log file validation, delivering to a private, versioned,
 * SSE-KMS bucket under its own CMK. Bucket and key policies admit cloudtrail.amazonaws.com only
 * for this trail (aws:SourceArn), as AWS documents them.
 */
class AuditTrail extends constructs_1.Construct {
    trail;
    key;
    bucket;
    bucketPolicy;
    /** Literal ARN of the trail, as the policies name it. */
    trailArn;
    keyArn;
    bucketArn;
    constructor(scope, id, props) {
        super(scope, id);
        (0, common_1.requireName)("trailName", props.trailName, TRAIL_NAME, 128, "trail name (3-128 letters, digits, ., _ and -, starting and ending with a letter or digit)");
        if (!cdktf_1.Token.isUnresolved(props.trailName) && /[._-]{2}/.test(props.trailName)) {
            throw new Error(`trailName: "${props.trailName}" must not contain adjacent ".", "_" or "-"`);
        }
        (0, policy_1.requireBucketName)("bucketName", props.bucketName);
        (0, common_1.requireRegion)("region", props.region);
        (0, policy_1.requireAccountId)("accountId", props.accountId);
        const retention = (0, policy_1.requireInt)("logRetentionDays", props.logRetentionDays ?? 365, 1, 36500);
        const noncurrent = (0, policy_1.requireInt)("noncurrentVersionExpirationDays", props.noncurrentVersionExpirationDays ?? 30, 1, 3650);
        const deletionWindow = (0, policy_1.requireInt)("keyDeletionWindowDays", props.keyDeletionWindowDays ?? 30, 7, 30);
        if (props.keyAlias !== undefined && !cdktf_1.Token.isUnresolved(props.keyAlias) && !/^alias\/[A-Za-z0-9/_-]{1,250}$/.test(props.keyAlias)) {
            throw new Error(`keyAlias: "${props.keyAlias}" must start with "alias/" and use letters, digits, "/", "_" and "-"`);
        }
        const dataEventBuckets = [...new Set(props.dataEventBucketArns ?? [])].sort();
        for (const arn of dataEventBuckets) {
            if (!cdktf_1.Token.isUnresolved(arn) && !BUCKET_ARN.test(arn)) {
                throw new Error(`dataEventBucketArns: "${arn}" is not an S3 bucket ARN (arn:aws:s3:::<bucket name>, without a key)`);
            }
        }
        const selectorValues = dataEventSelectors(dataEventBuckets)
            .flatMap((sel) => sel.fieldSelector)
            .reduce((n, f) => n + (f.equalTo?.length ?? 0) + (f.startsWith?.length ?? 0), 0);
        if (selectorValues > SELECTOR_VALUES_MAX) {
            throw new Error(`dataEventBucketArns: ${dataEventBuckets.length} buckets take more than the ${SELECTOR_VALUES_MAX} values CloudTrail allows in a trail's advanced event selectors; list fewer buckets`);
        }
        const readers = props.logReaderRoleArns ?? [];
        const readerGrants = (0, policy_1.grantPrincipals)(readers, "logReaderRoleArns");
        const admin = (0, common_1.keyAdministration)(props.keyAdministratorArns);
        const region = { region: props.region };
        const tags = props.tags ?? {};
        // Literal, because the policies must name the trail before it exists (CloudTrail checks them at
        // CreateTrail). A multi-region trail's ARN carries its home region.
        this.trailArn = `arn:aws:cloudtrail:${props.region}:${props.accountId}:trail/${props.trailName}`;
        const fromTrail = { "aws:SourceArn": this.trailArn };
        const trailContext = { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${props.accountId}:trail/*` };
        // CloudTrail user guide, default-cmk-policy / create-kms-key-policy-for-cloudtrail.
        const keyStatements = [
            ...admin,
            {
                Sid: "CloudTrailEncryptLogs",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: { StringEquals: fromTrail, StringLike: trailContext },
            },
            {
                Sid: "CloudTrailDescribeKey",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:DescribeKey",
                Resource: "*",
                Condition: { StringEquals: fromTrail },
            },
            // Readers decrypt only what CloudTrail of this account encrypted.
            ...readerGrants.map((g, i) => ({
                Sid: `LogReadersDecrypt${i}`,
                Effect: "Allow",
                Principal: g.principal,
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: { ...(g.condition ?? {}), StringLike: trailContext },
            })),
        ];
        this.key = new kms_key_1.KmsKey(this, "key", {
            ...region,
            description: `CloudTrail ${props.trailName} log files`,
            enableKeyRotation: true,
            deletionWindowInDays: deletionWindow,
            policy: (0, policy_1.policyJson)(...keyStatements),
            tags,
        });
        if (props.keyAlias !== undefined)
            new kms_alias_1.KmsAlias(this, "alias", { ...region, name: props.keyAlias, targetKeyId: this.key.keyId });
        const logs = (0, private_bucket_1.privateBucket)(this, {
            bucketName: props.bucketName,
            ...(props.region ? { region: props.region } : {}),
            kmsKeyArn: this.key.arn,
            forceDestroy: props.forceDestroy ?? false,
            tags,
            lifecycleRules: [
                {
                    id: "expire-logs",
                    status: "Enabled",
                    filter: [{ prefix: "" }],
                    expiration: [{ days: retention }],
                    noncurrentVersionExpiration: [{ noncurrentDays: noncurrent }],
                    abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
                },
            ],
            // CloudTrail user guide, create-s3-bucket-policy-for-cloudtrail (AWSCloudTrailAclCheck20150319,
            // AWSCloudTrailWrite20150319), with aws:SourceArn = this trail.
            policyStatements: (bucketArn) => [
                {
                    Sid: "CloudTrailAclCheck",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:GetBucketAcl",
                    Resource: bucketArn,
                    Condition: { StringEquals: fromTrail },
                },
                {
                    Sid: "CloudTrailWrite",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${bucketArn}/AWSLogs/${props.accountId}/*`,
                    Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...fromTrail } },
                },
                ...(0, policy_1.grantStatements)("LogReadersObjects", readers, "logReaderRoleArns", ["s3:GetObject", "s3:GetObjectVersion"], `${bucketArn}/*`),
                ...(0, policy_1.grantStatements)("LogReadersBucket", readers, "logReaderRoleArns", ["s3:GetBucketLocation", "s3:ListBucket"], bucketArn),
            ],
        });
        this.bucket = logs.bucket;
        this.bucketPolicy = logs.policy;
        this.trail = new cloudtrail_1.Cloudtrail(this, "trail", {
            ...region,
            name: props.trailName,
            ...(dataEventBuckets.length ? { advancedEventSelector: dataEventSelectors(dataEventBuckets) } : {}),
            s3BucketName: this.bucket.bucket,
            kmsKeyId: this.key.arn,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            // CreateTrail fails unless the bucket policy already admits the trail.
            dependsOn: [this.bucketPolicy],
            tags,
        });
        this.keyArn = this.key.arn;
        this.bucketArn = this.bucket.arn;
    }
}
exports.AuditTrail = AuditTrail;
/**
 * Advanced event selectors (CloudTrail API reference: AdvancedEventSelector, AdvancedFieldSelector,
 * PutEventSelectors; user guide "Logging data events"). A trail logs an event only when it matches
 * one of its selectors (PutEventSelectors), so management events need a selector of their own.
 * Data events need eventCategory and resources.type (AWS::S3::Object); `readOnly` false keeps
 * writes only; a bucket's object events are those whose `resources.ARN` starts with
 * `arn:aws:s3:::<bucket>/`.
 */
function dataEventSelectors(bucketArns) {
    if (bucketArns.length === 0)
        return [];
    return [
        { name: "All management events", fieldSelector: [{ field: "eventCategory", equalTo: ["Management"] }] },
        {
            name: "S3 object writes in the landing zone's buckets",
            fieldSelector: [
                { field: "eventCategory", equalTo: ["Data"] },
                { field: "resources.type", equalTo: ["AWS::S3::Object"] },
                { field: "readOnly", equalTo: ["false"] },
                { field: "resources.ARN", startsWith: bucketArns.map((arn) => `${arn}/`) },
            ],
        },
    ];
}
