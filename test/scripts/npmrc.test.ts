import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderNpmrc } from "../../scripts/npmrc";

// The repository's .npmrc gives every npm script and `npx` command a Node.js preload that keeps the
// cdktf CLI quiet offline; here it is read as npm reads it and run as Node runs it.
const line = fs
  .readFileSync(path.resolve(__dirname, "../../.npmrc"), "utf8")
  .split("\n")
  .find((l) => l.startsWith("node-options="));
const value = line?.slice("node-options=".length) ?? "";

/** NODE_OPTIONS as npm sets it, given the user's own. */
const nodeOptions = (user: string | undefined) => value.replace("${NODE_OPTIONS?}", user ?? "").trim();

function envAfterPreload(env: Record<string, string | undefined>, user?: string): Record<string, string | undefined> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !["NODE_OPTIONS", "CHECKPOINT_DISABLE", "TF_CLI_CONFIG_FILE"].includes(k)));
  const run = spawnSync(
    process.execPath,
    [
      "-e",
      "process.stdout.write(JSON.stringify({c: process.env.CHECKPOINT_DISABLE, t: process.env.TF_CLI_CONFIG_FILE, heap: require('v8').getHeapStatistics().heap_size_limit}))",
    ],
    {
      env: { ...clean, ...env, NODE_OPTIONS: nodeOptions(user) },
      encoding: "utf8",
      cwd: os.tmpdir(),
    },
  );
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as Record<string, string | undefined>;
}

describe(".npmrc node-options", () => {
  it("is generated from scripts/node-preload.mjs (run `npm run gen` when this fails)", () => {
    expect(fs.readFileSync(path.resolve(__dirname, "../../.npmrc"), "utf8")).toBe(renderNpmrc());
    expect(decodeURIComponent(value.split("data:text/javascript,")[1] ?? "")).toContain("env.CHECKPOINT_DISABLE ??=");
  });

  it("keeps the user's NODE_OPTIONS, after its own heap limit so that theirs wins", () => {
    expect(value.startsWith("--max-old-space-size=4096 ${NODE_OPTIONS?} --import=data:text/javascript,")).toBe(true);
    const mb = (o: Record<string, unknown>) => Math.round(Number(o.heap) / 2 ** 20);
    expect(mb(envAfterPreload({}))).toBeGreaterThanOrEqual(4096);
    expect(mb(envAfterPreload({}, "--max-old-space-size=1024"))).toBeLessThan(2048);
  });

  it("turns the checkpoint lookup off unless the user set CHECKPOINT_DISABLE, from any directory", () => {
    expect(envAfterPreload({}).c).toBe("1");
    expect(envAfterPreload({ CHECKPOINT_DISABLE: "" }).c).toBe("");
  });

  it("points TF_CLI_CONFIG_FILE at the null device only when it names a missing file", () => {
    const missing = path.join(os.tmpdir(), "no-such-dir-npmrc-test", ".terraformrc");
    expect(envAfterPreload({ TF_CLI_CONFIG_FILE: missing }).t).toBe(os.devNull);
    const existing = path.resolve(__dirname, "../../package.json");
    expect(envAfterPreload({ TF_CLI_CONFIG_FILE: existing }).t).toBe(existing);
    expect(envAfterPreload({}).t).toBeUndefined();
  });

  // The README's command with a bad file, its output piped as in CI but without CI set.
  function failedSynth(preload: boolean) {
    // Named by itself, so that the CDK Terrain run (compat:cdktn) renames it to its CLI.
    const cdktf = path.resolve(__dirname, "../..", "node_modules", ".bin", "cdktf");
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-npmrc-"));
    try {
      const run = spawnSync(cdktf, ["synth", "--output", outdir], {
        cwd: path.resolve(__dirname, "../.."),
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          CHECKPOINT_DISABLE: "1",
          TF_CLI_CONFIG_FILE: os.devNull,
          LANDING_ZONE_CONFIG: "no/such/landing-zone.json",
          NODE_OPTIONS: preload ? nodeOptions(undefined) : "--max-old-space-size=4096",
        },
        encoding: "utf8",
        timeout: 60_000,
      });
      return { status: run.status, text: `${run.stdout}${run.stderr}` };
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  const copies = (text: string) => text.split("no/such/landing-zone.json is invalid").length - 1;
  const frames = (text: string) => (text.match(/Synthesizing/g) ?? []).length;

  it("leaves the cdktf CLI one copy of a failed app's message and no spinner frames in piped output", () => {
    const quiet = failedSynth(true);
    expect(quiet.status).toBe(1);
    expect(copies(quiet.text)).toBe(1);
    expect(quiet.text).toContain("Synth command: node --import tsx app.ts");
    expect(quiet.text).not.toContain("Command output on stderr");
    expect(frames(quiet.text)).toBeLessThanOrEqual(2);
    // What the preload changes: the CLI alone repeats the message (cdktf's also draws about a frame
    // per 80 ms here, a dozen before the app fails; CDK Terrain's draws none in a pipe).
    const alone = failedSynth(false);
    expect(alone.status).toBe(1);
    expect(copies(alone.text)).toBe(2);
  });
});
