/**
 * `terraform validate` with the real CLI and AWS provider on every stack of three landing zones: the
 * embedded example, the bench's large one (fan-out pipeline) and a minimal one.
 *
 *   npm run validate:terraform [-- --targets 60 --jobs 2 --keep]
 *
 * One line per stack, then `N passed, N failed`; exit 1 when any stack fails.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { intOption, parseCli, printResult, usageError, type CliHelp, type CliResult } from "../cli";
import { allActionTypesLandingZone, chinaLandingZone, exampleLandingZone, govCloudLandingZone, largeLandingZone, minimalLandingZone } from "../landing-zones";
import { diagnosticLines, pool, runCli, seconds, stackDir, synthInto, tf, writeProviderOverride } from "./terraform";
import { ensureToolchain, type Toolchain } from "./toolchain";

interface StackVerdict {
  readonly name: string;
  readonly ok: boolean;
  readonly line: string;
}

async function validateStack(tc: Toolchain, lzName: string, dir: string): Promise<StackVerdict> {
  const name = `${lzName}/${path.basename(dir)}`;
  const init = await tf(tc, ["init", "-backend=false", "-input=false", "-no-color"], dir);
  if (init.code !== 0) return { name, ok: false, line: `FAIL ${name}: init: ${init.stderr.trim() || init.stdout.trim()}` };
  const validate = await tf(tc, ["validate", "-json", "-no-color"], dir);
  const diagnostics = diagnosticLines(validate.stdout);
  const ok = validate.code === 0 && !diagnostics.some((d) => d.startsWith("error"));
  const warnings = diagnostics.filter((d) => d.startsWith("warning")).length;
  const head = `${ok ? "PASS" : "FAIL"} ${name} (init ${seconds(init.ms)}, validate ${seconds(validate.ms)}${warnings ? `, ${warnings} warnings` : ""})`;
  return { name, ok, line: ok && !warnings ? head : [head, ...diagnostics.map((d) => `    ${d}`)].join("\n") };
}

export const VALIDATE_HELP: CliHelp = {
  synopsis: "npm run validate:terraform [-- --targets N --jobs N --keep]",
  description: `
Runs terraform init and validate, with the real CLI and AWS provider (npm run terraform:toolchain),
on every stack of four landing zones: the example, a large one (N more targets in every tools
region, fan-out pipelines, an organization), a minimal one and one with every action type. Prints
one line per stack and "N passed, N failed".

  --targets N  targets of the large landing zone (default: 60)
  --jobs N     stacks validated at a time (default: the number of CPUs)
  --keep       keep the scratch folder and print where it is
  -h, --help   this text

Exit 0 when every stack validates, 1 when one fails or the toolchain cannot be had, 2 when an
argument is wrong.`,
};

export interface ValidateOptions {
  readonly targets: number;
  readonly jobs: number;
  readonly keep: boolean;
}

/** The options of \`validate:terraform\`, or the result to exit with (help, or a bad argument). */
export function parseValidateArgs(argv: readonly string[]): { options: ValidateOptions } | { exit: CliResult } {
  const parsed = parseCli(argv, { targets: { type: "string" }, jobs: { type: "string" }, keep: { type: "boolean" } }, VALIDATE_HELP);
  if ("exit" in parsed) return parsed;
  const targets = intOption("targets", parsed.values.targets, 60, 0, 5000);
  const jobs = intOption("jobs", parsed.values.jobs, os.cpus().length, 1, 256);
  for (const v of [targets, jobs]) if (typeof v === "string") return { exit: usageError(VALIDATE_HELP, v) };
  return { options: { targets: targets as number, jobs: jobs as number, keep: parsed.values.keep === true } };
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseValidateArgs(argv);
  if ("exit" in parsed) {
    printResult(parsed.exit);
    return parsed.exit.code;
  }
  const values = parsed.options;
  const started = Date.now();
  const tc = await ensureToolchain((l) => process.stdout.write(`${l}\n`));
  process.stdout.write(`validating with ${tc.cli.flavour} ${tc.cli.version} and aws provider ${tc.provider.version}\n`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lz-validate-"));
  const zones: [string, unknown][] = [
    ["example", exampleLandingZone()],
    [`large-${values.targets}`, largeLandingZone(values.targets)],
    ["minimal", minimalLandingZone()],
    ["all-action-types", allActionTypesLandingZone()],
    ["govcloud", govCloudLandingZone()],
    ["china", chinaLandingZone()],
  ];
  const verdicts: StackVerdict[] = [];
  try {
    for (const [lzName, lz] of zones) {
      const outdir = path.join(root, lzName);
      const t = Date.now();
      const stacks = synthInto(lz, outdir);
      const overrides = new Set(stacks.map((s) => writeProviderOverride(tc, s, stackDir(outdir, s.id))).filter(Boolean));
      process.stdout.write(
        `${lzName}: ${stacks.length} stacks synthesized in ${seconds(Date.now() - t)}${overrides.size ? ` (provider override ${[...overrides].join(", ")})` : ""}\n`,
      );
      const results = await pool(stacks, values.jobs, (s) => validateStack(tc, lzName, stackDir(outdir, s.id)));
      for (const r of results) process.stdout.write(`${r.line}\n`);
      verdicts.push(...results);
    }
  } finally {
    if (values.keep) process.stdout.write(`kept ${root}\n`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
  const failed = verdicts.filter((v) => !v.ok).length;
  process.stdout.write(`validated ${verdicts.length} stacks in ${seconds(Date.now() - started)}\n`);
  process.stdout.write(`${verdicts.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) runCli(() => main(process.argv.slice(2)));
