/**
 * The cdktf app command (cdktf.json): synthesizes the landing zone, then proves its access paths,
 * in one process. Progress and the summary go to stdout; guardrail warnings reach the user once, as
 * the annotations cdktf prints; a failure goes to stderr, once, and leaves no stacks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { lockRecordedNote, writeLockFile } from "./config/load";
import { plural, synthLandingZone } from "./main";
import { formatAccessTable, proveAccess } from "./verify/access-proof";

export interface AppResult {
  readonly exitCode: 0 | 1;
  readonly error?: string;
}

/** ACCESS_PROOF_WORKERS: worker threads for the proof beside the main one (default: one per further core, for large proofs). */
function proofWorkers(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.ACCESS_PROOF_WORKERS;
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > 64)
    throw new Error(`ACCESS_PROOF_WORKERS=${raw}: expected a whole number from 0 to 64 (0 runs the proof on the main thread only)`);
  return Number(raw);
}

export async function runApp(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<AppResult> {
  const outdir = env.CDKTF_OUTDIR ?? "cdktf.out";
  let workers: number | undefined;
  try {
    workers = proofWorkers(env);
  } catch (e) {
    return { exitCode: 1, error: (e as Error).message };
  }
  // The lock file records new custom action type versions only once the proof has passed too.
  const result = synthLandingZone(env, outdir, { progress: log, deferLockWrite: true });
  if (result.exitCode !== 0 || !result.guardrails || !result.stacks) return { exitCode: 1, error: result.error ?? "synth failed" };
  // The stacks as rendered in memory: the same JSON as written, and there also under `synth --hcl`.
  const stacks = result.stacks;
  log(`proof: evaluating the access paths of ${plural(stacks.length, "stack")}`);
  const proof = await proveAccess(stacks, { workers, progress: log });
  if (proof.failed > 0) {
    fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
    fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
    return {
      exitCode: 1,
      error: `access proof failed: ${proof.failed} of ${plural(proof.rows.length, "path")} not as expected; the synthesized stacks were removed and nothing was recorded\n${formatAccessTable(proof, { onlyFailures: true })}`,
    };
  }
  const update = result.lockUpdate;
  if (update) writeLockFile(update);
  const g = result.guardrails;
  const resources = stacks.reduce((n, s) => n + Object.values(s.json.resource ?? {}).reduce((m, byName) => m + Object.keys(byName).length, 0), 0);
  log(
    [
      `checked ${plural(stacks.length, "stack")}, ${plural(resources, "resource")}:`,
      `  guardrails: ${plural(g.ruleCount, "rule")} over the ${plural(g.resourceCount, "resource")} they apply to: ${plural(g.errorCount, "error")}, ${plural(g.warningCount, "warning")}${g.warningCount ? " (shown by cdktf below)" : ""}, ${g.suppressed.length} suppressed`,
      ...g.unverified.map((u) => `  unverified: [${u.ruleId}] ${u.resource} in ${u.stack}: ${u.reasons.join("; ")}`),
      `  access proof: ${plural(proof.rows.length, "path")}, 0 failed`,
      ...proofNotes(proof.notes),
      ...(update ? [lockRecordedNote(update)] : []),
    ].join("\n"),
  );
  return { exitCode: 0 };
}

/** What the proof assumed rather than read from the synth (a managed policy it cannot see, ...): the first few, then how many more. */
const NOTES_SHOWN = 10;
export function proofNotes(notes: readonly string[]): string[] {
  const shown = notes.slice(0, NOTES_SHOWN).map((n) => `  unverified: [access proof] ${n}`);
  const more = notes.length - shown.length;
  return more > 0 ? [...shown, `  unverified: ${plural(more, "more note")} of the access proof (\`npm run verify:access\` lists every one)`] : shown;
}

/**
 * cdktf captures the whole stack (its frame limit raised to the maximum) of every token it creates
 * into a plain object and formats it at once, for error messages: at 1,000 targets about 0.5 s and
 * 140 MB, and mapping each frame back to TypeScript a quarter of a second more on the example.
 * Without DEBUG, such captures are left empty and source maps off; an Error's stack keeps V8's format.
 */
export function quietTokenStackTraces(): void {
  process.setSourceMapsEnabled(false);
  Error.prepareStackTrace = (target, frames) =>
    target instanceof Error ? `${Error.prototype.toString.call(target)}${frames.map((f) => `\n    at ${f}`).join("")}` : "";
}

if (require.main === module) {
  if (!process.env.DEBUG) quietTokenStackTraces();
  void runApp().then((r) => {
    if (r.error) process.stderr.write(`${r.error}\n`);
    process.exitCode = r.exitCode;
  });
}
