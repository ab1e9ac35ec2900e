import { parsePolicy, positiveConditionValues, rootAccount } from "../policy";
import { defineRule, fromProblems, notApplicable, TfResource } from "../rule";

/** The resource policies and trust policies checked, by resource type and argument. */
export const RESOURCE_POLICY_ATTRIBUTES: Readonly<Record<string, string>> = {
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
export function policyAt(res: TfResource, attribute: string) {
  const value = res.values[attribute];
  return value === undefined ? undefined : parsePolicy(value);
}

// A condition that must hold: a positive operator without IfExists (an absent key would pass it)
// that names the key, with no value that matches everything.
const required = (st: Parameters<typeof positiveConditionValues>[0], key: string): boolean =>
  Object.entries(st.conditions).some(
    ([op, block]) =>
      /^(ForAnyValue:)?(StringEquals|StringLike|ArnEquals|ArnLike)$/.test(op) &&
      Object.entries(block).some(
        ([k, v]) => k.toLowerCase() === key.toLowerCase() && v.length > 0 && !v.some((x) => /^\*$|^arn:aws[\w-]*:iam::\*:\*$/.test(x)),
      ),
  );

/**
 * CP-IAM-1. Trust and resource policies (role trust, bucket, key, queue, topic, repository and
 * event bus policies) must not Allow `*` (or everyone but a NotPrincipal) except as an
 * organization-wide grant: `aws:PrincipalOrgID` or `aws:PrincipalOrgPaths` AND `aws:PrincipalArn`
 * (without IfExists), the form that stops a grant to many accounts from growing with their number.
 * They may grant an account root only when an `aws:PrincipalArn` condition (ArnEquals/ArnLike/
 * StringEquals/StringLike) narrows it to named principals. Deny statements for `*` are fine: they
 * are how TLS-only and only-this-role guards are written.
 */
export const resourcePolicyPrincipals = defineRule({
  id: "CP-IAM-1",
  level: "error",
  title: "Policy allows * or an account root without aws:PrincipalArn",
  message: "Trust or resource policy allows any principal, or an account root without an aws:PrincipalArn condition",
  fix: 'Name the exact principals, or keep the account root and add Condition { ArnEquals = { "aws:PrincipalArn" = [<role ARNs>] } }; for many accounts, set organization in the landing-zone file (Principal "*" with aws:PrincipalOrgID and aws:PrincipalArn)',
  appliesTo: Object.keys(RESOURCE_POLICY_ATTRIBUTES),
  check(res) {
    const parsed = policyAt(res, RESOURCE_POLICY_ATTRIBUTES[res.type]!);
    if (!parsed) return notApplicable();
    if (!parsed.ok) return notApplicable(`policy cannot be read: ${parsed.error}`);
    const problems: string[] = [];
    parsed.statements.forEach((st, i) => {
      if (st.effect !== "Allow") return;
      const label = `statement ${st.sid ?? `#${i + 1}`}`;
      const orgWide = (required(st, "aws:PrincipalOrgID") || required(st, "aws:PrincipalOrgPaths")) && required(st, "aws:PrincipalArn");
      if (st.principal?.any && !orgWide)
        problems.push(
          `${label} allows Principal "*" without both an organization condition (aws:PrincipalOrgID or aws:PrincipalOrgPaths) and aws:PrincipalArn`,
        );
      if (st.notPrincipal) problems.push(`${label} allows everyone except its NotPrincipal`);
      const roots = (st.principal?.aws ?? []).filter((p) => rootAccount(p) !== undefined);
      if (roots.length && !(positiveConditionValues(st, "aws:PrincipalArn") ?? []).length) {
        problems.push(`${label} allows account root ${roots.join(", ")} without an aws:PrincipalArn condition`);
      }
    });
    return fromProblems(problems);
  },
});
