/**
 * The real engines' toolchain: a Terraform-compatible CLI and the AWS provider, built from their Go
 * modules into a cache outside the repository (keyed by version, reused when present), with a CLI
 * config that installs the provider from that filesystem mirror so `init` needs no network.
 *
 *   npm run terraform:toolchain
 *
 * Prints progress and timings; exits 1 naming the piece that cannot be had and why.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseCli, printResult, type CliHelp, type CliResult } from "../cli";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
const TOOLCHAIN_DIR = path.join(REPO_ROOT, "toolchain");
const PROVIDER_MODULE = "github.com/hashicorp/terraform-provider-aws";
const OPENTOFU_MAIN = "github.com/opentofu/opentofu/cmd/tofu";
// Terraform reads `source = "aws"` as registry.terraform.io/hashicorp/aws, OpenTofu as registry.opentofu.org/hashicorp/aws.
const PROVIDER_HOSTS = ["registry.terraform.io", "registry.opentofu.org"];

export interface ToolchainVersions {
  readonly cli: { readonly minimum: string; readonly minimumWhy: string; readonly opentofu: string };
  readonly awsProvider: {
    readonly version: string;
    readonly commit: string;
    /** Present when the provider built is not the version the stacks pin, with the reason. */
    readonly instead?: { readonly of: string; readonly why: string };
  };
}

export interface Cli {
  readonly path: string;
  readonly flavour: "terraform" | "tofu";
  readonly version: string;
  /** Where it came from: found on PATH or built from OpenTofu's Go module. */
  readonly origin: "PATH" | "built";
}

export interface Toolchain {
  readonly cli: Cli;
  readonly provider: { readonly version: string; readonly binary: string; readonly instead?: { of: string; why: string } };
  readonly mirrorDir: string;
  /** TF_CLI_CONFIG_FILE for every engine run: the filesystem mirror and nothing else. */
  readonly cliConfigFile: string;
  readonly cacheDir: string;
}

export type Log = (line: string) => void;

export class ToolchainError extends Error {}

export function readToolchainVersions(): ToolchainVersions {
  return JSON.parse(fs.readFileSync(path.join(TOOLCHAIN_DIR, "versions.json"), "utf8")) as ToolchainVersions;
}

/** Cache for built tools, outside the repository: $CODEPIPELINE_LZ_CACHE, else $XDG_CACHE_HOME or ~/.cache. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.CODEPIPELINE_LZ_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "codepipeline-landing-zone");
}

/** Compares the numeric major.minor.patch of two versions (pre-release tags ignored). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .replace(/^v/, "")
      .split(/[-+]/)[0]!
      .split(".")
      .map((n) => Number(n) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** `<bin> version -json` of a Terraform-compatible CLI, or undefined when it is not one. */
export function cliVersion(bin: string): string | undefined {
  const r = spawnSync(bin, ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" } });
  if (r.status !== 0) return undefined;
  try {
    return (JSON.parse(r.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    return undefined;
  }
}

function which(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** A `terraform` or `tofu` on PATH whose version is at least the minimum; the reasons others were passed over. */
export function findCliOnPath(minimum: string, env: NodeJS.ProcessEnv = process.env): { cli?: Cli; passedOver: string[] } {
  const passedOver: string[] = [];
  for (const flavour of ["terraform", "tofu"] as const) {
    const bin = which(flavour, env);
    if (!bin) continue;
    const version = cliVersion(bin);
    if (!version) passedOver.push(`${bin}: \`${flavour} version -json\` failed`);
    else if (compareVersions(version, minimum) < 0) passedOver.push(`${bin}: version ${version} is older than ${minimum}`);
    else return { cli: { path: bin, flavour, version, origin: "PATH" }, passedOver };
  }
  return { passedOver };
}

/** Time since `since`, as "42s" or "3m05s". */
export function elapsed(since: number): string {
  const s = Math.round((Date.now() - since) / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

function goEnv(): NodeJS.ProcessEnv {
  // -mod=readonly: go.sum is committed and must not be rewritten by a build.
  return { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ""} -mod=readonly`.trim() };
}

function requireGo(what: string): void {
  const r = spawnSync("go", ["version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new ToolchainError(
      `${what} cannot be built: the Go toolchain is not on PATH (${r.error?.message ?? r.stderr.trim()}); install Go >= 1.26 and run again`,
    );
  }
}

/**
 * Counts the packages of `toBuild` that `go build -v` has named on stderr so far. It names the
 * standard library's packages too, which `toBuild` leaves out, and a line may span two chunks.
 */
export function goBuildProgress(toBuild: ReadonlySet<string>): { feed(text: string): void; compiled(): number } {
  const done = new Set<string>();
  let partial = "";
  return {
    feed(text) {
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const l of lines) if (toBuild.has(l.trim())) done.add(l.trim());
    },
    compiled: () => done.size,
  };
}

/**
 * `go build` of a main package of the Go module in `moduleDir`, into `out` (written under a temporary
 * name and renamed, so an interrupted build leaves nothing that looks finished). Prints how many
 * packages have been compiled every 30 s.
 */
async function goBuild(label: string, moduleDir: string, pkg: string, ldflags: string, out: string, log: Log): Promise<void> {
  const started = Date.now();
  log(`[${label}] resolving the module graph of ${pkg} (first run downloads the modules)`);
  const list = spawnSync("go", ["list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", pkg], {
    cwd: moduleDir,
    encoding: "utf8",
    env: goEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  if (list.status !== 0) throw new ToolchainError(`[${label}] cannot resolve ${pkg} from ${path.relative(REPO_ROOT, moduleDir)}/go.mod: ${list.stderr.trim()}`);
  const toBuild = new Set(list.stdout.split("\n").filter(Boolean));
  const total = toBuild.size;
  log(`[${label}] ${total} packages to build (${elapsed(started)}); compiling with ${os.cpus().length} cores`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.partial-${process.pid}`;
  const progress = goBuildProgress(toBuild);
  let stderrTail = "";
  const code = await new Promise<number>((resolve) => {
    const child = spawn("go", ["build", "-v", "-trimpath", "-ldflags", ldflags, "-o", tmp, pkg], { cwd: moduleDir, env: goEnv() });
    const timer = setInterval(() => log(`[${label}] ${progress.compiled()}/${total} packages compiled, ${elapsed(started)}`), 30_000);
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stderrTail = (stderrTail + text).slice(-4000);
      progress.feed(text);
    });
    child.on("close", (c) => {
      clearInterval(timer);
      resolve(c ?? 1);
    });
    child.on("error", () => resolve(1));
  });
  if (code !== 0) {
    fs.rmSync(tmp, { force: true });
    throw new ToolchainError(`[${label}] go build failed after ${elapsed(started)}:\n${stderrTail.trim()}`);
  }
  fs.renameSync(tmp, out);
  log(`[${label}] built ${out} in ${elapsed(started)}`);
}

async function ensureOpenTofu(versions: ToolchainVersions, cache: string, log: Log): Promise<Cli> {
  const version = versions.cli.opentofu;
  const bin = path.join(cache, "opentofu", version, "tofu");
  if (!fs.existsSync(bin)) {
    requireGo(`OpenTofu ${version}`);
    await goBuild(`opentofu ${version}`, path.join(TOOLCHAIN_DIR, "opentofu"), OPENTOFU_MAIN, "-s -w -X github.com/opentofu/opentofu/version.dev=no", bin, log);
  } else log(`[opentofu ${version}] reusing ${bin}`);
  const reported = cliVersion(bin);
  if (reported !== version) throw new ToolchainError(`${bin} reports version ${reported ?? "(none)"}, expected ${version}; delete it and run again`);
  return { path: bin, flavour: "tofu", version, origin: "built" };
}

/** The version of `module` a go.mod requires (single-line or block form), if any. */
export function requiredVersion(goMod: string, module: string): string | undefined {
  const escaped = module.replace(/[./]/g, "\\$&");
  return new RegExp(`^(?:require\\s+|\\s+)${escaped}\\s+(v\\S+)`, "m").exec(goMod)?.[1];
}

function providerBinaryName(version: string): string {
  return `terraform-provider-aws_v${version}_x5`;
}

async function ensureProvider(versions: ToolchainVersions, mirrorDir: string, log: Log): Promise<string> {
  const { version, commit } = versions.awsProvider;
  const goMod = fs.readFileSync(path.join(TOOLCHAIN_DIR, "provider-aws", "go.mod"), "utf8");
  const required = requiredVersion(goMod, PROVIDER_MODULE);
  if (!required?.endsWith(`-${commit.slice(0, 12)}`)) {
    throw new ToolchainError(
      `toolchain/provider-aws/go.mod requires ${PROVIDER_MODULE} ${required ?? "(nothing)"}, which is not commit ${commit} of toolchain/versions.json; keep the two in step`,
    );
  }
  const platform = `${process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;
  const dirs = PROVIDER_HOSTS.map((host) => path.join(mirrorDir, host, "hashicorp", "aws", version, platform));
  const bin = path.join(dirs[0]!, providerBinaryName(version));
  if (!fs.existsSync(bin)) {
    requireGo(`the AWS provider ${version}`);
    await goBuild(
      `aws provider ${version}`,
      path.join(TOOLCHAIN_DIR, "provider-aws"),
      PROVIDER_MODULE,
      `-s -w -X ${PROVIDER_MODULE}/version.ProviderVersion=${version}`,
      bin,
      log,
    );
  } else log(`[aws provider ${version}] reusing ${bin}`);
  for (const dir of dirs.slice(1)) {
    fs.mkdirSync(dir, { recursive: true });
    const link = path.join(dir, providerBinaryName(version));
    if (!fs.existsSync(link)) fs.symlinkSync(bin, link);
  }
  return bin;
}

function writeCliConfig(file: string, mirrorDir: string): void {
  const include = PROVIDER_HOSTS.map((h) => `"${h}/hashicorp/aws"`).join(", ");
  // Only the mirror: no `direct` block, so nothing is ever fetched from a registry.
  const text = `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirrorDir)}\n    include = [${include}]\n  }\n}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Finds or builds every piece; throws a ToolchainError naming the piece that cannot be had. */
export async function ensureToolchain(log: Log = () => {}, env: NodeJS.ProcessEnv = process.env): Promise<Toolchain> {
  const versions = readToolchainVersions();
  const cacheDir = cacheRoot(env);
  const mirrorDir = path.join(cacheDir, "terraform-mirror");
  const found = findCliOnPath(versions.cli.minimum, env);
  for (const p of found.passedOver) log(`[cli] passed over ${p}`);
  let cli: Cli;
  if (found.cli) {
    cli = found.cli;
    log(`[cli] using ${cli.flavour} ${cli.version} from PATH (${cli.path})`);
  } else {
    log(`[cli] no terraform or tofu >= ${versions.cli.minimum} on PATH (${versions.cli.minimumWhy}); building OpenTofu ${versions.cli.opentofu}`);
    cli = await ensureOpenTofu(versions, cacheDir, log);
  }
  const binary = await ensureProvider(versions, mirrorDir, log);
  const cliConfigFile = path.join(cacheDir, "terraform.rc");
  writeCliConfig(cliConfigFile, mirrorDir);
  const provider = { version: versions.awsProvider.version, binary, ...(versions.awsProvider.instead ? { instead: versions.awsProvider.instead } : {}) };
  return { cli, provider, mirrorDir, cliConfigFile, cacheDir };
}

/** The environment every engine run gets: our CLI config, no phone-home, no prompts. */
export function engineEnv(tc: Toolchain, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: tc.cliConfigFile,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    ...extra,
  };
}

export const TOOLCHAIN_HELP: CliHelp = {
  synopsis: "npm run terraform:toolchain",
  description: `
Finds or builds what the real engines need, into $CODEPIPELINE_LZ_CACHE (default
~/.cache/codepipeline-landing-zone): a terraform or tofu CLI from PATH (1.10 or later), else
OpenTofu built from its Go module; the AWS provider built from its Go module into a filesystem
mirror; a CLI config that installs only from that mirror. Reuses what is cached. Needs Go on PATH.

  -h, --help  this text

Exit 0 when the toolchain is ready, 1 naming the piece that cannot be had and why, 2 when an
argument is wrong.`,
};

/** The options of \`terraform:toolchain\` (none), or the result to exit with (help, or a bad argument). */
export function parseToolchainArgs(argv: readonly string[]): { options: Record<string, never> } | { exit: CliResult } {
  const parsed = parseCli(argv, {}, TOOLCHAIN_HELP);
  return "exit" in parsed ? parsed : { options: {} };
}

const cliArgs = require.main === module ? parseToolchainArgs(process.argv.slice(2)) : undefined;
if (cliArgs && "exit" in cliArgs) printResult(cliArgs.exit);
else if (require.main === module) {
  const started = Date.now();
  const log: Log = (line) => process.stdout.write(`${line}\n`);
  ensureToolchain(log)
    .then((tc) => {
      log(`cli: ${tc.cli.flavour} ${tc.cli.version} (${tc.cli.origin}) ${tc.cli.path}`);
      log(`aws provider: ${tc.provider.version} ${tc.provider.binary}`);
      if (tc.provider.instead)
        log(`note: the stacks pin aws ${tc.provider.instead.of}; ${tc.provider.version} stands in for it because ${tc.provider.instead.why}`);
      log(`cli config: ${tc.cliConfigFile}`);
      log(`toolchain ready in ${elapsed(started)}`);
    })
    .catch((e: Error) => {
      // The message says what is missing; the stack only when DEBUG asks for it.
      process.stderr.write(`${process.env.DEBUG && !(e instanceof ToolchainError) ? (e.stack ?? e.message) : e.message}\n`);
      process.exitCode = 1;
    });
}
