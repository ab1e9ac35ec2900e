import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runWavesCli } from "../../scripts/waves";
import { tempDir, writeConfig } from "../fixtures/landing-zone";

const root = path.join(__dirname, "..", "..");
const cdktf = path.join(root, "node_modules", ".bin", "cdktf");

// The README's own command, end to end through the cdktf CLI and the app command in cdktf.json.
function cdktfSynth(outdir: string, env: Record<string, string> = {}) {
  return spawnSync(cdktf, ["synth", "--output", outdir], {
    cwd: root,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null", CI: "true", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npx cdktf synth", () => {
  it("writes every stack of the example landing zone", () => {
    const outdir = tempDir("lz-cli-");
    const run = cdktfSynth(outdir);
    expect(run.status).toBe(0);
    const stacks = fs.readdirSync(path.join(outdir, "stacks")).sort();
    expect(stacks).toEqual(["pipelines-eu-west-1", "target-dev", "target-prod", "target-staging", "tools-eu-central-1", "tools-eu-west-1", "tools-us-east-1"]);
    const waves = runWavesCli(["--out", outdir, "--json"]);
    expect(waves.code).toBe(0);
    expect(JSON.parse(waves.stdout)).toEqual([
      ["tools-eu-central-1", "tools-us-east-1"],
      ["tools-eu-west-1"],
      ["target-dev", "target-prod", "target-staging"],
      ["pipelines-eu-west-1"],
    ]);
  });

  it("writes HCL with --hcl, after the same guardrails and access proof", () => {
    const outdir = tempDir("lz-cli-");
    const run = spawnSync(cdktf, ["synth", "--hcl", "--output", outdir], {
      cwd: root,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null", CI: "true" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/access proof: \d+ paths, 0 failed/);
    expect(fs.existsSync(path.join(outdir, "stacks", "pipelines-eu-west-1", "cdk.tf"))).toBe(true);
  });

  it("fails with the config error and exit code 1, writing no stack, for a bad file chosen by LANDING_ZONE_CONFIG", () => {
    const outdir = tempDir("lz-cli-");
    const run = cdktfSynth(outdir, { LANDING_ZONE_CONFIG: writeConfig('{ "name": "acme" ') });
    expect(run.status).toBe(1);
    expect(run.stderr + run.stdout).toContain("landing-zone config");
    expect(run.stderr + run.stdout).toContain("not valid JSON");
    expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(false);
    expect(fs.readdirSync(outdir).filter((f) => f !== "stacks")).toEqual([]);
    expect(fs.existsSync(path.join(outdir, "stacks")) ? fs.readdirSync(path.join(outdir, "stacks")) : []).toEqual([]);
  });
});

describe("scripts/waves.ts", () => {
  it("exits 2 and says what to do when there is no synth output", () => {
    const r = runWavesCli(["--out", path.join(tempDir(), "nothing")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("run `npx cdktf synth` first");
  });
});
