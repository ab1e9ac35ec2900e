import { PolicyDoc, SynthIndex } from "../resolve";
import { backendLocations, SynthesizedStack } from "../wiring";

/** A `${<stack>:<ref>}` left over by {@link SynthIndex.resolveString}. */
const LEFT_OVER = /\$\{([\w-]+):([^{}]+)\}/g;

/**
 * {@link SynthIndex} plus what the access proof needs on top of it: ARNs of the resource types the
 * proof reasons about (topics, queues, rules, pipelines, customer-managed policies, ...), indexed
 * remote-state outputs (`outputs.artifact_stores["eu-central-1"].key_arn`) and the account/region
 * data sources. References nothing can resolve stay as `${<stack>:<ref>}` and are reported by
 * {@link AccessResolver.unresolved}.
 */
export class AccessResolver {
  readonly index: SynthIndex;
  private readonly stackAtLocation: Map<string, string>;
  private readonly seenUnresolved = new Set<string>();

  constructor(readonly stacks: readonly SynthesizedStack[]) {
    this.index = new SynthIndex(stacks);
    this.stackAtLocation = new Map([...backendLocations(stacks)].map(([id, loc]) => [loc, id]));
  }

  /** Every reference that stayed unresolved in a value the proof used, as `${stack:ref}`. */
  unresolved(): string[] {
    return [...this.seenUnresolved].sort();
  }

  account(stackId: string): string {
    return this.index.accountOf(stackId);
  }

  region(stackId: string, resource?: Record<string, unknown>): string {
    return this.index.regionOf(stackId, resource);
  }

  /** Every resource of a type across all stacks, as [stack, name, body]. */
  all(type: string): [string, string, Record<string, unknown>][] {
    return this.stacks.flatMap((s) => Object.entries(this.index.resources(s.id, type)).map(([n, b]) => [s.id, n, b] as [string, string, Record<string, unknown>]));
  }

  /** Resolves every reference in a string, following remote state across stacks. */
  str(stackId: string, value: string, depth = 0): string {
    let out = this.index.resolveString(stackId, value);
    for (let i = 0; i < 10 && out.includes("${"); i++) {
      const next = out.replace(LEFT_OVER, (whole, stack: string, ref: string) => this.extra(stack, ref.trim(), depth) ?? whole);
      if (next === out) break;
      out = next;
    }
    for (const m of out.matchAll(LEFT_OVER)) this.seenUnresolved.add(m[0]);
    return out;
  }

  /** A string attribute, resolved; undefined when absent. */
  attr(stackId: string, body: Record<string, unknown>, key: string): string | undefined {
    const v = body[key];
    return typeof v === "string" ? this.str(stackId, v) : undefined;
  }

  /** A JSON policy (string attribute or already-parsed object), parsed and resolved. */
  policy(stackId: string, raw: unknown): PolicyDoc | undefined {
    if (typeof raw !== "string" || raw.trim() === "") return undefined;
    const text = this.str(stackId, raw);
    try {
      return JSON.parse(text) as PolicyDoc;
    } catch {
      // A policy built with a Terraform function (jsonencode, data.aws_iam_policy_document) is not JSON here.
      this.seenUnresolved.add(`${stackId}: policy that is not literal JSON: ${text.slice(0, 80)}`);
      return undefined;
    }
  }

  /** The ARN (or another attribute) of a resource, e.g. `arnOf(stack, "aws_sqs_queue", "dlq")`. */
  ref(stackId: string, type: string, name: string, attribute = "arn"): string {
    return this.str(stackId, `\${${type}.${name}.${attribute}}`);
  }

  private extra(stackId: string, ref: string, depth: number): string | undefined {
    if (depth > 10) return undefined;
    const remote = /^data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)((?:\[[^\]]+\]|\.[\w-]+)*)$/.exec(ref);
    if (remote) return this.remote(stackId, remote[1]!, remote[2]!, remote[3]!, depth);
    const data = /^data\.([a-z0-9_]+)\.([\w-]+)\.([\w]+)$/.exec(ref);
    if (data) return this.dataSource(stackId, data[1]!, data[3]!);
    const attr = /^([a-z0-9_]+)\.([\w-]+)\.([\w]+)$/.exec(ref);
    if (attr) return this.attribute(stackId, attr[1]!, attr[2]!, attr[3]!, depth);
    return undefined;
  }

  private remote(stackId: string, dataName: string, output: string, path: string, depth: number): string | undefined {
    const data = this.index.stack(stackId).json.data?.terraform_remote_state?.[dataName];
    if (!data) return undefined;
    const config = (data.config ?? {}) as Record<string, unknown>;
    const source = this.stackAtLocation.get(`s3://${String(config.bucket)}/${String(config.key)}`);
    if (!source) return undefined;
    let value: unknown = this.index.stack(source).json.output?.[output]?.value;
    // Inside a JSON policy string the quotes of `["key"]` arrive escaped.
    for (const m of path.replace(/\\/g, "").matchAll(/\[\s*"?([^"\]]+)"?\s*\]|\.([\w-]+)/g)) {
      const key = m[1] ?? m[2]!;
      value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    }
    return typeof value === "string" ? this.str(source, value, depth + 1) : undefined;
  }

  private dataSource(stackId: string, type: string, attribute: string): string | undefined {
    if (type === "aws_caller_identity" && attribute === "account_id") return this.account(stackId);
    if (type === "aws_region" && ["name", "region", "id"].includes(attribute)) return this.region(stackId);
    if (type === "aws_partition" && attribute === "partition") return "aws";
    return undefined;
  }

  private attribute(stackId: string, type: string, name: string, attribute: string, depth: number): string | undefined {
    const body = this.index.resources(stackId, type)[name];
    if (!body) return undefined;
    const account = this.account(stackId);
    const region = this.region(stackId, body);
    const field = (key: string): string | undefined => (typeof body[key] === "string" ? this.str(stackId, body[key] as string, depth + 1) : undefined);
    // Values AWS picks at create time become stable placeholders, like SynthIndex's key ids.
    const placeholder = `<${stackId}:${type}.${name}>`;
    const nameOr = (key = "name") => field(key) ?? placeholder;
    if (attribute === "region") return region; // provider 6 per-resource region, else the provider's
    switch (`${type}.${attribute}`) {
      case "aws_sns_topic.arn":
      case "aws_sns_topic.id":
        return `arn:aws:sns:${region}:${account}:${nameOr()}`;
      case "aws_sqs_queue.arn":
        return `arn:aws:sqs:${region}:${account}:${nameOr()}`;
      case "aws_sqs_queue.url":
      case "aws_sqs_queue.id":
        return `https://sqs.${region}.amazonaws.com/${account}/${nameOr()}`;
      case "aws_cloudwatch_event_rule.arn": {
        const bus = field("event_bus_name") ?? "default";
        return `arn:aws:events:${region}:${account}:rule/${bus === "default" ? "" : `${bus}/`}${nameOr()}`;
      }
      case "aws_cloudwatch_event_rule.id": {
        const bus = field("event_bus_name") ?? "default";
        return bus === "default" ? nameOr() : `${bus}/${nameOr()}`;
      }
      case "aws_codepipeline.arn":
        return `arn:aws:codepipeline:${region}:${account}:${nameOr()}`;
      case "aws_codepipeline.id":
        return nameOr();
      case "aws_codepipeline_custom_action_type.arn":
        return `arn:aws:codepipeline:${region}:${account}:actiontype:Custom/${field("category")}/${field("provider_name")}/${field("version")}`;
      case "aws_codebuild_project.arn":
        return `arn:aws:codebuild:${region}:${account}:project/${nameOr()}`;
      case "aws_codebuild_project.id":
        return this.attribute(stackId, type, name, "arn", depth);
      case "aws_lambda_function.arn":
        return `arn:aws:lambda:${region}:${account}:function:${nameOr("function_name")}`;
      case "aws_iam_policy.arn":
      case "aws_iam_policy.id":
        return `arn:aws:iam::${account}:policy${field("path") ?? "/"}${nameOr()}`;
      case "aws_iam_role.name":
        return nameOr();
      case "aws_codestarnotifications_notification_rule.arn":
      case "aws_codestarnotifications_notification_rule.id":
        return `arn:aws:codestar-notifications:${region}:${account}:notificationrule/${placeholder}`;
      case "aws_kms_alias.target_key_arn": {
        const target = field("target_key_id");
        return target?.startsWith("arn:") ? target : target ? `arn:aws:kms:${region}:${account}:key/${target}` : undefined;
      }
      default:
        return undefined;
    }
  }
}

/** A list attribute that cdktf writes either as an object (single block) or a list of blocks. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => !!v && typeof v === "object");
  return value && typeof value === "object" ? [value as Record<string, unknown>] : [];
}

/** The account id inside an ARN, if it has one. */
export function arnAccount(arn: string): string | undefined {
  const account = arn.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** The region inside an ARN, if it has one. */
export function arnRegion(arn: string): string | undefined {
  const region = arn.split(":")[3];
  return region ? region : undefined;
}
