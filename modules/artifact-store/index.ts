import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import type { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ARTIFACT_ACTIONS, ArtifactStoreRef } from "../shared/artifacts";
import { grantStatements, keyAdministration, policyJson, requireBucketName, requireInt } from "../shared/policy";
import { privateBucket } from "../shared/private-bucket";


export interface ArtifactStoreProps {
  /** Globally unique S3 bucket name (3-63 characters). */
  readonly bucketName: string;
  /** Alias of the KMS key; must start with `alias/codepipeline-`. */
  readonly keyAlias: string;
  /**
   * Region of every resource (provider 6 per-resource `region`).
   * @default the provider's region
   */
  readonly region?: string;
  /** Roles that administer the key (never use it for data). At least one, usually the Terraform deploy role. */
  readonly keyAdministratorArns: string[];
  /**
   * Roles that read and write artifacts: pipeline roles, cross-account action roles.
   * Granted in BOTH the bucket policy and the key policy.
   * @default []
   */
  readonly readWriteRoleArns?: string[];
  /**
   * Roles that only read artifacts, e.g. CloudFormation execution roles.
   * Granted in BOTH the bucket policy and the key policy.
   * @default []
   */
  readonly readOnlyRoleArns?: string[];
  /**
   * Days after which a replaced artifact version is deleted.
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after which current artifacts are expired; leave unset to keep them (rollbacks need them).
   * @default undefined (kept)
   */
  readonly artifactExpirationDays?: number;
  /**
   * Waiting period before the key is deleted after destroy.
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
  /**
   * Let `terraform destroy` delete a bucket that still holds artifacts.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /** Tags on the bucket and key, on top of provider default tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * One region's CodePipeline artifact store: a versioned, private, SSE-KMS bucket and its
 * customer-managed key, both granting exactly the given roles.
 */
export class ArtifactStore extends Construct implements ArtifactStoreRef {
  readonly bucket: S3Bucket;
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  readonly bucketPolicy: S3BucketPolicy;
  readonly region: string;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: ArtifactStoreProps) {
    super(scope, id);
    const noncurrentDays = requireInt("noncurrentVersionExpirationDays", props.noncurrentVersionExpirationDays ?? 30, 1, 3650);
    const deletionWindow = requireInt("keyDeletionWindowDays", props.keyDeletionWindowDays ?? 30, 7, 30);
    if (props.artifactExpirationDays !== undefined) requireInt("artifactExpirationDays", props.artifactExpirationDays, 1, 3650);
    requireBucketName("bucketName", props.bucketName);
    if (!Token.isUnresolved(props.keyAlias) && !/^alias\/codepipeline-[\w/-]{1,236}$/.test(props.keyAlias)) {
      throw new Error(`keyAlias: "${props.keyAlias}" must start with "alias/codepipeline-" and use letters, digits, "/", "_" and "-"`);
    }
    const readWrite = props.readWriteRoleArns ?? [];
    const readOnly = (props.readOnlyRoleArns ?? []).filter((arn) => !readWrite.includes(arn));
    const region = props.region ? { region: props.region } : {};
    const tags = props.tags ?? {};

    this.key = new KmsKey(this, "key", {
      ...region,
      description: `CodePipeline artifacts in ${props.bucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
      policy: policyJson(
        ...keyAdministration(props.keyAdministratorArns),
        ...grantStatements(
          "ReadWriteArtifacts",
          readWrite,
          "readWriteRoleArns",
          [...ARTIFACT_ACTIONS.keyRead, ...ARTIFACT_ACTIONS.keyWrite],
          "*",
        ),
        ...grantStatements("ReadArtifacts", readOnly, "readOnlyRoleArns", [...ARTIFACT_ACTIONS.keyRead], "*"),
      ),
      tags,
    });
    this.alias = new KmsAlias(this, "alias", { ...region, name: props.keyAlias, targetKeyId: this.key.keyId });

    const store = privateBucket(this, {
      bucketName: props.bucketName,
      ...region,
      kmsKeyArn: this.key.arn,
      forceDestroy: props.forceDestroy ?? false,
      tags,
      lifecycleRules: [
        {
          id: "expire-old-artifact-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          expiration: [
            props.artifactExpirationDays !== undefined ? { days: props.artifactExpirationDays } : { expiredObjectDeleteMarker: true },
          ],
        },
      ],
      policyStatements: (bucketArn) => {
        const objects = `${bucketArn}/*`;
        return [
          {
            // CodePipeline never deletes artifacts (lifecycle rules expire them); only key administrators may.
            Sid: "DenyArtifactDeletion",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
            Resource: objects,
            Condition: { ArnNotEquals: { "aws:PrincipalArn": [...props.keyAdministratorArns] } },
          },
          {
            Sid: "DenyUnencryptedUploads",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: objects,
            Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } },
          },
          ...grantStatements(
            "ReadWriteArtifacts",
            readWrite,
            "readWriteRoleArns",
            [...ARTIFACT_ACTIONS.readObjects, ...ARTIFACT_ACTIONS.writeObjects],
            objects,
          ),
          ...grantStatements("ReadWriteBucket", readWrite, "readWriteRoleArns", [...ARTIFACT_ACTIONS.bucket], bucketArn),
          ...grantStatements("ReadArtifacts", readOnly, "readOnlyRoleArns", [...ARTIFACT_ACTIONS.readObjects], objects),
          ...grantStatements("ReadBucket", readOnly, "readOnlyRoleArns", [...ARTIFACT_ACTIONS.bucket], bucketArn),
        ];
      },
    });
    this.bucket = store.bucket;
    this.bucketPolicy = store.policy;
    const bucketArn = this.bucket.arn;

    this.region = props.region ?? this.bucket.region;
    this.bucketName = this.bucket.bucket;
    this.bucketArn = bucketArn;
    this.keyArn = this.key.arn;
  }
}
