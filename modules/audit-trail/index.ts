import { Cloudtrail, CloudtrailAdvancedEventSelector, CloudtrailAdvancedEventSelectorFieldSelector } from "@cdktf/provider-aws/lib/cloudtrail";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import type { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { keyAdministration, requireName, requireRegion } from "../events/common";
import { grantPrincipals, grantStatements, policyJson, PolicyStatement, requireAccountId, requireBucketName, requireInt } from "../shared/policy";
import { privateBucket } from "../shared/private-bucket";
import { arnPrefix } from "../shared/partition";

export interface AuditTrailProps {
  /** Trail name: 3-128 letters, digits, `.`, `_` and `-`, starting and ending with a letter or digit. */
  readonly trailName: string;
  /** Globally unique name of the log bucket. */
  readonly bucketName: string;
  /** Home region of the trail, its bucket and key (provider 6 per-resource `region`). */
  readonly region: string;
  /** Account of the trail; the trail ARN and the `AWSLogs/<account>/` prefix are built from it. */
  readonly accountId: string;
  /** Roles that administer the key (never use it for data). */
  readonly keyAdministratorArns: string[];
  /**
   * Roles that read the logs: s3:GetObject/ListBucket on the bucket and kms:Decrypt of CloudTrail-encrypted objects.
   * @default [] (nobody)
   */
  readonly logReaderRoleArns?: string[];
  /** Alias of the key, `alias/...`. @default none */
  readonly keyAlias?: string;
  /**
   * Days after which log files are deleted.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /** Days after which replaced or deleted object versions are removed. @default 30 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Waiting period before the key is deleted after destroy. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /**
   * Buckets (`arn:aws:s3:::<name>`) whose object-level write events (PutObject, DeleteObject, ...) the
   * trail records as S3 data events, besides all management events. Writes only: every pipeline
   * action reads artifacts, and reads decide nothing that the writes before them did not.
   * @default [] (management events only)
   */
  readonly dataEventBucketArns?: string[];
  /** Let `terraform destroy` delete a bucket that still holds logs. @default false */
  readonly forceDestroy?: boolean;
  /** Tags on every resource. @default {} */
  readonly tags?: Record<string, string>;
}

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
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly key: KmsKey;
  readonly bucket: S3Bucket;
  readonly bucketPolicy: S3BucketPolicy;
  /** Literal ARN of the trail, as the policies name it. */
  readonly trailArn: string;
  readonly keyArn: string;
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    requireName("trailName", props.trailName, TRAIL_NAME, 128, "trail name (3-128 letters, digits, ., _ and -, starting and ending with a letter or digit)");
    if (!Token.isUnresolved(props.trailName) && /[._-]{2}/.test(props.trailName)) {
      throw new Error(`trailName: "${props.trailName}" must not contain adjacent ".", "_" or "-"`);
    }
    requireBucketName("bucketName", props.bucketName);
    requireRegion("region", props.region);
    requireAccountId("accountId", props.accountId);
    const retention = requireInt("logRetentionDays", props.logRetentionDays ?? 365, 1, 36500);
    const noncurrent = requireInt("noncurrentVersionExpirationDays", props.noncurrentVersionExpirationDays ?? 30, 1, 3650);
    const deletionWindow = requireInt("keyDeletionWindowDays", props.keyDeletionWindowDays ?? 30, 7, 30);
    if (props.keyAlias !== undefined && !Token.isUnresolved(props.keyAlias) && !/^alias\/[A-Za-z0-9/_-]{1,250}$/.test(props.keyAlias)) {
      throw new Error(`keyAlias: "${props.keyAlias}" must start with "alias/" and use letters, digits, "/", "_" and "-"`);
    }
    const dataEventBuckets = [...new Set(props.dataEventBucketArns ?? [])].sort();
    for (const arn of dataEventBuckets) {
      if (!Token.isUnresolved(arn) && !BUCKET_ARN.test(arn)) {
        throw new Error(`dataEventBucketArns: "${arn}" is not an S3 bucket ARN (arn:aws:s3:::<bucket name>, without a key)`);
      }
    }
    const selectorValues = dataEventSelectors(dataEventBuckets)
      .flatMap((sel) => sel.fieldSelector as CloudtrailAdvancedEventSelectorFieldSelector[])
      .reduce((n, f) => n + (f.equalTo?.length ?? 0) + (f.startsWith?.length ?? 0), 0);
    if (selectorValues > SELECTOR_VALUES_MAX) {
      throw new Error(
        `dataEventBucketArns: ${dataEventBuckets.length} buckets take more than the ${SELECTOR_VALUES_MAX} values CloudTrail allows in a trail's advanced event selectors; list fewer buckets`,
      );
    }
    const readers = props.logReaderRoleArns ?? [];
    const readerGrants = grantPrincipals(readers, "logReaderRoleArns");
    const admin = keyAdministration(props.keyAdministratorArns);
    const region = { region: props.region };
    const tags = props.tags ?? {};

    // Literal, because the policies must name the trail before it exists (CloudTrail checks them at
    // CreateTrail). A multi-region trail's ARN carries its home region.
    this.trailArn = `${arnPrefix(props.region)}:cloudtrail:${props.region}:${props.accountId}:trail/${props.trailName}`;
    const fromTrail = { "aws:SourceArn": this.trailArn };
    const trailContext = { "kms:EncryptionContext:aws:cloudtrail:arn": `${arnPrefix(props.region)}:cloudtrail:*:${props.accountId}:trail/*` };

    // CloudTrail user guide, default-cmk-policy / create-kms-key-policy-for-cloudtrail.
    const keyStatements: PolicyStatement[] = [
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
      ...readerGrants.map(
        (g, i): PolicyStatement => ({
          Sid: `LogReadersDecrypt${i}`,
          Effect: "Allow",
          Principal: g.principal,
          Action: "kms:Decrypt",
          Resource: "*",
          Condition: { ...(g.condition ?? {}), StringLike: trailContext },
        }),
      ),
    ];
    this.key = new KmsKey(this, "key", {
      ...region,
      description: `CloudTrail ${props.trailName} log files`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
      policy: policyJson(...keyStatements),
      tags,
    });
    if (props.keyAlias !== undefined) new KmsAlias(this, "alias", { ...region, name: props.keyAlias, targetKeyId: this.key.keyId });

    const logs = privateBucket(this, {
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
      policyStatements: (bucketArn: string) => [
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
        ...grantStatements("LogReadersObjects", readers, "logReaderRoleArns", ["s3:GetObject", "s3:GetObjectVersion"], `${bucketArn}/*`),
        ...grantStatements("LogReadersBucket", readers, "logReaderRoleArns", ["s3:GetBucketLocation", "s3:ListBucket"], bucketArn),
      ],
    });
    this.bucket = logs.bucket;
    this.bucketPolicy = logs.policy;

    this.trail = new Cloudtrail(this, "trail", {
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

/**
 * Advanced event selectors (CloudTrail API reference: AdvancedEventSelector, AdvancedFieldSelector,
 * PutEventSelectors; user guide "Logging data events"). A trail logs an event only when it matches
 * one of its selectors (PutEventSelectors), so management events need a selector of their own.
 * Data events need eventCategory and resources.type (AWS::S3::Object); `readOnly` false keeps
 * writes only; a bucket's object events are those whose `resources.ARN` starts with
 * `arn:aws:s3:::<bucket>/`.
 */
function dataEventSelectors(bucketArns: readonly string[]): CloudtrailAdvancedEventSelector[] {
  if (bucketArns.length === 0) return [];
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
