/**
 * CLI: the access proof of the synthesized landing zone.
 *
 *   npm run verify:access [-- --out DIR] [-- --failures-only]
 *   npx tsx scripts/verify-access.ts [--out DIR] [--failures-only] [--clean-on-failure]
 *
 * The cdktf app command runs it after every synth with --clean-on-failure, so a landing zone whose
 * IAM wiring is wrong leaves no stacks behind for CI to apply.
 *
 * Evaluates every intended access path (must be ALLOWED) and unintended one (must be DENIED) with
 * a real IAM policy evaluator and prints a table (principal, action, resource, expected, result)
 * and `N passed, N failed`. Exit 0 when every path is as expected, 1 on any mismatch, 2 when there
 * is no synth output (run `npx cdktf synth` first) or the arguments are wrong.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { formatAccessTable, proveAccess } from "../verify/access-proof";
import { readSynthOutput, SynthesizedStack } from "../verify/wiring";

export interface CliResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

const USAGE = "usage: npx tsx scripts/verify-access.ts [--out DIR] [--failures-only] [--clean-on-failure]";

export async function runVerifyAccessCli(argv: string[]): Promise<CliResult> {
  let values: { out?: string | undefined; "failures-only"?: boolean | undefined; "clean-on-failure"?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: "string" }, "failures-only": { type: "boolean" }, "clean-on-failure": { type: "boolean" } },
      strict: true,
    }));
  } catch (e) {
    return { code: 2, stdout: "", stderr: `${(e as Error).message}\n${USAGE}` };
  }
  const outdir = path.resolve(values.out ?? "cdktf.out");
  let stacks: SynthesizedStack[];
  try {
    stacks = readSynthOutput(outdir);
  } catch (e) {
    return { code: 2, stdout: "", stderr: `no synthesized stacks to prove: ${(e as Error).message} (or pass --out DIR)` };
  }
  if (stacks.length === 0) return { code: 2, stdout: "", stderr: `${outdir}/manifest.json lists no stacks; run \`npx cdktf synth\` first` };
  const proof = await proveAccess(stacks);
  const stdout = formatAccessTable(proof, { onlyFailures: values["failures-only"] === true });
  if (proof.failed === 0) return { code: 0, stdout, stderr: "" };
  if (values["clean-on-failure"]) {
    fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
    fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  }
  return { code: 1, stdout, stderr: `access proof failed: ${proof.failed} path(s) not as expected (see "mismatches")` };
}

if (require.main === module) {
  void runVerifyAccessCli(process.argv.slice(2)).then((r) => {
    if (r.stdout) process.stdout.write(`${r.stdout}\n`);
    if (r.stderr) process.stderr.write(`${r.stderr}\n`);
    process.exitCode = r.code;
  });
}
