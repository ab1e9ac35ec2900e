/**
 * CLI: regenerates .gen/ (the landing-zone JSON Schema and config reference) from config/schema.ts,
 * and .npmrc from scripts/node-preload.mjs.
 *
 *   npm run gen
 *
 * `npm test` fails while the committed copy differs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { GENERATED_FILES, renderConfigReference, renderJsonSchema } from "../config/generate";
import { parseCli, runMain, type CliHelp, type CliResult } from "../verify/cli";
import { renderNpmrc } from "./npmrc";

export const GEN_HELP: CliHelp = {
  synopsis: "npm run gen (npx tsx scripts/gen.ts)",
  description: `
Regenerates .gen/ from config/schema.ts: the landing-zone JSON Schema (for editors) and the config
reference; and .npmrc from scripts/node-preload.mjs. Commit the result; a test fails while a
committed copy differs.

  -h, --help  this text

Exit 0 when written, 1 when a file cannot be written, 2 when an argument is wrong.`,
};

export function runGenCli(argv: string[], dir = path.join(__dirname, "..", ".gen"), npmrc = path.join(__dirname, "..", ".npmrc")): CliResult {
  const parsed = parseCli(argv, {}, GEN_HELP);
  if ("exit" in parsed) return parsed.exit;
  const files: [string, string][] = [
    [GENERATED_FILES.jsonSchema, renderJsonSchema()],
    [GENERATED_FILES.reference, renderConfigReference()],
  ];
  const written: string[] = [];
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, content] of files) {
      fs.writeFileSync(path.join(dir, name), content);
      written.push(`wrote .gen/${name}`);
    }
    fs.writeFileSync(npmrc, renderNpmrc());
    written.push("wrote .npmrc");
  } catch (e) {
    return { code: 1, stdout: written.join("\n"), stderr: `cannot write ${dir}: ${(e as Error).message}` };
  }
  return { code: 0, stdout: written.join("\n"), stderr: "" };
}

if (require.main === module) runMain(() => runGenCli(process.argv.slice(2)));
