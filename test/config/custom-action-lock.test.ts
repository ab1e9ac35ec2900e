import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXAMPLE_LANDING_ZONE, isCi, lockFileOf, readLandingZone } from "../../config/load";
import { formatLock, lockedDefinition } from "../../config/custom-action-lock";
import { synthLandingZone } from "../../main";
import { readSynthOutput } from "../../synth/wiring";
import { exampleInput } from "../fixtures/landing-zone";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "lz-lock-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const EXAMPLE_LOCK = lockFileOf(EXAMPLE_LANDING_ZONE);
const KEY = "Build/AcmeLegacyBuild/1";

/** A folder with the landing zone (the example, changed by `change`) and, unless `lock` is null, the example's lock. */
function workspace(change: (lz: any) => void = () => {}, lock: string | null = fs.readFileSync(EXAMPLE_LOCK, "utf8")) {
  const dir = fs.mkdtempSync(path.join(root, "ws-"));
  const lz = exampleInput();
  change(lz);
  const file = path.join(dir, "landing-zone.json");
  fs.writeFileSync(file, JSON.stringify(lz, null, 2));
  const lockFile = path.join(dir, "landing-zone.lock.json");
  if (lock !== null) fs.writeFileSync(lockFile, lock);
  const outdir = path.join(dir, "out");
  const synth = (env: NodeJS.ProcessEnv = {}) => synthLandingZone({ ...env, LANDING_ZONE_CONFIG: file }, outdir);
  const readLock = () => (fs.existsSync(lockFile) ? (JSON.parse(fs.readFileSync(lockFile, "utf8")) as { customActionTypes: Record<string, any> }) : undefined);
  const stacks = () => (fs.existsSync(path.join(outdir, "stacks")) ? readSynthOutput(outdir) : []);
  return { dir, lockFile, synth, readLock, stacks, lockText: () => fs.readFileSync(lockFile, "utf8") };
}

/** The example's custom action type with its definition changed, or moved to `version`. */
const legacy = (lz: any) => lz.customActionTypes[0];
const useVersion = (lz: any, version: string) => {
  legacy(lz).version = version;
  lz.pipelines.find((p: any) => p.name === "legacy-build").stages[1].actions[0].actionType.version = version;
};

describe("the custom action type lock", () => {
  it("is committed for the example and up to date: a synth under CI accepts it and would write nothing", () => {
    const loaded = readLandingZone(EXAMPLE_LANDING_ZONE, { ci: true });
    expect(loaded.lockUpdate).toBeUndefined();
    expect(readLandingZone(EXAMPLE_LANDING_ZONE).lockUpdate).toBeUndefined();
    const lock = JSON.parse(fs.readFileSync(EXAMPLE_LOCK, "utf8"));
    expect(Object.keys(lock.customActionTypes)).toEqual(
      expect.arrayContaining(loaded.lz.customActionTypes.map((c) => `${c.category}/${c.providerName}/${c.version}`)),
    );
    // Formatted as the synth writes it, so that a synth never rewrites it.
    expect(fs.readFileSync(EXAMPLE_LOCK, "utf8")).toBe(formatLock(lock));
  });

  it("records exactly what the custom action type resource receives", () => {
    const ws = workspace();
    expect(ws.synth({ CI: "true" }).exitCode).toBe(0);
    const stack = ws.stacks().find((s) => s.id.startsWith("pipelines-"))!;
    const resource = Object.values((stack.json.resource as any).aws_codepipeline_custom_action_type)[0] as any;
    const snake = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
    const recorded = ws.readLock()!.customActionTypes[`${resource.category}/${resource.provider_name}/${resource.version}`];
    expect(resource.configuration_property).toEqual(recorded.configurationProperties);
    expect(resource.input_artifact_details).toEqual(snake(recorded.inputArtifactDetails));
    expect(resource.output_artifact_details).toEqual(snake(recorded.outputArtifactDetails));
    expect(resource.settings).toEqual(snake(recorded.settings));
  });

  it("rejects a changed definition under the same version, naming the path, the reason and the fix, and writes nothing", () => {
    const ws = workspace((lz) => (legacy(lz).configurationProperties[0].description = "Legacy build project (renamed)"));
    const before = ws.lockText();
    for (const env of [{}, { CI: "true" }]) {
      const result = ws.synth(env);
      expect(result.exitCode).toBe(1);
      expect(result.error).toContain(`customActionTypes[0]: ${KEY} differs from the definition recorded in`);
      expect(result.error).toContain('configurationProperties[0].description: "Legacy build system project" -> "Legacy build project (renamed)"');
      expect(result.error).toContain("every argument but tags forces replacement");
      expect(result.error).toContain("CodePipeline re-creates a deleted version only with its original definition");
      expect(result.error).toContain('Fix: give the changed definition a new "version"');
    }
    expect(ws.lockText()).toBe(before);
    expect(ws.stacks()).toEqual([]);
  });

  it("treats a default left out as no change", () => {
    const ws = workspace((lz) => {
      legacy(lz).configurationProperties[0].secret = undefined;
      legacy(lz).settings.revisionUrlTemplate = undefined;
    });
    expect(ws.synth({ CI: "true" }).error).toBeUndefined();
  });

  it("records a new version outside CI, keeping the old version's entry", () => {
    const ws = workspace((lz) => {
      useVersion(lz, "2");
      legacy(lz).configurationProperties[0].description = "Legacy build project (renamed)";
    });
    const result = ws.synth();
    expect(result.error).toBeUndefined();
    expect(result.report).toContain(`recorded custom action type Build/AcmeLegacyBuild/2 in ${path.join(ws.dir, "landing-zone.lock.json")}; commit it`);
    const lock = ws.readLock()!;
    expect(Object.keys(lock.customActionTypes)).toEqual([KEY, "Build/AcmeLegacyBuild/2"]);
    expect(lock.customActionTypes["Build/AcmeLegacyBuild/2"].configurationProperties[0].description).toBe("Legacy build project (renamed)");
    expect(lock.customActionTypes[KEY].configurationProperties[0].description).toBe("Legacy build system project");
    // Recorded once: the next synth, even under CI, accepts it.
    expect(ws.synth({ CI: "true" }).error).toBeUndefined();
  });

  it("rejects a new version under CI, which never writes to the repository", () => {
    const ws = workspace((lz) => useVersion(lz, "2"));
    const before = ws.lockText();
    const result = ws.synth({ CI: "true" });
    expect(result.exitCode).toBe(1);
    expect(result.error).toContain("customActionTypes[0]: Build/AcmeLegacyBuild/2 is not recorded in");
    expect(result.error).toContain("Fix: run `npx cdktf synth` locally (without CI=true), which records it, and commit");
    expect(ws.lockText()).toBe(before);
    expect(ws.stacks()).toEqual([]);
  });

  it("creates the lock outside CI and requires it under CI", () => {
    const ci = workspace(undefined, null);
    expect(ci.synth({ CI: "1" }).error).toContain(`customActionTypes[0]: ${KEY} is not recorded in`);
    expect(ci.readLock()).toBeUndefined();
    const local = workspace(undefined, null);
    expect(local.synth({ CI: "false" }).error).toBeUndefined();
    expect(local.lockText()).toBe(fs.readFileSync(EXAMPLE_LOCK, "utf8"));
  });

  it("rejects a deleted version reused with another definition, and accepts it restored as it was", () => {
    const ws = workspace((lz) => useVersion(lz, "2"));
    expect(ws.synth().error).toBeUndefined(); // version 1 deleted, 2 recorded
    const reused = workspace((lz) => {
      legacy(lz).outputArtifactDetails = { minimumCount: 1, maximumCount: 1 };
    }, ws.lockText());
    const before = reused.lockText();
    const result = reused.synth();
    expect(result.error).toContain(`customActionTypes[0]: ${KEY} differs from the definition recorded in`);
    expect(result.error).toContain("outputArtifactDetails.minimumCount: 0 -> 1");
    expect(reused.lockText()).toBe(before);
    const restored = workspace(undefined, ws.lockText());
    expect(restored.synth({ CI: "true" }).error).toBeUndefined();
  });

  it("writes no lock for a landing zone without custom action types", () => {
    const ws = workspace((lz) => {
      lz.customActionTypes = [];
      lz.pipelines = lz.pipelines.filter((p: any) => p.name !== "legacy-build");
    }, null);
    expect(ws.synth().error).toBeUndefined();
    expect(ws.readLock()).toBeUndefined();
  });

  it("rejects a lock file that is not a lock, with its name and how to recover", () => {
    const ws = workspace(undefined, '{ "customActionTypes": { "Build/AcmeLegacyBuild/1": { "inputArtifactDetails": 1 } } }');
    const result = ws.synth();
    expect(result.error).toContain(`landing-zone config ${ws.lockFile} is invalid`);
    expect(result.error).toContain("customActionTypes.Build/AcmeLegacyBuild/1");
    expect(result.error).toContain("restore it from version control (never delete it: it remembers deleted versions)");
    expect(workspace(undefined, "{ not json").synth().error).toMatch(/not valid JSON at line 1, column 3 \(.*landing-zone\.lock\.json:1:3\): .*; restore it/);
  });

  it("rejects a version defined twice", () => {
    const ws = workspace((lz) => lz.customActionTypes.push({ ...legacy(lz) }));
    expect(ws.synth().error).toContain(`customActionTypes[1]: ${KEY} is already defined by customActionTypes[0]; define each version once`);
  });

  it("names its file after the landing-zone file", () => {
    expect(lockFileOf("/x/landing-zone.json")).toBe("/x/landing-zone.lock.json");
    expect(lockFileOf("/x/prod.JSON")).toBe("/x/prod.lock.json");
    expect(lockFileOf("/x/lz")).toBe("/x/lz.lock.json");
  });

  it.each([
    [undefined, false],
    ["", false],
    ["false", false],
    ["0", false],
    ["true", true],
    ["1", true],
    ["TRUE", true],
  ])("reads CI=%s as %s", (value, expected) => {
    expect(isCi(value === undefined ? {} : { CI: value })).toBe(expected);
  });

  it("keys the definition on what forces replacement, with the module's defaults", () => {
    const base = { category: "Build" as const, providerName: "P", version: "1", workerPrincipal: { service: "ec2.amazonaws.com" }, workerHeartbeatMinutes: 10 };
    expect(lockedDefinition(base)).toEqual({
      configurationProperties: [],
      inputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
    });
    // The worker principal is the worker role's, not the type's: changing it needs no new version.
    expect(lockedDefinition({ ...base, workerPrincipal: { roleArn: "arn:aws:iam::111111111111:role/w" } })).toEqual(lockedDefinition(base));
    // So is the heartbeat alarm's period.
    expect(lockedDefinition({ ...base, workerHeartbeatMinutes: 30 })).toEqual(lockedDefinition(base));
  });
});
