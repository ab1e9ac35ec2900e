/**
 * Proves the repository on CDK Terrain, the community fork of cdktf, without changing the default:
 * a scratch copy of the tracked files with the packages renamed (toolchain/cdktn.json), the fork's
 * packages and Node.js 22 installed (cached outside the repository), then type-check, jest and
 * `cdktn synth`, and the synthesized stacks compared with those of the default cdktf.
 *
 *   npm run compat:cdktn [-- --keep]
 *
 * One line per step with its time, then `N passed, N failed`; exit 1 naming the step that failed.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseCli, printResult, type CliHelp, type CliResult } from "../cli";
import { readSynthOutput, type SynthesizedStack } from "../../synth/wiring";
import { runCli, seconds } from "./terraform";
import { cacheRoot, REPO_ROOT } from "./toolchain";

export interface CdktnPackage {
  readonly name: string;
  readonly version: string;
  /** The range the copy's peerDependencies declare, where the original declares one. */
  readonly peerRange?: string;
  /** The hashicorp/aws version the bindings are generated from. */
  readonly wraps?: string;
  readonly why: string;
}

export interface CdktnVersions {
  readonly node: { readonly package: string; readonly version: string; readonly why: string };
  /** Keyed by the package it replaces. */
  readonly packages: Readonly<Record<string, CdktnPackage>>;
  readonly cli: { readonly from: string; readonly to: string };
  readonly configFile: { readonly name: string; readonly why: string };
  /** Tests of the default's versions that the compat run leaves out, each with its reason; nothing else is left out. */
  readonly skipTests: readonly { readonly name: string; readonly file: string; readonly why: string }[];
}

export function readCdktnVersions(root: string = REPO_ROOT): CdktnVersions {
  return JSON.parse(fs.readFileSync(path.join(root, "toolchain", "cdktn.json"), "utf8")) as CdktnVersions;
}

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/**
 * Renames every string literal that names a replaced package or the CLI (import specifiers,
 * `require`, `typeof import(...)`, package names and the binary in tests), and deep imports under
 * them. Other mentions of cdktf (cdktf.json, cdktf.out, CDKTF_* variables, prose) stay: the fork keeps them.
 */
export function rewriteSource(text: string, v: CdktnVersions): { text: string; count: number } {
  const names = new Map(Object.entries(v.packages).map(([from, p]) => [from, p.name]));
  names.set(v.cli.from, v.cli.to);
  const alternatives = [...names.keys()]
    .filter((n) => names.get(n) !== n)
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  const literal = new RegExp(`(["'\`])(${alternatives.join("|")})(/[^"'\`\\s]*)?\\1`, "g");
  let count = 0;
  const out = text.replace(literal, (_m, q: string, name: string, sub: string | undefined) => {
    count++;
    return `${q}${names.get(name)}${sub ?? ""}${q}`;
  });
  return { text: out, count };
}

type Manifest = Record<string, unknown> & {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  engines?: Record<string, string>;
};

/** A package.json with the fork's packages: renamed, exact versions (peer ranges from the data file), scripts calling its CLI. */
export function rewriteManifest(manifest: Manifest, v: CdktnVersions): { manifest: Manifest; count: number } {
  let count = 0;
  const next: Manifest = { ...manifest };
  for (const field of ["dependencies", "devDependencies", "peerDependencies"] as const) {
    const deps = manifest[field];
    if (!deps) continue;
    const renamed: Record<string, string> = {};
    for (const [name, range] of Object.entries(deps)) {
      const p = v.packages[name];
      if (!p) {
        renamed[name] = range;
        continue;
      }
      const wanted = field === "peerDependencies" ? (p.peerRange ?? p.version) : p.version;
      if (p.name !== name || wanted !== range) count++;
      renamed[p.name] = wanted;
    }
    next[field] = renamed;
  }
  if (manifest.scripts) {
    const cli = new RegExp(`(^|&&\\s*|;\\s*)${v.cli.from}(?= )`, "g");
    next.scripts = Object.fromEntries(
      Object.entries(manifest.scripts).map(([k, s]) => {
        const r = s.replace(cli, (_m, lead: string) => {
          count++;
          return `${lead}${v.cli.to}`;
        });
        return [k, r];
      }),
    );
  }
  return { manifest: next, count };
}

/** The string literals of a source that still name a replaced package (what the rewrite missed). */
export function leftoverPackageNames(text: string, v: CdktnVersions): string[] {
  const names = Object.entries(v.packages)
    .filter(([from, p]) => from !== p.name)
    .map(([from]) => from);
  return [...text.matchAll(/["'`]([@\w./-]+)["'`]/g)].map((m) => m[1]!).filter((s) => names.some((n) => s === n || s.startsWith(`${n}/`)));
}

export const COMPAT_HELP: CliHelp = {
  synopsis: "npm run compat:cdktn [-- --keep]",
  description: `
Proves the repository on CDK Terrain (cdktn), the community fork of cdktf, in a scratch copy:
  node       Node.js 22 (the version of toolchain/cdktn.json) from the npm package "node"
  copy       the files git tracks (not node_modules), with ../shared beside them
  rewrite    cdktf -> cdktn, cdktf-cli -> cdktn-cli, @cdktf/provider-aws -> @cdktn/provider-aws
             in every source's package-name literals, package.json files and scripts
  install    the fork's packages at the exact versions of toolchain/cdktn.json, the rest from
             package-lock.json; cached by content, reused when nothing changed
  typecheck  tsc --noEmit -p tsconfig.json
  test       jest (the whole suite)
  synth      cdktn synth (the fork's CLI reading cdktf.json)
  compare    the stacks against those of the default cdktf synth: same stacks, same resources,
             same JSON but for the AWS provider pin
Every step runs on that Node.js 22. The cache is $CODEPIPELINE_LZ_CACHE (default
~/.cache/codepipeline-landing-zone)/cdktn.

  --keep      keep the scratch copy and print where it is
  -h, --help  this text

Exit 0 when every step passes, 1 naming the step that failed, 2 when an argument is wrong.`,
};

export interface CompatOptions {
  readonly keep: boolean;
}

/** The options of \`compat:cdktn\`, or the result to exit with (help, or a bad argument). */
export function parseCompatArgs(argv: readonly string[]): { options: CompatOptions } | { exit: CliResult } {
  const parsed = parseCli(argv, { keep: { type: "boolean" } }, COMPAT_HELP);
  if ("exit" in parsed) return parsed;
  return { options: { keep: parsed.values.keep === true } };
}

class StepError extends Error {}

interface Run {
  readonly code: number;
  readonly output: string;
}

/** Runs a command, its output (both streams) appended to `log`; never throws for a non-zero exit. */
function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, log: string): Promise<Run> {
  return new Promise((resolve) => {
    fs.appendFileSync(log, `\n$ ${cmd} ${args.join(" ")}   (in ${cwd})\n`);
    const child = spawn(cmd, [...args], { cwd, env });
    const chunks: Buffer[] = [];
    const keep = (b: Buffer) => {
      chunks.push(b);
      fs.appendFileSync(log, b);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", (e) => resolve({ code: 127, output: e.message }));
    child.on("close", (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString() }));
  });
}

function tail(text: string, lines = 25): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** This process's environment less what the `npm run` that started it set (its npm_* settings, NODE_OPTIONS). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, val] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== "NODE_OPTIONS" && k !== "INIT_CWD") env[k] = val;
  return { ...env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
}

/** The environment of every step: Node.js 22 first on PATH. */
function stepEnv(nodeBin: string): NodeJS.ProcessEnv {
  return { ...cleanEnv(), PATH: `${nodeBin}${path.delimiter}${process.env.PATH ?? ""}` };
}

async function ensureNode(v: CdktnVersions, cache: string, log: string): Promise<{ bin: string; note: string }> {
  const dir = path.join(cache, `node-v${v.node.version}`);
  const bin = path.join(dir, "node_modules", ".bin");
  const reported = () => spawnSync(path.join(bin, "node"), ["--version"], { encoding: "utf8" }).stdout?.trim();
  if (reported() === `v${v.node.version}`) return { bin, note: `reusing ${dir}` };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "cdktn-node", private: true }, null, 2)}\n`);
  // The package's preinstall installs the binary package of this platform from the same registry.
  const r = await run("npm", ["install", "--no-audit", "--no-fund", "--save-exact", `${v.node.package}@${v.node.version}`], dir, cleanEnv(), log);
  const got = reported();
  if (r.code !== 0 || got !== `v${v.node.version}`) {
    throw new StepError(
      `npm install ${v.node.package}@${v.node.version} into ${dir} ${r.code !== 0 ? `failed (exit ${r.code})` : `gave node ${got ?? "(none)"}`}:\n${tail(r.output)}`,
    );
  }
  return { bin, note: `installed into ${dir}` };
}

/** Copies the files git tracks into `dest` (a tracked file deleted in the work tree is skipped). */
function copyTracked(dest: string): number {
  const r = spawnSync("git", ["ls-files", "-z"], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new StepError(`git ls-files failed in ${REPO_ROOT}: ${r.stderr.trim() || r.error?.message}`);
  let n = 0;
  for (const file of r.stdout.split("\0").filter(Boolean)) {
    const from = path.join(REPO_ROOT, file);
    const st = fs.lstatSync(from, { throwIfNoEntry: false });
    if (!st || st.isDirectory()) continue;
    const to = path.join(dest, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else fs.copyFileSync(from, to);
    n++;
  }
  return n;
}

function rewriteCopy(dir: string, v: CdktnVersions): { files: number; literals: number; manifests: number } {
  const tracked = spawnSync("git", ["ls-files", "-z"], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
    .stdout.split("\0")
    .filter(Boolean);
  let files = 0;
  let literals = 0;
  let manifests = 0;
  const leftovers: string[] = [];
  for (const file of tracked) {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) continue;
    if (path.basename(file) === "package.json") {
      const { manifest, count } = rewriteManifest(JSON.parse(fs.readFileSync(full, "utf8")) as Manifest, v);
      if (count > 0) {
        fs.writeFileSync(full, `${JSON.stringify(manifest, null, 2)}\n`);
        manifests++;
      }
    } else if (SOURCE.test(file)) {
      const { text, count } = rewriteSource(fs.readFileSync(full, "utf8"), v);
      if (count > 0) {
        fs.writeFileSync(full, text);
        files++;
        literals += count;
      }
      leftovers.push(...leftoverPackageNames(text, v).map((s) => `${file}: "${s}"`));
    }
  }
  if (literals === 0 || manifests === 0)
    throw new StepError(`nothing was rewritten (${literals} literals, ${manifests} package.json files): is this the cdktf repository?`);
  if (leftovers.length > 0) throw new StepError(`package names left after the rewrite:\n  ${leftovers.join("\n  ")}`);
  return { files, literals, manifests };
}

/**
 * node_modules for the copy's package.json and the repository's lock, installed once into the cache
 * under a key of their content and the Node.js version, and linked into the copy.
 */
async function install(dir: string, v: CdktnVersions, cache: string, env: NodeJS.ProcessEnv, log: string): Promise<string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest;
  // No scripts: `prepare` builds the package, which needs its sources; the steps below build and test it.
  const { scripts: _scripts, ...bare } = manifest;
  const manifestText = `${JSON.stringify(bare, null, 2)}\n`;
  const lock = fs.readFileSync(path.join(dir, "package-lock.json"), "utf8");
  const key = createHash("sha256").update(manifestText).update(lock).update(v.node.version).digest("hex").slice(0, 16);
  const target = path.join(cache, `modules-${key}`);
  let note: string;
  if (fs.existsSync(path.join(target, "node_modules", ".package-lock.json"))) note = `reusing ${target}`;
  else {
    const staging = `${target}.partial-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    fs.writeFileSync(path.join(staging, "package.json"), manifestText);
    fs.writeFileSync(path.join(staging, "package-lock.json"), lock);
    const r = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], staging, env, log);
    if (r.code !== 0) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw new StepError(`npm install failed (exit ${r.code}):\n${tail(r.output)}`);
    }
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    // One installed tree at a time: the provider bindings alone are several hundred MB.
    for (const old of fs.readdirSync(cache).filter((e) => e.startsWith("modules-") && path.join(cache, e) !== target)) {
      fs.rmSync(path.join(cache, old), { recursive: true, force: true });
    }
    note = `installed into ${target}`;
  }
  fs.symlinkSync(path.join(target, "node_modules"), path.join(dir, "node_modules"));
  fs.copyFileSync(path.join(target, "package-lock.json"), path.join(dir, "package-lock.json"));
  // What was installed is what the data file says, and the provider bindings wrap the version it names.
  const wrong: string[] = [];
  for (const p of Object.values(v.packages)) {
    const got = (JSON.parse(fs.readFileSync(path.join(dir, "node_modules", p.name, "package.json"), "utf8")) as { version: string }).version;
    if (got !== p.version) wrong.push(`${p.name} ${got}, expected ${p.version}`);
    if (p.wraps) {
      const js = fs.readFileSync(path.join(dir, "node_modules", p.name, "lib", "provider", "index.js"), "utf8");
      const wraps = /providerVersion: '([^']+)'/.exec(js)?.[1];
      if (wraps !== p.wraps) wrong.push(`${p.name} wraps hashicorp/aws ${wraps ?? "(unknown)"}, toolchain/cdktn.json says ${p.wraps}`);
    }
  }
  if (wrong.length > 0) throw new StepError(`installed packages differ from toolchain/cdktn.json: ${wrong.join("; ")}`);
  return `${note}; ${Object.values(v.packages)
    .map((p) => `${p.name} ${p.version}`)
    .join(", ")}`;
}

interface JestReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTotalTestSuites: number;
  numFailedTestSuites: number;
  testResults: { name: string; message: string; assertionResults: { fullName: string; status: string }[] }[];
}

/** A jest name pattern that runs every test but those named (full names, describe and test joined by a space). */
export function skipPattern(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  return `^(?!(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})$)`;
}

async function jest(dir: string, v: CdktnVersions, env: NodeJS.ProcessEnv, log: string): Promise<string> {
  const report = path.join(path.dirname(dir), "jest-report.json");
  const pattern = skipPattern(v.skipTests.map((t) => t.name));
  const r = await run("npx", ["jest", "--json", "--outputFile", report, ...(pattern ? ["--testNamePattern", pattern] : [])], dir, env, log);
  const j = fs.existsSync(report) ? (JSON.parse(fs.readFileSync(report, "utf8")) as JestReport) : undefined;
  if (!j) throw new StepError(`jest wrote no report (exit ${r.code}):\n${tail(r.output)}`);
  const counts = `${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numPendingTests} skipped, in ${j.numTotalTestSuites} files`;
  if (r.code !== 0 || j.numFailedTests > 0 || j.numFailedTestSuites > 0) {
    const failed = j.testResults.flatMap((f) => [
      ...f.assertionResults.filter((a) => a.status === "failed").map((a) => `${path.relative(dir, f.name)}: ${a.fullName}`),
      ...(f.assertionResults.length === 0 && f.message ? [`${path.relative(dir, f.name)}: ${f.message.split("\n").find((l) => l.trim()) ?? ""}`] : []),
    ]);
    throw new StepError(`${counts} (exit ${r.code})\n  ${failed.slice(0, 40).join("\n  ")}\n${tail(r.output, 40)}`);
  }
  // Each left-out test still exists and was the one left out: a renamed test would otherwise run unseen or vanish.
  const skipped = j.testResults.flatMap((f) =>
    f.assertionResults.filter((a) => a.status !== "passed").map((a) => `${path.relative(dir, f.name)}: ${a.fullName}`),
  );
  const expected = v.skipTests.map((t) => `${t.file}: ${t.name}`);
  if (JSON.stringify(skipped.sort()) !== JSON.stringify([...expected].sort())) {
    throw new StepError(
      `the tests left out are not those of toolchain/cdktn.json skipTests: left out ${JSON.stringify(skipped)}, listed ${JSON.stringify(expected)}`,
    );
  }
  return `${counts}${v.skipTests.map((t) => `\n       left out: ${t.file}: "${t.name}" (${t.why})`).join("")}`;
}

/** The default synth (cdktf, this repository's node_modules), for the comparison. */
async function defaultSynth(outdir: string, log: string): Promise<SynthesizedStack[]> {
  const env = { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" };
  const r = await run(process.execPath, ["--import", "tsx", "app.ts"], REPO_ROOT, env, log);
  if (r.code !== 0) throw new StepError(`the default synth (node --import tsx app.ts with cdktf) failed (exit ${r.code}):\n${tail(r.output)}`);
  return readSynthOutput(outdir);
}

/** JSON paths where two values differ (at most `limit`). */
export function jsonDiff(a: unknown, b: unknown, at = "$", out: string[] = [], limit = 50): string[] {
  if (out.length >= limit) return out;
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of [...keys].sort()) jsonDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`, out, limit);
  } else if (JSON.stringify(a) !== JSON.stringify(b)) out.push(at);
  return out;
}

/**
 * What may differ between the default's stacks and the fork's: the library's version stamp, and the
 * AWS provider requirement (the bindings' own pin; `aws` and `hashicorp/aws` are one provider address).
 */
const EXPECTED_DIFFS = ["$.//.metadata.version", "$.terraform.required_providers.aws.version", "$.terraform.required_providers.aws.source"];

/** Compares the fork's stacks with the default's: the same stacks and JSON but for EXPECTED_DIFFS. */
export function compareStacks(cdktf: readonly SynthesizedStack[], cdktn: readonly SynthesizedStack[], v: CdktnVersions): string {
  const ids = (s: readonly SynthesizedStack[]) => s.map((x) => x.id).sort();
  if (JSON.stringify(ids(cdktf)) !== JSON.stringify(ids(cdktn))) {
    throw new StepError(`different stacks: cdktf ${ids(cdktf).join(", ")}; cdktn ${ids(cdktn).join(", ")}`);
  }
  const wraps = Object.values(v.packages).find((p) => p.wraps)?.wraps;
  const problems: string[] = [];
  const changes = new Set<string>();
  let resources = 0;
  const at = (json: unknown, jsonPath: string): unknown =>
    jsonPath
      .replace(/^\$\./, "")
      .replace("//.", "\0.")
      .split(".")
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k === "\0" ? "//" : k], json);
  for (const a of cdktf) {
    const b = cdktn.find((s) => s.id === a.id)!;
    const pinned = at(b.json, "$.terraform.required_providers.aws.version");
    if (pinned !== wraps) problems.push(`${a.id}: pins aws ${String(pinned)}, expected ${wraps}`);
    const diff = jsonDiff(a.json, b.json).filter((p) => !EXPECTED_DIFFS.includes(p));
    if (diff.length > 0) problems.push(`${a.id}: ${diff.length} paths differ: ${diff.slice(0, 10).join(", ")}`);
    for (const p of EXPECTED_DIFFS) changes.add(`${p.split(".").slice(-2).join(".")} ${JSON.stringify(at(a.json, p))} -> ${JSON.stringify(at(b.json, p))}`);
    resources += Object.values((a.json.resource ?? {}) as Record<string, Record<string, unknown>>).reduce((n, byName) => n + Object.keys(byName).length, 0);
  }
  if (problems.length > 0) throw new StepError(problems.join("\n  "));
  return `${cdktf.length} stacks, ${resources} resources, the same JSON but for ${[...changes].join(", ")}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCompatArgs(argv);
  if ("exit" in parsed) {
    printResult(parsed.exit);
    return parsed.exit.code;
  }
  const { keep } = parsed.options;
  const started = Date.now();
  const v = readCdktnVersions();
  const cache = path.join(cacheRoot(), "cdktn");
  fs.mkdirSync(cache, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lz-cdktn-"));
  const dir = path.join(scratch, path.basename(REPO_ROOT));
  const log = path.join(scratch, "compat.log");
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let env: NodeJS.ProcessEnv = process.env;
  let passed = 0;
  let failedStep: string | undefined;
  let defaultStacks: SynthesizedStack[] = [];

  const steps: [string, () => Promise<string> | string][] = [
    [
      "node",
      async () => {
        const node = await ensureNode(v, cache, log);
        env = stepEnv(node.bin);
        const got = spawnSync("node", ["--version"], { env, encoding: "utf8" }).stdout.trim();
        if (got !== `v${v.node.version}`) throw new StepError(`node on the steps' PATH is ${got}, expected v${v.node.version}`);
        return `node ${got} (${node.note})`;
      },
    ],
    [
      "copy",
      () => {
        const n = copyTracked(dir);
        // The tests and the schema check read ../shared/reference beside the repository.
        const shared = path.resolve(REPO_ROOT, "..", "shared");
        if (fs.existsSync(shared)) fs.symlinkSync(shared, path.join(scratch, "shared"));
        return `${n} tracked files into ${dir}${fs.existsSync(shared) ? ", ../shared linked" : ""}`;
      },
    ],
    [
      "rewrite",
      () => {
        const r = rewriteCopy(dir, v);
        return `${r.literals} package-name literals in ${r.files} sources, ${r.manifests} package.json files; ${v.configFile.name} kept (${v.configFile.why})`;
      },
    ],
    ["install", () => install(dir, v, cache, env, log)],
    [
      "typecheck",
      async () => {
        const r = await run("npx", ["tsc", "--noEmit", "-p", "tsconfig.json"], dir, env, log);
        if (r.code !== 0) throw new StepError(`tsc exit ${r.code}:\n${tail(r.output, 40)}`);
        return "tsc --noEmit -p tsconfig.json: 0 errors";
      },
    ],
    ["test", () => jest(dir, v, env, log)],
    [
      "synth",
      async () => {
        const r = await run("npx", [v.cli.to, "synth"], dir, env, log);
        if (r.code !== 0) throw new StepError(`${v.cli.to} synth exit ${r.code}:\n${tail(r.output, 40)}`);
        const stacks = readSynthOutput(path.join(dir, "cdktf.out"));
        return `${v.cli.to} synth: ${stacks.length} stacks in cdktf.out`;
      },
    ],
    [
      "compare",
      async () => {
        defaultStacks = await defaultSynth(path.join(scratch, "cdktf.out"), log);
        return compareStacks(defaultStacks, readSynthOutput(path.join(dir, "cdktf.out")), v);
      },
    ],
  ];

  out(
    `compat:cdktn: ${Object.values(v.packages)
      .map((p) => `${p.name} ${p.version}`)
      .join(", ")}, Node.js ${v.node.version}; log ${log}`,
  );
  try {
    for (const [name, step] of steps) {
      const t = Date.now();
      try {
        const note = await step();
        passed++;
        out(`PASS ${name} (${seconds(Date.now() - t)}): ${note}`);
      } catch (e) {
        failedStep = name;
        out(`FAIL ${name} (${seconds(Date.now() - t)}): ${e instanceof StepError || !process.env.DEBUG ? (e as Error).message : (e as Error).stack}`);
        break;
      }
    }
  } finally {
    if (keep) out(`kept ${scratch} (the copy and compat.log)`);
    else fs.rmSync(scratch, { recursive: true, force: true });
  }
  out(`compat:cdktn ${failedStep ? `failed at step "${failedStep}"` : "passed"} in ${seconds(Date.now() - started)}`);
  out(`${passed} passed, ${failedStep ? 1 : 0} failed`);
  return failedStep ? 1 : 0;
}

if (require.main === module) runCli(() => main(process.argv.slice(2)));
