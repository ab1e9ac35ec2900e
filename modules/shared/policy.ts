import { Token } from "cdktf";

/** IAM condition block: operator -> context key -> value(s). */
export type PolicyCondition = Record<string, Record<string, string | string[]>>;

export type PolicyPrincipal = "*" | { AWS?: string | string[]; Service?: string | string[] };

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: PolicyPrincipal;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: PolicyCondition;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

/** Serialises a policy; string tokens inside it become Terraform interpolations. */
export function policyJson(...statements: PolicyStatement[]): string {
  const doc: PolicyDocument = { Version: "2012-10-17", Statement: statements };
  return JSON.stringify(doc);
}

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** Whether a literal string is an IAM role ARN (no wildcards, valid name). */
export function isRoleArn(value: string): boolean {
  return ROLE_ARN.test(value);
}

/** Throws unless `value` is a token or a 12-digit account id. */
export function requireAccountId(field: string, value: string): string {
  if (!Token.isUnresolved(value) && !/^\d{12}$/.test(value)) {
    throw new Error(`${field}: "${value}" is not a 12-digit AWS account id`);
  }
  return value;
}

/** Throws unless `value` is a token or a valid IAM role name. */
export function requireRoleName(field: string, value: string): string {
  if (!Token.isUnresolved(value) && !/^[\w+=,.@-]{1,64}$/.test(value)) {
    throw new Error(`${field}: "${value}" is not a valid IAM role name (1-64 letters, digits and +=,.@_-; no "/")`);
  }
  return value;
}

/** Throws unless `value` is a token or a bucket name S3 accepts for a new general purpose bucket. */
export function requireBucketName(field: string, value: string): string {
  if (Token.isUnresolved(value)) return value;
  const ok =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) &&
    !/\.\.|\.-|-\./.test(value) &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(value) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(value) &&
    !/(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(value);
  if (!ok) {
    throw new Error(
      `${field}: "${value}" is not a valid S3 bucket name; use 3-63 lowercase letters, digits, dots and hyphens, no "..", not an IP address, no reserved prefix or suffix`,
    );
  }
  return value;
}

/**
 * Who may use a resource policy's grant.
 *
 * Literal role ARNs become `<account>:root` principals constrained by `aws:PrincipalArn`: the policy
 * is then valid before the roles exist (IAM rejects principals it cannot resolve) and keeps working
 * when a role is recreated. A role name used in several accounts (a target action role) becomes ONE
 * grant: the accounts' roots, and `ArnLike aws:PrincipalArn arn:aws:iam::*:role/<name>` — exact, as
 * a caller must be in one of those accounts and have that name, and small enough that bucket and
 * key policies stay under their size limits with hundreds of accounts. Other roles are grouped by
 * account with `ArnEquals`. Token ARNs (roles created in the same Terraform run) are named directly.
 */
export interface GrantPrincipal {
  readonly principal: PolicyPrincipal;
  readonly condition?: PolicyCondition;
}

/**
 * An AWS Organizations scope for grants that reach many accounts: past `listAccountsUpTo`
 * accounts, a role name is granted as `Principal "*"` with `aws:PrincipalOrgID` (and
 * `aws:PrincipalOrgPaths` when paths are given) and `ArnLike aws:PrincipalArn` on the role name, so
 * the policy's size no longer grows with the number of accounts.
 */
export interface OrganizationScope {
  /** Organization id, `o-` and 10 to 32 characters. */
  readonly id: string;
  /** Organizational unit paths (`o-.../r-.../ou-.../`) the accounts sit under; each covers its children. @default [] (the whole organization) */
  readonly paths?: readonly string[];
  /** Most accounts a grant lists one by one before it becomes organization-wide. */
  readonly listAccountsUpTo: number;
}

/** The conditions of an organization-wide grant of `principalArnPattern`. */
export function organizationCondition(org: OrganizationScope, principalArnPattern: string | string[]): PolicyCondition {
  const paths = org.paths ?? [];
  return {
    StringEquals: { "aws:PrincipalOrgID": org.id },
    ArnLike: { "aws:PrincipalArn": principalArnPattern },
    // A multivalued key: ForAnyValue, and a trailing * so each path covers its child OUs.
    ...(paths.length ? { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": paths.map((p) => `${p}*`) } } : {}),
  };
}

export function grantPrincipals(roleArns: readonly string[], field: string, org?: OrganizationScope): GrantPrincipal[] {
  const byName = new Map<string, { partition: string; accounts: Set<string> }>();
  const direct: string[] = [];
  for (const arn of new Set(roleArns)) {
    if (Token.isUnresolved(arn)) {
      direct.push(arn);
      continue;
    }
    const match = ROLE_ARN.exec(arn);
    if (!match) {
      throw new Error(
        `${field}: "${arn}" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>); pass role ARNs only, never "*" or an account root`,
      );
    }
    const [, partition, account] = match as unknown as [string, string, string];
    const name = arn.slice(arn.indexOf(":role/") + ":role/".length);
    const entry = byName.get(`${partition}|${name}`) ?? { partition, accounts: new Set<string>() };
    entry.accounts.add(account);
    byName.set(`${partition}|${name}`, entry);
  }
  const root = (partition: string, account: string) => `arn:${partition}:iam::${account}:root`;
  const grants: GrantPrincipal[] = [];
  const byAccount = new Map<string, { partition: string; arns: string[] }>();
  for (const [key, { partition, accounts }] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const name = key.slice(key.indexOf("|") + 1);
    if (org && accounts.size > org.listAccountsUpTo) {
      grants.push({ principal: "*", condition: organizationCondition(org, `arn:${partition}:iam::*:role/${name}`) });
      continue;
    }
    if (accounts.size > 1) {
      const roots = [...accounts].sort().map((a) => root(partition, a));
      grants.push({ principal: { AWS: roots }, condition: { ArnLike: { "aws:PrincipalArn": `arn:${partition}:iam::*:role/${name}` } } });
      continue;
    }
    const [account] = [...accounts] as [string];
    const entry = byAccount.get(account) ?? { partition, arns: [] };
    entry.arns.push(`arn:${partition}:iam::${account}:role/${name}`);
    byAccount.set(account, entry);
  }
  for (const [account, { partition, arns }] of [...byAccount.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    grants.push({ principal: { AWS: root(partition, account) }, condition: { ArnEquals: { "aws:PrincipalArn": arns.sort() } } });
  }
  if (direct.length > 0) grants.push({ principal: { AWS: direct } });
  return grants;
}

/** One Allow statement per grant principal, with a stable Sid suffix. */
export function grantStatements(
  sid: string,
  roleArns: readonly string[],
  field: string,
  actions: string[],
  resources: string | string[],
  org?: OrganizationScope,
): PolicyStatement[] {
  return grantPrincipals(roleArns, field, org).map((g, i) => ({
    Sid: `${sid}${i}`,
    Effect: "Allow",
    Principal: g.principal,
    Action: actions,
    Resource: resources,
    ...(g.condition ? { Condition: g.condition } : {}),
  }));
}

/** Throws unless `value` is a whole number within [min, max]. */
export function requireInt(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${field}: ${value} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Key administration without the right to use the key for data . */
export const KEY_ADMIN_ACTIONS = [
  "kms:CreateAlias",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
];

/** Key-policy statements for the key administrators; throws when there are none. */
export function keyAdministration(keyAdministratorArns: readonly string[], field = "keyAdministratorArns"): PolicyStatement[] {
  if (keyAdministratorArns.length === 0) {
    throw new Error(`${field}: give at least one role that may administer the key, or it becomes unmanageable`);
  }
  return grantStatements("KeyAdministration", keyAdministratorArns, field, KEY_ADMIN_ACTIONS, "*");
}

/** Deny of every request that does not use TLS. */
export function denyInsecureTransport(actionPrefix: "sqs" | "sns" | "s3", resources: string | string[]): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: `${actionPrefix}:*`,
    Resource: resources,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/**
 * `<prefix>:UseConnection` for a connection ARN, with the service prefix of the ARN itself: IAM
 * matches a connection only with the prefix it was created under ("When specifying a resource in
 * the IAM policy, the service prefix needs to match that of the resource", Developer Tools console
 * guide, "Connections rename - Summary of changes", docs.aws.amazon.com/dtconsole/latest/userguide/rename.html).
 * An ARN only known at apply time gets both prefixes.
 */
export function useConnectionActions(connectionArn: string): string[] {
  const service = Token.isUnresolved(connectionArn) ? undefined : /^arn:[^:]+:(codestar-connections|codeconnections):/.exec(connectionArn)?.[1];
  return service ? [`${service}:UseConnection`] : ["codeconnections:UseConnection", "codestar-connections:UseConnection"];
}
