import { parseArn } from "./arn";
import { allows, parsePolicy, PolicyStatementView, Request } from "./policy";
import type { RolePolicies, RuleContext, TfResource } from "./rule";

/** What `rolePolicies` needs from the context. */
export type RoleContext = Pick<RuleContext, "resources" | "findByArn">;

/** Name of a role from its ARN (`arn:aws:iam::<acct>:role/<path/>name`). */
export function roleNameOf(roleArn: string): string | undefined {
  const arn = parseArn(roleArn);
  if (arn?.service !== "iam" || !arn.resource.startsWith("role/")) return undefined;
  return arn.resource.split("/").pop();
}

/**
 * Every identity policy the app attaches to a role: aws_iam_role inline_policy blocks and
 * managed_policy_arns, aws_iam_role_policy, aws_iam_role_policy_attachment and
 * aws_iam_policy_attachment (customer managed policies the app defines). Attachments of policies
 * the app does not define (AWS managed ones included) are listed as unknown.
 */
export function rolePolicies(ctx: RoleContext, roleArn: string): RolePolicies {
  const arn = parseArn(roleArn);
  const name = roleNameOf(roleArn);
  if (!arn || !name) return { roleInApp: false, statements: [], unknown: [`${roleArn} is not a role ARN`] };
  const inAccount = (r: TfResource) => r.account === undefined || r.account === arn.account;
  const statements: PolicyStatementView[] = [];
  const unknown: string[] = [];
  const add = (source: string, policy: unknown) => {
    const parsed = parsePolicy(policy);
    if (parsed.ok) statements.push(...parsed.statements);
    else unknown.push(`${source}: ${parsed.error}`);
  };
  const attach = (source: string, policyArn: unknown) => {
    const policy = typeof policyArn === "string" ? ctx.findByArn(policyArn, ["aws_iam_policy"]) : undefined;
    if (policy) add(policy.address, policy.values.policy);
    else unknown.push(`${source}: policy ${String(policyArn)} is not defined in this app`);
  };

  let roleInApp = false;
  for (const role of ctx.resources("aws_iam_role")) {
    if (role.values.name !== name || !inAccount(role)) continue;
    roleInApp = true;
    const inline = role.values.inline_policy;
    for (const block of Array.isArray(inline) ? inline : inline ? [inline] : []) {
      const policy = (block as Record<string, unknown>).policy;
      if (policy !== undefined) add(`${role.address} inline_policy`, policy);
    }
    const managed = role.values.managed_policy_arns;
    for (const p of Array.isArray(managed) ? managed : []) attach(role.address, p);
  }
  for (const p of ctx.resources("aws_iam_role_policy")) {
    if ((p.values.role === name || p.values.role === roleArn) && inAccount(p)) add(p.address, p.values.policy);
  }
  for (const a of ctx.resources("aws_iam_role_policy_attachment")) {
    if ((a.values.role === name || a.values.role === roleArn) && inAccount(a)) attach(a.address, a.values.policy_arn);
  }
  for (const a of ctx.resources("aws_iam_policy_attachment")) {
    const roles = a.values.roles;
    if (Array.isArray(roles) && roles.includes(name) && inAccount(a)) attach(a.address, a.values.policy_arn);
  }
  return { roleInApp, statements, unknown };
}

/** Whether a role's identity policies in the app allow every action on a resource. */
export function roleMayCall(
  policies: RolePolicies,
  actions: readonly string[],
  resource: string,
  context?: Readonly<Record<string, string>>,
): { missing: string[] } {
  const missing = actions.filter((action) => {
    const req: Request = { action, resource, ...(context ? { context } : {}) };
    return !allows(policies.statements, req);
  });
  return { missing };
}
