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
import { parseArgs } from "node:util";
import { checkSynthOutput, formatReport, loadProviderSchema } from "../verify/schema-check";

const REPO_ROOT = path.resolve(__dirname, "..");
const DEFAULT_SCHEMA = path.resolve(REPO_ROOT, "../shared/reference/aws-provider-schema-6.47.0.json");
const USAGE = "usage: npx tsx scripts/schema-check.ts [--schema FILE] [--out DIR]";

export interface CliResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

/**
 * Runs the schema check and returns what the CLI would print, without
 * touching process state (so tests can call it in-process).
 *
 * @param argv arguments after the script name
 * @param env  source of `PROVIDER_SCHEMA`
 */
export function runSchemaCheckCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliResult {
  let values: { schema?: string | undefined; out?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        schema: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return { code: 2, stdout: "", stderr: `${(e as Error).message}\n${USAGE}` };
  }
  if (values.help) return { code: 0, stdout: USAGE, stderr: "" };

  const schemaFile = path.resolve(values.schema ?? env["PROVIDER_SCHEMA"] ?? DEFAULT_SCHEMA);
  const outDir = values.out !== undefined ? path.resolve(values.out) : path.join(REPO_ROOT, "cdktf.out");
  const schemaSource = values.schema !== undefined ? "--schema" : env["PROVIDER_SCHEMA"] !== undefined ? "PROVIDER_SCHEMA" : "default";

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
    // Malformed schema dump or an out dir without stacks: an input problem, not a schema error.
    return { code: 2, stdout: "", stderr: `${(e as Error).message} (check --schema / PROVIDER_SCHEMA and --out)` };
  }
}

if (require.main === module) {
  const r = runSchemaCheckCli(process.argv.slice(2));
  if (r.stdout) console.log(r.stdout);
  if (r.stderr) console.error(r.stderr);
  process.exitCode = r.code;
}
