"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.artifactStoreCustomerManagedKey = void 0;
const kms_1 = require("../kms");
const pipeline_1 = require("../pipeline");
const rule_1 = require("../rule");
/**
 * CP-KMS-1. Without encryption_key, CodePipeline encrypts artifacts with the AWS managed key
 * aws/s3, whose key policy cannot be changed: no other account can ever decrypt them, and the key
 * cannot be rotated or audited by the landing zone. The same holds for any `alias/aws/*` key.
 */
exports.artifactStoreCustomerManagedKey = (0, rule_1.defineRule)({
    id: "CP-KMS-1",
    level: "error",
    title: "Artifact store without customer-managed KMS key",
    message: "Pipeline artifact_store is not encrypted with a customer-managed KMS key",
    fix: "Set artifact_store encryption_key { id = <CMK ARN of the store's region>, type = \"KMS\" }",
    appliesTo: ["aws_codepipeline"],
    check(res, ctx) {
        const p = (0, pipeline_1.pipelineView)(res);
        const problems = [];
        for (const s of p.stores) {
            if (!s.hasEncryptionKey || !s.keyId)
                problems.push(`store for ${s.region} has no encryption_key (artifacts use the AWS managed key aws/s3)`);
            else if ((0, kms_1.findKey)(ctx, s.keyId).awsManaged)
                problems.push(`store for ${s.region} uses the AWS managed key ${s.keyId}`);
        }
        return (0, rule_1.fromProblems)(problems);
    },
});
