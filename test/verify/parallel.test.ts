import { buildModel, planPaths } from "../../verify/access-proof";
import { evaluateAll, PARALLEL_MIN_CHECKS, workerCount } from "../../verify/access/parallel";
import { exampleLandingZone } from "../../verify/landing-zones";
import { synthExample } from "../fixtures/synth";
import { runApp } from "../../app";

describe("the proof on several threads", () => {
  it("gives every check the verdict it gets on one thread, in check order", async () => {
    const { stacks } = synthExample(exampleLandingZone());
    const checks = planPaths(buildModel(stacks)).checks;
    const one = await evaluateAll(checks, 0);
    const three = await evaluateAll(checks, 2);
    expect(three).toHaveLength(checks.length);
    expect(three).toEqual(one);
    expect(new Set(one.map((o) => o.result))).toEqual(new Set(["ALLOWED", "DENIED"]));
  }, 120_000);

  it("uses one worker per further core (at most 8 threads) from the threshold on, none below it", () => {
    expect(workerCount(PARALLEL_MIN_CHECKS - 1, 2)).toBe(0);
    expect(workerCount(PARALLEL_MIN_CHECKS, 2)).toBe(1);
    expect(workerCount(PARALLEL_MIN_CHECKS, 1)).toBe(0);
    expect(workerCount(100_000, 32)).toBe(7);
  });

  it("rejects a bad ACCESS_PROOF_WORKERS before writing anything", async () => {
    for (const bad of ["-1", "two", "1.5", "65"]) {
      const r = await runApp({ ACCESS_PROOF_WORKERS: bad, CDKTF_OUTDIR: "/nonexistent/never-written" }, () => undefined);
      expect(r).toEqual({ exitCode: 1, error: expect.stringContaining(`ACCESS_PROOF_WORKERS=${bad}: expected a whole number from 0 to 64`) });
    }
  });
});
