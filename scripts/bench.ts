/**
 * Benchmark: what a synth costs, for the example and for large generated landing zones (N targets in
 * every tools region, deployed by fan-out pipelines, in an organization). For each: the phases of a
 * synth (median of --runs), then the guardrails' verdict and the access proof over the synthesized
 * stacks (once), wall time, and the peak memory of a process that does only that landing zone.
 * Prints figures; asserts nothing, but exits 1 when the guardrails or the access proof fail.
 *
 *   npm run bench [-- --targets 1000] [-- --runs 3] [-- --proof-at 100]
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { App } from "cdktf";
import { parseLandingZone } from "../config/load";
import type { LandingZone } from "../config/schema";
import { runGuardrails } from "../guardrails";
import { buildLandingZone } from "../stacks/landing-zone";
import { proveAccess } from "../verify/access-proof";
import { exampleLandingZone, largeLandingZone } from "../verify/landing-zones";
import { readSynthOutput } from "../verify/wiring";

const { values } = parseArgs({
  options: {
    targets: { type: "string", default: "200" },
    runs: { type: "string", default: "1" },
    "proof-at": { type: "string", default: "100" },
    one: { type: "string" },
  },
});

interface Figures {
  label: string;
  accounts: number;
  stacks: number;
  resources: number;
  parse: number;
  build: number;
  guardrails: number;
  guardrailErrors: number;
  synth: number;
  proof: number;
  checks: number;
  proofFailed: number;
  wall: number;
  peakMb: number;
}

function phases(input: unknown): Omit<Figures, "label" | "proof" | "checks" | "proofFailed" | "wall" | "peakMb"> & { outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-bench-"));
  let t = performance.now();
  const lz: LandingZone = parseLandingZone(input);
  const parse = performance.now() - t;
  t = performance.now();
  const app = new App({ outdir });
  const built = buildLandingZone(app, lz);
  const build = performance.now() - t;
  t = performance.now();
  const report = runGuardrails(app);
  const guardrails = performance.now() - t;
  t = performance.now();
  app.synth();
  const synth = performance.now() - t;
  let resources = 0;
  for (const s of built.all) {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", s.node.id, "cdk.tf.json"), "utf8"));
    for (const byName of Object.values(json.resource ?? {})) resources += Object.keys(byName as object).length;
  }
  const accounts = 1 + lz.targets.length;
  return { accounts, stacks: built.all.length, resources, parse, build, guardrails, guardrailErrors: report.errorCount, synth, outdir };
}

/** One landing zone, in this process (the parent runs each in a child, so peak memory is its own). */
async function one(label: string, input: unknown): Promise<Figures> {
  const start = performance.now();
  const samples = Array.from({ length: Number(values.runs) }, () => phases(input));
  const median = (key: "parse" | "build" | "guardrails" | "synth") => samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
  const last = samples[samples.length - 1]!;
  const t = performance.now();
  const proof = await proveAccess(readSynthOutput(last.outdir));
  const proofMs = performance.now() - t;
  for (const s of samples) fs.rmSync(s.outdir, { recursive: true, force: true });
  return {
    label,
    accounts: last.accounts,
    stacks: last.stacks,
    resources: last.resources,
    parse: median("parse"),
    build: median("build"),
    guardrails: median("guardrails"),
    guardrailErrors: last.guardrailErrors,
    synth: median("synth"),
    proof: proofMs,
    checks: proof.rows.length,
    proofFailed: proof.failed,
    wall: performance.now() - start,
    peakMb: process.resourceUsage().maxRSS / 1024,
  };
}

const cases = (targets: number, proofAt: number): [string, string][] => [
  ["example", "example landing zone"],
  ...[...new Set([proofAt, targets])].sort((a, b) => a - b).map((n): [string, string] => [`large:${n}`, `example + ${n} targets x 3 regions`]),
];

function input(key: string): unknown {
  return key === "example" ? exampleLandingZone() : largeLandingZone(Number(key.split(":")[1]));
}

async function main(): Promise<void> {
  if (values.one) {
    const [key, label] = JSON.parse(values.one) as [string, string];
    process.stdout.write(`${JSON.stringify(await one(label, input(key)))}\n`);
    return;
  }
  const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");
  const s = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
  process.stdout.write(`node ${process.version}, ${os.cpus().length} cores; synth phases: median of ${values.runs} run(s); each landing zone in its own process\n`);
  let failed = false;
  for (const [key, label] of cases(Number(values.targets), Number(values["proof-at"]))) {
    const child = spawnSync(tsx, [__filename, "--one", JSON.stringify([key, label]), "--runs", String(values.runs)], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (child.status !== 0) {
      process.stderr.write(`${label}: ${child.stderr || child.stdout}\n`);
      failed = true;
      continue;
    }
    const f = JSON.parse(child.stdout.trim().split("\n").pop()!) as Figures;
    failed ||= f.guardrailErrors > 0 || f.proofFailed > 0;
    process.stdout.write(
      `${f.label.padEnd(34)} stacks ${String(f.stacks).padStart(5)}  resources ${String(f.resources).padStart(6)}  ` +
        `parse ${s(f.parse)}  build ${s(f.build)}  guardrails ${s(f.guardrails)} (${f.guardrailErrors} errors)  synth ${s(f.synth)}  ` +
        `access proof ${s(f.proof)}: ${f.checks} paths, ${f.proofFailed} failed, ${(f.proof / f.accounts).toFixed(0)} ms per account  ` +
        `wall ${s(f.wall)}  peak ${f.peakMb.toFixed(0)} MB\n`,
    );
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
