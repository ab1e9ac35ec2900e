import * as fs from "node:fs";
import * as path from "node:path";
import { GENERATED_FILES, renderConfigReference, renderJsonSchema } from "../config/generate";

// Regenerates .gen/ from the code; `npm test` fails while the committed copy differs.
const dir = path.join(__dirname, "..", ".gen");
fs.mkdirSync(dir, { recursive: true });
const files: [string, string][] = [
  [GENERATED_FILES.jsonSchema, renderJsonSchema()],
  [GENERATED_FILES.reference, renderConfigReference()],
];
for (const [name, content] of files) {
  fs.writeFileSync(path.join(dir, name), content);
  process.stdout.write(`wrote .gen/${name}\n`);
}
