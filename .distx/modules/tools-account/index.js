"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ToolsAccount = void 0;
const iam_role_1 = require("@cdktf/provider-aws/lib/iam-role");
const iam_role_policy_1 = require("@cdktf/provider-aws/lib/iam-role-policy");
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const artifact_store_1 = require("../artifact-store");
const artifacts_1 = require("../shared/artifacts");
const policy_1 = require("../shared/policy");
/**
 * The tools account's share of a CodePipeline landing zone: the pipeline service role and one
 * KMS-encrypted artifact store per region, exposed as a region -> store map.
 */
class ToolsAccount extends constructs_1.Construct {
    pipelineRole;
    /** Literal ARN of the pipeline role (known before apply). */
    pipelineRoleArn;
    /** The artifact stores created by this construct, by region. */
    createdStores;
    /** Every artifact store the pipelines may use, by region (created here or external). */
    artifactStores;
    constructor(scope, id, props) {
        super(scope, id);
        const external = props.externalArtifactStores ?? [];
        const regions = [...props.artifactStores.map((s) => s.region), ...external.map((s) => s.region)];
        if (props.artifactStores.length === 0) {
            throw new Error("artifactStores: create at least the primary region's artifact store");
        }
        regions.forEach((r, i) => {
            if (!cdktf_1.Token.isUnresolved(r) && regions.indexOf(r) !== i) {
                throw new Error(`artifactStores/externalArtifactStores: region "${r}" has two artifact stores; keep one per region`);
            }
        });
        (0, policy_1.requireAccountId)("accountId", props.accountId);
        (0, policy_1.requireRoleName)("pipelineRoleName", props.pipelineRoleName);
        const tags = props.tags ?? {};
        this.pipelineRoleArn = `arn:aws:iam::${props.accountId}:role/${props.pipelineRoleName}`;
        this.pipelineRole = new iam_role_1.IamRole(this, "pipeline-role", {
            name: props.pipelineRoleName,
            description: "Service role of the CodePipeline pipelines",
            assumeRolePolicy: (0, policy_1.policyJson)({
                Sid: "CodePipeline",
                Effect: "Allow",
                Principal: { Service: "codepipeline.amazonaws.com" },
                Action: "sts:AssumeRole",
            }),
            ...(props.permissionsBoundaryArn ? { permissionsBoundary: props.permissionsBoundaryArn } : {}),
            tags,
        });
        const created = props.artifactStores.map((spec) => new artifact_store_1.ArtifactStore(this, `artifact-store-${spec.region}`, {
            region: spec.region,
            bucketName: spec.bucketName,
            keyAlias: spec.keyAlias,
            keyAdministratorArns: props.keyAdministratorArns,
            readWriteRoleArns: [this.pipelineRoleArn, ...(spec.readWriteRoleArns ?? [])],
            readOnlyRoleArns: spec.readOnlyRoleArns ?? [],
            ...(spec.objectGrants ? { objectGrants: spec.objectGrants } : {}),
            ...(spec.organization ? { organization: spec.organization } : {}),
            tags,
        }));
        this.createdStores = Object.fromEntries(created.map((s, i) => [props.artifactStores[i].region, s]));
        const all = [...created, ...external];
        this.artifactStores = Object.fromEntries(all.map((s, i) => [regions[i], s]));
        new iam_role_policy_1.IamRolePolicy(this, "pipeline-role-artifacts", {
            role: this.pipelineRole.name,
            name: "artifact-stores",
            policy: (0, policy_1.policyJson)(...(0, artifacts_1.artifactIdentityStatements)(all, "readWrite")),
        });
    }
}
exports.ToolsAccount = ToolsAccount;
