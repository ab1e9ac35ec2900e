/**
 * Offline checker for synthesized cdktf stacks against a Terraform provider
 * schema dump (`terraform providers schema -json`).
 *
 * It catches the mistakes `cdktf synth` lets through (hand-written escape
 * hatches, overrides, raw `TerraformResource`s, provider upgrades) without
 * running `terraform init`/`validate`, which need network access and
 * credentials.
 */
import * as fs from "node:fs";
import { parseJsonText } from "../config/json-text";
import * as path from "node:path";
import { hclStacksProblem, SynthOutputError } from "../synth/wiring";

/** cty JSON type: "string" | "number" | "bool" | "dynamic" | [kind, element]. */
export type CtyType = string | readonly [string, unknown, ...unknown[]];

/** Protocol-6 nested attribute type (`nested_type` in the dump). */
export interface NestedAttributeType {
  attributes: Record<string, AttributeSchema>;
  nesting_mode: "single" | "list" | "set" | "map";
  min_items?: number;
  max_items?: number;
}

export interface AttributeSchema {
  type?: CtyType;
  nested_type?: NestedAttributeType;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  deprecated?: boolean;
}

export interface BlockTypeSchema {
  nesting_mode: "single" | "list" | "set" | "map" | "group";
  min_items?: number;
  max_items?: number;
  block: BlockSchema;
}

export interface BlockSchema {
  attributes?: Record<string, AttributeSchema>;
  block_types?: Record<string, BlockTypeSchema>;
  deprecated?: boolean;
}

/** A provider's schemas as read from a `terraform providers schema -json` dump. */
export interface ProviderSchema {
  /** e.g. "registry.terraform.io/hashicorp/aws" */
  source: string;
  /** Type-name prefix owned by the provider, e.g. "aws" (types are `aws` or `aws_*`). */
  providerName: string;
  resources: Record<string, BlockSchema>;
  dataSources: Record<string, BlockSchema>;
  ephemeralResources: Record<string, BlockSchema>;
  /** Types the dump itself declares as absent (parsed from its `_note`). */
  missing: { resources: Set<string>; dataSources: Set<string>; ephemeralResources: Set<string> };
  /** Where the schema came from (file path), for messages. */
  origin: string;
}

export interface SchemaFinding {
  severity: "error" | "warning";
  stack?: string;
  path: string;
  message: string;
}

export interface SchemaReport {
  findings: SchemaFinding[];
  checked: { resources: number; dataSources: number; blocks: number };
  /** Resources/data sources of other providers, which this checker cannot verify. */
  skipped: string[];
}

export const DEFAULT_PROVIDER_SOURCE = "registry.terraform.io/hashicorp/aws";

type JsonObject = { [k: string]: unknown };

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

const schemaCache = new Map<string, { mtimeMs: number; size: number; schema: ProviderSchema }>();

/**
 * Reads and parses a provider schema dump. Results are cached per (path,
 * source) for the life of the process and revalidated by mtime/size, so
 * repeated calls from many tests cost one `stat`.
 *
 * @throws Error with a readable message when the file is missing, is not
 *   JSON, or does not contain `provider_schemas[providerSource]`.
 */
export function loadProviderSchema(file: string, providerSource: string = DEFAULT_PROVIDER_SOURCE): ProviderSchema {
  const abs = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new Error(`provider schema file not found: ${abs}`);
  }
  if (!stat.isFile()) throw new Error(`provider schema path is not a file: ${abs}`);
  const key = `${abs}\u0000${providerSource}`;
  const hit = schemaCache.get(key);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.schema;

  // `terraform providers schema -json` writes plain JSON (tens of MB: JSON.parse first, it is faster);
  // a syntax error is then located by line and column.
  const text = fs.readFileSync(abs, "utf8");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Also takes a file that only starts with a byte-order mark.
    const parsed = parseJsonText(text, { comments: false });
    if (parsed.error) throw new Error(`provider schema file is not valid JSON: ${abs}:${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}`);
    raw = parsed.value;
  }
  const schema = parseProviderSchema(raw, providerSource, abs);
  schemaCache.set(key, { mtimeMs: stat.mtimeMs, size: stat.size, schema });
  return schema;
}

/**
 * Builds a {@link ProviderSchema} from an already-parsed dump object (useful
 * for tests and for dumps obtained some other way).
 *
 * @throws Error when the object does not have the expected shape.
 */
export function parseProviderSchema(raw: unknown, providerSource: string = DEFAULT_PROVIDER_SOURCE, origin = "<inline>"): ProviderSchema {
  const where = `provider schema ${origin}`;
  if (!isObject(raw) || !isObject(raw.provider_schemas)) {
    throw new Error(`${where} does not look like \`terraform providers schema -json\` output (no "provider_schemas" object)`);
  }
  const providers = raw.provider_schemas;
  const p = providers[providerSource];
  if (!isObject(p)) {
    const have = Object.keys(providers).join(", ") || "none";
    throw new Error(`${where} has no provider "${providerSource}" (has: ${have})`);
  }
  const section = (name: string): Record<string, BlockSchema> => {
    const s = p[name];
    if (s === undefined) return {};
    if (!isObject(s)) throw new Error(`${where}: "${name}" of ${providerSource} is not an object`);
    const out: Record<string, BlockSchema> = {};
    for (const [type, entry] of Object.entries(s)) {
      if (!isObject(entry) || !isObject(entry.block)) {
        throw new Error(`${where}: ${name}.${type} has no "block" object`);
      }
      out[type] = entry.block as BlockSchema;
    }
    return out;
  };
  const resources = section("resource_schemas");
  const dataSources = section("data_source_schemas");
  if (Object.keys(resources).length === 0 && Object.keys(dataSources).length === 0) {
    throw new Error(`${where}: provider "${providerSource}" has neither resource_schemas nor data_source_schemas`);
  }

  // The reference dump is reconstructed and lists its gaps in a free-text
  // `_note` ("resource_schemas:aws_wafv2_web_acl, ..."); parse those so the
  // gaps become warnings rather than "unknown type" errors.
  const missing = { resources: new Set<string>(), dataSources: new Set<string>(), ephemeralResources: new Set<string>() };
  const note = typeof raw._note === "string" ? raw._note : "";
  for (const m of note.matchAll(/\b(resource_schemas|data_source_schemas|ephemeral_resource_schemas):([A-Za-z0-9_]+)/g)) {
    const bucket = m[1] === "resource_schemas" ? missing.resources : m[1] === "data_source_schemas" ? missing.dataSources : missing.ephemeralResources;
    bucket.add(m[2]!);
  }

  return {
    source: providerSource,
    providerName: providerSource.split("/").pop()!,
    resources,
    dataSources,
    ephemeralResources: section("ephemeral_resource_schemas"),
    missing,
    origin,
  };
}

// ---------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------

/** terraform_remote_state lives in the builtin `terraform` provider, not in any dump. */
const TERRAFORM_REMOTE_STATE: BlockSchema = {
  attributes: {
    backend: { type: "string", required: true },
    config: { type: ["map", "dynamic"], optional: true },
    defaults: { type: "dynamic", optional: true },
    workspace: { type: "string", optional: true },
    outputs: { type: "dynamic", computed: true },
  },
};

const META_ARGUMENTS = new Set(["depends_on", "count", "for_each", "provider", "lifecycle", "provisioner", "connection"]);

/** Top-level keys of Terraform JSON syntax that are not provider-specific. */
const OTHER_TOP_LEVEL = new Set(["//", "provider", "terraform", "output", "locals", "variable", "module", "moved", "import", "removed", "check"]);

interface Ctx {
  findings: SchemaFinding[];
  stack: string | undefined;
  blocks: number;
}

function report(ctx: Ctx, severity: SchemaFinding["severity"], p: string, message: string): void {
  const f: SchemaFinding = { severity, path: p, message };
  if (ctx.stack !== undefined) f.stack = ctx.stack;
  ctx.findings.push(f);
}

/** Terraform expression or template: its value is only known at plan time. */
function isExpression(v: unknown): boolean {
  return typeof v === "string" && (v.includes("${") || v.includes("%{"));
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Short description of a JSON value for messages. */
function show(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function typeName(t: unknown): string {
  if (typeof t === "string") return t;
  if (Array.isArray(t)) {
    if (t[0] === "object" || t[0] === "tuple") return t[0];
    return `${t[0]}(${typeName(t[1])})`;
  }
  return JSON.stringify(t);
}

/** Appends an object key to a path, quoting keys that are not identifiers. */
function key(p: string, k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? `${p}.${k}` : `${p}[${JSON.stringify(k)}]`;
}

/** Checks a plain attribute value against a cty type; recurses into collections. */
function checkValue(ctx: Ctx, v: unknown, t: unknown, p: string): void {
  if (v === null || isExpression(v) || t === "dynamic") return;
  const mismatch = () => report(ctx, "error", p, `expected ${typeName(t)}, got ${show(v)}`);
  if (t === "string") {
    if (typeof v !== "string") mismatch();
    return;
  }
  if (t === "number") {
    // Terraform converts numeric strings ("30") to numbers.
    if (!(typeof v === "number" || (typeof v === "string" && NUMERIC.test(v.trim())))) mismatch();
    return;
  }
  if (t === "bool") {
    if (!(typeof v === "boolean" || v === "true" || v === "false")) mismatch();
    return;
  }
  if (!Array.isArray(t)) return; // unknown type encoding: don't guess
  const [kind, elem] = t as [string, unknown, ...unknown[]];
  switch (kind) {
    case "list":
    case "set":
      if (!Array.isArray(v)) return mismatch();
      v.forEach((e, i) => checkValue(ctx, e, elem, `${p}[${i}]`));
      return;
    case "map":
      if (!isObject(v)) return mismatch();
      for (const [k, e] of Object.entries(v)) checkValue(ctx, e, elem, key(p, k));
      return;
    case "object": {
      if (!isObject(v)) return mismatch();
      const attrs = (isObject(elem) ? elem : {}) as Record<string, unknown>;
      // Absent object attributes are not reported: dumps (the reconstructed
      // reference one especially) flatten nested attributes into object types
      // without their optional markers, so that would be a false positive.
      for (const [k, e] of Object.entries(v)) {
        if (k in attrs) checkValue(ctx, e, attrs[k], key(p, k));
        else report(ctx, "error", key(p, k), `unknown object attribute \`${k}\`${suggest(k, Object.keys(attrs))}`);
      }
      return;
    }
    case "tuple": {
      const elems = Array.isArray(elem) ? elem : [];
      if (!Array.isArray(v)) return mismatch();
      if (v.length !== elems.length) {
        report(ctx, "error", p, `expected a tuple of ${elems.length} elements, got ${v.length}`);
        return;
      }
      v.forEach((e, i) => checkValue(ctx, e, elems[i], `${p}[${i}]`));
      return;
    }
    default:
      return;
  }
}

/** Attribute carrying a protocol-6 nested type: checked like a block body of attributes. */
function checkNestedAttribute(ctx: Ctx, v: unknown, nt: NestedAttributeType, p: string): void {
  if (v === null || isExpression(v)) return;
  const body: BlockSchema = { attributes: nt.attributes };
  const items: Array<[unknown, string]> = [];
  switch (nt.nesting_mode) {
    case "single":
      if (!isObject(v)) return report(ctx, "error", p, `expected an object, got ${show(v)}`);
      items.push([v, p]);
      break;
    case "list":
    case "set":
      if (!Array.isArray(v)) return report(ctx, "error", p, `expected a ${nt.nesting_mode} of objects, got ${show(v)}`);
      v.forEach((e, i) => items.push([e, `${p}[${i}]`]));
      break;
    case "map":
      if (!isObject(v)) return report(ctx, "error", p, `expected a map of objects, got ${show(v)}`);
      for (const [k, e] of Object.entries(v)) items.push([e, key(p, k)]);
      break;
    default:
      return;
  }
  checkItemCount(ctx, items.length, nt, p, "attribute");
  for (const [item, ip] of items) {
    if (item === null || isExpression(item)) continue;
    if (!isObject(item)) report(ctx, "error", ip, `expected an object, got ${show(item)}`);
    else checkBody(ctx, item, body, ip, false);
  }
}

function checkItemCount(ctx: Ctx, n: number, limits: { min_items?: number; max_items?: number }, p: string, what: string): void {
  if (limits.min_items !== undefined && limits.min_items > 0 && n < limits.min_items) {
    report(ctx, "error", p, `${what} needs at least ${limits.min_items} item(s) (min_items), got ${n}`);
  }
  if (limits.max_items !== undefined && limits.max_items > 0 && n > limits.max_items) {
    report(ctx, "error", p, `${what} allows at most ${limits.max_items} item(s) (max_items), got ${n}`);
  }
}

/** Checks one nested block's value (object, array of objects, or label map). */
function checkNestedBlock(ctx: Ctx, v: unknown, bt: BlockTypeSchema, p: string): void {
  if (v === null) return;
  const items: Array<[unknown, string]> = [];
  if (bt.nesting_mode === "map") {
    if (!isObject(v)) return report(ctx, "error", p, `block must be an object keyed by label, got ${show(v)}`);
    for (const [k, e] of Object.entries(v)) items.push([e, key(p, k)]);
  } else if (Array.isArray(v)) {
    v.forEach((e, i) => items.push([e, `${p}[${i}]`]));
  } else if (isObject(v)) {
    items.push([v, p]);
  } else {
    // HCL's JSON syntax only accepts objects/arrays for blocks; computed
    // block lists need a `dynamic` block instead.
    return report(ctx, "error", p, `block must be an object or an array of objects, got ${show(v)} (use a dynamic block for computed values)`);
  }
  // single/group blocks hold one value; cdktf may still wrap it in a 1-element array.
  const limits = bt.nesting_mode === "single" || bt.nesting_mode === "group" ? { ...bt, max_items: 1 } : bt;
  checkItemCount(ctx, items.length, limits, p, "block");
  if (bt.block.deprecated) report(ctx, "warning", p, "block is deprecated");
  for (const [item, ip] of items) {
    if (!isObject(item)) {
      report(ctx, "error", ip, `block must be an object, got ${show(item)}`);
      continue;
    }
    ctx.blocks++;
    checkBody(ctx, item, bt.block, ip, false);
  }
}

/**
 * Checks the arguments of a block body. `topLevel` enables the resource/data
 * meta-arguments.
 */
function checkBody(ctx: Ctx, body: JsonObject, schema: BlockSchema, p: string, topLevel: boolean): void {
  const attrs = schema.attributes ?? {};
  const blocks = schema.block_types ?? {};
  const dynamicNames = new Set<string>();

  for (const [k, v] of Object.entries(body)) {
    // "//" is a comment property at any level of Terraform JSON.
    if (k === "//") continue;
    if (topLevel && META_ARGUMENTS.has(k)) continue;
    if (k === "dynamic") {
      // Only the block names are checked; content is an expression template.
      if (isObject(v)) {
        for (const name of Object.keys(v)) {
          dynamicNames.add(name);
          if (!(name in blocks)) {
            report(ctx, "error", key(`${p}.dynamic`, name), `unknown nested block \`${name}\` in dynamic${suggest(name, Object.keys(blocks))}`);
          }
        }
      }
      continue;
    }
    const a = attrs[k];
    if (a) {
      const ap = key(p, k);
      if (a.computed && !a.optional && !a.required) {
        report(ctx, "error", ap, `attribute \`${k}\` is read-only (computed) and cannot be set`);
        continue;
      }
      if (a.deprecated) report(ctx, "warning", ap, `attribute \`${k}\` is deprecated`);
      if (a.nested_type) checkNestedAttribute(ctx, v, a.nested_type, ap);
      else checkValue(ctx, v, a.type, ap);
      continue;
    }
    const bt = blocks[k];
    if (bt) {
      checkNestedBlock(ctx, v, bt, key(p, k));
      continue;
    }
    const looksLikeBlock = isObject(v) || (Array.isArray(v) && v.length > 0 && v.every(isObject));
    const what = looksLikeBlock ? "nested block" : "attribute";
    const candidates = [...Object.keys(attrs), ...Object.keys(blocks), ...(topLevel ? META_ARGUMENTS : [])];
    report(ctx, "error", key(p, k), `unknown ${what} \`${k}\`${suggest(k, candidates)}`);
  }

  for (const [k, a] of Object.entries(attrs)) {
    if (a.required && (body[k] === undefined || body[k] === null)) {
      report(ctx, "error", p, `missing required attribute \`${k}\``);
    }
  }
  for (const [k, bt] of Object.entries(blocks)) {
    if ((bt.min_items ?? 0) >= 1 && body[k] === undefined && !dynamicNames.has(k)) {
      report(ctx, "error", p, `missing required block \`${k}\` (min_items ${bt.min_items})`);
    }
  }
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** " (did you mean `x`?)" when some candidate is close enough, else "". */
function suggest(name: string, candidates: Iterable<string>): string {
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) > limit) continue;
    const dist = editDistance(name.toLowerCase(), c.toLowerCase());
    if (dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  return best !== undefined && bestD <= limit ? ` (did you mean \`${best}\`?)` : "";
}

type Kind = "resource" | "data" | "ephemeral";

function checkSection(ctx: Ctx, section: unknown, kind: Kind, schema: ProviderSchema, rep: SchemaReport): void {
  const prefix = kind === "resource" ? "" : `${kind}.`;
  if (!isObject(section)) {
    report(ctx, "error", kind, `\`${kind}\` must be an object keyed by type, got ${show(section)}`);
    return;
  }
  const known = kind === "resource" ? schema.resources : kind === "data" ? schema.dataSources : schema.ephemeralResources;
  const missing = kind === "resource" ? schema.missing.resources : kind === "data" ? schema.missing.dataSources : schema.missing.ephemeralResources;
  const label = kind === "resource" ? "resource type" : kind === "data" ? "data source type" : "ephemeral resource type";
  const ownPrefix = schema.providerName;

  for (const [type, instances] of Object.entries(section)) {
    if (type === "//") continue;
    const tp = `${prefix}${type}`;
    if (!isObject(instances)) {
      report(ctx, "error", tp, `expected an object keyed by ${kind} name, got ${show(instances)}`);
      continue;
    }
    const names = Object.keys(instances).filter((n) => n !== "//");
    let block: BlockSchema | undefined;
    if (kind === "data" && type === "terraform_remote_state") {
      block = TERRAFORM_REMOTE_STATE;
    } else if (type !== ownPrefix && !type.startsWith(`${ownPrefix}_`)) {
      for (const n of names) rep.skipped.push(`${ctx.stack !== undefined ? `${ctx.stack}: ` : ""}${tp}.${n}`);
      continue;
    } else if (known[type]) {
      block = known[type];
    } else if (missing.has(type)) {
      for (const n of names) {
        report(ctx, "warning", `${tp}.${n}`, `${label} \`${type}\` is not in schema dump (cannot verify)`);
      }
      continue;
    } else {
      report(ctx, "error", tp, `unknown ${label} \`${type}\` for provider ${schema.source}${suggest(type, Object.keys(known))}`);
      continue;
    }

    for (const n of names) {
      const body = instances[n];
      const ip = `${tp}.${n}`;
      if (kind === "data") rep.checked.dataSources++;
      else rep.checked.resources++;
      if (!isObject(body)) {
        // cdktf never emits arrays here; Terraform JSON would accept one, but flag it.
        report(ctx, "error", ip, `expected an object body, got ${show(body)}`);
        continue;
      }
      checkBody(ctx, body, block, ip, true);
    }
  }
}

/**
 * Checks one Terraform JSON document (a parsed `cdk.tf.json`) against the
 * provider schema. Resources and data sources of the schema's provider are
 * verified; `data.terraform_remote_state` against a builtin schema; types of
 * other providers are listed in `skipped`. Ephemeral resources (if any) are
 * verified too and counted under `resources`.
 *
 * @param stackName copied into every finding's `stack` field.
 */
export function checkTerraformJson(tfJson: unknown, schema: ProviderSchema, stackName?: string): SchemaReport {
  const rep: SchemaReport = { findings: [], checked: { resources: 0, dataSources: 0, blocks: 0 }, skipped: [] };
  const ctx: Ctx = { findings: rep.findings, stack: stackName, blocks: 0 };
  if (!isObject(tfJson)) {
    report(ctx, "error", "$", `expected a Terraform JSON object, got ${show(tfJson)}`);
    return rep;
  }
  for (const [k, v] of Object.entries(tfJson)) {
    if (k === "resource" || k === "data" || k === "ephemeral") checkSection(ctx, v, k, schema, rep);
    else if (!OTHER_TOP_LEVEL.has(k)) report(ctx, "error", k, `unknown top-level key \`${k}\`${suggest(k, ["resource", "data", ...OTHER_TOP_LEVEL])}`);
  }
  rep.checked.blocks = ctx.blocks;
  return rep;
}

/**
 * Checks every `<outdir>/stacks/<stack>/cdk.tf.json` and merges the results
 * (findings carry the stack name). An unreadable stack file is reported as an
 * error finding rather than thrown.
 *
 * @throws Error when `outdir` or `outdir/stacks` does not exist or holds no stacks; SynthOutputError
 * when stack folders hold HCL (`cdktf synth --hcl`) instead of JSON.
 */
export function checkSynthOutput(outdir: string, schema: ProviderSchema): SchemaReport {
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(outdir)) throw new Error(`synth output directory not found: ${path.resolve(outdir)}`);
  if (!fs.existsSync(stacksDir)) throw new Error(`no stacks directory in synth output: ${path.resolve(stacksDir)} (run \`cdktf synth\` first)`);
  const stacks = fs
    .readdirSync(stacksDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const hcl = hclStacksProblem(stacks.map((stack) => path.join(stacksDir, stack)));
  if (hcl) throw new SynthOutputError(hcl);
  const merged: SchemaReport = { findings: [], checked: { resources: 0, dataSources: 0, blocks: 0 }, skipped: [] };
  let seen = 0;
  for (const stack of stacks) {
    const file = path.join(stacksDir, stack, "cdk.tf.json");
    if (!fs.existsSync(file)) continue;
    seen++;
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      merged.findings.push({ severity: "error", stack, path: "cdk.tf.json", message: `cannot read stack JSON: ${(e as Error).message}` });
      continue;
    }
    const r = checkTerraformJson(json, schema, stack);
    merged.findings.push(...r.findings);
    merged.skipped.push(...r.skipped);
    merged.checked.resources += r.checked.resources;
    merged.checked.dataSources += r.checked.dataSources;
    merged.checked.blocks += r.checked.blocks;
  }
  if (seen === 0) throw new Error(`no stacks/*/cdk.tf.json found under ${path.resolve(outdir)} (run \`cdktf synth\` first)`);
  return merged;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One-line summary, e.g. "schema check: 3 resources, 1 data source, 5 blocks checked; 0 errors, 1 warning". */
export function summarizeReport(report: SchemaReport): string {
  const errors = report.findings.filter((f) => f.severity === "error").length;
  const warnings = report.findings.length - errors;
  const c = report.checked;
  return (
    `schema check: ${plural(c.resources, "resource")}, ${plural(c.dataSources, "data source")}, ` +
    `${plural(c.blocks, "block")} checked; ${plural(errors, "error")}, ${plural(warnings, "warning")}`
  );
}

/**
 * Human-readable report: errors first, then warnings, then skipped types,
 * then the {@link summarizeReport} line.
 */
export function formatReport(report: SchemaReport): string {
  const rank = (f: SchemaFinding) => (f.severity === "error" ? 0 : 1);
  const sorted = [...report.findings].sort((a, b) => rank(a) - rank(b));
  const lines = sorted.map((f) => `${f.severity === "error" ? "ERROR  " : "WARNING"} ${f.stack !== undefined ? `[${f.stack}] ` : ""}${f.path}: ${f.message}`);
  if (report.skipped.length > 0) {
    lines.push(`skipped (not provider-checked): ${report.skipped.join(", ")}`);
  }
  lines.push(summarizeReport(report));
  return lines.join("\n");
}
