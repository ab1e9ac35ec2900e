/**
 * One landing zone of the bench's phase rows, in its own process (so the peak memory is its own):
 * the phases of a synth (median of RUNS), then the guardrails' verdict and the access proof over
 * the synthesized stacks (once). Prints one JSON line of figures.
 *
 *   npx tsx scripts/bench/one.ts example|large:N RUNS
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { App } from "cdktf";
import { parseLandingZone } from "../../config/load";
import type { LandingZone } from "../../config/schema";
import { runGuardrails } from "../../guardrails";
import { buildLandingZone } from "../../stacks/landing-zone";
import { proveAccess } from "../../verify/access-proof";
import { exampleLandingZone, largeLandingZone } from "../../verify/landing-zones";
import { readSynthOutput } from "../../synth/wiring";

export interface PhaseFigures {
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

type Phases = Pick<PhaseFigures, "accounts" | "stacks" | "resources" | "parse" | "build" | "guardrails" | "guardrailErrors" | "synth"> & { outdir: string };

function phases(input: unknown): Phases {
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
  return { accounts: 1 + lz.targets.length, stacks: built.all.length, resources, parse, build, guardrails, guardrailErrors: report.errorCount, synth, outdir };
}

async function one(input: unknown, runs: number): Promise<PhaseFigures> {
  const start = performance.now();
  const samples = Array.from({ length: runs }, () => phases(input));
  const median = (key: "parse" | "build" | "guardrails" | "synth") => samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
  const last = samples[samples.length - 1]!;
  const t = performance.now();
  const proof = await proveAccess(readSynthOutput(last.outdir));
  const proofMs = performance.now() - t;
  for (const s of samples) fs.rmSync(s.outdir, { recursive: true, force: true });
  return {
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

if (require.main === module) {
  const [key = "", runs = "1"] = process.argv.slice(2);
  const input = key === "example" ? exampleLandingZone() : largeLandingZone(Number(key.split(":")[1]));
  void one(input, Number(runs)).then((f) => process.stdout.write(`${JSON.stringify(f)}\n`));
}
