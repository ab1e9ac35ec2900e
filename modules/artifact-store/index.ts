import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import type { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ARTIFACT_ACTIONS, ArtifactStoreRef } from "../shared/artifacts";
import { grantStatements, keyAdministration, OrganizationScope, policyJson, PolicyStatement, requireBucketName, requireInt } from "../shared/policy";
import { privateBucket } from "../shared/private-bucket";

/** Roles that may use only some object keys of the store (cross-account roles of target accounts). */
export interface ArtifactObjectGrant {
  /** Literal role ARNs. */
  readonly roleArns: readonly string[];
  /** Object-key patterns they read, e.g. `orders-service/*` (see `pipelineArtifactKeys`). */
  readonly read: readonly string[];
  /** Object-key patterns they write: their own output artifacts only (see `artifactKeys`). @default [] */
  readonly write?: readonly string[];
  /**
   * Whether the bucket policy names them. Roles of the store's own account need only the key
   * policy: S3 lets their identity policies decide, so those policies must be scoped to the same
   * keys, and the bucket policy's size stays independent of them.
   * @default true
   */
  readonly inBucketPolicy?: boolean;
}

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
   * Roles granted only some object keys: in the bucket policy, exactly those keys (reads and
   * writes apart); in the key policy, decrypt for all of them and encrypt only for those that write.
   * S3 enforces the keys; the key policy cannot tell keys apart (bucket keys put the bucket, not
   * the object, in the encryption context).
   * @default []
   */
  readonly objectGrants?: readonly ArtifactObjectGrant[];
  /**
   * Grants of one role name to more accounts than `organization.listAccountsUpTo` name the
   * organization instead of each account, so the policies stay within their size limits.
   * @default none (every account is listed)
   */
  readonly organization?: OrganizationScope;
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
    const org = props.organization;
    const objectGrants = props.objectGrants ?? [];
    const grantees = [...new Set(objectGrants.flatMap((g) => g.roleArns))];
    const writers = [...new Set(objectGrants.filter((g) => (g.write ?? []).length > 0).flatMap((g) => g.roleArns))];
    const region = props.region ? { region: props.region } : {};
    const tags = props.tags ?? {};

    this.key = new KmsKey(this, "key", {
      ...region,
      description: `CodePipeline artifacts in ${props.bucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
      policy: policyJson(
        ...keyAdministration(props.keyAdministratorArns),
        ...grantStatements("ReadWriteArtifacts", readWrite, "readWriteRoleArns", [...ARTIFACT_ACTIONS.keyRead, ...ARTIFACT_ACTIONS.keyWrite], "*"),
        ...grantStatements("ReadArtifacts", readOnly, "readOnlyRoleArns", [...ARTIFACT_ACTIONS.keyRead], "*"),
        ...grantStatements("ObjectGrantsRead", grantees, "objectGrants.roleArns", [...ARTIFACT_ACTIONS.keyRead], "*", org),
        ...grantStatements("ObjectGrantsWrite", writers, "objectGrants.roleArns", [...ARTIFACT_ACTIONS.keyWrite], "*", org),
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
          expiration: [props.artifactExpirationDays !== undefined ? { days: props.artifactExpirationDays } : { expiredObjectDeleteMarker: true }],
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
          ...objectGrantStatements(objectGrants, bucketArn, org),
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

// One statement per distinct set of roles and access, then one per principal group (see
// grantPrincipals): a pipeline fanned out to many accounts costs one grant, and pipelines read by
// the same accounts share one.
function objectGrantStatements(all: readonly ArtifactObjectGrant[], bucketArn: string, org: OrganizationScope | undefined): PolicyStatement[] {
  const grants = all.filter((g) => g.inBucketPolicy !== false);
  // Keys read (or written) by exactly the same roles share one statement, whatever pipeline they belong to.
  const bySet = (pick: (g: ArtifactObjectGrant) => readonly string[]) => {
    const readers = new Map<string, Set<string>>();
    for (const g of grants) for (const k of pick(g)) g.roleArns.forEach((r) => readers.set(k, (readers.get(k) ?? new Set()).add(r)));
    const sets = new Map<string, { keys: string[]; roles: Set<string> }>();
    for (const [key, roles] of [...readers].sort(([a], [b]) => a.localeCompare(b))) {
      const id = [...roles].sort().join("\n");
      const entry = sets.get(id) ?? { keys: [], roles };
      entry.keys.push(key);
      sets.set(id, entry);
    }
    return [...sets.values()];
  };
  const statements: PolicyStatement[] = [];
  bySet((g) => g.read).forEach(({ keys, roles }, i) =>
    statements.push(
      ...grantStatements(
        `ObjectRead${i}_`,
        [...roles],
        "objectGrants.roleArns",
        [...ARTIFACT_ACTIONS.readObjects],
        keys.map((k) => `${bucketArn}/${k}`),
        org,
      ),
    ),
  );
  // Writes are never organization-wide: each artifact has one producer, so a write names its accounts.
  bySet((g) => g.write ?? []).forEach(({ keys, roles }, i) =>
    statements.push(
      ...grantStatements(
        `ObjectWrite${i}_`,
        [...roles],
        "objectGrants.roleArns",
        [...ARTIFACT_ACTIONS.writeObjects],
        keys.map((k) => `${bucketArn}/${k}`),
      ),
    ),
  );
  const roles = [...new Set(grants.flatMap((g) => g.roleArns))];
  statements.push(...grantStatements("ObjectGrantsBucket", roles, "objectGrants.roleArns", [...ARTIFACT_ACTIONS.bucket], bucketArn, org));
  return statements;
}
