"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.privateBucket = privateBucket;
const s3_bucket_1 = require("@cdktf/provider-aws/lib/s3-bucket");
const s3_bucket_lifecycle_configuration_1 = require("@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration");
const s3_bucket_ownership_controls_1 = require("@cdktf/provider-aws/lib/s3-bucket-ownership-controls");
const s3_bucket_policy_1 = require("@cdktf/provider-aws/lib/s3-bucket-policy");
const s3_bucket_public_access_block_1 = require("@cdktf/provider-aws/lib/s3-bucket-public-access-block");
const s3_bucket_server_side_encryption_configuration_1 = require("@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration");
const s3_bucket_versioning_1 = require("@cdktf/provider-aws/lib/s3-bucket-versioning");
const policy_1 = require("./policy");
/**
 * A versioned, private (public access blocked, BucketOwnerEnforced), encrypted, TLS-only bucket:
 * the part every bucket of the landing zone shares. Resources are created directly in `scope`
 * (ids bucket, public-access, ownership, versioning, encryption, lifecycle, policy), so callers'
 * Terraform addresses do not depend on this helper.
 */
function privateBucket(scope, props) {
    const region = props.region ? { region: props.region } : {};
    const tags = props.tags ?? {};
    const bucket = new s3_bucket_1.S3Bucket(scope, "bucket", { ...region, bucket: props.bucketName, forceDestroy: props.forceDestroy ?? false, tags });
    const bucketId = bucket.id;
    const publicAccess = new s3_bucket_public_access_block_1.S3BucketPublicAccessBlock(scope, "public-access", {
        ...region,
        bucket: bucketId,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    });
    new s3_bucket_ownership_controls_1.S3BucketOwnershipControls(scope, "ownership", { ...region, bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } });
    const versioning = new s3_bucket_versioning_1.S3BucketVersioningA(scope, "versioning", { ...region, bucket: bucketId, versioningConfiguration: { status: "Enabled" } });
    new s3_bucket_server_side_encryption_configuration_1.S3BucketServerSideEncryptionConfigurationA(scope, "encryption", {
        ...region,
        bucket: bucketId,
        rule: [
            props.kmsKeyArn
                ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }
                : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
    });
    if (props.lifecycleRules?.length) {
        new s3_bucket_lifecycle_configuration_1.S3BucketLifecycleConfiguration(scope, "lifecycle", {
            ...region,
            bucket: bucketId,
            // The provider applies rules before versioning is on unless told otherwise.
            dependsOn: [versioning],
            rule: props.lifecycleRules,
        });
    }
    const bucketArn = bucket.arn;
    const policy = new s3_bucket_policy_1.S3BucketPolicy(scope, "policy", {
        ...region,
        bucket: bucketId,
        policy: (0, policy_1.policyJson)((0, policy_1.denyInsecureTransport)("s3", [bucketArn, `${bucketArn}/*`]), ...(props.policyStatements?.(bucketArn) ?? [])),
        // S3 rejects some policy changes while the public access block is being changed.
        dependsOn: [publicAccess],
    });
    return { bucket, policy, versioning };
}
