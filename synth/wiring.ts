import * as fs from "node:fs";
import * as path from "node:path";

/** One synthesized stack as cdktf wrote it. */
export interface SynthesizedStack {
  readonly id: string;
  /** Stacks this one declares it must follow (manifest.json). */
  readonly dependencies: readonly string[];
  readonly json: TerraformJson;
}

export interface TerraformJson {
  readonly terraform?: { backend?: Record<string, Record<string, unknown>>; required_version?: string };
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; description?: string }>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly [key: string]: unknown;
}

/** A `terraform_remote_state` data source and what it resolves to. */
export interface RemoteStateRead {
  /** Stack that reads. */
  readonly stack: string;
  /** Name of the data source in that stack. */
  readonly dataSource: string;
  /** `backend` + bucket/key it points at. */
  readonly location: string;
  /** Stack whose backend is that location, if it is one of ours. */
  readonly sourceStack?: string;
  /** Output names the reading stack uses. */
  readonly outputs: readonly string[];
}

export interface WiringReport {
  /** Stacks grouped into apply waves: every stack follows all of its dependencies. */
  readonly waves: readonly (readonly string[])[];
  readonly reads: readonly RemoteStateRead[];
  /** Everything wrong with the wiring; empty when the graph is safe to roll out. */
  readonly problems: readonly string[];
}

/**
 * A synth output the tools cannot read: missing, not JSON (HCL from `cdktf synth --hcl`) or corrupt.
 * The message says what to run; commands exit 2 with it.
 */
export class SynthOutputError extends Error {
  override readonly name = "SynthOutputError";
}

/** The stack file cdktf writes with `synth --hcl`, in place of `cdk.tf.json`. */
export const HCL_STACK_FILE = "cdk.tf";
/** The stack file of a plain `cdktf synth`, which the tools read. */
export const JSON_STACK_FILE = "cdk.tf.json";

/**
 * The stack folders of `stackDirs` written as HCL (a `cdk.tf` and no `cdk.tf.json`), as one message
 * saying to synthesize the JSON; undefined when there is none.
 */
export function hclStacksProblem(stackDirs: readonly string[]): string | undefined {
  const hcl = stackDirs.filter((d) => fs.existsSync(path.join(d, HCL_STACK_FILE)) && !fs.existsSync(path.join(d, JSON_STACK_FILE)));
  if (hcl.length === 0) return undefined;
  return hclMessage(hcl);
}

function hclMessage(dirs: readonly string[]): string {
  const more = dirs.length > 1 ? ` (and ${dirs.length - 1} more stack folder${dirs.length > 2 ? "s" : ""})` : "";
  return (
    `${dirs[0]}${more} holds HCL (${HCL_STACK_FILE}) from \`cdktf synth --hcl\`; this command reads the JSON (${JSON_STACK_FILE}): ` +
    "run `npx cdktf synth` first"
  );
}

function readJson<T>(file: string): T {
  const text = fs.readFileSync(file, "utf8");
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new SynthOutputError(`${file} is not valid JSON (${(e as Error).message}): run \`npx cdktf synth\` again`);
  }
}

/**
 * Reads every stack of a `cdktf synth` output directory.
 *
 * @throws SynthOutputError when the manifest or a stack file is missing or not JSON, naming the
 * file, or when the stacks were written as HCL (`cdktf synth --hcl`), saying to synthesize the JSON.
 */
export function readSynthOutput(outdir: string): SynthesizedStack[] {
  const manifestFile = path.join(outdir, "manifest.json");
  if (!fs.existsSync(manifestFile)) throw new SynthOutputError(`${manifestFile} not found; run \`npx cdktf synth\` first`);
  const manifest = readJson<{ stacks?: Record<string, { dependencies?: string[]; synthesizedStackPath?: string }> }>(manifestFile);
  const entries = Object.entries(manifest.stacks ?? {}).map(([id, s]) => ({
    id,
    dependencies: s.dependencies ?? [],
    file: path.join(outdir, s.synthesizedStackPath ?? path.join("stacks", id, JSON_STACK_FILE)),
  }));
  // An HCL synth's manifest names cdk.tf; a folder may also hold cdk.tf where cdk.tf.json is missing.
  const hcl = entries
    .filter((e) => !e.file.endsWith(".json") || (!fs.existsSync(e.file) && fs.existsSync(path.join(path.dirname(e.file), HCL_STACK_FILE))))
    .map((e) => path.dirname(e.file));
  if (hcl.length > 0) throw new SynthOutputError(hclMessage(hcl));
  return entries.map((e) => {
    if (!fs.existsSync(e.file)) throw new SynthOutputError(`${e.file} not found (listed in ${manifestFile}): run \`npx cdktf synth\` again`);
    return { id: e.id, dependencies: e.dependencies, json: readJson<TerraformJson>(e.file) };
  });
}

/** Where a backend or remote-state config stores state, as a comparable string. */
function stateLocation(type: string, config: Record<string, unknown>): string {
  return type === "s3" ? `s3://${String(config.bucket)}/${String(config.key)}` : `${type}:${JSON.stringify(config)}`;
}

/** The location each stack writes its own state to. */
export function backendLocations(stacks: readonly SynthesizedStack[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of stacks) {
    const backend = s.json.terraform?.backend ?? {};
    const [type, config] = Object.entries(backend)[0] ?? [];
    if (type && config) out.set(s.id, stateLocation(type, config));
  }
  return out;
}

const READ = /data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g;

function referencedOutputs(json: TerraformJson): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const text = JSON.stringify({ ...json, data: undefined });
  for (const m of text.matchAll(READ)) {
    const set = found.get(m[1]!) ?? new Set<string>();
    set.add(m[2]!);
    found.set(m[1]!, set);
  }
  return found;
}

/**
 * Checks the stack graph is safe to roll out: no cycles, every remote-state read points at one of
 * our stacks that is applied earlier and has the outputs used, and no two stacks share a state key.
 */
export function analyseWiring(stacks: readonly SynthesizedStack[]): WiringReport {
  const problems: string[] = [];
  const ids = new Set(stacks.map((s) => s.id));
  const byId = new Map(stacks.map((s) => [s.id, s]));
  const locations = backendLocations(stacks);

  const owners = new Map<string, string>();
  for (const [id, loc] of locations) {
    const other = owners.get(loc);
    if (other) problems.push(`${id}: state location ${loc} is also used by ${other}`);
    else owners.set(loc, id);
  }
  for (const s of stacks) {
    if (!locations.has(s.id)) problems.push(`${s.id}: has no backend; its state would stay on the CI runner`);
    for (const d of s.dependencies) if (!ids.has(d)) problems.push(`${s.id}: depends on unknown stack ${d}`);
  }

  const waves = topologicalWaves(stacks, problems);
  const before = new Map<string, Set<string>>();
  const ancestors = (id: string, seen = new Set<string>()): Set<string> => {
    for (const d of byId.get(id)?.dependencies ?? []) {
      if (!seen.has(d)) {
        seen.add(d);
        ancestors(d, seen);
      }
    }
    return seen;
  };
  for (const s of stacks) before.set(s.id, ancestors(s.id));

  const reads: RemoteStateRead[] = [];
  for (const s of stacks) {
    const used = referencedOutputs(s.json);
    for (const [name, body] of Object.entries(s.json.data?.terraform_remote_state ?? {})) {
      const config = (body.config ?? {}) as Record<string, unknown>;
      const location = stateLocation(String(body.backend), config);
      const sourceStack = owners.get(location);
      const outputs = [...(used.get(name) ?? [])].sort();
      reads.push({ stack: s.id, dataSource: name, location, outputs, ...(sourceStack ? { sourceStack } : {}) });
      if (!sourceStack) {
        problems.push(`${s.id}: remote state ${name} reads ${location}, which no stack of this app writes`);
        continue;
      }
      if (!before.get(s.id)!.has(sourceStack)) {
        problems.push(`${s.id}: reads the state of ${sourceStack} but does not depend on it, so it may be applied first`);
      }
      const declared = byId.get(sourceStack)!.json.output ?? {};
      for (const o of outputs) {
        if (!(o in declared)) problems.push(`${s.id}: reads output ${o} of ${sourceStack}, which has no such output`);
      }
    }
  }
  return { waves, reads, problems };
}

// Kahn's algorithm by levels; whatever is left over sits on a cycle.
function topologicalWaves(stacks: readonly SynthesizedStack[], problems: string[]): string[][] {
  const remaining = new Map(stacks.map((s) => [s.id, new Set(s.dependencies.filter((d) => stacks.some((x) => x.id === d)))]));
  const waves: string[][] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.entries()]
      .filter(([, deps]) => deps.size === 0)
      .map(([id]) => id)
      .sort();
    if (ready.length === 0) {
      problems.push(`dependency cycle among: ${[...remaining.keys()].sort().join(", ")}`);
      break;
    }
    waves.push(ready);
    for (const id of ready) remaining.delete(id);
    for (const deps of remaining.values()) for (const id of ready) deps.delete(id);
  }
  return waves;
}
