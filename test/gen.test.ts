import * as fs from "node:fs";
import * as path from "node:path";
import { GENERATED_FILES, renderConfigReference, renderJsonSchema } from "../config/generate";
import { EXAMPLE_LANDING_ZONE } from "../config/load";

const gen = (name: string) => path.join(__dirname, "..", ".gen", name);

describe(".gen/ is in step with the code (run `npm run gen` when this fails)", () => {
  it.each([
    [GENERATED_FILES.jsonSchema, renderJsonSchema],
    [GENERATED_FILES.reference, renderConfigReference],
  ])("%s", (name, render) => {
    expect(fs.existsSync(gen(name))).toBe(true);
    expect(fs.readFileSync(gen(name), "utf8")).toBe(render());
  });

  it("the example points editors at the generated JSON Schema", () => {
    const example = JSON.parse(fs.readFileSync(EXAMPLE_LANDING_ZONE, "utf8")) as { $schema: string };
    expect(path.resolve(path.dirname(EXAMPLE_LANDING_ZONE), example.$schema)).toBe(gen(GENERATED_FILES.jsonSchema));
  });

  it("the JSON Schema rejects unknown keys and lists every region", () => {
    const schema = JSON.parse(renderJsonSchema()) as {
      additionalProperties: boolean;
      properties: { tools: { properties: { primaryRegion: { enum: string[] } } } };
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.tools.properties.primaryRegion.enum).toContain("eu-west-1");
  });
});
