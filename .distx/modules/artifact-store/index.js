"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ArtifactStore = void 0;
const kms_alias_1 = require("@cdktf/provider-aws/lib/kms-alias");
const kms_key_1 = require("@cdktf/provider-aws/lib/kms-key");
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const artifacts_1 = require("../shared/artifacts");
const policy_1 = require("../shared/policy");
const private_bucket_1 = require("../shared/private-bucket");
/**
 * One region's CodePipeline artifact store: a versioned, private, SSE-KMS bucket and its
 * customer-managed key, both granting exactly the given roles.
 */
class ArtifactStore extends constructs_1.Construct {
    bucket;
    key;
    alias;
    bucketPolicy;
    region;
    bucketName;
    bucketArn;
    keyArn;
    constructor(scope, id, props) {
        super(scope, id);
        const noncurrentDays = (0, policy_1.requireInt)("noncurrentVersionExpirationDays", props.noncurrentVersionExpirationDays ?? 30, 1, 3650);
        const deletionWindow = (0, policy_1.requireInt)("keyDeletionWindowDays", props.keyDeletionWindowDays ?? 30, 7, 30);
        if (props.artifactExpirationDays !== undefined)
            (0, policy_1.requireInt)("artifactExpirationDays", props.artifactExpirationDays, 1, 3650);
        (0, policy_1.requireBucketName)("bucketName", props.bucketName);
        if (!cdktf_1.Token.isUnresolved(props.keyAlias) && !/^alias\/codepipeline-[\w/-]{1,236}$/.test(props.keyAlias)) {
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
        this.key = new kms_key_1.KmsKey(this, "key", {
            ...region,
            description: `CodePipeline artifacts in ${props.bucketName}`,
            enableKeyRotation: true,
            deletionWindowInDays: deletionWindow,
            policy: (0, policy_1.policyJson)(...(0, policy_1.keyAdministration)(props.keyAdministratorArns), ...(0, policy_1.grantStatements)("ReadWriteArtifacts", readWrite, "readWriteRoleArns", [...artifacts_1.ARTIFACT_ACTIONS.keyRead, ...artifacts_1.ARTIFACT_ACTIONS.keyWrite], "*"), ...(0, policy_1.grantStatements)("ReadArtifacts", readOnly, "readOnlyRoleArns", [...artifacts_1.ARTIFACT_ACTIONS.keyRead], "*"), ...(0, policy_1.grantStatements)("ObjectGrantsRead", grantees, "objectGrants.roleArns", [...artifacts_1.ARTIFACT_ACTIONS.keyRead], "*", org), ...(0, policy_1.grantStatements)("ObjectGrantsWrite", writers, "objectGrants.roleArns", [...artifacts_1.ARTIFACT_ACTIONS.keyWrite], "*", org)),
            tags,
        });
        this.alias = new kms_alias_1.KmsAlias(this, "alias", { ...region, name: props.keyAlias, targetKeyId: this.key.keyId });
        const store = (0, private_bucket_1.privateBucket)(this, {
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
                    ...(0, policy_1.grantStatements)("ReadWriteArtifacts", readWrite, "readWriteRoleArns", [...artifacts_1.ARTIFACT_ACTIONS.readObjects, ...artifacts_1.ARTIFACT_ACTIONS.writeObjects], objects),
                    ...(0, policy_1.grantStatements)("ReadWriteBucket", readWrite, "readWriteRoleArns", [...artifacts_1.ARTIFACT_ACTIONS.bucket], bucketArn),
                    ...(0, policy_1.grantStatements)("ReadArtifacts", readOnly, "readOnlyRoleArns", [...artifacts_1.ARTIFACT_ACTIONS.readObjects], objects),
                    ...(0, policy_1.grantStatements)("ReadBucket", readOnly, "readOnlyRoleArns", [...artifacts_1.ARTIFACT_ACTIONS.bucket], bucketArn),
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
exports.ArtifactStore = ArtifactStore;
// One statement per distinct set of roles and access, then one per principal group (see
// grantPrincipals): a pipeline fanned out to many accounts costs one grant, and pipelines read by
// the same accounts share one.
function objectGrantStatements(all, bucketArn, org) {
    const grants = all.filter((g) => g.inBucketPolicy !== false);
    // Keys read (or written) by exactly the same roles share one statement, whatever pipeline they belong to.
    const bySet = (pick) => {
        const readers = new Map();
        for (const g of grants)
            for (const k of pick(g))
                g.roleArns.forEach((r) => readers.set(k, (readers.get(k) ?? new Set()).add(r)));
        const sets = new Map();
        for (const [key, roles] of [...readers].sort(([a], [b]) => a.localeCompare(b))) {
            const id = [...roles].sort().join("\n");
            const entry = sets.get(id) ?? { keys: [], roles };
            entry.keys.push(key);
            sets.set(id, entry);
        }
        return [...sets.values()];
    };
    const statements = [];
    bySet((g) => g.read).forEach(({ keys, roles }, i) => statements.push(...(0, policy_1.grantStatements)(`ObjectRead${i}_`, [...roles], "objectGrants.roleArns", [...artifacts_1.ARTIFACT_ACTIONS.readObjects], keys.map((k) => `${bucketArn}/${k}`), org)));
    // Writes are never organization-wide: each artifact has one producer, so a write names its accounts.
    bySet((g) => g.write ?? []).forEach(({ keys, roles }, i) => statements.push(...(0, policy_1.grantStatements)(`ObjectWrite${i}_`, [...roles], "objectGrants.roleArns", [...artifacts_1.ARTIFACT_ACTIONS.writeObjects], keys.map((k) => `${bucketArn}/${k}`))));
    const roles = [...new Set(grants.flatMap((g) => g.roleArns))];
    statements.push(...(0, policy_1.grantStatements)("ObjectGrantsBucket", roles, "objectGrants.roleArns", [...artifacts_1.ARTIFACT_ACTIONS.bucket], bucketArn, org));
    return statements;
}
