"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.s3SourceVersioning = void 0;
const pipeline_1 = require("../pipeline");
const rule_1 = require("../rule");
/**
 * CP-S3-1. An S3 source action reads an object version: the source bucket must have versioning
 * enabled, or CodePipeline cannot detect changes or fetch the version it was started for. Only
 * buckets that are resources of this app can be checked.
 */
exports.s3SourceVersioning = (0, rule_1.defineRule)({
    id: "CP-S3-1",
    level: "error",
    title: "S3 source bucket without versioning",
    message: "S3 source action reads a bucket without versioning enabled",
    fix: "Add aws_s3_bucket_versioning { bucket = <source bucket>, versioning_configuration { status = \"Enabled\" } }",
    appliesTo: ["aws_codepipeline"],
    check(res, ctx) {
        const p = (0, pipeline_1.pipelineView)(res);
        const sources = p.actions.filter((a) => a.category === "Source" && a.provider === "S3");
        if (sources.length === 0)
            return (0, rule_1.notApplicable)();
        const problems = [];
        const outside = [];
        for (const a of sources) {
            const name = a.configuration.S3Bucket;
            const bucket = name ? ctx.bucketNamed(name) : undefined;
            if (!bucket || !name) {
                outside.push(`action ${a.label}: bucket ${name ?? "(none)"} is not a resource of this app`);
                continue;
            }
            const enabled = ctx
                .bucketAttachments("aws_s3_bucket_versioning", name)
                .some((v) => (0, pipeline_1.blocks)(v.values.versioning_configuration).some((c) => c.status === "Enabled")) ||
                (0, pipeline_1.blocks)(bucket.values.versioning).some((v) => v.enabled === true || v.enabled === "true");
            if (!enabled)
                problems.push(`action ${a.label}: bucket ${name} has no aws_s3_bucket_versioning with status Enabled`);
        }
        if (problems.length === 0 && outside.length === sources.length)
            return (0, rule_1.notApplicable)(...outside);
        return (0, rule_1.fromProblems)(problems);
    },
});
