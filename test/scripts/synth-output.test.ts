/**
 * The commands that read the synth output (waves, plan-order, diagram, verify:access, the schema
 * check) on one it cannot read: HCL from `cdktf synth --hcl`, or a corrupt stack file. Each says
 * what is wrong and what to run in one line, exit code 2.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runDiagramCli } from "../../scripts/diagram";
import { runPlanOrderCli } from "../../scripts/plan-order";
import { runSchemaCheckCli } from "../../scripts/schema-check";
import { runVerifyAccessCli } from "../../scripts/verify-access";
import { runWavesCli } from "../../scripts/waves";
import { readSynthOutput, SynthOutputError } from "../../synth/wiring";
import type { CliResult } from "../../verify/cli";
import { exampleInput, tempDir, writeConfig } from "../fixtures/landing-zone";
import { providerSchemaPath } from "../fixtures/provider-schema";
import { synthExample, synthExampleHcl } from "../fixtures/synth";

const SCHEMA = providerSchemaPath();

// The landing-zone file, older than every synth of this file.
const lzFile = writeConfig(exampleInput());
fs.utimesSync(lzFile, new Date(0), new Date(0));

const READERS: Record<string, (out: string) => CliResult | Promise<CliResult>> = {
  waves: (out) => runWavesCli(["--out", out]),
  "plan-order": (out) => runPlanOrderCli(["--out", out, "--landing-zone", lzFile, "--matrix", path.join(tempDir(), "m.json")]),
  diagram: (out) => runDiagramCli(["--out", out, "--landing-zone", lzFile]),
  "verify:access": (out) => runVerifyAccessCli(["--out", out]),
  "schema check": (out) => runSchemaCheckCli(["--out", out, "--schema", SCHEMA], {}),
};

const oneLine = (r: CliResult) => {
  expect(r.stderr.split("\n")).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

describe("a synth output written as HCL (cdktf synth --hcl)", () => {
  const hcl = synthExampleHcl();

  it("is what cdktf writes: cdk.tf in every stack folder, no cdk.tf.json, the manifest naming cdk.tf", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(hcl, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
    for (const [id, s] of Object.entries(manifest.stacks)) {
      expect(s.synthesizedStackPath).toBe(path.join("stacks", id, "cdk.tf"));
      expect(fs.existsSync(path.join(hcl, "stacks", id, "cdk.tf"))).toBe(true);
      expect(fs.existsSync(path.join(hcl, "stacks", id, "cdk.tf.json"))).toBe(false);
    }
  });

  it("is refused by the shared reader with a SynthOutputError saying to synthesize the JSON", () => {
    expect(() => readSynthOutput(hcl)).toThrow(SynthOutputError);
    expect(() => readSynthOutput(hcl)).toThrow(
      /stacks\/\S+ \(and 6 more stack folders\) holds HCL \(cdk\.tf\) from `cdktf synth --hcl`; .*run `npx cdktf synth` first/,
    );
  });

  it.each(Object.keys(READERS))("%s: one line saying the folder holds HCL and to run `npx cdktf synth`, exit code 2", async (name) => {
    const r = await READERS[name]!(hcl);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(
      new RegExp(
        `${hcl}/stacks/[\\w-]+ .*holds HCL \\(cdk\\.tf\\) from \`cdktf synth --hcl\`; this command reads the JSON \\(cdk\\.tf\\.json\\): run \`npx cdktf synth\` first`,
      ),
    );
    expect(r.stderr).not.toMatch(/Unexpected token|is not valid JSON/);
    oneLine(r);
  });

  it("is refused also when a JSON synth left its cdk.tf.json beside the newer cdk.tf", () => {
    const mixed = path.join(tempDir(), "cdktf.out");
    fs.cpSync(hcl, mixed, { recursive: true });
    fs.writeFileSync(path.join(mixed, "stacks", "target-dev", "cdk.tf.json"), "{}");
    expect(() => readSynthOutput(mixed)).toThrow(/holds HCL/);
  });
});

describe("a JSON synth output", () => {
  const { outdir, stacks } = synthExample();
  const copy = () => {
    const out = path.join(tempDir(), "cdktf.out");
    fs.cpSync(outdir, out, { recursive: true });
    return out;
  };

  it("is read as before when a stack folder also holds a cdk.tf left over from an HCL synth", () => {
    const out = copy();
    fs.writeFileSync(path.join(out, "stacks", "target-dev", "cdk.tf"), "terraform {\n}\n");
    expect(readSynthOutput(out).map((s) => s.id)).toEqual(stacks.map((s) => s.id));
  });

  describe("with a corrupt cdk.tf.json", () => {
    const out = copy();
    const file = path.join(out, "stacks", "target-prod", "cdk.tf.json");
    fs.writeFileSync(file, '{"resource": ');

    it.each(Object.keys(READERS).filter((r) => r !== "schema check"))("%s: one line naming the file, exit code 2", async (name) => {
      const r = await READERS[name]!(out);
      expect(r).toMatchObject({ code: 2, stdout: "" });
      expect(r.stderr).toContain(`${file} is not valid JSON (`);
      expect(r.stderr).toMatch(/: run `npx cdktf synth` again/);
      oneLine(r);
    });

    it("the schema check reports it as an error of that stack (exit code 1), as before", async () => {
      const r = await READERS["schema check"]!(out);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^ERROR {3}\[target-prod\] cdk\.tf\.json: cannot read stack JSON: /m);
    });
  });

  it("with a corrupt manifest: one line naming it, exit code 2", async () => {
    const out = copy();
    fs.writeFileSync(path.join(out, "manifest.json"), "");
    const r = await READERS.waves!(out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(out, "manifest.json")} is not valid JSON (`);
    oneLine(r);
  });

  it("with a stack file missing that the manifest lists: one line naming it, exit code 2", async () => {
    const out = copy();
    fs.rmSync(path.join(out, "stacks", "target-prod", "cdk.tf.json"));
    const r = await READERS["plan-order"]!(out);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(/target-prod\/cdk\.tf\.json not found \(listed in .*manifest\.json\): run `npx cdktf synth` again$/);
  });
});
