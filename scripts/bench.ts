/**
 * Benchmark: what a synth costs, end to end and by phase (`npm run bench -- --help` for options).
 *
 * 1. End to end at N targets x 3 regions (--compare, --floor-at): our path as a user runs it
 *    (`npx cdktf synth`, and the app command of cdktf.json alone), an AWS CDK app of the same
 *    topology (scripts/bench/cdk-app.js; aws-cdk-lib installed on first use outside the repository)
 *    and a bare-cdktf floor of the same stack count (scripts/bench/floor-app.ts). Each is a child
 *    process; wall time (median of --runs) and the peak memory of its largest process.
 * 2. Phase rows for the example and generated landing zones (--proof-at, --targets): parse, build,
 *    guardrails and synth times, the access proof, wall time and peak memory, each landing zone in
 *    its own process.
 * Prints figures; asserts nothing, but exits 1 when the guardrails or the access proof fail, 2 on a
 * wrong argument or a --cdk-dir it cannot write to.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type BenchOptions, parseBenchArgs } from "./bench/args";
import { CDK_VERSIONS, ensureCdk } from "./bench/cdk";
import { type Measured, measure, median } from "./bench/measure";
import type { PhaseFigures } from "./bench/one";
import { EXAMPLE_LANDING_ZONE, lockFileOf } from "../config/load";
import { writableDir } from "../verify/cli";
import { largeLandingZone } from "../verify/landing-zones";

const ROOT = path.join(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
// Launched as cdktf.json launches ours, so the floor pays the same start-up.
const FLOOR_APP = "node --import tsx scripts/bench/floor-app.ts";

const out = (line = "") => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (m: number) => (m > 0 ? `${m.toFixed(0)} MB` : "? MB");
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(1)}x` : "-");

/** What one measured command gave, or why it gave nothing. */
type Cell = { m: Measured } | { skipped: string } | { failed: string };

interface CompareRow {
  n: number;
  stacks: { ours?: number; cdk?: number; floor?: number };
  oursCli: Cell;
  oursApp: Cell;
  cdk: Cell;
  cdkNoValidation: Cell;
  floorCli: Cell;
  floorApp: Cell;
  /** The app command up to its access proof: the synth alone. */
  oursUntilProof?: number;
}

const ms = (c: Cell) => ("m" in c ? c.m.ms : undefined);
const show = (c: Cell) => ("m" in c ? `${sec(c.m.ms)} ${mb(c.m.peakMb)}` : "skipped" in c ? c.skipped : "failed");

async function timed(runs: number, run: () => Promise<Measured>): Promise<Cell> {
  const samples: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    const m = await run();
    if (m.status !== 0) return { failed: `exit ${m.status}: ${lastLines(m.stderr || m.stdout)}` };
    samples.push(m);
  }
  return { m: median(samples) };
}

function lastLines(text: string, count = 3): string {
  return text
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-count)
    .join(" | ");
}

function manifestStacks(outdir: string): number | undefined {
  try {
    return Object.keys((JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as { stacks: object }).stacks).length;
  } catch {
    return undefined;
  }
}

/** The app command as cdktf.json has it (what `cdktf synth` runs). */
function appCommand(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
}

/** The landing zone at N as a file, with the example's lock file beside it (as a user's repository has). */
function writeLandingZone(dir: string, n: number): string {
  const file = path.join(dir, "landing-zone.json");
  const lz = largeLandingZone(n);
  delete lz.$schema;
  fs.writeFileSync(file, JSON.stringify(lz));
  fs.copyFileSync(lockFileOf(EXAMPLE_LANDING_ZONE), lockFileOf(file));
  return file;
}

/**
 * Where the app command's time went: start-up until its first progress line, then each phase it
 * prints (`name: ...` lines up to the `checked ...` summary); `untilProof` is the synth without the
 * access proof (start to the `proof:` line).
 */
function breakdown(m: Measured): { text: string; untilProof?: number } | undefined {
  const phases: { name: string; at: number }[] = [];
  let end: number | undefined;
  for (const { at, text } of m.lines) {
    if (/^checked /.test(text)) {
      end = at;
      break;
    }
    const name = /^([a-z][a-z -]*): /.exec(text)?.[1];
    if (name) phases.push({ name, at });
  }
  if (phases.length === 0 || end === undefined) return undefined;
  const parts = [`start-up ${sec(phases[0]!.at)}`];
  phases.forEach((p, i) => parts.push(`${p.name} ${sec((phases[i + 1]?.at ?? end!) - p.at)}`));
  parts.push(`exit ${sec(m.ms - end)}`);
  const largest = Math.max(0, ...m.processes.map((p) => p.maxRssKb)) / 1024;
  return { text: `${parts.join(", ")}; ${m.processes.length} node processes, largest ${mb(largest)}`, untilProof: phases.find((p) => p.name === "proof")?.at };
}

async function compare(options: BenchOptions): Promise<{ rows: CompareRow[]; failed: boolean }> {
  const app = appCommand();
  const cdkNs = new Set(options.compare);
  const ns = [...new Set([...options.compare, ...(options.skipFloor ? [] : options.floorAt)])].sort((a, b) => a - b);
  let cdkApp: string | undefined;
  let cdkSkip = options.skipCdk ? "skipped (--skip-cdk)" : undefined;
  if (!cdkSkip) {
    const ready = ensureCdk(options.cdkDir, note);
    if ("error" in ready) {
      cdkSkip = "not installed";
      note(`AWS CDK app not measured: ${ready.error}`);
    } else cdkApp = ready.app;
  }
  const columns = [
    "N",
    "stacks ours/CDK/floor",
    "ours: cdktf synth",
    "ours: app command",
    "AWS CDK: node app.js",
    "AWS CDK, no validation",
    "floor: cdktf synth",
    "floor: app command",
  ];
  const widths = [6, 22, 18, 18, 21, 23, 19, 19];
  const row = (cells: string[]) =>
    out(
      cells
        .map((c, i) => (i === 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    );
  out(`End to end, N targets x 3 regions: wall time (median of ${options.runs}) and peak memory of the largest process`);
  out(`  ours: \`npx cdktf synth\` and its app command \`${app}\` alone, on the example + N targets (verify/landing-zones.ts)`);
  out(
    `  AWS CDK: \`node app.js\` (scripts/bench/cdk-app.js, aws-cdk-lib ${CDK_VERSIONS["aws-cdk-lib"]}), its built-in template validation on (the default) and off (CDK_VALIDATION=false)`,
  );
  out(
    `  floor: a bare cdktf app with our stack count (provider, S3 backend, one SSM parameter each): \`npx cdktf synth --app "${FLOOR_APP}"\` and \`${FLOOR_APP}\``,
  );
  row(columns);
  const rows: CompareRow[] = [];
  let failed = false;
  const details: string[] = [];
  for (const n of ns) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lz-bench-e2e-${n}-`));
    try {
      const lzFile = writeLandingZone(dir, n);
      const outdir = (name: string) => path.join(dir, name);
      const env = { LANDING_ZONE_CONFIG: lzFile };
      note(`N=${n}: ours, npx cdktf synth`);
      const oursCli = await timed(options.runs, () => measure("npx", ["cdktf", "synth", "--output", outdir("ours-cli")], { cwd: ROOT, env }));
      note(`N=${n}: ours, app command`);
      const oursApp = await timed(options.runs, () => measure("sh", ["-c", app], { cwd: ROOT, env: { ...env, CDKTF_OUTDIR: outdir("ours-app") } }));
      const oursStacks = manifestStacks(outdir("ours-app")) ?? manifestStacks(outdir("ours-cli"));
      const r: CompareRow = {
        n,
        stacks: { ours: oursStacks },
        oursCli,
        oursApp,
        cdk: { skipped: "-" },
        cdkNoValidation: { skipped: "-" },
        floorCli: { skipped: "-" },
        floorApp: { skipped: "-" },
      };
      for (const [label, c] of [
        ["ours: cdktf synth", oursCli],
        ["ours: app command", oursApp],
      ] as const) {
        if ("failed" in c) {
          failed = true;
          details.push(`N=${n} ${label} failed: ${c.failed}`);
        }
      }
      if (cdkNs.has(n)) {
        if (cdkApp) {
          const cdkDir = path.dirname(cdkApp);
          const runCdk = (validation: boolean) => () =>
            measure("node", [cdkApp!, String(n), outdir(validation ? "cdk" : "cdk-nv")], {
              cwd: cdkDir,
              env: { CDK_VALIDATION: validation ? undefined : "false" },
            });
          note(`N=${n}: AWS CDK, node app.js`);
          r.cdk = await timed(options.runs, runCdk(true));
          note(`N=${n}: AWS CDK, node app.js, CDK_VALIDATION=false`);
          r.cdkNoValidation = await timed(options.runs, runCdk(false));
          for (const [label, c] of [
            ["AWS CDK", r.cdk],
            ["AWS CDK, no validation", r.cdkNoValidation],
          ] as const) {
            if ("failed" in c) details.push(`N=${n} ${label} failed: ${c.failed}`);
            else if ("m" in c) {
              const f = JSON.parse(c.m.stdout.trim().split("\n").pop()!) as { stacks: number; load: number; build: number; synth: number };
              r.stacks.cdk = f.stacks;
              details.push(`N=${n} ${label}: node start-up and exit ${sec(c.m.ms - f.build - f.synth)}, build ${sec(f.build)}, app.synth() ${sec(f.synth)}`);
            }
          }
        } else r.cdk = r.cdkNoValidation = { skipped: cdkSkip ?? "-" };
      }
      if (!options.skipFloor) {
        // The same number of stacks as ours: tools stack per region, one per target, the pipelines stack.
        const count = oursStacks ?? n + 7;
        const floorEnv = { BENCH_FLOOR_STACKS: String(count) };
        note(`N=${n}: floor, npx cdktf synth`);
        r.floorCli = await timed(options.runs, () =>
          measure("npx", ["cdktf", "synth", "--app", FLOOR_APP, "--output", outdir("floor-cli")], { cwd: ROOT, env: floorEnv }),
        );
        note(`N=${n}: floor, app command`);
        r.floorApp = await timed(options.runs, () => measure("sh", ["-c", FLOOR_APP], { cwd: ROOT, env: { ...floorEnv, CDKTF_OUTDIR: outdir("floor-app") } }));
        r.stacks.floor = manifestStacks(outdir("floor-app"));
        for (const [label, c] of [
          ["floor: cdktf synth", r.floorCli],
          ["floor: app command", r.floorApp],
        ] as const)
          if ("failed" in c) details.push(`N=${n} ${label} failed: ${c.failed}`);
      }
      if ("m" in oursApp) {
        const b = breakdown(oursApp.m);
        if (b) details.push(`N=${n} ours, app command: ${b.text}`);
        r.oursUntilProof = b?.untilProof;
      }
      if ("m" in oursCli && "m" in oursApp) details.push(`N=${n} ours, cdktf CLI on top of the app command: ${sec(oursCli.m.ms - oursApp.m.ms)}`);
      row([
        String(n),
        [r.stacks.ours, r.stacks.cdk, r.stacks.floor].map((s) => (s === undefined ? "-" : String(s))).join("/"),
        show(oursCli),
        show(oursApp),
        show(r.cdk),
        show(r.cdkNoValidation),
        show(r.floorCli),
        show(r.floorApp),
      ]);
      rows.push(r);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  out();
  for (const d of details) out(`  ${d}`);
  out();
  out("Ratios of wall times: CDK / ours (above 1: ours is faster), ours / floor (the closer to 1, the less we add to cdktf itself)");
  const rw = [6, 26, 26, 26, 26, 26, 26];
  const rrow = (cells: string[]) =>
    out(
      cells
        .map((c, i) => (i === 0 ? c.padStart(rw[i]!) : c.padEnd(rw[i]!)))
        .join("  ")
        .trimEnd(),
    );
  rrow([
    "N",
    "CDK / ours (app command)",
    "CDK / ours (cdktf synth)",
    "CDK no-val. / ours (app)",
    "ours / floor (cdktf synth)",
    "ours / floor (app command)",
    "ours w/o proof / floor (app)",
  ]);
  for (const r of rows) {
    rrow([
      String(r.n),
      ratio(ms(r.cdk), ms(r.oursApp)),
      ratio(ms(r.cdk), ms(r.oursCli)),
      ratio(ms(r.cdkNoValidation), ms(r.oursApp)),
      ratio(ms(r.oursCli), ms(r.floorCli)),
      ratio(ms(r.oursApp), ms(r.floorApp)),
      ratio(r.oursUntilProof, ms(r.floorApp)),
    ]);
  }
  return { rows, failed };
}

function phaseRows(options: BenchOptions): boolean {
  let failed = false;
  const cases: [string, string][] = [
    ["example", "example landing zone"],
    ...[...new Set([options.proofAt, options.targets])]
      .sort((a, b) => a - b)
      .map((n): [string, string] => [`large:${n}`, `example + ${n} targets x 3 regions`]),
  ];
  out(`Phases: synth phases median of ${options.runs} run(s); each landing zone in its own process`);
  for (const [key, label] of cases) {
    note(`phases: ${label}`);
    const child = spawnSync(TSX, [path.join(__dirname, "bench", "one.ts"), key, String(options.runs)], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (child.status !== 0) {
      out(`${label}: failed: ${lastLines(child.stderr || child.stdout)}`);
      failed = true;
      continue;
    }
    const f = JSON.parse(child.stdout.trim().split("\n").pop()!) as PhaseFigures;
    failed ||= f.guardrailErrors > 0 || f.proofFailed > 0;
    const s = (v: number) => sec(v).padStart(6);
    out(
      `${label.padEnd(34)} stacks ${String(f.stacks).padStart(5)}  resources ${String(f.resources).padStart(6)}  ` +
        `parse ${s(f.parse)}  build ${s(f.build)}  guardrails ${s(f.guardrails)} (${f.guardrailErrors} errors)  synth ${s(f.synth)}  ` +
        `access proof ${s(f.proof)}: ${f.checks} paths, ${f.proofFailed} failed, ${(f.proof / f.accounts).toFixed(0)} ms per account  ` +
        `wall ${s(f.wall)}  peak ${f.peakMb.toFixed(0)} MB`,
    );
  }
  return failed;
}

async function main(): Promise<number> {
  const parsed = parseBenchArgs(process.argv.slice(2));
  if (parsed.kind === "help") {
    out(parsed.text);
    return 0;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`${parsed.message}\n`);
    return 2;
  }
  const options = parsed.options;
  // Before anything is measured: the folder the AWS CDK app is installed into must be writable.
  const cdkDir = options.skipCdk ? undefined : writableDir("--cdk-dir", options.cdkDir);
  if (cdkDir) {
    process.stderr.write(`${cdkDir.stderr}\n`);
    return cdkDir.code;
  }
  const started = Date.now();
  out(
    `node ${process.version}, ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} at start`,
  );
  out();
  let failed = false;
  if (options.compare.length + (options.skipFloor ? 0 : options.floorAt.length) > 0) {
    failed ||= (await compare(options)).failed;
    out();
  }
  if (!options.skipRows) failed ||= phaseRows(options);
  out(
    `bench took ${sec(Date.now() - started)}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} at the end`,
  );
  return failed ? 1 : 0;
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
