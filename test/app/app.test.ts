import * as fs from "node:fs";
import * as path from "node:path";
import { proofNotes, runApp } from "../../app";
import { synthLandingZone } from "../../main";
import { readSynthOutput } from "../../synth/wiring";
import { EXAMPLE_LANDING_ZONE, lockFileOf } from "../../config/load";
import { exampleInput, tempDir, writeConfig } from "../fixtures/landing-zone";

// cdktf.json's app command: synth and proof in one process, quiet on success, one message on failure.
describe("the app command", () => {
  it("prints its phases and a summary naming stacks, resources, rules, unverified checks and paths, and no ERROR line", async () => {
    const lines: string[] = [];
    const outdir = tempDir("lz-app-");
    const r = await runApp({ CDKTF_OUTDIR: outdir }, (l) => lines.push(l));
    expect(r).toEqual({ exitCode: 0 });
    const text = lines.join("\n");
    expect(lines.slice(0, 5).map((l) => l.split(":")[0])).toEqual(["load", "build", "guardrails", "write", "proof"]);
    expect(lines[0]).toBe("load: config/example/landing-zone.json");
    expect(text).toMatch(/^checked 7 stacks, \d+ resources:$/m);
    expect(text).toMatch(/^ {2}guardrails: 24 rules over the \d+ resources they apply to: 0 errors, 1 warning \(shown by cdktf below\), 0 suppressed$/m);
    expect(text).toMatch(/^ {2}unverified: \[CP-LAMBDA-1\] .* is not a resource of this app$/m);
    expect(text).toMatch(/^ {2}access proof: \d+ paths, 0 failed$/m);
    // What the proof assumed: the CloudFormation and stack set execution roles' attached policies.
    const assumed = text.split("\n").filter((l) => l.startsWith("  unverified: [access proof] "));
    expect(assumed).toHaveLength(6);
    for (const l of assumed)
      expect(l).toMatch(
        /:role\/acme-(cloudformation|stackset)-execution: attached policy arn:aws:iam::\d{12}:policy\/acme-\w+-cloudformation-deploy is not in the synth \(assumed /,
      );
    expect(text).not.toMatch(/ERROR/);
    expect(fs.readdirSync(path.join(outdir, "stacks"))).toHaveLength(7);
    // The README's quick start shows this summary: its counts are the app's (the unverified line is
    // shortened there).
    const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
    const counted = (l: string) => /^(checked| {2}guardrails:| {2}access proof:)/.test(l);
    const shown = readme
      .slice(readme.indexOf("\nchecked ") + 1)
      .split("\n")
      .slice(0, 4)
      .filter(counted);
    expect(shown).toHaveLength(3);
    expect(shown).toEqual(text.split("\n").filter(counted));
    // ... and the access proof's section gives the same count (`npm run verify:access` passes one line per path).
    const paths = /^ {2}access proof: (\d+) paths, 0 failed$/m.exec(text)![1];
    expect(/Over the example: (\d+) passed,\s+0 failed\./.exec(readme)?.[1]).toBe(paths);
  });

  it("lists the first ten notes of the access proof as unverified, then how many more", () => {
    const notes = Array.from({ length: 12 }, (_, i) => `note ${i}`);
    expect(proofNotes(notes.slice(0, 10))).toEqual(notes.slice(0, 10).map((n) => `  unverified: [access proof] ${n}`));
    const shown = proofNotes(notes);
    expect(shown).toHaveLength(11);
    expect(shown[9]).toBe("  unverified: [access proof] note 9");
    expect(shown[10]).toBe("  unverified: 2 more notes of the access proof (`npm run verify:access` lists every one)");
    expect(proofNotes([])).toEqual([]);
  });

  it("returns one error for a bad file and writes no stack", async () => {
    const lines: string[] = [];
    const outdir = tempDir("lz-app-");
    const r = await runApp({ CDKTF_OUTDIR: outdir, LANDING_ZONE_CONFIG: writeConfig({ name: "acme" }) }, (l) => lines.push(l));
    expect(r.exitCode).toBe(1);
    expect(r.error).toMatch(/landing-zone config/);
    expect(lines.join("\n")).not.toContain(r.error!);
    expect(fs.existsSync(path.join(outdir, "stacks")) ? fs.readdirSync(path.join(outdir, "stacks")) : []).toEqual([]);
  });

  it("proves the stacks it renders in memory, which are exactly the JSON it writes (so `synth --hcl` is proved too)", () => {
    const outdir = tempDir("lz-app-");
    const result = synthLandingZone({ CDKTF_OUTDIR: outdir }, outdir);
    const written = readSynthOutput(outdir);
    expect(result.stacks!.map((s) => s.id).sort()).toEqual(written.map((s) => s.id).sort());
    for (const w of written) expect(JSON.parse(JSON.stringify(result.stacks!.find((s) => s.id === w.id)!.json))).toEqual(w.json);
  });

  it("leaves one format in each stack folder when `synth --hcl` and a plain synth share cdktf.out", () => {
    const outdir = tempDir("lz-app-");
    const files = () => fs.readdirSync(path.join(outdir, "stacks", "target-dev")).sort();
    const synth = (hcl: boolean) => {
      const before = process.env.SYNTH_HCL_OUTPUT;
      if (hcl) process.env.SYNTH_HCL_OUTPUT = "true";
      else delete process.env.SYNTH_HCL_OUTPUT;
      try {
        expect(synthLandingZone({ CDKTF_OUTDIR: outdir }, outdir).exitCode).toBe(0);
      } finally {
        if (before === undefined) delete process.env.SYNTH_HCL_OUTPUT;
        else process.env.SYNTH_HCL_OUTPUT = before;
      }
    };
    synth(false);
    // Terraform's own files in a stack folder stay.
    fs.writeFileSync(path.join(outdir, "stacks", "target-dev", ".terraform.lock.hcl"), "");
    synth(true);
    expect(files()).toEqual([".terraform.lock.hcl", "cdk.tf", "metadata.json"]);
    synth(false);
    expect(files()).toEqual([".terraform.lock.hcl", "cdk.tf.json"]);
  });

  it("records a new custom action type version in the lock only after the access proof passed", async () => {
    const dir = tempDir("lz-app-lock-");
    const lz = exampleInput();
    lz.customActionTypes[0].version = "2";
    lz.pipelines.find((p: { name: string }) => p.name === "legacy-build").stages[1].actions[0].actionType.version = "2";
    const file = writeConfig(lz, dir);
    const lockFile = lockFileOf(file);
    const before = fs.readFileSync(lockFileOf(EXAMPLE_LANDING_ZONE), "utf8");
    fs.writeFileSync(lockFile, before);
    const env = { LANDING_ZONE_CONFIG: file, CDKTF_OUTDIR: path.join(dir, "out") };
    // Deferred: the synth alone returns the update and writes nothing.
    const deferred = synthLandingZone(env, env.CDKTF_OUTDIR, { deferLockWrite: true });
    expect(deferred.lockUpdate?.added).toEqual(["Build/AcmeLegacyBuild/2"]);
    expect(fs.readFileSync(lockFile, "utf8")).toBe(before);
    const lines: string[] = [];
    expect(await runApp(env, (l) => lines.push(l))).toEqual({ exitCode: 0 });
    expect(lines.join("\n")).toMatch(/recorded custom action type Build\/AcmeLegacyBuild\/2 in .*; commit it/);
    expect(Object.keys(JSON.parse(fs.readFileSync(lockFile, "utf8")).customActionTypes)).toContain("Build/AcmeLegacyBuild/2");
  });
});
