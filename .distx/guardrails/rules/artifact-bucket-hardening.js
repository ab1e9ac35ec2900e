"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.artifactBucketHardening = void 0;
exports.isArtifactBucket = isArtifactBucket;
const policy_1 = require("../policy");
const pipeline_1 = require("../pipeline");
const rule_1 = require("../rule");
const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
function allFour(r) {
    return FLAGS.every((f) => r.values[f] === true || r.values[f] === "true");
}
/** Whether some pipeline of the app stores artifacts in this bucket. */
function isArtifactBucket(ctx, name) {
    return ctx.resources("aws_codepipeline").some((p) => (0, pipeline_1.pipelineView)(p).stores.some((s) => s.location === name));
}
/** Deny for everyone, on the bucket's objects, when aws:SecureTransport is false. */
function isTlsDeny(st, name) {
    if (st.effect !== "Deny" || !st.principal?.any)
        return false;
    if (!["s3:GetObject", "s3:PutObject"].every((a) => (0, policy_1.coversAction)(st, a)) || !(0, policy_1.coversResource)(st, `arn:aws:s3:::${name}/key`))
        return false;
    return Object.entries(st.conditions).some(([op, block]) => /^Bool(IfExists)?$/.test(op) &&
        Object.entries(block).some(([k, v]) => k.toLowerCase() === "aws:securetransport" && v.some((x) => x.toLowerCase() === "false")));
}
/**
 * CP-S3-2. A bucket used as an artifact store holds every build output and deployment template:
 * all four public access block settings must be on, and its policy must deny requests without TLS
 * (Deny, Principal "*", Condition Bool aws:SecureTransport = false).
 */
exports.artifactBucketHardening = (0, rule_1.defineRule)({
    id: "CP-S3-2",
    level: "error",
    title: "Artifact bucket without public access block or TLS-only policy",
    message: "Artifact bucket lacks a full public access block or a bucket policy denying non-TLS requests",
    fix: "Add aws_s3_bucket_public_access_block with all four settings true, and a bucket policy statement Deny s3:* for \"*\" when aws:SecureTransport is false",
    appliesTo: ["aws_s3_bucket"],
    check(bucket, ctx) {
        const name = typeof bucket.values.bucket === "string" ? bucket.values.bucket : undefined;
        if (!name || !isArtifactBucket(ctx, name))
            return (0, rule_1.notApplicable)();
        const problems = [];
        const blocked = ctx.bucketAttachments("aws_s3_bucket_public_access_block", name).some(allFour) ||
            ctx.resources("aws_s3_account_public_access_block").some((a) => a.account === bucket.account && allFour(a));
        if (!blocked)
            problems.push(`bucket ${name} has no public access block with ${FLAGS.join(", ")} all true`);
        const statements = [];
        for (const p of [bucket.values.policy, ...ctx.bucketAttachments("aws_s3_bucket_policy", name).map((x) => x.values.policy)]) {
            if (p === undefined)
                continue;
            const parsed = (0, policy_1.parsePolicy)(p);
            if (parsed.ok)
                statements.push(...parsed.statements);
            else
                problems.push(`bucket policy of ${name} cannot be read: ${parsed.error}`);
        }
        if (!statements.some((st) => isTlsDeny(st, name)))
            problems.push(`bucket ${name} has no policy statement denying requests without TLS (aws:SecureTransport false)`);
        return (0, rule_1.fromProblems)(problems);
    },
});
