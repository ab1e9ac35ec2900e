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
import { parseArgs } from "node:util";
import { analyseWiring, readSynthOutput } from "../verify/wiring";

export interface CliResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

export function runWavesCli(argv: string[]): CliResult {
  let values: { out?: string | undefined; json?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args: argv, options: { out: { type: "string" }, json: { type: "boolean" } }, strict: true }));
  } catch (e) {
    return { code: 2, stdout: "", stderr: `${(e as Error).message}\nusage: npx tsx scripts/waves.ts [--out DIR] [--json]` };
  }
  let report;
  try {
    report = analyseWiring(readSynthOutput(path.resolve(values.out ?? "cdktf.out")));
  } catch (e) {
    return { code: 2, stdout: "", stderr: `${(e as Error).message} (or pass --out DIR)` };
  }
  const stdout = values.json
    ? JSON.stringify(report.waves)
    : report.waves.map((w, i) => `wave ${i + 1}: ${w.join(" ")}`).join("\n");
  if (report.problems.length > 0) {
    return { code: 1, stdout, stderr: `unsafe stack wiring:\n${report.problems.map((p) => `  - ${p}`).join("\n")}` };
  }
  return { code: 0, stdout, stderr: "" };
}

if (require.main === module) {
  const r = runWavesCli(process.argv.slice(2));
  if (r.stdout) process.stdout.write(`${r.stdout}\n`);
  if (r.stderr) process.stderr.write(`${r.stderr}\n`);
  process.exitCode = r.code;
}
