"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.artifactStoreRegion = void 0;
const arn_1 = require("../arn");
const kms_1 = require("../kms");
const pipeline_1 = require("../pipeline");
const rule_1 = require("../rule");
/**
 * CP-XR-2. The store declared for a region must be a bucket and a KMS key of that region:
 * CodePipeline writes the region's artifacts there and S3 refuses a key of another region.
 */
exports.artifactStoreRegion = (0, rule_1.defineRule)({
    id: "CP-XR-2",
    level: "error",
    title: "Artifact store bucket or key in another region",
    message: "Pipeline artifact_store names a bucket or KMS key of another region than the store's region",
    fix: "Point each artifact_store at the bucket and key created in its own region",
    appliesTo: ["aws_codepipeline"],
    check(res, ctx) {
        const p = (0, pipeline_1.pipelineView)(res);
        const problems = [];
        let decided = false;
        for (const s of p.stores) {
            const bucket = s.location ? ctx.bucketNamed(s.location) : undefined;
            if (bucket) {
                decided = true;
                if (bucket.region !== s.region)
                    problems.push(`store for ${s.region} uses bucket ${s.location} of ${bucket.region}`);
            }
            const key = (0, kms_1.findKey)(ctx, s.keyId).key;
            const keyRegion = key?.region ?? (0, arn_1.parseArn)(s.keyId)?.region;
            if (keyRegion) {
                decided = true;
                if (keyRegion !== s.region)
                    problems.push(`store for ${s.region} uses KMS key ${s.keyId} of ${keyRegion}`);
            }
        }
        return decided ? (0, rule_1.fromProblems)(problems) : (0, rule_1.notApplicable)("no artifact store bucket or key could be resolved");
    },
});
