import { ProviderInfo, SynthIndex } from "../synth/resolve";
import type { SynthesizedStack } from "../synth/wiring";
import { rolePolicies } from "./iam";
import type { RolePolicies, RuleContext, TfResource } from "./rule";

type Json = Record<string, unknown>;

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
 * The synthesized app as the rules see it: every stack's JSON as resources with their provider's
 * account and region, and the values and ARNs `synth/resolve.ts` (`SynthIndex`, exposed as
 * `index`) resolves for them across stacks. What it adds for the rules: lookups by type, by ARN and
 * by bucket name, and the identity policies of roles.
 */
export class AppModel implements RuleContext {
  readonly index: SynthIndex;
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
    for (const s of stacks) {
      for (const [type, byName] of Object.entries(s.json.resource ?? {})) {
        for (const [name, body] of Object.entries(byName)) {
          const { account } = this.index.providerOf(s.id, body);
          const region = this.index.regionOf(s.id, body);
          const list = this.byType.get(type) ?? [];
          list.push(new Resource(this, s.id, type, name, body, account, region, constructPaths.get(`${s.id}|${type}.${name}`)));
          this.byType.set(type, list);
        }
      }
    }
  }

  /** Account and region of the provider a block uses (`provider = "aws.<alias>"` honoured). */
  providerOf(stackId: string, body?: Json): ProviderInfo {
    return this.index.providerOf(stackId, body);
  }

  accountOf(stackId: string): string | undefined {
    return this.index.providerOf(stackId).account;
  }

  regionOf(stackId: string): string {
    return this.index.regionOf(stackId);
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
    return this.index.resolveValue(stackId, value);
  }

  /** Resolves every `${...}` inside a string; what cannot be resolved becomes `${<stack>:<expression>}`. */
  resolveString(stackId: string, value: string, depth = 0): string {
    return this.index.resolveString(stackId, value, depth);
  }

  arnOf(resource: TfResource): string | undefined {
    return this.index.arnOf(resource.stack, resource.type, resource.name);
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
    return this.resources(type).filter(
      (r) =>
        r.values.bucket === bucketName ||
        (typeof r.values.bucket === "string" && r.values.bucket.startsWith("arn:") && r.values.bucket.endsWith(`:s3:::${bucketName}`)),
    );
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
