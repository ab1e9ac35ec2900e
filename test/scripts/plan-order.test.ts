import * as fs from "node:fs";
import * as path from "node:path";
import { runPlanOrderCli, type PlanEntry } from "../../scripts/plan-order";
import { analyseWiring } from "../../synth/wiring";
import { tempDir, writeConfig, exampleInput } from "../fixtures/landing-zone";
import { synthExample } from "../fixtures/synth";

describe("npm run plan-order", () => {
  const { outdir, stacks } = synthExample();
  const lzFile = writeConfig(exampleInput());
  // The landing-zone file is older than the synth.
  fs.utimesSync(lzFile, new Date(0), new Date(0));
  const matrixFile = path.join(tempDir("plan-order-"), "matrix.json");
  const result = runPlanOrderCli(["--out", outdir, "--landing-zone", lzFile, "--matrix", matrixFile]);
  const matrix = JSON.parse(fs.readFileSync(matrixFile, "utf8")) as PlanEntry[];

  it("prints one row per stack in wave order: wave, stack, account, region, resources", () => {
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]!.split(/\s+/)).toEqual(["wave", "stack", "account", "region", "resources"]);
    const row = lines.find((l) => l.includes("target-prod"))!.split(/\s+/);
    const prod = stacks.find((s) => s.id === "target-prod")!;
    expect(row).toEqual([
      "3",
      "target-prod",
      "444444444444",
      "eu-west-1",
      String(Object.values(prod.json.resource!).reduce((n, r) => n + Object.keys(r).length, 0)),
    ]);
  });

  it("writes the matrix: every stack once, with the waves of the wiring check, its account, region, directory and provider role", () => {
    const waves = analyseWiring(stacks).waves;
    expect(matrix.map((e) => e.stack).sort()).toEqual(stacks.map((s) => s.id).sort());
    for (const e of matrix) {
      expect(waves[e.wave - 1]).toContain(e.stack);
      const provider = stacks.find((s) => s.id === e.stack)!.json.provider!.aws![0] as {
        region: string;
        allowed_account_ids: string[];
        assume_role: { role_arn: string }[];
      };
      expect(e).toEqual({
        stack: e.stack,
        wave: e.wave,
        account: provider.allowed_account_ids[0],
        region: provider.region,
        directory: path.join(outdir, "stacks", e.stack),
        roleArn: provider.assume_role[0]!.role_arn,
      });
      expect(fs.existsSync(path.join(e.directory, "cdk.tf.json"))).toBe(true);
    }
    expect(matrix.find((e) => e.stack === "pipelines-eu-west-1")!.wave).toBe(waves.length);
  });

  it("fails with exit 2 and one line naming --matrix, the file and why when it cannot write the matrix", () => {
    const notADir = path.join(tempDir("plan-order-"), "file");
    fs.writeFileSync(notADir, "x");
    const r = runPlanOrderCli(["--out", outdir, "--landing-zone", lzFile, "--matrix", path.join(notADir, "m.json")]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: `--matrix ${path.join(notADir, "m.json")}: cannot write: ${notADir} is not a directory` });
    const missing = path.join(tempDir("plan-order-"), "no-such-dir", "m.json");
    expect(runPlanOrderCli(["--out", outdir, "--landing-zone", lzFile, "--matrix", missing]).stderr).toBe(
      `--matrix ${missing}: cannot write: ${path.dirname(missing)} does not exist`,
    );
  });

  it("fails with exit 2 and a message when cdktf.out is missing", () => {
    const r = runPlanOrderCli(["--out", path.join(tempDir("plan-order-"), "cdktf.out"), "--landing-zone", lzFile]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(/manifest\.json not found: run `npx cdktf synth` first/);
  });

  it("fails with exit 2 and a message when cdktf.out is older than the landing-zone file", () => {
    const newer = writeConfig(exampleInput());
    fs.utimesSync(newer, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    const r = runPlanOrderCli(["--out", outdir, "--landing-zone", newer, "--matrix", matrixFile]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(/is older than .*: run `npx cdktf synth` again, then plan-order$/);
  });
});
