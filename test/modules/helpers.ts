/**
 * Shared builders and policy readers for the module tests.
 *
 * Every stack goes through {@link synth}: it synthesizes with cdktf's validations on, parses the
 * Terraform JSON and checks it against the AWS provider schema dump (zero error findings), so no
 * test can forget the schema check.
 */
import { App, TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { wildcardMatch } from "../../guardrails/policy";
import { checkTerraformJson, type SchemaFinding } from "../../verify/schema-check";
import { providerSchema } from "../fixtures/provider-schema";
import { sharedOutdir } from "../fixtures/temp";

export { providerSchema } from "../fixtures/provider-schema";

// ---------------------------------------------------------------------------
// Fixture values
// ---------------------------------------------------------------------------

export const TOOLS_ACCOUNT = "111111111111";
export const TARGET_ACCOUNT_A = "222222222222";
export const TARGET_ACCOUNT_B = "333333333333";
export const PROVIDER_REGION = "eu-west-1";

export const roleArn = (account: string, name: string): string => `arn:aws:iam::${account}:role/${name}`;
export const rootArn = (account: string): string => `arn:aws:iam::${account}:root`;

/** The artifact actions the modules are meant to grant, written out independently of modules/shared. */
export const EXPECTED = {
  keyReadWrite: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
  keyRead: ["kms:Decrypt", "kms:DescribeKey"],
  objectsReadWrite: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
  objectsRead: ["s3:GetObject", "s3:GetObjectVersion"],
  bucket: ["s3:GetBucketLocation", "s3:ListBucket"],
} as const;

/** Concrete KMS data-plane operations: anything that encrypts, decrypts or makes data keys. */
export const KMS_DATA_OPERATIONS = [
  "kms:Decrypt",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyPair",
  "kms:GenerateDataKeyPairWithoutPlaintext",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
];

// ---------------------------------------------------------------------------
// Stacks and synthesis
// ---------------------------------------------------------------------------

/** A bare stack with an AWS provider, in an app with stubbed versions. */
export function newStack(id = "test"): TerraformStack {
  const app = Testing.stubVersion(new App({ stackTraces: false, outdir: sharedOutdir() }));
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region: PROVIDER_REGION });
  return stack;
}

/** A Terraform resource body as synthesized (snake_case attributes). */
export type TfResource = Record<string, any>;

export interface TfJson {
  resource?: Record<string, Record<string, TfResource>>;
  [key: string]: unknown;
}

export interface Synthesized {
  readonly json: TfJson;
  /** Resources of one type by logical name (empty object when there are none). */
  resources(type: string): Record<string, TfResource>;
  /** The single resource of a type; fails the test when there are zero or several. */
  only(type: string): { name: string; body: TfResource };
  /** Every resource of the stack as [type, name, body]. */
  all(): Array<[string, string, TfResource]>;
}

/** Error findings of the schema check; throws when the provider schema dump is missing. */
export function schemaErrors(json: unknown): SchemaFinding[] {
  return checkTerraformJson(json, providerSchema()).findings.filter((f) => f.severity === "error");
}

/** Synthesizes the stack, asserts the schema check finds no errors, and wraps the JSON. */
export function synth(stack: TerraformStack): Synthesized {
  const json = JSON.parse(Testing.synth(stack, true)) as TfJson;
  expect(schemaErrors(json)).toEqual([]);
  const resources = (type: string): Record<string, TfResource> => json.resource?.[type] ?? {};
  return {
    json,
    resources,
    only(type) {
      const entries = Object.entries(resources(type));
      if (entries.length !== 1) {
        throw new Error(`expected exactly one ${type}, found ${entries.length}: ${entries.map(([n]) => n).join(", ")}`);
      }
      const [name, body] = entries[0]!;
      return { name, body };
    },
    all() {
      return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
        Object.entries(byName).map(([name, body]): [string, string, TfResource] => [type, name, body]),
      );
    },
  };
}

/** `${type.name.attr}`, the interpolation cdktf writes for a resource attribute. */
export const ref = (type: string, name: string, attr: string): string => `\${${type}.${name}.${attr}}`;

// ---------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------

export type Principal = "*" | { AWS?: string | string[]; Service?: string | string[] };

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: Principal;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: string | string[];
  NotResource?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDoc {
  Version: string;
  Statement: Statement[];
}

/** Parses a synthesized policy string and checks its outer shape. */
export function parsePolicy(policy: unknown): PolicyDoc {
  expect(typeof policy).toBe("string");
  const doc = JSON.parse(policy as string) as PolicyDoc;
  expect(doc.Version).toBe("2012-10-17");
  expect(Array.isArray(doc.Statement)).toBe(true);
  return doc;
}

export const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
export const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** Every action pattern of the statements that could allow `action`. */
export function allowsAction(statements: Statement[], action: string): boolean {
  return statements.some((s) => s.Effect === "Allow" && list(s.Action).some((p) => wildcardMatch(p, action, true)));
}

const ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

export interface RoleGrant {
  /** Action patterns granted to the role. */
  actions: Set<string>;
  /** "action resource" pairs granted to the role. */
  pairs: Set<string>;
  /** Sids of the statements that grant the role. */
  sids: string[];
}

/**
 * Who a resource policy lets in, by role ARN. An account-root principal must carry an
 * `ArnEquals aws:PrincipalArn` condition naming roles of that account only (and no other condition);
 * otherwise the test fails, since an unconditioned root grant trusts the whole account.
 */
export function roleGrants(doc: PolicyDoc): Map<string, RoleGrant> {
  const grants = new Map<string, RoleGrant>();
  for (const s of doc.Statement) {
    if (s.Effect !== "Allow") continue;
    if (s.Principal === "*" || s.Principal === undefined) {
      throw new Error(`statement ${s.Sid ?? "?"} allows principal ${JSON.stringify(s.Principal)}`);
    }
    expect(s.NotPrincipal).toBeUndefined();
    expect(s.NotAction).toBeUndefined();
    const roles: string[] = [];
    for (const p of list(s.Principal.AWS)) {
      const root = ROOT.exec(p);
      if (!root) {
        roles.push(p);
        continue;
      }
      const operator = Object.keys(s.Condition ?? {});
      expect(operator.length === 1 && ["ArnEquals", "ArnLike"].includes(operator[0]!)).toBe(true);
      const condition = s.Condition![operator[0]!]!;
      expect(Object.keys(condition)).toEqual(["aws:PrincipalArn"]);
      // ArnLike names one role across the statement's accounts: arn:aws:iam::*:role/<name>.
      const named = list(condition["aws:PrincipalArn"]).map((arn) => arn.replace(/^arn:aws:iam::\*:/, `arn:aws:iam::${root[1]}:`));
      expect(named.length).toBeGreaterThan(0);
      for (const arn of named) expect(arn.startsWith(`arn:aws:iam::${root[1]}:role/`)).toBe(true);
      roles.push(...named);
    }
    for (const role of roles) {
      const g = grants.get(role) ?? { actions: new Set<string>(), pairs: new Set<string>(), sids: [] };
      for (const a of list(s.Action)) {
        g.actions.add(a);
        for (const r of list(s.Resource)) g.pairs.add(`${a} ${r}`);
      }
      g.sids.push(s.Sid ?? "");
      grants.set(role, g);
    }
  }
  return grants;
}

/** Sorted actions granted to one role (fails when the role is not granted at all). */
export function actionsOf(grants: Map<string, RoleGrant>, role: string): string[] {
  const g = grants.get(role);
  if (!g) throw new Error(`role ${role} is not granted; granted: ${[...grants.keys()].join(", ")}`);
  return sorted(g.actions);
}

/** "action resource" pairs for every action on every resource. */
export const pairs = (actions: readonly string[], resources: readonly string[]): string[] => sorted(actions.flatMap((a) => resources.map((r) => `${a} ${r}`)));

/** Union of "action resource" pairs over every Allow statement of an identity policy. */
export function identityPairs(doc: PolicyDoc): string[] {
  return sorted(doc.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => list(s.Action).flatMap((a) => list(s.Resource).map((r) => `${a} ${r}`))));
}
