/**
 * Runs a command as a child process and measures it: wall time seen from the parent, exit status,
 * each output line with the time it arrived, and for every Node.js process of the command's tree
 * (npx, the cdktf CLI, tsx, the app) its peak resident memory and lifetime, reported by the process
 * itself through process-report.cjs. Peak memory is that of the largest process, not a sum.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

export interface ProcessRecord {
  readonly pid: number;
  readonly argv: readonly string[];
  /** Start and end, ms since the epoch. */
  readonly start: number;
  readonly end: number;
  readonly maxRssKb: number;
}

export interface Measured {
  readonly status: number | null;
  readonly ms: number;
  /** The largest Node.js process of the tree; 0 when none reported. */
  readonly peakMb: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout lines with their arrival, ms after the start. */
  readonly lines: readonly { readonly at: number; readonly text: string }[];
  readonly processes: readonly ProcessRecord[];
  /** When the command started, ms since the epoch (to place the processes' lifetimes). */
  readonly startedAt: number;
}

const REPORTER = path.join(__dirname, "process-report.cjs");

export function measure(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Measured> {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lz-bench-proc-")), "processes.jsonl");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    BENCH_PROCESS_LOG: log,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, options.env?.NODE_OPTIONS, `--require ${JSON.stringify(REPORTER)}`].filter(Boolean).join(" "),
  };
  // Under `npm run bench`, npm exports its expanded node-options (.npmrc) as npm_config_node_options,
  // which a nested npx would apply instead of re-reading .npmrc: NODE_OPTIONS without the reporter.
  env.npm_config_node_options = undefined;
  // A variable set to undefined is one the command must not inherit.
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const t0 = performance.now();
    const child = spawn(command, [...args], { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: string[] = [];
    const err: string[] = [];
    const lines: { at: number; text: string }[] = [];
    let partial = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      const at = performance.now() - t0;
      out.push(chunk);
      const parts = (partial + chunk).split("\n");
      partial = parts.pop()!;
      for (const text of parts) lines.push({ at, text });
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => err.push(chunk));
    const finish = (status: number | null, error?: Error) => {
      const ms = performance.now() - t0;
      if (partial) lines.push({ at: ms, text: partial });
      const processes = readRecords(log);
      fs.rmSync(path.dirname(log), { recursive: true, force: true });
      resolve({
        status,
        ms,
        peakMb: Math.max(0, ...processes.map((p) => p.maxRssKb)) / 1024,
        stdout: out.join(""),
        stderr: err.join("") + (error ? `${error.message}\n` : ""),
        lines,
        processes,
        startedAt,
      });
    };
    child.on("error", (e) => finish(null, e));
    child.on("close", (code) => finish(code));
  });
}

function readRecords(file: string): ProcessRecord[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as ProcessRecord);
}

/** The median of several measurements by wall time (the later one of the middle two). */
export function median(samples: readonly Measured[]): Measured {
  return [...samples].sort((a, b) => a.ms - b.ms)[Math.floor(samples.length / 2)]!;
}
