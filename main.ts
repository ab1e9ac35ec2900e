import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { CONFIG_CONTEXT_KEY, loadLandingZone, resolveLandingZoneFile } from "./config/load";
import { buildLandingZone } from "./stacks/landing-zone";

export interface SynthResult {
  readonly exitCode: 0 | 1;
  /** What went wrong, when exitCode is 1. */
  readonly error?: string;
}

/**
 * Composition root: config -> stacks -> synth. Everything is built and validated before anything
 * is written; on failure the previous synth's stacks are removed so CI cannot apply stale JSON.
 */
export function synthLandingZone(env: NodeJS.ProcessEnv = process.env, outdir = env.CDKTF_OUTDIR ?? "cdktf.out"): SynthResult {
  const app = new App({ outdir });
  try {
    const file = resolveLandingZoneFile(env, app.node.tryGetContext(CONFIG_CONTEXT_KEY));
    buildLandingZone(app, loadLandingZone(file));
  } catch (e) {
    removeStaleOutput(outdir);
    return { exitCode: 1, error: env.DEBUG ? String((e as Error).stack) : (e as Error).message };
  }
  app.synth();
  return { exitCode: 0 };
}

function removeStaleOutput(outdir: string): void {
  fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
  fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
}

if (require.main === module) {
  const result = synthLandingZone();
  if (result.error) process.stderr.write(`${result.error}\n`);
  process.exitCode = result.exitCode;
}
