"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.policySizeLimits = void 0;
const pipeline_1 = require("../pipeline");
const rule_1 = require("../rule");
// Documented size limits (characters, whitespace not counted): S3 bucket policy 20 KB; KMS key policy
// 32 KB; SQS queue policy 8 KB; SNS topic policy 30 KB; IAM role trust policy 2,048 (default quota,
// adjustable to 4,096); all inline policies of one role together 10,240.
const LIMITS = {
    aws_s3_bucket_policy: { attribute: "policy", limit: 20480, what: "bucket policy" },
    aws_kms_key: { attribute: "policy", limit: 32768, what: "key policy" },
    aws_sqs_queue_policy: { attribute: "policy", limit: 8192, what: "queue policy" },
    aws_sns_topic_policy: { attribute: "policy", limit: 30720, what: "topic policy" },
    aws_iam_role: { attribute: "assume_role_policy", limit: 2048, what: "trust policy" },
};
const INLINE_TOTAL = 10240;
const size = (policy) => (policy ?? "").replace(/\s+/g, "").length;
/**
 * CP-SIZE-1. A policy over its service's size limit fails at apply, long after synth; with many
 * accounts or pipelines that is the first thing to break. Sizes are measured on the resolved JSON
 * (values known only after apply are stand-ins of about the same length).
 */
exports.policySizeLimits = (0, rule_1.defineRule)({
    id: "CP-SIZE-1",
    level: "error",
    title: "Policy over its size limit",
    message: "A policy is larger than AWS accepts, so apply would fail",
    fix: "Grant fewer, broader principals (one statement per shared role name), split pipelines across more roles, or request a higher quota where AWS allows it",
    appliesTo: Object.keys(LIMITS),
    check(resource, ctx) {
        const limit = LIMITS[resource.type];
        if (!limit)
            return (0, rule_1.notApplicable)(`${resource.type} has no size rule`);
        const problems = [];
        const own = size((0, pipeline_1.str)(resource.values[limit.attribute]));
        if (own > limit.limit)
            problems.push(`${limit.what} is ${own} characters; the limit is ${limit.limit}`);
        if (resource.type === "aws_iam_role") {
            const inline = inlinePolicies(resource, ctx.resources("aws_iam_role_policy"));
            const total = inline.reduce((n, p) => n + size((0, pipeline_1.str)(p.values.policy)), 0);
            if (total > INLINE_TOTAL)
                problems.push(`its ${inline.length} inline policies total ${total} characters; IAM allows ${INLINE_TOTAL} per role`);
        }
        return (0, rule_1.fromProblems)(problems);
    },
});
// Inline policies of a role: same account, `role` naming the role (by name or by reference).
function inlinePolicies(role, policies) {
    const name = (0, pipeline_1.str)(role.values.name);
    return policies.filter((p) => p.account === role.account && ((0, pipeline_1.str)(p.values.role) === name || (0, pipeline_1.str)(p.body.role)?.includes(`aws_iam_role.${role.name}.`) === true));
}
