import { parseArn } from "./arn";
import { parsePolicy, PolicyStatementView, Request, rootAccount, statementApplies } from "./policy";
import type { RuleContext, TfResource } from "./rule";

/** What a KMS key reference (key id, key ARN, alias name or alias ARN) points at. */
export interface KeyRef {
  /** The aws_kms_key of the app, when it is one. */
  readonly key?: TfResource;
  /** `alias/aws/<service>`: an AWS managed key. */
  readonly awsManaged: boolean;
}

const AWS_MANAGED = /(^|:)alias\/aws\//;

/** Follows a key reference to the aws_kms_key of the app (through aws_kms_alias when needed). */
export function findKey(ctx: RuleContext, ref: string | undefined): KeyRef {
  if (!ref) return { awsManaged: false };
  if (AWS_MANAGED.test(ref)) return { awsManaged: true };
  const byArn = ctx.findByArn(ref, ["aws_kms_key"]);
  if (byArn) return { key: byArn, awsManaged: false };
  const placeholder = /^<([\w-]+):aws_kms_key\.([\w-]+)>$/.exec(ref);
  if (placeholder) {
    const key = ctx.resources("aws_kms_key").find((k) => k.stack === placeholder[1] && k.name === placeholder[2]);
    if (key) return { key, awsManaged: false };
  }
  const aliasName = /^alias\//.test(ref) ? ref : parseArn(ref)?.resource;
  if (aliasName?.startsWith("alias/")) {
    const arn = parseArn(ref);
    const alias = ctx.resources("aws_kms_alias").find((a) => a.values.name === aliasName && (!arn || (a.region === arn.region && a.account === arn.account)));
    const target = alias?.values.target_key_id;
    if (typeof target === "string" && target !== ref) return findKey(ctx, target);
  }
  return { awsManaged: false };
}

/** The statements of a key's policy (aws_kms_key.policy or aws_kms_key_policy), or an error. */
export function keyPolicy(ctx: RuleContext, key: TfResource): { statements: readonly PolicyStatementView[]; error?: string } {
  const keyArn = ctx.arnOf(key);
  const sources: unknown[] = [key.values.policy];
  for (const p of ctx.resources("aws_kms_key_policy")) {
    const id = p.values.key_id;
    if (typeof id === "string" && (id === keyArn || findKey(ctx, id).key === key)) sources.push(p.values.policy);
  }
  const statements: PolicyStatementView[] = [];
  for (const s of sources) {
    if (s === undefined) continue;
    const parsed = parsePolicy(s);
    if (!parsed.ok) return { statements, error: `${key.address} policy: ${parsed.error}` };
    statements.push(...parsed.statements);
  }
  return { statements };
}

/**
 * How a resource policy lets a role do something: `direct` when an applicable Allow names the
 * role (or `*`), `account` when it only names the role's account root (the role then also needs an
 * identity policy), `none` when nothing allows it or a Deny applies.
 */
export function resourcePolicyGrant(statements: readonly PolicyStatementView[], req: Request): "direct" | "account" | "none" {
  let grant: "direct" | "account" | "none" = "none";
  for (const st of statements) {
    if (!statementApplies(st, req)) continue;
    if (st.effect === "Deny") return "none";
    const p = st.principal;
    const direct = !!p && (p.any || (req.caller?.principalArn !== undefined && p.aws.includes(req.caller.principalArn)));
    if (direct) grant = "direct";
    else if (grant === "none" && p?.aws.some((a) => rootAccount(a) !== undefined)) grant = "account";
  }
  return grant;
}
