/**
 * CLI: regenerates .gen/ (the landing-zone JSON Schema and config reference) from config/schema.ts,
 * and .npmrc from scripts/node-preload.mjs.
 *
 *   npm run gen
 *
 * `npm test` fails while the committed copy differs.
 */
import * as path from "node:path";
import { GENERATED_FILES, renderConfigReference, renderJsonSchema } from "../config/generate";
import { parseCli, runMain, writeOutputFile, type CliHelp, type CliResult } from "../verify/cli";
import { renderNpmrc } from "./npmrc";

export const GEN_HELP: CliHelp = {
  synopsis: "npm run gen (npx tsx scripts/gen.ts)",
  description: `
Regenerates .gen/ from config/schema.ts: the landing-zone JSON Schema (for editors) and the config
reference; and .npmrc from scripts/node-preload.mjs. Commit the result; a test fails while a
committed copy differs.

  -h, --help  this text

Exit 0 when written, 2 when a file cannot be written or an argument is wrong.`,
};

export function runGenCli(argv: string[], dir = path.join(__dirname, "..", ".gen"), npmrc = path.join(__dirname, "..", ".npmrc")): CliResult {
  const parsed = parseCli(argv, {}, GEN_HELP);
  if ("exit" in parsed) return parsed.exit;
  // [file, content, as reported]
  const files: [string, string, string][] = [
    [path.join(dir, GENERATED_FILES.jsonSchema), renderJsonSchema(), `.gen/${GENERATED_FILES.jsonSchema}`],
    [path.join(dir, GENERATED_FILES.reference), renderConfigReference(), `.gen/${GENERATED_FILES.reference}`],
    [npmrc, renderNpmrc(), ".npmrc"],
  ];
  const written: string[] = [];
  for (const [file, content, shown] of files) {
    const failed = writeOutputFile(undefined, file, content, { mkdir: true });
    if (failed) return { ...failed, stdout: written.join("\n") };
    written.push(`wrote ${shown}`);
  }
  return { code: 0, stdout: written.join("\n"), stderr: "" };
}

if (require.main === module) runMain(() => runGenCli(process.argv.slice(2)));
