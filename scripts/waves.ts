/**
 * CLI: the apply order of the synthesized stacks, checked.
 *
 *   npx tsx scripts/waves.ts [--out DIR] [--json]
 *
 * Prints one line per wave (stacks in a wave can be planned/applied in parallel), or with --json a
 * list of waves for a CI matrix. Exit 1 when the wiring is unsafe (cycle, read of a stack that is
 * not applied earlier, missing output, shared state key), 2 when there is no synth output.
 */
import * as path from "node:path";
import { parseCli, runMain, type CliHelp, type CliResult } from "../verify/cli";
import { analyseWiring, readSynthOutput } from "../synth/wiring";

export type { CliResult } from "../verify/cli";

export const WAVES_HELP: CliHelp = {
  synopsis: "npx tsx scripts/waves.ts [--out DIR] [--json]",
  description: `
Prints the rollout waves of the synthesized stacks: one line per wave; the stacks of a wave can be
planned and applied in parallel, each wave after the one before.

  --out DIR   the synth output (default: cdktf.out)
  --json      print the waves as a JSON list of lists, for a CI matrix
  -h, --help  this text

Exit 0 when the wiring is safe, 1 when it is not (a cycle, a read of a stack not applied earlier, a
read of a missing output, two stacks sharing a state key), 2 when there is no synth output or an
argument is wrong.`,
};

export function runWavesCli(argv: string[]): CliResult {
  const parsed = parseCli(argv, { out: { type: "string" }, json: { type: "boolean" } }, WAVES_HELP);
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;
  let report;
  try {
    report = analyseWiring(readSynthOutput(path.resolve(values.out ?? "cdktf.out")));
  } catch (e) {
    return { code: 2, stdout: "", stderr: `${(e as Error).message} (or pass --out DIR)` };
  }
  const stdout = values.json ? JSON.stringify(report.waves) : report.waves.map((w, i) => `wave ${i + 1}: ${w.join(" ")}`).join("\n");
  if (report.problems.length > 0) {
    return { code: 1, stdout, stderr: `unsafe stack wiring:\n${report.problems.map((p) => `  - ${p}`).join("\n")}` };
  }
  return { code: 0, stdout, stderr: "" };
}

if (require.main === module) runMain(() => runWavesCli(process.argv.slice(2)));
