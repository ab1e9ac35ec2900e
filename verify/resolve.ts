import { backendLocations, SynthesizedStack } from "./wiring";

/**
 * Resolves Terraform references in synthesized stacks to the values they will have after apply,
 * following remote-state outputs into the stacks that write them. Values AWS chooses at create time
 * (a KMS key id) become stable placeholders, e.g. `arn:aws:kms:eu-west-1:111111111111:key/<tools-eu-west-1:aws_kms_key.k>`,
 * so equal references compare equal.
 */
export class SynthIndex {
  private readonly byId: Map<string, SynthesizedStack>;
  private readonly stackAtLocation: Map<string, string>;

  constructor(readonly stacks: readonly SynthesizedStack[]) {
    this.byId = new Map(stacks.map((s) => [s.id, s]));
    this.stackAtLocation = new Map([...backendLocations(stacks)].map(([id, loc]) => [loc, id]));
  }

  stack(id: string): SynthesizedStack {
    const s = this.byId.get(id);
    if (!s) throw new Error(`no stack ${id}; have ${[...this.byId.keys()].join(", ")}`);
    return s;
  }

  /** The account a stack's provider is pinned to (allowed_account_ids). */
  accountOf(stackId: string): string {
    const aws = this.stack(stackId).json.provider?.aws?.[0] as { allowed_account_ids?: string[] } | undefined;
    const account = aws?.allowed_account_ids?.[0];
    if (!account) throw new Error(`${stackId}: provider has no allowed_account_ids`);
    return account;
  }

  regionOf(stackId: string, resource?: Record<string, unknown>): string {
    if (resource && typeof resource.region === "string") return resource.region;
    const aws = this.stack(stackId).json.provider?.aws?.[0] as { region?: string } | undefined;
    return aws?.region ?? "unknown-region";
  }

  /** Every resource of a type in a stack, by name. */
  resources(stackId: string, type: string): Record<string, Record<string, unknown>> {
    return this.stack(stackId).json.resource?.[type] ?? {};
  }

  /** Resolves every `${...}` reference inside a string; unresolvable ones stay as `${<stack>:<ref>}`. */
  resolveString(stackId: string, value: string, depth = 0): string {
    if (depth > 10) throw new Error(`${stackId}: reference chain too deep at ${value}`);
    return value.replace(/\$\{([^{}]+)\}/g, (_whole, ref: string) => {
      const resolved = this.resolveRef(stackId, ref.trim(), depth);
      return resolved ?? `\${${stackId}:${ref}}`;
    });
  }

  /** Resolves a JSON value (policy documents included) recursively. */
  resolveValue(stackId: string, value: unknown): unknown {
    if (typeof value === "string") return this.resolveString(stackId, value);
    if (Array.isArray(value)) return value.map((v) => this.resolveValue(stackId, v));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolveValue(stackId, v)]));
    }
    return value;
  }

  /** A resource attribute holding a JSON policy, parsed with every reference resolved. */
  policy(stackId: string, type: string, name: string, attribute = "policy"): PolicyDoc {
    const raw = this.resources(stackId, type)[name]?.[attribute];
    if (typeof raw !== "string") throw new Error(`${stackId}: ${type}.${name}.${attribute} is not a policy string`);
    return JSON.parse(this.resolveString(stackId, raw)) as PolicyDoc;
  }

  private resolveRef(stackId: string, ref: string, depth: number): string | undefined {
    const remote = /^data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)$/.exec(ref);
    if (remote) return this.resolveRemote(stackId, remote[1]!, remote[2]!, depth);
    const attr = /^([a-z0-9_]+)\.([\w-]+)\.([\w]+)$/.exec(ref);
    if (attr) return this.resolveAttribute(stackId, attr[1]!, attr[2]!, attr[3]!, depth);
    return undefined;
  }

  private resolveRemote(stackId: string, dataName: string, output: string, depth: number): string | undefined {
    const data = this.stack(stackId).json.data?.terraform_remote_state?.[dataName];
    if (!data) return undefined;
    const config = (data.config ?? {}) as Record<string, unknown>;
    const source = this.stackAtLocation.get(`s3://${String(config.bucket)}/${String(config.key)}`);
    const value = source ? this.stack(source).json.output?.[output]?.value : undefined;
    return typeof value === "string" && source ? this.resolveString(source, value, depth + 1) : undefined;
  }

  private resolveAttribute(stackId: string, type: string, name: string, attribute: string, depth: number): string | undefined {
    const resource = this.resources(stackId, type)[name];
    if (!resource) return undefined;
    const literal = resource[attribute];
    if (typeof literal === "string") return this.resolveString(stackId, literal, depth + 1);
    const account = this.accountOf(stackId);
    const region = this.regionOf(stackId, resource);
    const field = (key: string): string | undefined =>
      typeof resource[key] === "string" ? this.resolveString(stackId, resource[key] as string, depth + 1) : undefined;
    const placeholder = `<${stackId}:${type}.${name}>`;
    switch (`${type}.${attribute}`) {
      case "aws_iam_role.arn":
        return `arn:aws:iam::${account}:role${field("path") ?? "/"}${field("name")}`;
      case "aws_iam_role.id":
        return field("name");
      case "aws_s3_bucket.arn":
        return `arn:aws:s3:::${field("bucket")}`;
      case "aws_s3_bucket.id":
        return field("bucket");
      case "aws_kms_key.arn":
        return `arn:aws:kms:${region}:${account}:key/${placeholder}`;
      case "aws_kms_key.key_id":
      case "aws_kms_key.id":
        return placeholder;
      case "aws_kms_alias.arn":
        return `arn:aws:kms:${region}:${account}:${field("name")}`;
      default:
        return undefined;
    }
  }
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
