import { buildPipeline, sourceAction } from "./harness";

describe("Pipeline", () => {
  it("rejects a pipeline with only a source stage", () => {
    expect(() => buildPipeline([])).toThrow(/needs at least two stages/);
  });

  it("rejects a source action outside the first stage", () => {
    expect(() => buildPipeline([[sourceAction({ actionName: "Late", output: "Late", namespace: "Late" })]])).toThrow(
      /source action "Late" must be in the first stage/,
    );
  });
});
