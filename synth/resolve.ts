import * as path from "node:path";
import type { SynthesizedStack } from "./wiring";
import { arnPrefix, iamRoleArn, partitionOfRegion, s3Arn } from "../modules/shared/partition";

type Json = Record<string, unknown>;

const EXPRESSION = /\$\{([^{}]+)\}/g;
const WHOLE_EXPRESSION = /^\$\{([^{}]+)\}$/;
const REMOTE_OUTPUT = /^data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)(.*)$/;
const DATA_SOURCE = /^data\.([a-z0-9_]+)\.([\w-]+)\.(\w+)(.*)$/;
const RESOURCE_ATTRIBUTE = /^([a-z0-9]+_[a-z0-9_]+)\.([\w-]+)\.(\w+)(.*)$/;
/** A chain longer than this is a cycle: it is left as written. */
const MAX_DEPTH = 16;
/** Data sources that need no arguments, so they answer even where the stack does not declare them. */
const ARGUMENTLESS_DATA = new Set(["aws_caller_identity", "aws_region", "aws_partition"]);

/** The account and region of the AWS provider a block uses. */
export interface ProviderInfo {
  /** allowed_account_ids, else the account of the assumed role; undefined when neither pins one. */
  readonly account: string | undefined;
  readonly region: string;
}

/** `s3://bucket/key` for S3 states; comparable strings for other backends (local: the file name). */
function stateLocation(type: string, config: Json): string {
  if (type === "s3") return `s3://${String(config.bucket)}/${String(config.key)}`;
  // A local remote-state path is relative to the reading stack's directory, the backend's to its own.
  if (type === "local") return `local:${path.basename(String(config.path ?? ""))}`;
  return `${type}:${JSON.stringify(config)}`;
}

/** A Terraform traversal after the head: `.attr`, `["key"]`, `[0]`; undefined if it is anything else. */
function parsePath(rest: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  // Inside a JSON policy string the quotes of `["key"]` arrive escaped.
  const step = /\.([\w-]+)|\[\s*\\?"([^"\\]*)\\?"\s*\]|\[\s*(\d+)\s*\]/y;
  let i = 0;
  while (i < rest.length) {
    step.lastIndex = i;
    const m = step.exec(rest);
    if (!m) return undefined;
    out.push(m[1] ?? m[2] ?? Number(m[3]));
    i = step.lastIndex;
  }
  return out;
}

/**
 * Resolves Terraform references in synthesized stacks to the values they will have after apply,
 * the one resolver of `verify/` and the guardrails:
 * - remote-state outputs are followed into the stack that writes them, with traversals
 *   (`outputs.artifact_stores["eu-central-1"].key_arn`, `[0]`, `.attr`);
 * - account and region come from the provider a block uses (`provider = "aws.<alias>"` honoured);
 * - `aws_caller_identity`, `aws_region`, `aws_partition` and `aws_iam_policy_document` data sources
 *   are evaluated;
 * - ids and ARNs AWS derives from arguments are computed (see {@link SynthIndex.arnOf}). Values AWS
 *   chooses at create time (a KMS key id, the name of an unnamed queue) become stable placeholders,
 *   e.g. `arn:aws:kms:eu-west-1:111111111111:key/<tools-eu-west-1:aws_kms_key.k>`, so equal
 *   references compare equal.
 *
 * What cannot be resolved stays as `${<stack>:<expression>}`, naming the stack it was met in.
 */
export class SynthIndex {
  private readonly byId: Map<string, SynthesizedStack>;
  private readonly stackAtLocation = new Map<string, string>();

  constructor(readonly stacks: readonly SynthesizedStack[]) {
    this.byId = new Map(stacks.map((s) => [s.id, s]));
    for (const s of stacks) {
      const [type, config] = Object.entries(s.json.terraform?.backend ?? {})[0] ?? [];
      if (type && config) this.stackAtLocation.set(stateLocation(type, config), s.id);
    }
  }

  stack(id: string): SynthesizedStack {
    const s = this.byId.get(id);
    if (!s) throw new Error(`no stack ${id}; have ${[...this.byId.keys()].join(", ")}`);
    return s;
  }

  /** Account and region of the provider a block uses: `provider = "aws.<alias>"`, else the default one. */
  providerOf(stackId: string, body?: Readonly<Json>): ProviderInfo {
    const providers = (this.stack(stackId).json.provider?.aws ?? []) as Json[];
    const alias = typeof body?.provider === "string" ? /^(?:\$\{)?aws\.([\w-]+)\}?$/.exec(body.provider)?.[1] : undefined;
    const p = (alias ? providers.find((x) => x.alias === alias) : providers.find((x) => x.alias === undefined)) ?? providers[0] ?? {};
    const allowed = p.allowed_account_ids as string[] | undefined;
    const assumed = (p.assume_role as Json[] | undefined)?.[0]?.role_arn;
    const account = allowed?.[0] ?? (typeof assumed === "string" ? /^arn:aws[\w-]*:[\w-]+:[\w-]*:(\d{12}):/.exec(assumed)?.[1] : undefined);
    return { account: account && /^\d{12}$/.test(account) ? account : undefined, region: typeof p.region === "string" ? p.region : "unknown-region" };
  }

  /** The account a stack's default provider is pinned to; throws when it is not pinned. */
  accountOf(stackId: string): string {
    const account = this.providerOf(stackId).account;
    if (!account) throw new Error(`${stackId}: provider has no allowed_account_ids (nor an assumed role's account)`);
    return account;
  }

  /** A resource's `region` argument (provider 6), else its provider's region; without a resource, the stack's. */
  regionOf(stackId: string, resource?: Readonly<Json>): string {
    return this.regionAt(stackId, resource, 0);
  }

  /** Every resource of a type in a stack, by name. */
  resources(stackId: string, type: string): Record<string, Record<string, unknown>> {
    return this.stack(stackId).json.resource?.[type] ?? {};
  }

  /** Resolves every `${...}` inside a string; unresolvable ones become `${<stack>:<expression>}`. */
  resolveString(stackId: string, value: string, depth = 0): string {
    if (!value.includes("${") || depth > MAX_DEPTH) return value;
    return value.replace(EXPRESSION, (whole, ref: string) => {
      if (/^[\w-]+:/.test(ref)) return whole; // already marked unresolvable
      const v = this.resolveRef(stackId, ref.trim(), depth);
      if (typeof v === "string") return v;
      if (typeof v === "number" || typeof v === "boolean") return String(v);
      return `\${${stackId}:${ref}}`;
    });
  }

  /** Resolves a JSON value recursively; a string that is one whole expression may become a list or an object. */
  resolveValue(stackId: string, value: unknown, depth = 0): unknown {
    if (typeof value === "string") {
      const whole = WHOLE_EXPRESSION.exec(value);
      if (whole) {
        const v = this.resolveRef(stackId, whole[1]!.trim(), depth);
        if (v !== undefined) return v;
      }
      return this.resolveString(stackId, value, depth);
    }
    if (Array.isArray(value)) return value.map((v) => this.resolveValue(stackId, v, depth));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolveValue(stackId, v, depth)]));
    }
    return value;
  }

  /** The ARN a resource will have (its `arn` argument, else computed), when it can be known before apply. */
  arnOf(stackId: string, type: string, name: string): string | undefined {
    const arn = this.resolveString(stackId, `\${${type}.${name}.arn}`);
    return arn.includes("${") ? undefined : arn;
  }

  /** A resource attribute holding a JSON policy, parsed with every reference resolved. */
  policy(stackId: string, type: string, name: string, attribute = "policy"): PolicyDoc {
    const raw = this.resources(stackId, type)[name]?.[attribute];
    if (typeof raw !== "string") throw new Error(`${stackId}: ${type}.${name}.${attribute} is not a policy string`);
    return JSON.parse(this.resolveString(stackId, raw)) as PolicyDoc;
  }

  private regionAt(stackId: string, resource: Readonly<Json> | undefined, depth: number): string {
    if (typeof resource?.region === "string") return this.resolveString(stackId, resource.region, depth + 1);
    return this.providerOf(stackId, resource).region;
  }

  private resolveRef(stackId: string, ref: string, depth: number): unknown {
    if (depth > MAX_DEPTH) return undefined;
    const remote = REMOTE_OUTPUT.exec(ref);
    if (remote) return this.resolveRemote(stackId, remote[1]!, remote[2]!, remote[3]!, depth);
    const data = DATA_SOURCE.exec(ref);
    if (data) return this.resolveData(stackId, data[1]!, data[2]!, data[3]!, data[4]!, depth);
    const attr = RESOURCE_ATTRIBUTE.exec(ref);
    if (attr) return this.resolveAttribute(stackId, attr[1]!, attr[2]!, attr[3]!, attr[4]!, depth);
    return undefined;
  }

  /** Walks a traversal through a value, resolving whole expressions met on the way. */
  private walk(stackId: string, value: unknown, steps: readonly (string | number)[], depth: number): unknown {
    let v: unknown = value;
    for (const step of steps) {
      if (typeof v === "string" && WHOLE_EXPRESSION.test(v)) v = this.resolveValue(stackId, v, depth + 1);
      if (Array.isArray(v)) v = typeof step === "number" ? v[step] : undefined;
      // `[0]` of a single block cdktf wrote as an object is the block.
      else if (v && typeof v === "object") v = typeof step === "number" ? (step === 0 ? v : undefined) : (v as Json)[step];
      else return undefined;
    }
    return v === undefined ? undefined : this.resolveValue(stackId, v, depth + 1);
  }

  private resolveRemote(stackId: string, dataName: string, output: string, rest: string, depth: number): unknown {
    const data = this.stack(stackId).json.data?.terraform_remote_state?.[dataName];
    const steps = parsePath(rest);
    if (!data || !steps) return undefined;
    const source = this.stackAtLocation.get(stateLocation(String(data.backend), (data.config ?? {}) as Json));
    const out = source ? this.stack(source).json.output?.[output] : undefined;
    return source && out ? this.walk(source, out.value, steps, depth) : undefined;
  }

  private resolveData(stackId: string, type: string, name: string, attribute: string, rest: string, depth: number): unknown {
    const declared = this.stack(stackId).json.data?.[type]?.[name];
    const body = declared ?? (ARGUMENTLESS_DATA.has(type) ? {} : undefined);
    const steps = parsePath(rest);
    if (!body || !steps) return undefined;
    const provider = this.providerOf(stackId, body);
    const field = (k: string) => (typeof body[k] === "string" ? this.resolveString(stackId, body[k], depth + 1) : undefined);
    let v: unknown;
    switch (`${type}.${attribute}`) {
      case "aws_caller_identity.account_id":
        v = provider.account;
        break;
      case "aws_region.name":
      case "aws_region.region":
      case "aws_region.id":
        v = field("region") ?? provider.region;
        break;
      case "aws_partition.partition":
      case "aws_partition.id":
        v = partitionOfRegion(provider.region ?? "");
        break;
      case "aws_iam_policy_document.json":
      case "aws_iam_policy_document.minified_json":
        v = this.policyDocumentJson(stackId, body, depth);
        break;
      case "aws_iam_role.arn": {
        const roleName = field("name");
        v = provider.account && roleName ? iamRoleArn(provider.region ?? "", provider.account, roleName) : undefined;
        break;
      }
      default:
        v = attribute in body ? body[attribute] : undefined;
    }
    return v === undefined ? undefined : this.walk(stackId, v, steps, depth);
  }

  /** The JSON an `aws_iam_policy_document` data source renders, from its statement blocks. */
  private policyDocumentJson(stackId: string, body: Json, depth: number): string {
    const r = (v: unknown) => this.resolveValue(stackId, v, depth + 1);
    const principals = (v: unknown) => {
      const out: Record<string, string[]> = {};
      for (const p of blocks(v)) {
        const ids = (r(p.identifiers) as string[] | undefined) ?? [];
        if (p.type === "*") return "*";
        out[String(p.type)] = [...(out[String(p.type)] ?? []), ...ids];
      }
      return out;
    };
    const statements: Json[] = [];
    // Later statements replace earlier ones with the same Sid, as Terraform merges them.
    const merge = (st: Json) => {
      const same = st.Sid ? statements.findIndex((x) => x.Sid === st.Sid) : -1;
      if (same >= 0) statements[same] = st;
      else statements.push(st);
    };
    for (const src of (r(body.source_policy_documents) as string[] | undefined) ?? []) statements.push(...(rawStatements(src) ?? []));
    for (const s of blocks(body.statement)) {
      const conditions: Record<string, Record<string, unknown>> = {};
      for (const c of blocks(s.condition)) {
        const op = String(c.test);
        conditions[op] = { ...(conditions[op] ?? {}), [String(r(c.variable))]: r(c.values) };
      }
      merge({
        ...(s.sid ? { Sid: r(s.sid) } : {}),
        Effect: s.effect ?? "Allow",
        ...(s.principals ? { Principal: principals(s.principals) } : {}),
        ...(s.not_principals ? { NotPrincipal: principals(s.not_principals) } : {}),
        ...(s.actions ? { Action: r(s.actions) } : {}),
        ...(s.not_actions ? { NotAction: r(s.not_actions) } : {}),
        ...(s.resources ? { Resource: r(s.resources) } : {}),
        ...(s.not_resources ? { NotResource: r(s.not_resources) } : {}),
        ...(Object.keys(conditions).length ? { Condition: conditions } : {}),
      });
    }
    for (const src of (r(body.override_policy_documents) as string[] | undefined) ?? []) (rawStatements(src) ?? []).forEach(merge);
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
  }

  private resolveAttribute(stackId: string, type: string, name: string, attribute: string, rest: string, depth: number): unknown {
    const body = this.resources(stackId, type)[name];
    const steps = parsePath(rest);
    if (!body || !steps) return undefined;
    const v = attribute in body ? body[attribute] : this.computed(stackId, type, name, body, attribute, depth);
    return v === undefined ? undefined : this.walk(stackId, v, steps, depth);
  }

  /** Attributes AWS sets at create time that can be known (or given a stable placeholder) now. */
  private computed(stackId: string, type: string, name: string, body: Json, attribute: string, depth: number): string | undefined {
    const region = this.regionAt(stackId, body, depth);
    if (attribute === "region") return region;
    const acct = this.providerOf(stackId, body).account ?? `<${stackId}:account>`;
    const field = (k: string) => (typeof body[k] === "string" ? this.resolveString(stackId, body[k], depth + 1) : undefined);
    const placeholder = `<${stackId}:${type}.${name}>`;
    // Without a name argument AWS (or Terraform's name_prefix) picks one at create time.
    const named = (k = "name") => field(k) ?? placeholder;
    switch (`${type}.${attribute}`) {
      case "aws_iam_role.arn":
        return iamRoleArn(region, acct, named(), field("path") ?? "/");
      case "aws_iam_role.id":
      case "aws_iam_role.name":
        return named();
      case "aws_iam_policy.arn":
      case "aws_iam_policy.id":
        return `${arnPrefix(region)}:iam::${acct}:policy${field("path") ?? "/"}${named()}`;
      case "aws_s3_bucket.arn":
        return s3Arn(region, named("bucket"));
      case "aws_s3_bucket.id":
      case "aws_s3_bucket.bucket":
        return named("bucket");
      case "aws_kms_key.arn":
        return `${arnPrefix(region)}:kms:${region}:${acct}:key/${placeholder}`;
      case "aws_kms_key.key_id":
      case "aws_kms_key.id":
        return placeholder;
      case "aws_kms_alias.arn":
        return `${arnPrefix(region)}:kms:${region}:${acct}:${named()}`;
      case "aws_kms_alias.id":
        return named();
      case "aws_kms_alias.target_key_arn": {
        const target = field("target_key_id");
        return target?.startsWith("arn:") ? target : target ? `${arnPrefix(region)}:kms:${region}:${acct}:key/${target}` : undefined;
      }
      case "aws_sqs_queue.arn":
        return `${arnPrefix(region)}:sqs:${region}:${acct}:${named()}`;
      case "aws_sqs_queue.id":
      case "aws_sqs_queue.url":
        return `https://sqs.${region}.amazonaws.com/${acct}/${named()}`;
      case "aws_sns_topic.arn":
      case "aws_sns_topic.id":
        return `${arnPrefix(region)}:sns:${region}:${acct}:${named()}`;
      case "aws_lambda_function.arn":
        return `${arnPrefix(region)}:lambda:${region}:${acct}:function:${named("function_name")}`;
      case "aws_lambda_function.id":
        return named("function_name");
      case "aws_sfn_state_machine.arn":
      case "aws_sfn_state_machine.id":
        return `${arnPrefix(region)}:states:${region}:${acct}:stateMachine:${named()}`;
      case "aws_cloudwatch_event_rule.arn": {
        const bus = field("event_bus_name");
        // The rule ARN names a custom bus by its name, whether the rule gives the bus's name or ARN.
        const busName = bus && bus !== "default" ? bus.split("/").pop() : undefined;
        return `${arnPrefix(region)}:events:${region}:${acct}:rule/${busName ? `${busName}/` : ""}${named()}`;
      }
      case "aws_cloudwatch_event_rule.id": {
        const bus = field("event_bus_name");
        return bus && bus !== "default" ? `${bus}/${named()}` : named();
      }
      case "aws_cloudwatch_event_bus.arn":
        return `${arnPrefix(region)}:events:${region}:${acct}:event-bus/${named()}`;
      case "aws_cloudwatch_event_bus.id":
        return named();
      case "aws_cloudwatch_log_group.arn":
        return `${arnPrefix(region)}:logs:${region}:${acct}:log-group:${named()}`;
      case "aws_codepipeline.arn":
        return `${arnPrefix(region)}:codepipeline:${region}:${acct}:${named()}`;
      case "aws_codepipeline.id":
        return named();
      case "aws_codepipeline_custom_action_type.arn": {
        const [category, provider, version] = [field("category"), field("provider_name"), field("version")];
        return category && provider && version
          ? `${arnPrefix(region)}:codepipeline:${region}:${acct}:actiontype:Custom/${category}/${provider}/${version}`
          : undefined;
      }
      case "aws_codebuild_project.arn":
      case "aws_codebuild_project.id": // the provider sets the id of a project it creates to its ARN
        return `${arnPrefix(region)}:codebuild:${region}:${acct}:project/${named()}`;
      case "aws_codestarnotifications_notification_rule.arn":
      case "aws_codestarnotifications_notification_rule.id":
        return `${arnPrefix(region)}:codestar-notifications:${region}:${acct}:notificationrule/${placeholder}`;
      default:
        return undefined;
    }
  }
}

/** The statements of a JSON policy document; undefined when it is not one. */
function rawStatements(src: unknown): Json[] | undefined {
  if (typeof src !== "string") return undefined;
  try {
    const doc = JSON.parse(src) as { Statement?: Json | Json[] };
    return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return undefined;
  }
}

/** A nested block that cdktf writes either as an object (single block) or as a list of blocks. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => !!v && typeof v === "object");
  return value && typeof value === "object" ? [value as Record<string, unknown>] : [];
}

export interface PolicyStatementDoc {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | { AWS?: string | string[]; Service?: string | string[] };
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDoc {
  Version: string;
  Statement: PolicyStatementDoc[];
}

/** A string-or-list policy field as a list. */
export function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
