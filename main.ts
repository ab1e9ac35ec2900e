import * as fs from "node:fs";
import * as path from "node:path";
import { Annotations, App } from "cdktf";
import type { IConstruct } from "constructs";
import { chooseLandingZoneFile, CONFIG_CONTEXT_KEY, isCi, lockRecordedNote, type LockUpdate, readLandingZone, writeLockFile } from "./config/load";
import type { LandingZone } from "./config/schema";
import { formatGuardrailReport, type GuardrailReport, renderStacks, runGuardrails, suppressRule } from "./guardrails";
import { annotationText } from "./guardrails/pack";
import type { SynthesizedStack } from "./synth/wiring";
import { AccountStack } from "./stacks/account-stack";
import { locateFinding } from "./stacks/file-location";
import { buildLandingZone } from "./stacks/landing-zone";

export interface SynthResult {
  readonly exitCode: 0 | 1;
  /** What went wrong, when exitCode is 1. */
  readonly error?: string;
  /** Guardrail warnings and the summary line (and versions recorded in the lock file), when the synth went through. */
  readonly report?: string;
  /** The guardrails' verdict, when the synth went through. */
  readonly guardrails?: GuardrailReport;
  /** The custom action type versions recorded in the lock file, when any. */
  readonly recorded?: string;
  /** With `deferLockWrite`: the lock file update the caller writes once its own checks passed. */
  readonly lockUpdate?: LockUpdate;
  /** Every stack as written (JSON), also when cdktf writes HCL (`synth --hcl`). */
  readonly stacks?: readonly SynthesizedStack[];
}

/**
 * Composition root: config -> stacks -> guardrails -> synth. Everything is built and checked before
 * anything is written; on failure the previous synth's stacks are removed so CI cannot apply stale JSON.
 */
export interface SynthOptions {
  /** Told each phase as it starts. @default silent */
  readonly progress?: (line: string) => void;
  /** Return the lock file update instead of writing it, for a caller that checks more first (the access proof). @default false */
  readonly deferLockWrite?: boolean;
}

export function synthLandingZone(env: NodeJS.ProcessEnv = process.env, outdir = env.CDKTF_OUTDIR ?? "cdktf.out", options: SynthOptions = {}): SynthResult {
  const progress = options.progress ?? (() => {});
  const app = new App({ outdir });
  let report: string;
  let guardrails: GuardrailReport;
  let recorded: string | undefined;
  let deferred: LockUpdate | undefined;
  let stacks: SynthesizedStack[];
  try {
    const { file, shown } = chooseLandingZoneFile(env, app.node.tryGetContext(CONFIG_CONTEXT_KEY));
    progress(`load: ${shown}`);
    const { lz, lockUpdate } = readLandingZone(file, { ci: isCi(env), shown });
    progress(`build: ${lz.targets.length} targets, ${lz.pipelines.length} pipelines`);
    const built = buildLandingZone(app, lz);
    const byPath = new Map<string, IConstruct>(app.node.findAll().map((c) => [c.node.path, c]));
    applySuppressions(byPath, lz);
    progress(`guardrails: checking ${plural(built.all.length, "stack")}`);
    stacks = renderStacks(app);
    const checked = runGuardrails(app, { stacks });
    guardrails = { ...checked, findings: checked.findings.map((f) => locateFinding(lz, f)) };
    report = formatGuardrailReport(guardrails);
    if (guardrails.errorCount > 0) throw new Error(`the landing zone breaks guardrails:\n${report}`);
    // Warnings travel as annotations, which `cdktf synth` prints with the construct path.
    for (const f of guardrails.findings) Annotations.of(byPath.get(f.constructPath) ?? app).addWarning(annotationText(f));
    // Last, so that a failed synth records nothing (CI never gets here with an update: see readLandingZone).
    if (lockUpdate && options.deferLockWrite) deferred = lockUpdate;
    else if (lockUpdate) {
      writeLockFile(lockUpdate);
      recorded = lockRecordedNote(lockUpdate);
      report += `\n${recorded}`;
    }
  } catch (e) {
    removeStaleOutput(outdir);
    return { exitCode: 1, error: env.DEBUG ? String((e as Error).stack) : (e as Error).message };
  }
  progress(`write: ${plural(stacks.length, "stack")} to ${outdir}`);
  // The stacks as the guardrails rendered them, unchanged since: written without resolving again.
  const byId = new Map(stacks.map((s) => [s.id, s.json]));
  for (const s of app.node.findAll()) if (s instanceof AccountStack && byId.has(s.node.id)) s.reuseRender(byId.get(s.node.id)!);
  removeOtherFormat(outdir, stacks, app.hclOutput);
  app.synth();
  return { exitCode: 0, report, guardrails, stacks, ...(recorded ? { recorded } : {}), ...(deferred ? { lockUpdate: deferred } : {}) };
}

/** "1 stack", "1,007 stacks". */
export const plural = (n: number, word: string): string => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

function applySuppressions(byPath: ReadonlyMap<string, IConstruct>, lz: LandingZone): void {
  lz.guardrails.suppressions.forEach((s, i) => {
    const target = byPath.get(s.constructPath);
    if (!target) throw new Error(`guardrails.suppressions[${i}].constructPath: "${s.constructPath}" is not a construct of this landing zone`);
    suppressRule(target, s.ruleId, s.reason);
  });
}

/**
 * cdktf keeps the stack folders it writes into (Terraform's own files may be there) and writes
 * `cdk.tf.json`, or `cdk.tf` and `metadata.json` under `--hcl`. The other format's files from an
 * earlier synth would stay beside the new ones, and Terraform would load both.
 */
function removeOtherFormat(outdir: string, stacks: readonly SynthesizedStack[], hcl: boolean): void {
  const other = hcl ? ["cdk.tf.json"] : ["cdk.tf", "metadata.json"];
  for (const s of stacks) for (const file of other) fs.rmSync(path.join(outdir, "stacks", s.id, file), { force: true });
}

function removeStaleOutput(outdir: string): void {
  fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
  fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
}

if (require.main === module) {
  const result = synthLandingZone();
  if (result.error) process.stderr.write(`${result.error}\n`);
  // Warnings and the summary go to stderr so they show next to cdktf's own output.
  else if (result.report) process.stderr.write(`${result.report}\n`);
  process.exitCode = result.exitCode;
}
