"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ARTIFACT_ACTIONS = exports.pipelineArtifactKeys = exports.artifactKeys = exports.PIPELINE_FOLDER_LENGTH = exports.ARTIFACT_FOLDER_LENGTH = void 0;
exports.artifactReadActions = artifactReadActions;
exports.artifactReadWriteActions = artifactReadWriteActions;
exports.artifactIdentityStatements = artifactIdentityStatements;
exports.artifactAccessStatements = artifactAccessStatements;
var artifact_layout_1 = require("./artifact-layout");
Object.defineProperty(exports, "ARTIFACT_FOLDER_LENGTH", { enumerable: true, get: function () { return artifact_layout_1.ARTIFACT_FOLDER_LENGTH; } });
Object.defineProperty(exports, "PIPELINE_FOLDER_LENGTH", { enumerable: true, get: function () { return artifact_layout_1.PIPELINE_FOLDER_LENGTH; } });
Object.defineProperty(exports, "artifactKeys", { enumerable: true, get: function () { return artifact_layout_1.artifactKeys; } });
Object.defineProperty(exports, "pipelineArtifactKeys", { enumerable: true, get: function () { return artifact_layout_1.pipelineArtifactKeys; } });
/** Object-level and bucket-level S3 actions, and KMS actions, by access level. */
exports.ARTIFACT_ACTIONS = {
    readObjects: ["s3:GetObject", "s3:GetObjectVersion"],
    writeObjects: ["s3:PutObject"],
    bucket: ["s3:GetBucketLocation", "s3:ListBucket"],
    keyRead: ["kms:Decrypt", "kms:DescribeKey"],
    keyWrite: ["kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
};
function artifactReadActions() {
    return {
        s3Objects: [...exports.ARTIFACT_ACTIONS.readObjects],
        s3Bucket: [...exports.ARTIFACT_ACTIONS.bucket],
        kms: [...exports.ARTIFACT_ACTIONS.keyRead],
    };
}
function artifactReadWriteActions() {
    return {
        s3Objects: [...exports.ARTIFACT_ACTIONS.readObjects, ...exports.ARTIFACT_ACTIONS.writeObjects],
        s3Bucket: [...exports.ARTIFACT_ACTIONS.bucket],
        kms: [...exports.ARTIFACT_ACTIONS.keyRead, ...exports.ARTIFACT_ACTIONS.keyWrite],
    };
}
/** Identity-policy statements that let a role use exactly these artifact stores. */
function artifactIdentityStatements(stores, access) {
    if (stores.length === 0)
        return [];
    const actions = access === "read" ? artifactReadActions() : artifactReadWriteActions();
    return [
        { Sid: "ArtifactObjects", Effect: "Allow", Action: actions.s3Objects, Resource: stores.map((s) => `${s.bucketArn}/*`) },
        { Sid: "ArtifactBuckets", Effect: "Allow", Action: actions.s3Bucket, Resource: stores.map((s) => s.bucketArn) },
        { Sid: "ArtifactKeys", Effect: "Allow", Action: actions.kms, Resource: stores.map((s) => s.keyArn) },
    ];
}
/** Identity-policy statements that let a role use exactly these object keys of these stores. */
function artifactAccessStatements(access) {
    const used = access.filter((a) => a.read.length > 0 || (a.write ?? []).length > 0);
    if (used.length === 0)
        return [];
    const keys = (pick) => used.flatMap((a) => pick(a).map((k) => `${a.store.bucketArn}/${k}`));
    const read = keys((a) => a.read);
    const write = keys((a) => a.write ?? []);
    const writers = used.filter((a) => (a.write ?? []).length > 0);
    const statements = [];
    if (read.length)
        statements.push({ Sid: "ArtifactRead", Effect: "Allow", Action: [...exports.ARTIFACT_ACTIONS.readObjects], Resource: read });
    if (write.length)
        statements.push({ Sid: "ArtifactWrite", Effect: "Allow", Action: [...exports.ARTIFACT_ACTIONS.writeObjects], Resource: write });
    statements.push({ Sid: "ArtifactBuckets", Effect: "Allow", Action: [...exports.ARTIFACT_ACTIONS.bucket], Resource: used.map((a) => a.store.bucketArn) }, { Sid: "ArtifactKeysRead", Effect: "Allow", Action: [...exports.ARTIFACT_ACTIONS.keyRead], Resource: used.map((a) => a.store.keyArn) });
    if (writers.length)
        statements.push({ Sid: "ArtifactKeysWrite", Effect: "Allow", Action: [...exports.ARTIFACT_ACTIONS.keyWrite], Resource: writers.map((a) => a.store.keyArn) });
    return statements;
}
