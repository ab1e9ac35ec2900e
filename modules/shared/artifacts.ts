import type { PolicyStatement } from "./policy";

/** A regional artifact store as pipelines and roles consume it (values may be Terraform tokens). */
export interface ArtifactStoreRef {
  /** Region of the bucket and key. */
  readonly region: string;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** ARN of the customer-managed KMS key; what a pipeline's artifact_store encryption_key names. */
  readonly keyArn: string;
}

/** Object-level and bucket-level S3 actions, and KMS actions, by access level. */
export const ARTIFACT_ACTIONS = {
  readObjects: ["s3:GetObject", "s3:GetObjectVersion"],
  writeObjects: ["s3:PutObject"],
  bucket: ["s3:GetBucketLocation", "s3:ListBucket"],
  keyRead: ["kms:Decrypt", "kms:DescribeKey"],
  keyWrite: ["kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
} as const;

export function artifactReadActions(): { s3Objects: string[]; s3Bucket: string[]; kms: string[] } {
  return {
    s3Objects: [...ARTIFACT_ACTIONS.readObjects],
    s3Bucket: [...ARTIFACT_ACTIONS.bucket],
    kms: [...ARTIFACT_ACTIONS.keyRead],
  };
}

export function artifactReadWriteActions(): { s3Objects: string[]; s3Bucket: string[]; kms: string[] } {
  return {
    s3Objects: [...ARTIFACT_ACTIONS.readObjects, ...ARTIFACT_ACTIONS.writeObjects],
    s3Bucket: [...ARTIFACT_ACTIONS.bucket],
    kms: [...ARTIFACT_ACTIONS.keyRead, ...ARTIFACT_ACTIONS.keyWrite],
  };
}

/** Identity-policy statements that let a role use exactly these artifact stores. */
export function artifactIdentityStatements(
  stores: readonly ArtifactStoreRef[],
  access: "read" | "readWrite",
): PolicyStatement[] {
  if (stores.length === 0) return [];
  const actions = access === "read" ? artifactReadActions() : artifactReadWriteActions();
  return [
    { Sid: "ArtifactObjects", Effect: "Allow", Action: actions.s3Objects, Resource: stores.map((s) => `${s.bucketArn}/*`) },
    { Sid: "ArtifactBuckets", Effect: "Allow", Action: actions.s3Bucket, Resource: stores.map((s) => s.bucketArn) },
    { Sid: "ArtifactKeys", Effect: "Allow", Action: actions.kms, Resource: stores.map((s) => s.keyArn) },
  ];
}
