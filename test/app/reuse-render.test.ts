import * as fs from "node:fs";
import * as path from "node:path";
import { App, Lazy, TerraformOutput } from "cdktf";
import { quietTokenStackTraces } from "../../app";
import { parseLandingZone } from "../../config/load";
import { renderStacks } from "../../guardrails";
import { AccountStack } from "../../stacks/account-stack";
import { buildLandingZone } from "../../stacks/landing-zone";
import { exampleLandingZone } from "../../verify/landing-zones";
import { tempDir } from "../fixtures/landing-zone";

// The write reuses the guardrails' rendering of a stack instead of resolving it again, but only
// while the stack's construct tree is as it was rendered.
describe("AccountStack.reuseRender", () => {
  const build = () => {
    const outdir = tempDir("lz-reuse-");
    const app = new App({ outdir });
    buildLandingZone(app, parseLandingZone(exampleLandingZone()));
    const stacks = app.node.findAll().filter((c): c is AccountStack => c instanceof AccountStack);
    const rendered = new Map(renderStacks(app).map((s) => [s.id, s.json as Record<string, unknown>]));
    const written = (id: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json"), "utf8")) as Record<string, unknown>;
    return { app, stacks, rendered, written };
  };

  it("writes the rendering it was given while the stack is unchanged", () => {
    const { app, stacks, written } = build();
    const target = stacks.find((s) => s.node.id === "target-dev")!;
    target.reuseRender({ marker: "as rendered" });
    app.synth();
    expect(written("target-dev")).toEqual({ marker: "as rendered" });
    // Stacks not handed a rendering are resolved as cdktf does.
    expect(written("target-prod")).toHaveProperty("resource");
  });

  it("renders anew once the stack gained a construct", () => {
    const { app, stacks, rendered, written } = build();
    const target = stacks.find((s) => s.node.id === "target-dev")!;
    target.reuseRender(rendered.get("target-dev")!);
    new TerraformOutput(target, "added_after_render", { value: "late" });
    app.synth();
    expect((written("target-dev").output as Record<string, unknown>).added_after_render).toEqual({ value: "late" });
  });
});

describe("the app command's stack traces without DEBUG", () => {
  it("leaves cdktf's token stack captures empty and keeps an Error's stack in V8's format", () => {
    const before = { prepare: Error.prepareStackTrace, sourceMaps: process.sourceMapsEnabled };
    expect(Lazy.anyValue({ produce: () => 1 }).creationStack.length).toBeGreaterThan(0);
    try {
      quietTokenStackTraces();
      expect(Lazy.anyValue({ produce: () => 1 }).creationStack).toEqual([]);
      const stack = new TypeError("bad field").stack!.split("\n");
      expect(stack[0]).toBe("TypeError: bad field");
      expect(stack[1]).toMatch(/^ {4}at .*reuse-render\.test\.ts:\d+:\d+\)?$/);
      expect(process.sourceMapsEnabled).toBe(false);
    } finally {
      Error.prepareStackTrace = before.prepare;
      process.setSourceMapsEnabled(before.sourceMaps);
    }
  });
});
