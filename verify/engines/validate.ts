/**
 * `terraform validate` with the real CLI and AWS provider on every stack of the landing zones of
 * VALIDATED_LANDING_ZONES (the help text lists them from there).
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

/** The landing zones validated, in order: a folder name, what the help calls it, the landing zone. */
export const VALIDATED_LANDING_ZONES: readonly {
  readonly name: (targets: number) => string;
  readonly shown: string;
  readonly build: (targets: number) => unknown;
}[] = [
  { name: () => "example", shown: "the example", build: () => exampleLandingZone() },
  {
    name: (n) => `large-${n}`,
    shown: "a large one (N more targets in every tools region, fan-out pipelines, an organization)",
    build: (n) => largeLandingZone(n),
  },
  { name: () => "minimal", shown: "a minimal one", build: () => minimalLandingZone() },
  { name: () => "all-action-types", shown: "one with every action type", build: () => allActionTypesLandingZone() },
  { name: () => "govcloud", shown: "the GovCloud example", build: () => govCloudLandingZone() },
  { name: () => "china", shown: "one in the China partition (no pipelines)", build: () => chinaLandingZone() },
];

const COUNTS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
const count = (n: number) => COUNTS[n] ?? String(n);
const shown = VALIDATED_LANDING_ZONES.map((z) => z.shown);
/** `text` as lines of at most `width` columns, broken between words. */
const wrap = (text: string, width = 100) =>
  text
    .split(" ")
    .reduce<string[]>((lines, word) => {
      const last = lines.at(-1);
      if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word);
      return lines;
    }, [])
    .join("\n");

export const VALIDATE_HELP: CliHelp = {
  synopsis: "npm run validate:terraform [-- --targets N --jobs N --keep]",
  description: `
${wrap(
  `Runs terraform init and validate, with the real CLI and AWS provider (npm run terraform:toolchain), on every stack of ` +
    `${count(VALIDATED_LANDING_ZONES.length)} landing zones: ${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}. ` +
    `Prints one line per stack and "N passed, N failed".`,
)}

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
  const zones = VALIDATED_LANDING_ZONES.map((z): [string, unknown] => [z.name(values.targets), z.build(values.targets)]);
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
