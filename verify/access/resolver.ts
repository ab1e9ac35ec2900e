import { PolicyDoc, SynthIndex } from "../../synth/resolve";
import { SynthesizedStack } from "../../synth/wiring";

export { blocks } from "../../synth/resolve";

/** A `${<stack>:<ref>}` left over by {@link SynthIndex.resolveString}. */
const LEFT_OVER = /\$\{([\w-]+):([^{}]+)\}/g;

/**
 * {@link SynthIndex} (which resolves every reference and computes the ARNs) plus what the access
 * proof needs on top of it: resources listed across stacks as tuples, policies that tolerate
 * non-JSON, and a record of every reference that stayed unresolved in a value the proof used,
 * reported by {@link AccessResolver.unresolved}.
 */
export class AccessResolver {
  readonly index: SynthIndex;
  private readonly seenUnresolved = new Set<string>();

  constructor(readonly stacks: readonly SynthesizedStack[]) {
    this.index = new SynthIndex(stacks);
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
    return this.stacks.flatMap((s) =>
      Object.entries(this.index.resources(s.id, type)).map(([n, b]) => [s.id, n, b] as [string, string, Record<string, unknown>]),
    );
  }

  /** Resolves every reference in a string, following remote state across stacks. */
  str(stackId: string, value: string, depth = 0): string {
    const out = this.index.resolveString(stackId, value, depth);
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
      // A policy built with a Terraform function (jsonencode, ...) is not JSON here.
      this.seenUnresolved.add(`${stackId}: policy that is not literal JSON: ${text.slice(0, 80)}`);
      return undefined;
    }
  }

  /** The ARN (or another attribute) of a resource, e.g. `ref(stack, "aws_sqs_queue", "dlq")`. */
  ref(stackId: string, type: string, name: string, attribute = "arn"): string {
    return this.str(stackId, `\${${type}.${name}.${attribute}}`);
  }
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
