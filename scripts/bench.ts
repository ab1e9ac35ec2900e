/**
 * Benchmark: how long the phases of a synth take, for the example and for a large generated landing
 * zone (many target accounts, a fan-out pipeline with one deploy action per account and region).
 * Prints figures; asserts nothing.
 *
 *   npm run bench [-- --targets 60 --runs 3]
 */
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
import { exampleLandingZone, largeLandingZone } from "../verify/landing-zones";

const { values } = parseArgs({ options: { targets: { type: "string", default: "60" }, runs: { type: "string", default: "3" } } });
const targets = Number(values.targets);
const runs = Number(values.runs);

interface Timing {
  parse: number;
  build: number;
  guardrails: number;
  synth: number;
  stacks: number;
  resources: number;
}

function measure(input: unknown): Timing {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-bench-"));
  try {
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
    if (report.errorCount > 0) throw new Error(`guardrails failed on the benchmark input: ${report.errorCount} errors`);
    t = performance.now();
    app.synth();
    const synth = performance.now() - t;
    let resources = 0;
    for (const s of built.all) {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", s.node.id, "cdk.tf.json"), "utf8"));
      for (const byName of Object.values(json.resource ?? {})) resources += Object.keys(byName as object).length;
    }
    return { parse, build, guardrails, synth, stacks: built.all.length, resources };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function report(label: string, input: unknown): void {
  const samples = Array.from({ length: runs }, () => measure(input));
  const median = (key: keyof Timing) => samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
  const ms = (v: number) => `${v.toFixed(0).padStart(6)} ms`;
  const total = median("parse") + median("build") + median("guardrails") + median("synth");
  process.stdout.write(
    `${label.padEnd(34)} stacks ${String(samples[0]!.stacks).padStart(3)}  resources ${String(samples[0]!.resources).padStart(5)}  ` +
      `parse ${ms(median("parse"))}  build ${ms(median("build"))}  guardrails ${ms(median("guardrails"))}  synth ${ms(median("synth"))}  total ${ms(total)}\n`,
  );
}

process.stdout.write(`median of ${runs} runs, node ${process.version}, ${os.cpus().length} cores\n`);
report("example landing zone", exampleLandingZone());
report(`example + ${targets} targets, fan-out pipeline`, largeLandingZone(targets));
