"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.resourcePolicyPrincipals = exports.RESOURCE_POLICY_ATTRIBUTES = void 0;
exports.policyAt = policyAt;
const policy_1 = require("../policy");
const rule_1 = require("../rule");
/** The resource policies and trust policies checked, by resource type and argument. */
exports.RESOURCE_POLICY_ATTRIBUTES = {
    aws_iam_role: "assume_role_policy",
    aws_s3_bucket_policy: "policy",
    aws_s3_bucket: "policy",
    aws_kms_key: "policy",
    aws_kms_key_policy: "policy",
    aws_sqs_queue_policy: "policy",
    aws_sqs_queue: "policy",
    aws_sns_topic_policy: "policy",
    aws_sns_topic: "policy",
    aws_ecr_repository_policy: "policy",
    aws_cloudwatch_event_bus_policy: "policy",
};
/** Statements of a policy argument, or why they cannot be read. */
function policyAt(res, attribute) {
    const value = res.values[attribute];
    return value === undefined ? undefined : (0, policy_1.parsePolicy)(value);
}
// A condition that must hold: a positive operator without IfExists (an absent key would pass it)
// that names the key, with no value that matches everything.
const required = (st, key) => Object.entries(st.conditions).some(([op, block]) => /^(ForAnyValue:)?(StringEquals|StringLike|ArnEquals|ArnLike)$/.test(op) &&
    Object.entries(block).some(([k, v]) => k.toLowerCase() === key.toLowerCase() && v.length > 0 && !v.some((x) => /^\*$|^arn:aws:iam::\*:\*$/.test(x))));
/**
 * CP-IAM-1. Trust and resource policies (role trust, bucket, key, queue, topic, repository and
 * event bus policies) must not Allow `*` (or everyone but a NotPrincipal) except as an
 * organization-wide grant: `aws:PrincipalOrgID` or `aws:PrincipalOrgPaths` AND `aws:PrincipalArn`
 * (without IfExists), the form that stops a grant to many accounts from growing with their number.
 * They may grant an account root only when an `aws:PrincipalArn` condition (ArnEquals/ArnLike/
 * StringEquals/StringLike) narrows it to named principals. Deny statements for `*` are fine: they
 * are how TLS-only and only-this-role guards are written.
 */
exports.resourcePolicyPrincipals = (0, rule_1.defineRule)({
    id: "CP-IAM-1",
    level: "error",
    title: "Policy allows * or an account root without aws:PrincipalArn",
    message: "Trust or resource policy allows any principal, or an account root without an aws:PrincipalArn condition",
    fix: "Name the exact principals, or keep the account root and add Condition { ArnEquals = { \"aws:PrincipalArn\" = [<role ARNs>] } }; for many accounts, set organization in the landing-zone file (Principal \"*\" with aws:PrincipalOrgID and aws:PrincipalArn)",
    appliesTo: Object.keys(exports.RESOURCE_POLICY_ATTRIBUTES),
    check(res) {
        const parsed = policyAt(res, exports.RESOURCE_POLICY_ATTRIBUTES[res.type]);
        if (!parsed)
            return (0, rule_1.notApplicable)();
        if (!parsed.ok)
            return (0, rule_1.notApplicable)(`policy cannot be read: ${parsed.error}`);
        const problems = [];
        parsed.statements.forEach((st, i) => {
            if (st.effect !== "Allow")
                return;
            const label = `statement ${st.sid ?? `#${i + 1}`}`;
            const orgWide = (required(st, "aws:PrincipalOrgID") || required(st, "aws:PrincipalOrgPaths")) && required(st, "aws:PrincipalArn");
            if (st.principal?.any && !orgWide)
                problems.push(`${label} allows Principal "*" without both an organization condition (aws:PrincipalOrgID or aws:PrincipalOrgPaths) and aws:PrincipalArn`);
            if (st.notPrincipal)
                problems.push(`${label} allows everyone except its NotPrincipal`);
            const roots = (st.principal?.aws ?? []).filter((p) => (0, policy_1.rootAccount)(p) !== undefined);
            if (roots.length && !((0, policy_1.positiveConditionValues)(st, "aws:PrincipalArn") ?? []).length) {
                problems.push(`${label} allows account root ${roots.join(", ")} without an aws:PrincipalArn condition`);
            }
        });
        return (0, rule_1.fromProblems)(problems);
    },
});
