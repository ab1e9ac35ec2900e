/**
 * The rollout rehearsed end to end on the embedded example, the way an organisation's CI rolls it out:
 * the real CLI and AWS provider against moto (server mode, 127.0.0.1 only).
 *
 *   npm run rehearse [-- --keep]
 *
 *  1. prerequisites: state bucket, state role, the deploy role in every account (a Terraform module);
 *  2. every wave of scripts/waves.ts applied in order, each stack assuming its deploy role into its own
 *     account, state in the emulator's S3 (S3 lock file), remote-state reads from that state;
 *  3. a second plan of every stack, which must show no changes;
 *  4. destroy in reverse wave order, which must leave nothing behind.
 * Test-only settings live in override files written next to each stack. The last line is
 * `N passed, N failed`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { parseCli, printResult, type CliHelp, type CliResult } from "../cli";
import { analyseWiring, type SynthesizedStack } from "../../synth/wiring";
import { exampleLandingZone } from "../landing-zones";
import { ensureMotoEnv, startMoto, type MotoServer } from "./moto";
import {
  EMULATOR_DIFFS,
  EMULATOR_LEFTOVERS,
  emulatorDiff,
  planStack,
  prerequisites,
  prerequisitesModule,
  rehearsalOverride,
  emulatorProbeScript,
  UNSUPPORTED_TYPES,
  type StackPlan,
} from "./rehearsal-model";
import { pool, runCli, seconds, stackDir, synthInto, tf, writeProviderOverride, type RunResult } from "./terraform";
import { ensureToolchain, type Toolchain } from "./toolchain";

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Environment of every engine run. The S3 Control client puts the account id in front of the endpoint's
 * host (`111111111111.127.0.0.1`), which no resolver knows; Go's HTTP client sends such a request
 * through HTTP_PROXY (loopback addresses never go through it), and the proxy is moto itself, which
 * serves the absolute URL it receives.
 */
let emulatorEnv: NodeJS.ProcessEnv = {};

/** The CLI's error blocks, one line each (the command's whole output is in its .log next to the stack). */
function failure(step: string, r: RunResult): string {
  const text = `${r.stderr}\n${r.stdout}`.replace(/\u001b\[[0-9;]*m/g, "");
  const blocks = text
    .split(/\n(?=Error: )/)
    .filter((b) => b.startsWith("Error: "))
    .map((b) => b.replace(/[│╷╵]/g, " ").replace(/\s+/g, " ").trim().slice(0, 500));
  const shown = [...new Set(blocks)];
  return `${step} exited ${r.code}: ${(shown.length > 0 ? shown.slice(0, 8) : text.trim().split("\n").slice(-10)).join("\n      ")}${shown.length > 8 ? `\n      ... ${shown.length - 8} more` : ""}`;
}

function targetArgs(plan: StackPlan): string[] {
  return plan.excluded.length === 0 ? [] : plan.included.map((a) => `-target=${a}`);
}

/** Resource addresses in a stack's state. */
async function stateList(tc: Toolchain, dir: string): Promise<string[]> {
  const r = await tf(tc, ["state", "list"], dir, emulatorEnv);
  return r.code === 0 ? r.stdout.split("\n").filter((l) => l && !l.startsWith("data.")) : [];
}

/**
 * Planned changes of a saved plan, one line per resource that is not a no-op, with the attributes that
 * differ; changes that only touch attributes moto does not keep (EMULATOR_DIFFS) come back apart.
 */
async function planChanges(tc: Toolchain, dir: string, planFile: string): Promise<{ changes: string[]; emulator: string[] }> {
  const r = await tf(tc, ["show", "-json", planFile], dir, emulatorEnv);
  if (r.code !== 0) return { changes: [failure("show", r)], emulator: [] };
  const plan = JSON.parse(r.stdout) as {
    resource_changes?: { address: string; type: string; change: { actions: string[]; before?: Record<string, unknown>; after?: Record<string, unknown> } }[];
  };
  const out = { changes: [] as string[], emulator: [] as string[] };
  for (const c of plan.resource_changes ?? []) {
    if (c.change.actions.length === 1 && (c.change.actions[0] === "no-op" || c.change.actions[0] === "read")) continue;
    const before = c.change.before ?? {};
    const after = c.change.after ?? {};
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    const line = `${c.change.actions.join("+")} ${c.address}${keys.length ? ` (${keys.join(", ")})` : ""}`;
    if (emulatorDiff(c.type, c.change.actions, keys)) out.emulator.push(`${line}: ${keys.map((k) => EMULATOR_DIFFS[`${c.type}.${k}`]!.reason).join("; ")}`);
    else out.changes.push(line);
  }
  return out;
}

/** Everything the emulator holds in the landing zone's accounts and regions (verify/engines/inventory.py). */
function inventory(python: string, moto: MotoServer, lz: Record<string, any>): Map<string, Set<string>> {
  const accounts = [lz.tools.accountId, ...lz.targets.map((t: { accountId: string }) => t.accountId)];
  const regions = [
    ...new Set<string>([lz.tools.primaryRegion, ...(lz.tools.replicaRegions ?? []), ...lz.targets.flatMap((t: { regions: string[] }) => t.regions)]),
  ];
  const r = spawnSync(python, [path.join(__dirname, "inventory.py"), moto.endpoint, accounts.join(","), regions.join(",")], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`the emulator's inventory failed: ${r.stderr.trim().split("\n").slice(-5).join(" ")}`);
  const listed = JSON.parse(r.stdout) as Record<string, string[]>;
  return new Map(Object.entries(listed).map(([k, ids]) => [k, new Set(ids)]));
}

interface Leftover {
  /** `<account>/<region or global>/<kind>` of verify/engines/inventory.py. */
  readonly key: string;
  readonly kind: string;
  readonly id: string;
}

/** What the emulator holds after destroy that it did not before the first wave, split into known emulator leftovers and the rest. */
function leftovers(before: Map<string, Set<string>>, after: Map<string, Set<string>>): { known: Leftover[]; unexpected: Leftover[] } {
  const known: Leftover[] = [];
  const unexpected: Leftover[] = [];
  for (const [key, ids] of after) {
    const kind = key.split("/")[2]!;
    for (const id of ids) {
      if (before.get(key)?.has(id)) continue;
      (EMULATOR_LEFTOVERS[kind] ? known : unexpected).push({ key, kind, id });
    }
  }
  return { known, unexpected };
}

export const REHEARSE_HELP: CliHelp = {
  synopsis: "npm run rehearse [-- --keep]",
  description: `
Rehearses the example's rollout with the real CLI and AWS provider (npm run terraform:toolchain)
against moto on 127.0.0.1: prerequisites, every wave applied in order with remote state in the
emulator's S3, a second plan that must show no changes, destroy in reverse order that must leave
nothing. Needs Go and Python on PATH. The last line is "N passed, N failed".

  --keep      keep the scratch folder and print where it is
  -h, --help  this text

Exit 0 when every step passes, 1 when one fails or the toolchain or emulator cannot be had, 2 when
an argument is wrong.`,
};

/** The options of \`rehearse\`, or the result to exit with (help, or a bad argument). */
export function parseRehearseArgs(argv: readonly string[]): { options: { readonly keep: boolean } } | { exit: CliResult } {
  const parsed = parseCli(argv, { keep: { type: "boolean" } }, REHEARSE_HELP);
  return "exit" in parsed ? parsed : { options: { keep: parsed.values.keep === true } };
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseRehearseArgs(argv);
  if ("exit" in parsed) {
    printResult(parsed.exit);
    return parsed.exit.code;
  }
  const values = parsed.options;
  const started = Date.now();
  const timings: [string, number][] = [];
  const time = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    try {
      return await f();
    } finally {
      timings.push([label, Date.now() - t]);
    }
  };

  const tc = await time("toolchain", () => ensureToolchain(log));
  const python = await time("emulator install", async () => ensureMotoEnv(tc.cacheDir, log));
  const probe = spawnSync(python, ["-c", emulatorProbeScript()], { encoding: "utf8" });
  const nowSupported = probe.status === 0 ? (JSON.parse(probe.stdout) as string[]) : undefined;
  if (!nowSupported) throw new Error(`cannot probe moto for its known gaps: ${probe.stderr}`);
  if (nowSupported.length > 0) {
    throw new Error(
      `moto now handles ${nowSupported.join(", ")}; remove them from UNSUPPORTED_TYPES, EMULATOR_DIFFS or EMULATOR_LEFTOVERS in verify/engines/rehearsal-model.ts (the lists may only shrink)`,
    );
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lz-rehearsal-"));
  const moto = await startMoto(python, path.join(root, "moto.log"));
  emulatorEnv = { HTTP_PROXY: moto.endpoint, http_proxy: moto.endpoint, NO_PROXY: "", no_proxy: "" };
  log(`rehearsing with ${tc.cli.flavour} ${tc.cli.version}, aws provider ${tc.provider.version}, moto at ${moto.endpoint}`);
  const checks: Check[] = [];
  try {
    const lzFile = exampleLandingZone();
    const outdir = path.join(root, "synth");
    const stacks = synthInto(lzFile, outdir);
    const byId = new Map(stacks.map((s) => [s.id, s]));
    const wiring = analyseWiring(stacks);
    if (wiring.problems.length > 0) throw new Error(`unsafe wiring: ${wiring.problems.join("; ")}`);
    log(`${stacks.length} stacks in ${wiring.waves.length} waves: ${wiring.waves.map((w) => `[${w.join(" ")}]`).join(" ")}`);

    // 1. Prerequisites.
    const prereqDir = path.join(root, "prerequisites");
    fs.mkdirSync(prereqDir, { recursive: true });
    const zip = path.join(prereqDir, "function.zip");
    const z = spawnSync(python, [
      "-c",
      "import sys,zipfile; zipfile.ZipFile(sys.argv[1],'w').writestr('index.py','def handler(e, c):\\n    return e\\n')",
      zip,
    ]);
    if (z.status !== 0) throw new Error(`cannot write ${zip}: ${z.stderr}`);
    const prereq = prerequisitesModule(prerequisites(lzFile as never), moto.endpoint, zip, tc.provider.version);
    fs.writeFileSync(path.join(prereqDir, "main.tf.json"), JSON.stringify(prereq, null, 2));
    const pre = await time("prerequisites", async () => {
      const init = await tf(tc, ["init", "-input=false", "-no-color"], prereqDir, emulatorEnv);
      if (init.code !== 0) return init;
      return tf(tc, ["apply", "-auto-approve", "-input=false", "-no-color"], prereqDir, emulatorEnv);
    });
    checks.push({ name: "prerequisites applied", ok: pre.code === 0, ...(pre.code !== 0 ? { detail: failure("prerequisites", pre) } : {}) });
    if (pre.code !== 0) return report(checks, timings, started, [], new Map());
    log(
      `prerequisites: ${(await stateList(tc, prereqDir)).length} resources (state bucket, state role, deploy roles, the roles, policies and functions the file names)`,
    );
    const baseline = inventory(python, moto, lzFile);

    // 2. Waves.
    const plans = new Map<string, StackPlan>();
    const missing = new Map<string, readonly string[]>();
    const overrides = new Set<string>();
    for (const wave of wiring.waves) {
      for (const id of wave) {
        const stack = byId.get(id)!;
        const plan = planStack(stack, wiring.reads, missing);
        plans.set(id, plan);
        missing.set(id, plan.missingOutputs);
        const dir = stackDir(outdir, id);
        const override = writeProviderOverride(tc, stack, dir);
        if (override) overrides.add(override);
        fs.writeFileSync(path.join(dir, "zz_rehearsal_override.tf.json"), `${JSON.stringify(rehearsalOverride(stack.json, moto.endpoint), null, 2)}\n`);
      }
    }
    if (overrides.size > 0) log(`provider override in the scratch copies: ${[...overrides].join(", ")} (toolchain/versions.json says why)`);
    let applyFailed = false;
    let emulatorDiffs = 0;
    for (const [i, wave] of wiring.waves.entries()) {
      const results = await time(`wave ${i + 1} apply`, () =>
        pool(wave, os.cpus().length, async (id) => {
          const dir = stackDir(outdir, id);
          const plan = plans.get(id)!;
          const init = await tf(tc, ["init", "-input=false", "-no-color"], dir, emulatorEnv);
          if (init.code !== 0) return { id, ok: false, detail: failure("init", init) };
          const apply = await tf(tc, ["apply", "-auto-approve", "-input=false", "-no-color", ...targetArgs(plan)], dir, emulatorEnv);
          const applied = await stateList(tc, dir);
          const ok = apply.code === 0 && applied.length === plan.included.length;
          const detail =
            apply.code !== 0
              ? failure("apply", apply)
              : `${applied.length} of ${plan.included.length} resources in state${ok ? "" : `; missing: ${plan.included.filter((a) => !applied.includes(a)).join(", ")}`}`;
          return { id, ok, detail, applied: applied.length, ms: apply.ms + init.ms };
        }),
      );
      for (const r of results) {
        checks.push({ name: `wave ${i + 1} apply ${r.id}`, ok: r.ok, ...(r.ok ? {} : { detail: r.detail }) });
        log(`${r.ok ? "PASS" : "FAIL"} wave ${i + 1} apply ${r.id}: ${r.detail}${"ms" in r && r.ms ? ` (${seconds(r.ms)})` : ""}`);
      }
      if (results.some((r) => !r.ok)) {
        applyFailed = true;
        break;
      }
    }

    // 3. Second plan: no changes anywhere.
    if (!applyFailed) {
      const results = await time("second plan", () =>
        pool(stacks, os.cpus().length, async (s) => {
          const dir = stackDir(outdir, s.id);
          const r = await tf(
            tc,
            ["plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=second.tfplan", ...targetArgs(plans.get(s.id)!)],
            dir,
            emulatorEnv,
          );
          if (r.code === 0) return { id: s.id, changes: [] as string[], emulator: [] as string[] };
          if (r.code === 2) return { id: s.id, ...(await planChanges(tc, dir, "second.tfplan")) };
          return { id: s.id, changes: [failure("plan", r)], emulator: [] as string[] };
        }),
      );
      for (const r of results) {
        checks.push({
          name: `second plan ${r.id}: no changes`,
          ok: r.changes.length === 0,
          ...(r.changes.length ? { detail: r.changes.join("\n      ") } : {}),
        });
        log(
          `${r.changes.length === 0 ? "PASS" : "FAIL"} second plan ${r.id}: ${r.changes.length === 0 ? `no changes${r.emulator.length ? ` (besides ${r.emulator.length} known emulator diffs)` : ""}` : `${r.changes.length} changes\n      ${r.changes.join("\n      ")}`}`,
        );
        for (const e of r.emulator) log(`    emulator diff (known, not a product defect): ${e}`);
        emulatorDiffs += r.emulator.length;
      }
    }

    // 4. Destroy in reverse wave order, then nothing may be left.
    for (const [i, wave] of [...wiring.waves.entries()].reverse()) {
      const results = await time(`wave ${i + 1} destroy`, () =>
        pool(wave, os.cpus().length, async (id) => {
          const dir = stackDir(outdir, id);
          if (!fs.existsSync(path.join(dir, ".terraform"))) return { id, ok: true, detail: "never initialised" };
          const r = await tf(tc, ["destroy", "-auto-approve", "-input=false", "-no-color"], dir, emulatorEnv);
          const remaining = await stateList(tc, dir);
          const ok = r.code === 0 && remaining.length === 0;
          return {
            id,
            ok,
            detail: r.code !== 0 ? failure("destroy", r) : remaining.length ? `left in state: ${remaining.join(", ")}` : `destroyed (${seconds(r.ms)})`,
          };
        }),
      );
      for (const r of results) {
        checks.push({ name: `destroy ${r.id}`, ok: r.ok, ...(r.ok ? {} : { detail: r.detail }) });
        log(`${r.ok ? "PASS" : "FAIL"} wave ${i + 1} destroy ${r.id}: ${r.detail}`);
      }
    }
    const left = leftovers(baseline, inventory(python, moto, lzFile));
    for (const k of left.known) log(`emulator leftover (known, not a product defect): ${k.key} ${k.id}: ${EMULATOR_LEFTOVERS[k.kind]!.reason}`);
    const unexpected = left.unexpected.map((k) => `${k.key} ${k.id}`);
    checks.push({ name: "nothing left after destroy", ok: unexpected.length === 0, ...(unexpected.length ? { detail: unexpected.join("\n      ") } : {}) });
    return report(checks, timings, started, stacks, plans, { diffs: emulatorDiffs, leftovers: left.known.length });
  } finally {
    moto.stop();
    if (values.keep) log(`kept ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
}

function report(
  checks: Check[],
  timings: [string, number][],
  started: number,
  stacks: SynthesizedStack[],
  plans: Map<string, StackPlan>,
  known: { diffs: number; leftovers: number } = { diffs: 0, leftovers: 0 },
): number {
  const planned = [...plans.values()];
  const applied = planned.reduce((n, p) => n + p.included.length, 0);
  const excluded = planned.flatMap((p) => p.excluded.map((e) => ({ ...e, stack: p.stack })));
  log("");
  log(`summary: ${stacks.length} stacks, ${applied} resources applied, ${excluded.length} excluded`);
  const byType = new Map<string, number>();
  for (const e of excluded) byType.set(e.address.split(".")[0]!, (byType.get(e.address.split(".")[0]!) ?? 0) + 1);
  for (const [type, n] of byType)
    log(`  excluded ${type} x${n}: ${UNSUPPORTED_TYPES[type]?.reason ?? excluded.find((e) => e.address.startsWith(`${type}.`))!.reason}`);
  for (const e of excluded.filter((x) => !UNSUPPORTED_TYPES[x.address.split(".")[0]!])) log(`    ${e.stack} ${e.address}: ${e.reason}`);
  const diffs = checks.filter((c) => c.name.startsWith("second plan") && !c.ok).length;
  log(`  plan diffs after apply: ${diffs} stacks (and ${known.diffs} known emulator diffs, listed above)`);
  const left = checks.find((c) => c.name === "nothing left after destroy");
  log(
    `  left after destroy: ${left ? (left.ok ? "nothing" : left.detail) : "not reached"}${known.leftovers ? ` (and ${known.leftovers} known emulator leftovers, listed above)` : ""}`,
  );
  log(`  time: ${timings.map(([l, ms]) => `${l} ${seconds(ms)}`).join(", ")}; total ${seconds(Date.now() - started)}`);
  for (const c of checks.filter((x) => !x.ok)) log(`FAILED ${c.name}${c.detail ? `:\n      ${c.detail}` : ""}`);
  const failed = checks.filter((c) => !c.ok).length;
  log(`${checks.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) runCli(() => main(process.argv.slice(2)));
