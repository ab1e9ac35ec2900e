import * as path from "node:path";
import { SynthIndex } from "../verify/resolve";
import type { SynthesizedStack } from "../verify/wiring";
import { parseArn } from "./arn";
import { rolePolicies } from "./iam";
import type { RolePolicies, RuleContext, TfResource } from "./rule";

type Json = Record<string, unknown>;

const EXPRESSION = /\$\{([^{}]+)\}/g;
const WHOLE_EXPRESSION = /^\$\{([^{}]+)\}$/;
const MAX_DEPTH = 16;

/** `s3://bucket/key` for S3 states; comparable strings for other backends. */
function stateLocation(type: string, config: Json): string {
  if (type === "s3") return `s3://${String(config.bucket)}/${String(config.key)}`;
  if (type === "local") return `local:${path.basename(String(config.path ?? ""))}`;
  return `${type}:${JSON.stringify(config)}`;
}

/** A Terraform traversal after the head: `.attr`, `["key"]`, `[0]`. */
function parsePath(rest: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  const re = /\.([\w-]+)|\[\s*"([^"]*)"\s*\]|\[\s*(\d+)\s*\]/y;
  let i = 0;
  while (i < rest.length) {
    re.lastIndex = i;
    const m = re.exec(rest);
    if (!m) return undefined;
    out.push(m[1] ?? m[2] ?? Number(m[3]));
    i = re.lastIndex;
  }
  return out;
}

class Resource implements TfResource {
  readonly address: string;
  private cached?: Json;

  constructor(
    private readonly model: AppModel,
    readonly stack: string,
    readonly type: string,
    readonly name: string,
    readonly body: Json,
    readonly account: string | undefined,
    readonly region: string,
    private readonly knownPath: string | undefined,
  ) {
    this.address = `${type}.${name}`;
  }

  get values(): Json {
    if (!this.cached) {
      const { "//": _meta, ...rest } = this.body;
      this.cached = this.model.resolve(this.stack, rest) as Json;
    }
    return this.cached;
  }

  get constructPath(): string {
    if (this.knownPath !== undefined) return this.knownPath;
    const meta = (this.body["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
    return meta?.path ?? `${this.stack}/${this.address}`;
  }
}

/**
 * The synthesized app as the rules see it: every stack's JSON, references resolved across stacks
 * (remote-state outputs followed into the stack that writes them, index expressions such as
 * `outputs.artifact_stores["eu-central-1"].key_arn` included) and the ARNs resources will have.
 *
 * It builds on `verify/resolve.ts` (`SynthIndex`, exposed as `index`) and extends it where the
 * guardrails need more: indexed outputs, provider aliases, data sources (caller identity, region,
 * policy documents) and the ARNs of queues, topics, functions, rules and custom action types.
 */
export class AppModel implements RuleContext {
  readonly index: SynthIndex;
  private readonly byId: Map<string, SynthesizedStack>;
  private readonly stackAtLocation = new Map<string, string>();
  private readonly byType = new Map<string, Resource[]>();
  private arnIndex?: Map<string, TfResource>;
  private readonly roleCache = new Map<string, RolePolicies>();

  /**
   * @param constructPaths construct path of each resource, keyed `<stack id>|<type>.<logical id>`
   *   (from the construct tree); @default the `//.metadata.path` cdktf writes into each resource
   */
  constructor(
    readonly stacks: readonly SynthesizedStack[],
    constructPaths: ReadonlyMap<string, string> = new Map(),
  ) {
    this.index = new SynthIndex(stacks);
    this.byId = new Map(stacks.map((s) => [s.id, s]));
    for (const s of stacks) {
      const [type, config] = Object.entries(s.json.terraform?.backend ?? {})[0] ?? [];
      if (type && config) this.stackAtLocation.set(stateLocation(type, config), s.id);
    }
    for (const s of stacks) {
      for (const [type, byName] of Object.entries(s.json.resource ?? {})) {
        for (const [name, body] of Object.entries(byName)) {
          const provider = this.providerOf(s.id, body);
          const region = typeof body.region === "string" ? this.resolveString(s.id, body.region) : provider.region;
          const list = this.byType.get(type) ?? [];
          list.push(new Resource(this, s.id, type, name, body, provider.account, region, constructPaths.get(`${s.id}|${type}.${name}`)));
          this.byType.set(type, list);
        }
      }
    }
  }

  private json(stackId: string): SynthesizedStack["json"] {
    const s = this.byId.get(stackId);
    if (!s) throw new Error(`no stack ${stackId}; have ${[...this.byId.keys()].join(", ")}`);
    return s.json;
  }

  /** Account and region of the provider a block uses (`provider = "aws.<alias>"` honoured). */
  providerOf(stackId: string, body?: Json): { account: string | undefined; region: string } {
    const providers = (this.json(stackId).provider?.aws ?? []) as Json[];
    const alias = typeof body?.provider === "string" ? /^(?:\$\{)?aws\.([\w-]+)\}?$/.exec(body.provider)?.[1] : undefined;
    const p = (alias ? providers.find((x) => x.alias === alias) : providers.find((x) => x.alias === undefined)) ?? providers[0] ?? {};
    const allowed = p.allowed_account_ids as string[] | undefined;
    const assumed = (p.assume_role as Json[] | undefined)?.[0]?.role_arn;
    const account = allowed?.[0] ?? parseArn(assumed)?.account;
    return { account: account && /^\d{12}$/.test(account) ? account : undefined, region: typeof p.region === "string" ? p.region : "unknown-region" };
  }

  accountOf(stackId: string): string | undefined {
    return this.providerOf(stackId).account;
  }

  regionOf(stackId: string): string {
    return this.providerOf(stackId).region;
  }

  resources(type: string): readonly TfResource[] {
    return this.byType.get(type) ?? [];
  }

  allResources(): readonly TfResource[] {
    return [...this.byType.values()].flat();
  }

  resource(stackId: string, type: string, name: string): TfResource | undefined {
    return this.byType.get(type)?.find((r) => r.stack === stackId && r.name === name);
  }

  resolve(stackId: string, value: unknown): unknown {
    return this.resolveValue(stackId, value, 0);
  }

  private resolveValue(stackId: string, value: unknown, depth: number): unknown {
    if (typeof value === "string") {
      const whole = WHOLE_EXPRESSION.exec(value);
      if (whole) {
        // A whole expression may stand for a list or an object (an output map, a block).
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

  /** Resolves every `${...}` inside a string; what cannot be resolved becomes `${<stack>:<expression>}`. */
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

  private resolveRef(stackId: string, ref: string, depth: number): unknown {
    if (depth > MAX_DEPTH) return undefined;
    const remote = /^data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)(.*)$/.exec(ref);
    if (remote) return this.resolveRemote(stackId, remote[1]!, remote[2]!, remote[3]!, depth);
    const data = /^data\.([a-z0-9_]+)\.([\w-]+)\.([\w]+)(.*)$/.exec(ref);
    if (data) return this.resolveData(stackId, data[1]!, data[2]!, data[3]!, data[4]!, depth);
    const attr = /^([a-z0-9]+_[a-z0-9_]+)\.([\w-]+)\.([\w]+)(.*)$/.exec(ref);
    if (attr) return this.resolveAttribute(stackId, attr[1]!, attr[2]!, attr[3]!, attr[4]!, depth);
    return undefined;
  }

  /** Walks a traversal through a value, resolving whole expressions met on the way. */
  private walk(stackId: string, value: unknown, steps: readonly (string | number)[], depth: number): unknown {
    let v: unknown = value;
    for (const step of steps) {
      if (typeof v === "string" && WHOLE_EXPRESSION.test(v)) v = this.resolveValue(stackId, v, depth + 1);
      if (Array.isArray(v)) v = typeof step === "number" ? v[step] : undefined;
      else if (v && typeof v === "object") v = typeof step === "number" ? (step === 0 ? v : undefined) : (v as Json)[step];
      else return undefined;
    }
    return v === undefined ? undefined : this.resolveValue(stackId, v, depth + 1);
  }

  private resolveRemote(stackId: string, dataName: string, output: string, rest: string, depth: number): unknown {
    const data = this.json(stackId).data?.terraform_remote_state?.[dataName];
    const steps = parsePath(rest);
    if (!data || !steps) return undefined;
    const source = this.stackAtLocation.get(stateLocation(String(data.backend), (data.config ?? {}) as Json));
    const out = source ? this.byId.get(source)!.json.output?.[output] : undefined;
    return source && out ? this.walk(source, out.value, steps, depth) : undefined;
  }

  private resolveData(stackId: string, type: string, name: string, attribute: string, rest: string, depth: number): unknown {
    const body = (this.json(stackId).data?.[type]?.[name] ?? undefined) as Json | undefined;
    if (!body) return undefined;
    const provider = this.providerOf(stackId, body);
    const field = (k: string) => (typeof body[k] === "string" ? this.resolveString(stackId, body[k] as string, depth + 1) : undefined);
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
        v = "aws";
        break;
      case "aws_iam_policy_document.json":
      case "aws_iam_policy_document.minified_json":
        v = this.policyDocumentJson(stackId, body, depth);
        break;
      case "aws_iam_role.arn":
        v = provider.account && field("name") ? `arn:aws:iam::${provider.account}:role/${field("name")}` : undefined;
        break;
      default:
        v = attribute in body ? body[attribute] : undefined;
    }
    const steps = parsePath(rest);
    return v === undefined || !steps ? undefined : this.walk(stackId, v, steps, depth);
  }

  /** The JSON an `aws_iam_policy_document` data source renders, from its statement blocks. */
  private policyDocumentJson(stackId: string, body: Json, depth: number): string {
    const r = (v: unknown) => this.resolveValue(stackId, v, depth + 1);
    const blocks = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : v && typeof v === "object" ? [v as Json] : []);
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
    for (const src of [...((r(body.source_policy_documents) as string[] | undefined) ?? [])]) {
      const parsed = parseRawStatements(src);
      if (parsed) statements.push(...parsed);
    }
    for (const s of blocks(body.statement)) {
      const conditions: Record<string, Record<string, unknown>> = {};
      for (const c of blocks(s.condition)) {
        const op = String(c.test);
        conditions[op] = { ...(conditions[op] ?? {}), [String(r(c.variable))]: r(c.values) };
      }
      const st: Json = {
        ...(s.sid ? { Sid: r(s.sid) } : {}),
        Effect: s.effect ?? "Allow",
        ...(s.principals ? { Principal: principals(s.principals) } : {}),
        ...(s.not_principals ? { NotPrincipal: principals(s.not_principals) } : {}),
        ...(s.actions ? { Action: r(s.actions) } : {}),
        ...(s.not_actions ? { NotAction: r(s.not_actions) } : {}),
        ...(s.resources ? { Resource: r(s.resources) } : {}),
        ...(s.not_resources ? { NotResource: r(s.not_resources) } : {}),
        ...(Object.keys(conditions).length ? { Condition: conditions } : {}),
      };
      const same = st.Sid ? statements.findIndex((x) => x.Sid === st.Sid) : -1;
      if (same >= 0) statements[same] = st;
      else statements.push(st);
    }
    for (const src of [...((r(body.override_policy_documents) as string[] | undefined) ?? [])]) {
      for (const st of parseRawStatements(src) ?? []) {
        const same = st.Sid ? statements.findIndex((x) => x.Sid === st.Sid) : -1;
        if (same >= 0) statements[same] = st;
        else statements.push(st);
      }
    }
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
  }

  private resolveAttribute(stackId: string, type: string, name: string, attribute: string, rest: string, depth: number): unknown {
    const res = this.resource(stackId, type, name);
    const steps = parsePath(rest);
    if (!res || !steps) return undefined;
    const v = attribute in res.body ? res.body[attribute] : this.computed(res, attribute, depth);
    return v === undefined ? undefined : this.walk(stackId, v, steps, depth);
  }

  /** Attributes AWS sets at create time that can be known (or given a stable placeholder) now. */
  private computed(res: TfResource, attribute: string, depth: number): string | undefined {
    const { account, region, body } = res;
    const field = (k: string) => (typeof body[k] === "string" ? this.resolveString(res.stack, body[k] as string, depth + 1) : undefined);
    const placeholder = `<${res.stack}:${res.address}>`;
    const acct = account ?? `<${res.stack}:account>`;
    const name = field("name");
    switch (`${res.type}.${attribute}`) {
      case "aws_iam_role.arn":
        return name && `arn:aws:iam::${acct}:role${field("path") ?? "/"}${name}`;
      case "aws_iam_role.id":
        return name;
      case "aws_iam_policy.arn":
      case "aws_iam_policy.id":
        return name && `arn:aws:iam::${acct}:policy${field("path") ?? "/"}${name}`;
      case "aws_s3_bucket.arn":
        return field("bucket") && `arn:aws:s3:::${field("bucket")}`;
      case "aws_s3_bucket.id":
        return field("bucket");
      case "aws_kms_key.arn":
        return `arn:aws:kms:${region}:${acct}:key/${placeholder}`;
      case "aws_kms_key.key_id":
      case "aws_kms_key.id":
        return placeholder;
      case "aws_kms_alias.arn":
        return name && `arn:aws:kms:${region}:${acct}:${name}`;
      case "aws_kms_alias.id":
        return name;
      case "aws_sqs_queue.arn":
        return name && `arn:aws:sqs:${region}:${acct}:${name}`;
      case "aws_sqs_queue.id":
      case "aws_sqs_queue.url":
        return name && `https://sqs.${region}.amazonaws.com/${acct}/${name}`;
      case "aws_sns_topic.arn":
      case "aws_sns_topic.id":
        return name && `arn:aws:sns:${region}:${acct}:${name}`;
      case "aws_lambda_function.arn":
        return field("function_name") && `arn:aws:lambda:${region}:${acct}:function:${field("function_name")}`;
      case "aws_lambda_function.id":
        return field("function_name");
      case "aws_sfn_state_machine.arn":
      case "aws_sfn_state_machine.id":
        return name && `arn:aws:states:${region}:${acct}:stateMachine:${name}`;
      case "aws_cloudwatch_event_rule.arn": {
        const bus = field("event_bus_name");
        const busName = bus && bus !== "default" ? (bus.split("/").pop() ?? bus) : undefined;
        return name && `arn:aws:events:${region}:${acct}:rule/${busName ? `${busName}/` : ""}${name}`;
      }
      case "aws_cloudwatch_event_rule.id": {
        const bus = field("event_bus_name");
        return name && (bus && bus !== "default" ? `${bus}/${name}` : name);
      }
      case "aws_cloudwatch_event_bus.arn":
        return name && `arn:aws:events:${region}:${acct}:event-bus/${name}`;
      case "aws_cloudwatch_event_bus.id":
        return name;
      case "aws_codepipeline.arn":
        return name && `arn:aws:codepipeline:${region}:${acct}:${name}`;
      case "aws_codepipeline.id":
        return name;
      case "aws_codepipeline_custom_action_type.arn": {
        const [category, provider, version] = [field("category"), field("provider_name"), field("version")];
        return category && provider && version ? `arn:aws:codepipeline:${region}:${acct}:actiontype:Custom/${category}/${provider}/${version}` : undefined;
      }
      case "aws_codebuild_project.arn":
        return name && `arn:aws:codebuild:${region}:${acct}:project/${name}`;
      case "aws_cloudwatch_log_group.arn":
        return name && `arn:aws:logs:${region}:${acct}:log-group:${name}`;
      default:
        return undefined;
    }
  }

  arnOf(resource: TfResource): string | undefined {
    const literal = resource.body.arn;
    const arn = typeof literal === "string" ? this.resolveString(resource.stack, literal) : this.computed(resource, "arn", 0);
    return arn && !arn.includes("${") ? arn : undefined;
  }

  findByArn(arn: string, types?: readonly string[]): TfResource | undefined {
    if (!this.arnIndex) {
      this.arnIndex = new Map();
      for (const r of this.allResources()) {
        const a = this.arnOf(r);
        if (a && !this.arnIndex.has(a)) this.arnIndex.set(a, r);
      }
    }
    const found = this.arnIndex.get(arn);
    return found && (!types || types.includes(found.type)) ? found : undefined;
  }

  bucketNamed(name: string): TfResource | undefined {
    return this.resources("aws_s3_bucket").find((b) => b.values.bucket === name);
  }

  bucketAttachments(type: string, bucketName: string): readonly TfResource[] {
    return this.resources(type).filter((r) => r.values.bucket === bucketName || r.values.bucket === `arn:aws:s3:::${bucketName}`);
  }

  rolePolicies(roleArn: string): RolePolicies {
    let found = this.roleCache.get(roleArn);
    if (!found) {
      found = rolePolicies(this, roleArn);
      this.roleCache.set(roleArn, found);
    }
    return found;
  }
}

function parseRawStatements(src: unknown): Json[] | undefined {
  if (typeof src !== "string") return undefined;
  try {
    const doc = JSON.parse(src) as { Statement?: Json | Json[] };
    return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return undefined;
  }
}
