import type { PolicyStatement } from "./policy";

export { ARTIFACT_FOLDER_LENGTH, PIPELINE_FOLDER_LENGTH, artifactKeys, pipelineArtifactKeys } from "./artifact-layout";

/** What a role may do in one store: read some object-key patterns, write others. */
export interface ArtifactAccess {
  readonly store: ArtifactStoreRef;
  /** Object-key patterns it reads, e.g. `orders-service/*`. */
  readonly read: readonly string[];
  /** Object-key patterns it writes (its own output artifacts). @default [] */
  readonly write?: readonly string[];
}

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
export function artifactIdentityStatements(stores: readonly ArtifactStoreRef[], access: "read" | "readWrite"): PolicyStatement[] {
  if (stores.length === 0) return [];
  const actions = access === "read" ? artifactReadActions() : artifactReadWriteActions();
  return [
    { Sid: "ArtifactObjects", Effect: "Allow", Action: actions.s3Objects, Resource: stores.map((s) => `${s.bucketArn}/*`) },
    { Sid: "ArtifactBuckets", Effect: "Allow", Action: actions.s3Bucket, Resource: stores.map((s) => s.bucketArn) },
    { Sid: "ArtifactKeys", Effect: "Allow", Action: actions.kms, Resource: stores.map((s) => s.keyArn) },
  ];
}

/** Identity-policy statements that let a role use exactly these object keys of these stores. */
export function artifactAccessStatements(access: readonly ArtifactAccess[]): PolicyStatement[] {
  const used = access.filter((a) => a.read.length > 0 || (a.write ?? []).length > 0);
  if (used.length === 0) return [];
  const keys = (pick: (a: ArtifactAccess) => readonly string[]) => used.flatMap((a) => pick(a).map((k) => `${a.store.bucketArn}/${k}`));
  const read = keys((a) => a.read);
  const write = keys((a) => a.write ?? []);
  const writers = used.filter((a) => (a.write ?? []).length > 0);
  const statements: PolicyStatement[] = [];
  if (read.length) statements.push({ Sid: "ArtifactRead", Effect: "Allow", Action: [...ARTIFACT_ACTIONS.readObjects], Resource: read });
  if (write.length) statements.push({ Sid: "ArtifactWrite", Effect: "Allow", Action: [...ARTIFACT_ACTIONS.writeObjects], Resource: write });
  statements.push(
    { Sid: "ArtifactBuckets", Effect: "Allow", Action: [...ARTIFACT_ACTIONS.bucket], Resource: used.map((a) => a.store.bucketArn) },
    { Sid: "ArtifactKeysRead", Effect: "Allow", Action: [...ARTIFACT_ACTIONS.keyRead], Resource: used.map((a) => a.store.keyArn) },
  );
  if (writers.length)
    statements.push({ Sid: "ArtifactKeysWrite", Effect: "Allow", Action: [...ARTIFACT_ACTIONS.keyWrite], Resource: writers.map((a) => a.store.keyArn) });
  return statements;
}
