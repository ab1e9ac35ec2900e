/**
 * CLI: the plan order of the synthesized stacks, for people (a table) and for CI (a matrix).
 *
 *   npm run plan-order [-- --out DIR] [--landing-zone FILE] [--matrix FILE]
 *
 * Reads cdktf.out (manifest and stacks), computes the waves with the wiring check of
 * `scripts/waves.ts`, prints one row per stack (wave, stack, account, region, resources) and writes
 * the matrix CI fans out over: per stack its wave, account, region, directory and the role its
 * provider assumes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { chooseLandingZoneFile, CONFIG_CONTEXT_KEY } from "../config/load";
import { analyseWiring, readSynthOutput, SynthOutputError, type SynthesizedStack } from "../synth/wiring";
import { parseCli, runMain, writeOutputFile, type CliHelp, type CliResult } from "../verify/cli";

export const PLAN_ORDER_HELP: CliHelp = {
  synopsis: "npm run plan-order -- [--out DIR] [--landing-zone FILE] [--matrix FILE]",
  description: `
Prints the stacks of the synth output in plan order: wave, stack, account, region and resource
count; the stacks of a wave can be planned and applied in parallel, each wave after the one before.
Writes the CI matrix: a JSON list of {stack, wave, account, region, directory, roleArn}.

  --out DIR            the synth output (default: cdktf.out)
  --landing-zone FILE  the landing-zone file it was synthesized from (default: $LANDING_ZONE_CONFIG,
                       else cdktf.json's context.landingZone); the synth must be newer
  --matrix FILE        where to write the matrix (default: <out>/plan-matrix.json)
  -h, --help           this text

Exit 0 when written, 1 when the wiring is unsafe, 2 when the synth output is missing, unreadable
(HCL from cdktf synth --hcl) or older than the landing-zone file, the matrix cannot be written, or
an argument is wrong.`,
};

/** One stack of the CI matrix. */
export interface PlanEntry {
  readonly stack: string;
  readonly wave: number;
  readonly account: string;
  readonly region: string;
  /** The stack's Terraform working directory, relative to the repository (where `terraform init` runs). */
  readonly directory: string;
  /** The role the stack's AWS provider assumes: the CI identity must be allowed to assume it. */
  readonly roleArn: string;
}

function landingZoneFileOf(explicit: string | undefined): string {
  if (explicit) return path.resolve(explicit);
  const cdktf = fs.existsSync("cdktf.json") ? (JSON.parse(fs.readFileSync("cdktf.json", "utf8")) as { context?: Record<string, unknown> }) : {};
  return chooseLandingZoneFile(process.env, cdktf.context?.[CONFIG_CONTEXT_KEY]).file;
}

/** The plan entries of synthesized stacks (their waves from the wiring analysis). */
export function planEntries(stacks: readonly SynthesizedStack[], waves: readonly (readonly string[])[], outDir: string): PlanEntry[] {
  const byId = new Map(stacks.map((s) => [s.id, s]));
  return waves.flatMap((ids, i) =>
    ids.map((id) => {
      const provider = (byId.get(id)!.json.provider?.aws?.[0] ?? {}) as {
        region?: string;
        allowed_account_ids?: string[];
        assume_role?: { role_arn?: string }[];
      };
      return {
        stack: id,
        wave: i + 1,
        account: provider.allowed_account_ids?.[0] ?? "",
        region: provider.region ?? "",
        directory: path.join(outDir, "stacks", id),
        roleArn: provider.assume_role?.[0]?.role_arn ?? "",
      };
    }),
  );
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/**
 * The synth output a command reads, checked and read: it exists, is newer than the landing-zone file
 * it was synthesized from, and is JSON. Else the exit (2) saying what to run, `then <command>`.
 */
export function checkedSynthOutput(
  outArg: string,
  landingZone: string | undefined,
  command: string,
): { out: string; stacks: SynthesizedStack[] } | { exit: CliResult } {
  const out = path.resolve(outArg);
  const manifest = path.join(out, "manifest.json");
  const fail = (stderr: string) => ({ exit: { code: 2 as const, stdout: "", stderr } });
  if (!fs.existsSync(manifest)) return fail(`${path.join(outArg, "manifest.json")} not found: run \`npx cdktf synth\` first (or pass --out DIR)`);
  const lzFile = landingZoneFileOf(landingZone);
  if (!fs.existsSync(lzFile)) return fail(`landing-zone file ${lzFile} not found (pass --landing-zone FILE)`);
  if (fs.statSync(manifest).mtimeMs < fs.statSync(lzFile).mtimeMs) {
    return fail(`${outArg} is older than ${path.relative(process.cwd(), lzFile) || lzFile}: run \`npx cdktf synth\` again, then ${command}`);
  }
  try {
    return { out, stacks: readSynthOutput(out) };
  } catch (e) {
    if (e instanceof SynthOutputError) return fail(e.message);
    throw e;
  }
}

export function runPlanOrderCli(argv: string[]): CliResult {
  const parsed = parseCli(argv, { out: { type: "string" }, "landing-zone": { type: "string" }, matrix: { type: "string" } }, PLAN_ORDER_HELP);
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;
  const outArg = values.out ?? "cdktf.out";
  const checked = checkedSynthOutput(outArg, values["landing-zone"], "plan-order");
  if ("exit" in checked) return checked.exit;
  const { stacks } = checked;
  const report = analyseWiring(stacks);
  if (report.problems.length > 0) {
    return { code: 1, stdout: "", stderr: `unsafe stack wiring:\n${report.problems.map((p) => `  - ${p}`).join("\n")}` };
  }
  const entries = planEntries(stacks, report.waves, outArg);
  const resources = (id: string) => Object.values(stacks.find((s) => s.id === id)!.json.resource ?? {}).reduce((n, r) => n + Object.keys(r).length, 0);
  const matrixFile = values.matrix ?? path.join(outArg, "plan-matrix.json");
  const failed = writeOutputFile("--matrix", matrixFile, `${JSON.stringify(entries, null, 2)}\n`);
  if (failed) return failed;
  const rows = [
    ["wave", "stack", "account", "region", "resources"],
    ...entries.map((e) => [String(e.wave), e.stack, e.account, e.region, String(resources(e.stack))]),
  ];
  return { code: 0, stdout: `${table(rows)}\n\nmatrix: ${matrixFile} (${entries.length} stacks in ${report.waves.length} waves)`, stderr: "" };
}

if (require.main === module) runMain(() => runPlanOrderCli(process.argv.slice(2)));
