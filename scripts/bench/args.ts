/** The bench's command line: parsed and checked here, apart from the bench, so a test can call it. */
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { joinNegativeValues } from "../../verify/cli";

export interface BenchOptions {
  /** The largest generated landing zone of the phase rows (example + N targets x 3 regions). */
  readonly targets: number;
  /** The smaller generated landing zone of the phase rows. */
  readonly proofAt: number;
  /** Runs per measurement; the median wall time is shown. */
  readonly runs: number;
  /** N at which our end-to-end path, the AWS CDK app and the bare-cdktf floor run. */
  readonly compare: readonly number[];
  /** N at which our end-to-end path and the floor run, without the AWS CDK app. */
  readonly floorAt: readonly number[];
  /** Where aws-cdk-lib and constructs are installed for the bench (outside the repository). */
  readonly cdkDir: string;
  readonly skipRows: boolean;
  readonly skipCdk: boolean;
  readonly skipFloor: boolean;
}

export type ParsedBenchArgs = { kind: "run"; options: BenchOptions } | { kind: "help"; text: string } | { kind: "error"; message: string };

const MAX_TARGETS = 10_000;
const MAX_RUNS = 20;

export function defaultCdkDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "codepipeline-landing-zone", "bench-cdk");
}

export const USAGE = `usage: npm run bench [-- OPTIONS]

Compares our end-to-end synth (npx cdktf synth, and the app command of cdktf.json alone) with an
AWS CDK app of the same topology and with a bare cdktf app of the same stack count, then prints the
synth phases, access proof and peak memory of the example and of generated landing zones.

  --targets N        largest generated landing zone of the phase rows (default 200)
  --proof-at N       smaller generated landing zone of the phase rows (default 100)
  --runs N           runs per measurement, median shown (default 1, at most ${MAX_RUNS})
  --compare N,N,...  N targets x 3 regions for ours vs AWS CDK vs floor (default 10,50,200)
  --floor-at N,...   N for ours vs floor only (default 1000)
  --cdk-dir DIR      where aws-cdk-lib is installed on first use (default ${defaultCdkDir().replace(os.homedir(), "~")})
  --skip-rows        leave out the phase rows
  --skip-cdk         leave out the AWS CDK app (no install)
  --skip-floor       leave out the bare-cdktf floor
  --help             print this and exit

Every N is an integer from 1 to ${MAX_TARGETS.toLocaleString("en-US")}. Exit 1 when the guardrails or the access proof fail,
2 on a wrong argument or a --cdk-dir that cannot be written to.`;

function integer(option: string, raw: string, max: number): number | string {
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) return `--${option}: expected an integer from 1 to ${max.toLocaleString("en-US")}, got "${raw}"`;
  return n;
}

function integers(option: string, raw: string): number[] | string {
  const parts = raw.split(",");
  const out: number[] = [];
  for (const part of parts) {
    const n = integer(option, part, MAX_TARGETS);
    if (typeof n === "string") return `--${option}: expected integers from 1 to ${MAX_TARGETS.toLocaleString("en-US")} separated by commas, got "${raw}"`;
    out.push(n);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

const OPTIONS = {
  targets: { type: "string" },
  "proof-at": { type: "string" },
  runs: { type: "string" },
  compare: { type: "string" },
  "floor-at": { type: "string" },
  "cdk-dir": { type: "string" },
  "skip-rows": { type: "boolean" },
  "skip-cdk": { type: "boolean" },
  "skip-floor": { type: "boolean" },
  help: { type: "boolean" },
} as const;

/** Parses the bench's arguments: options, or usage for --help, or a one-line error naming the option. */
export function parseBenchArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedBenchArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    // A negative number is a value (then refused as out of range), not an option.
    ({ values } = parseArgs({ args: joinNegativeValues(argv, OPTIONS), strict: true, allowPositionals: false, options: OPTIONS }));
  } catch (e) {
    return { kind: "error", message: describeParseError(e as Error & { code?: string }) };
  }
  if (values.help) return { kind: "help", text: USAGE };
  const targets = integer("targets", (values.targets as string | undefined) ?? "200", MAX_TARGETS);
  const proofAt = integer("proof-at", (values["proof-at"] as string | undefined) ?? "100", MAX_TARGETS);
  const runs = integer("runs", (values.runs as string | undefined) ?? "1", MAX_RUNS);
  const compare = integers("compare", (values.compare as string | undefined) ?? "10,50,200");
  const floorAt = integers("floor-at", (values["floor-at"] as string | undefined) ?? "1000");
  for (const checked of [targets, proofAt, runs, compare, floorAt]) if (typeof checked === "string") return { kind: "error", message: checked };
  const cdkDir = values["cdk-dir"] as string | undefined;
  if (cdkDir !== undefined && cdkDir.trim() === "") return { kind: "error", message: `--cdk-dir: expected a folder, got ""` };
  return {
    kind: "run",
    options: {
      targets: targets as number,
      proofAt: proofAt as number,
      runs: runs as number,
      compare: compare as number[],
      floorAt: floorAt as number[],
      cdkDir: path.resolve(cdkDir ?? defaultCdkDir(env)),
      skipRows: values["skip-rows"] === true,
      skipCdk: values["skip-cdk"] === true,
      skipFloor: values["skip-floor"] === true,
    },
  };
}

function describeParseError(e: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1];
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `${option ?? "option"}: unknown option (see --help)`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `${/'([^']*)'/.exec(e.message)?.[1] ?? "argument"}: unexpected argument; options start with -- (see --help)`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      // Boolean options given a value; value options given none (or followed by another option).
      return /does not take an argument/.test(e.message)
        ? `${option ?? "option"}: takes no value (see --help)`
        : `${option ?? "option"}: needs a value (see --help)`;
    default:
      return e.message.split("\n")[0]!;
  }
}
