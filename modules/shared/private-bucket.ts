import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { Construct } from "constructs";
import { denyInsecureTransport, policyJson, PolicyStatement } from "./policy";

export interface PrivateBucketProps {
  readonly bucketName: string;
  /** Provider 6 per-resource region. @default the provider's */
  readonly region?: string;
  /**
   * Customer-managed key of the default SSE-KMS encryption (with bucket key).
   * @default SSE-S3 (AES256), for buckets that outsiders write to and must not need the key
   */
  readonly kmsKeyArn?: string;
  /** @default false */
  readonly forceDestroy?: boolean;
  /** Statements after the TLS-only deny, given the bucket ARN. @default none */
  readonly policyStatements?: (bucketArn: string) => PolicyStatement[];
  /** Lifecycle rules (applied after versioning is on). @default none */
  readonly lifecycleRules?: S3BucketLifecycleConfigurationRule[];
  /** @default {} */
  readonly tags?: Record<string, string>;
}

export interface PrivateBucket {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;
  readonly versioning: S3BucketVersioningA;
}

/**
 * A versioned, private (public access blocked, BucketOwnerEnforced), encrypted, TLS-only bucket:
 * the part every bucket of the landing zone shares. Resources are created directly in `scope`
 * (ids bucket, public-access, ownership, versioning, encryption, lifecycle, policy), so callers'
 * Terraform addresses do not depend on this helper.
 */
export function privateBucket(scope: Construct, props: PrivateBucketProps): PrivateBucket {
  const region = props.region ? { region: props.region } : {};
  const tags = props.tags ?? {};
  const bucket = new S3Bucket(scope, "bucket", { ...region, bucket: props.bucketName, forceDestroy: props.forceDestroy ?? false, tags });
  const bucketId = bucket.id;
  const publicAccess = new S3BucketPublicAccessBlock(scope, "public-access", {
    ...region,
    bucket: bucketId,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, "ownership", { ...region, bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } });
  const versioning = new S3BucketVersioningA(scope, "versioning", { ...region, bucket: bucketId, versioningConfiguration: { status: "Enabled" } });
  new S3BucketServerSideEncryptionConfigurationA(scope, "encryption", {
    ...region,
    bucket: bucketId,
    rule: [
      props.kmsKeyArn
        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ],
  });
  if (props.lifecycleRules?.length) {
    new S3BucketLifecycleConfiguration(scope, "lifecycle", {
      ...region,
      bucket: bucketId,
      // The provider applies rules before versioning is on unless told otherwise.
      dependsOn: [versioning],
      rule: props.lifecycleRules,
    });
  }
  const bucketArn = bucket.arn;
  const policy = new S3BucketPolicy(scope, "policy", {
    ...region,
    bucket: bucketId,
    policy: policyJson(denyInsecureTransport("s3", [bucketArn, `${bucketArn}/*`]), ...(props.policyStatements?.(bucketArn) ?? [])),
    // S3 rejects some policy changes while the public access block is being changed.
    dependsOn: [publicAccess],
  });
  return { bucket, policy, versioning };
}
