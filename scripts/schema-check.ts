/**
 * CLI: check synthesized cdktf stacks against a provider schema dump.
 *
 *   npx tsx scripts/schema-check.ts [--schema FILE] [--out DIR]
 *
 * Exit codes: 0 clean (warnings allowed), 1 schema errors found,
 * 2 usage/input problem (missing schema file or synth output).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseCli, runMain, type CliHelp, type CliResult } from "../verify/cli";
import { SynthOutputError } from "../synth/wiring";
import { checkSynthOutput, formatReport, loadProviderSchema } from "../verify/schema-check";

export type { CliResult } from "../verify/cli";

const REPO_ROOT = path.resolve(__dirname, "..");
const DEFAULT_SCHEMA = path.resolve(REPO_ROOT, "../shared/reference/aws-provider-schema-6.47.0.json");

export const SCHEMA_CHECK_HELP: CliHelp = {
  synopsis: "npx tsx scripts/schema-check.ts [--schema FILE] [--out DIR]",
  description: `
Checks every resource, data source and block of the synthesized stacks against an AWS provider
schema dump (the output of \`terraform providers schema -json\`): unknown or read-only attributes,
missing required ones, block counts, primitive types.

  --schema FILE  the schema dump (default: $PROVIDER_SCHEMA, else the reference dump of the tests)
  --out DIR      the synth output (default: cdktf.out)
  -h, --help     this text

Exit 0 when clean (warnings allowed), 1 on schema errors, 2 when the schema file or the synth
output is missing or unreadable, or an argument is wrong.`,
};

/**
 * Runs the schema check and returns what the CLI would print, without
 * touching process state (so tests can call it in-process).
 *
 * @param argv arguments after the script name
 * @param env  source of `PROVIDER_SCHEMA`
 */
export function runSchemaCheckCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliResult {
  const parsed = parseCli(argv, { schema: { type: "string" }, out: { type: "string" } }, SCHEMA_CHECK_HELP);
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;

  const schemaFile = path.resolve(values.schema ?? env.PROVIDER_SCHEMA ?? DEFAULT_SCHEMA);
  const outDir = values.out !== undefined ? path.resolve(values.out) : path.join(REPO_ROOT, "cdktf.out");
  const schemaSource = values.schema !== undefined ? "--schema" : env.PROVIDER_SCHEMA !== undefined ? "PROVIDER_SCHEMA" : "default";

  if (!fs.existsSync(schemaFile)) {
    return {
      code: 2,
      stdout: "",
      stderr: `schema file not found: ${schemaFile} (from ${schemaSource}); pass --schema FILE or set PROVIDER_SCHEMA to a \`terraform providers schema -json\` dump`,
    };
  }
  if (!fs.existsSync(outDir)) {
    return {
      code: 2,
      stdout: "",
      stderr: `synth output directory not found: ${outDir}; run \`cdktf synth\` first or pass --out DIR`,
    };
  }

  try {
    const schema = loadProviderSchema(schemaFile);
    const report = checkSynthOutput(outDir, schema);
    const hasErrors = report.findings.some((f) => f.severity === "error");
    return { code: hasErrors ? 1 : 0, stdout: formatReport(report), stderr: "" };
  } catch (e) {
    if (e instanceof SynthOutputError) return { code: 2, stdout: "", stderr: e.message };
    // Malformed schema dump or an out dir without stacks: an input problem, not a schema error.
    return { code: 2, stdout: "", stderr: `${(e as Error).message} (check --schema / PROVIDER_SCHEMA and --out)` };
  }
}

if (require.main === module) runMain(() => runSchemaCheckCli(process.argv.slice(2)));
