/**
 * CLI: the access proof of the synthesized landing zone.
 *
 *   npm run verify:access [-- --out DIR --failures-only]
 *   npx tsx scripts/verify-access.ts [--out DIR] [--failures-only] [--clean-on-failure] [--every-path]
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
import { formatAccessTable, proveAccess } from "../verify/access-proof";
import { parseCli, runMain, type CliHelp, type CliResult } from "../verify/cli";
import { readSynthOutput, SynthesizedStack } from "../synth/wiring";

export type { CliResult } from "../verify/cli";

export const VERIFY_ACCESS_HELP: CliHelp = {
  synopsis: "npx tsx scripts/verify-access.ts [--out DIR] [--failures-only] [--clean-on-failure] [--every-path]",
  description: `
The access proof of the synthesized landing zone: every intended access path (must be allowed) and
unintended one (must be denied), evaluated with an IAM policy evaluator; prints a table and
"N passed, N failed". Through npm: npm run verify:access -- --out DIR --failures-only

  --out DIR           the synth output (default: cdktf.out)
  --failures-only     print only the paths that are not as expected
  --clean-on-failure  on a failure, remove the synthesized stacks (the cdktf app command does this)
  --every-path        evaluate every path itself, not one per class of paths that differ only in
                      their account ids (same verdicts, slower on many accounts)
  -h, --help          this text

Exit 0 when every path is as expected, 1 on any mismatch, 2 when there is no synth output (run
npx cdktf synth first) or an argument is wrong.`,
};

export async function runVerifyAccessCli(argv: string[]): Promise<CliResult> {
  const parsed = parseCli(
    argv,
    { out: { type: "string" }, "failures-only": { type: "boolean" }, "clean-on-failure": { type: "boolean" }, "every-path": { type: "boolean" } },
    VERIFY_ACCESS_HELP,
  );
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;
  const outdir = path.resolve(values.out ?? "cdktf.out");
  let stacks: SynthesizedStack[];
  try {
    stacks = readSynthOutput(outdir);
  } catch (e) {
    return { code: 2, stdout: "", stderr: `no synthesized stacks to prove: ${(e as Error).message} (or pass --out DIR)` };
  }
  if (stacks.length === 0) return { code: 2, stdout: "", stderr: `${outdir}/manifest.json lists no stacks; run \`npx cdktf synth\` first` };
  const proof = await proveAccess(stacks, { byClass: values["every-path"] !== true });
  const stdout = formatAccessTable(proof, { onlyFailures: values["failures-only"] === true });
  if (proof.failed === 0) return { code: 0, stdout, stderr: "" };
  if (values["clean-on-failure"]) {
    fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
    fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  }
  return { code: 1, stdout, stderr: `access proof failed: ${proof.failed} path(s) not as expected (see "mismatches")` };
}

if (require.main === module) runMain(() => runVerifyAccessCli(process.argv.slice(2)));
