/**
 * Running the Terraform-compatible CLI of the toolchain on synthesized stacks: synth into a scratch
 * directory, the checks' own override files, commands with captured output, a bounded worker pool.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { synthLandingZone } from "../../main";
import { readSynthOutput, type SynthesizedStack } from "../../synth/wiring";
import { engineEnv, type Toolchain } from "./toolchain";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs the CLI with `args` in `cwd`; never throws for a non-zero exit. The output is kept in `cwd/<command>.log`. */
export function tf(tc: Toolchain, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(tc.cli.path, [...args], { cwd, env: engineEnv(tc, env) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => resolve({ code: 127, stdout: "", stderr: e.message, ms: Date.now() - started }));
    child.on("close", (code) => {
      const result = { code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms: Date.now() - started };
      fs.appendFileSync(
        path.join(cwd, `${args[0]}.log`),
        `$ ${tc.cli.flavour} ${args.join(" ")}\n${result.stdout}${result.stderr}\n(exit ${result.code}, ${seconds(result.ms)})\n`,
      );
      resolve(result);
    });
  });
}

/** Synthesizes a landing zone (file content) into `outdir`; throws with the synth's own message on failure. */
export function synthInto(lz: unknown, outdir: string): SynthesizedStack[] {
  fs.mkdirSync(outdir, { recursive: true });
  const file = path.join(outdir, "landing-zone.json");
  fs.writeFileSync(file, JSON.stringify(lz, null, 2));
  // A scratch copy: its custom action type lock is recorded beside it, whether or not CI is set.
  const { CI: _ci, ...env } = process.env;
  const result = synthLandingZone({ ...env, LANDING_ZONE_CONFIG: file }, outdir);
  if (result.exitCode !== 0) throw new Error(`synth failed: ${result.error}`);
  return readSynthOutput(outdir);
}

export function stackDir(outdir: string, stackId: string): string {
  return path.join(outdir, "stacks", stackId);
}

/** The AWS provider version a synthesized stack pins. */
export function pinnedProviderVersion(stack: SynthesizedStack): string | undefined {
  const tfBlock = stack.json.terraform as { required_providers?: Record<string, { version?: string }> } | undefined;
  return tfBlock?.required_providers?.aws?.version;
}

/**
 * The override file that makes the stack accept the toolchain's provider when it stands in for the
 * pinned one (toolchain/versions.json `instead`). Returns what was done, for the report; throws when the
 * stack pins a version the toolchain neither builds nor stands in for.
 */
export function writeProviderOverride(tc: Toolchain, stack: SynthesizedStack, dir: string): string | undefined {
  const pinned = pinnedProviderVersion(stack);
  if (pinned === tc.provider.version) return undefined;
  if (!tc.provider.instead || tc.provider.instead.of !== pinned) {
    throw new Error(
      `${stack.id} pins aws ${pinned ?? "(no version)"}, but the toolchain builds ${tc.provider.version}` +
        `${tc.provider.instead ? ` in place of ${tc.provider.instead.of}` : ""}; update toolchain/provider-aws/go.mod and toolchain/versions.json`,
    );
  }
  const override = { terraform: { required_providers: { aws: { source: "hashicorp/aws", version: tc.provider.version } } } };
  fs.writeFileSync(path.join(dir, "zz_provider_version_override.tf.json"), `${JSON.stringify(override, null, 2)}\n`);
  return `aws ${pinned} -> ${tc.provider.version}`;
}

/** Runs `work` over `items` with at most `limit` at once, keeping the input order in the results. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return results;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Diagnostics of a `-json` validate or plan output, as one line each. */
export function diagnosticLines(jsonText: string): string[] {
  try {
    const parsed = JSON.parse(jsonText) as { diagnostics?: { severity: string; summary: string; detail?: string; range?: { filename: string } }[] };
    return (parsed.diagnostics ?? []).map((d) => `${d.severity}: ${d.summary}${d.detail ? `: ${d.detail.replace(/\s+/g, " ")}` : ""}`);
  } catch {
    return [jsonText.trim()];
  }
}

/** Runs a command's main: its resolved number is the exit code; a thrown error is printed (message only) and exits 1. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => (process.exitCode = code),
    (e: Error) => {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 1;
    },
  );
}
