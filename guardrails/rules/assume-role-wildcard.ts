import { coversAction, parsePolicy, PolicyStatementView } from "../policy";
import { blocks } from "../pipeline";
import { defineRule, fromProblems, notApplicable } from "../rule";

/** Identity policy resources and where their documents are. */
const IDENTITY_POLICY_TYPES = ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"];

/**
 * `*`, or an ARN pattern that matches more than one role name. One exact role name in every account
 * (`arn:aws:iam::*:role/<name>`, a fan-out to many accounts whose roles share a name) passes: each of
 * those roles' trust policies decides who assumes it.
 */
function anyRole(resource: string): boolean {
  if (resource === "*" || /^arn:\*$/.test(resource)) return true;
  const m = /^arn:(?:aws[\w-]*|\*):(iam|\*):[^:]*:\*:(.*)$/.exec(resource);
  if (!m) return false;
  return !(m[1] === "iam" && /^role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/.test(m[2]!));
}

function offending(st: PolicyStatementView): string | undefined {
  if (st.effect !== "Allow" || !coversAction(st, "sts:AssumeRole")) return undefined;
  if (st.notResources) return `NotResource ${st.notResources.join(", ")}`;
  const wild = (st.resources ?? ["*"]).filter(anyRole);
  return wild.length ? `Resource ${wild.join(", ")}` : undefined;
}

/**
 * CP-IAM-2. An identity policy that allows sts:AssumeRole (directly or through a wildcard action)
 * on `*` lets the principal become any role that trusts its account: exactly the escalation the
 * cross-account design avoids. Name the roles.
 */
export const assumeRoleOnWildcard = defineRule({
  id: "CP-IAM-2",
  level: "error",
  title: "sts:AssumeRole on *",
  message: 'Identity policy allows sts:AssumeRole on any role (Resource "*")',
  fix: "List the exact role ARNs the principal may assume in Resource",
  appliesTo: IDENTITY_POLICY_TYPES,
  check(res) {
    const documents: { label: string; value: unknown }[] =
      res.type === "aws_iam_role"
        ? blocks(res.values.inline_policy).map((b, i) => ({ label: `inline_policy ${String(b.name ?? i + 1)}`, value: b.policy }))
        : [{ label: "policy", value: res.values.policy }];
    const present = documents.filter((d) => d.value !== undefined);
    if (present.length === 0) return notApplicable();
    const problems: string[] = [];
    for (const d of present) {
      const parsed = parsePolicy(d.value);
      if (!parsed.ok) return notApplicable(`${d.label} cannot be read: ${parsed.error}`);
      parsed.statements.forEach((st, i) => {
        const what = offending(st);
        if (what) problems.push(`${d.label} statement ${st.sid ?? `#${i + 1}`} allows sts:AssumeRole on ${what}`);
      });
    }
    return fromProblems(problems);
  },
});
