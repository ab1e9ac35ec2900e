/**
 * What `npm pack` would publish: the file list, the exports map and typesVersions against it, and
 * the modules the shipped JavaScript loads (the Lambda handler and the job worker load no cdktf).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

interface PackResult {
  readonly files: readonly { readonly path: string }[];
}

let files: string[] = [];

beforeAll(() => {
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "pipe" });
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  files = (JSON.parse(out) as PackResult[])[0]!.files.map((f) => f.path).sort();
}, 60_000);

/** The module specifiers a built file requires. */
function requiresOf(file: string): string[] {
  const js = fs.readFileSync(path.join(ROOT, file), "utf8");
  return [...js.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
}
const isBuiltin = (spec: string) => spec.startsWith("node:") || builtinModules.includes(spec);
const packageOf = (spec: string) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);

describe("npm pack", () => {
  it("is publishable: scoped name, public access, no private flag, a repository and a license file", () => {
    expect(pkg.name).toMatch(/^@[a-z0-9-]+\/codepipeline-landing-zone$/);
    expect(pkg.private).toBeUndefined();
    expect(pkg.publishConfig).toEqual({ access: "public" });
    expect(pkg.repository.url).toMatch(/^git\+https:\/\//);
    expect(pkg.license).toBe("Apache-2.0");
    expect(fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  });

  it("ships the build, the config JSON Schema and reference, the README and the LICENSE", () => {
    for (const f of [
      "package.json",
      "README.md",
      "LICENSE",
      "dist/index.js",
      "dist/index.d.ts",
      ".gen/landing-zone.schema.json",
      ".gen/config-reference.md",
      "dist/config/example/landing-zone.json",
    ]) {
      expect(files).toContain(f);
    }
  });

  it("ships no tests, no TypeScript sources other than declarations, nothing of verify/", () => {
    const unexpected = files.filter(
      (f) =>
        /(^|\/)test\//.test(f) ||
        /\.test\.[jt]s$/.test(f) ||
        (f.endsWith(".ts") && !f.endsWith(".d.ts")) ||
        /(^|\/)verify\//.test(f) ||
        !/^(dist\/.*\.(js|d\.ts|json)|\.gen\/(landing-zone\.schema\.json|config-reference\.md)|guardrails\/README\.md|package\.json|README\.md|LICENSE)$/.test(
          f,
        ),
    );
    expect(unexpected).toEqual([]);
  });

  it("has every exports and typesVersions target in the tarball", () => {
    const targets: string[] = [];
    for (const [subpath, target] of Object.entries<string | Record<string, string>>(pkg.exports)) {
      const entries = typeof target === "string" ? [target] : Object.values(target);
      expect(entries.length).toBeGreaterThan(0);
      if (typeof target !== "string") expect(Object.keys(target)).toEqual(["types", "default"]);
      targets.push(...entries);
      if (subpath !== "." && typeof target !== "string") {
        // node10 resolution (no exports) finds the same declarations through typesVersions.
        expect(pkg.typesVersions["*"][subpath.slice(2)]).toEqual([target.types!.slice(2)]);
      }
    }
    const missing = targets.map((t) => t.replace(/^\.\//, "")).filter((t) => !files.includes(t));
    expect(missing).toEqual([]);
  });

  it("exports a subpath for every module folder the README names", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const named = new Set([...readme.matchAll(/\(`modules\/([a-z-]+)`\)/g)].map((m) => m[1]!));
    expect(named.size).toBeGreaterThan(5);
    for (const m of named) expect(Object.keys(pkg.exports)).toContain(`./modules/${m}`);
  });

  it("loads only node builtins, its dependencies and its peer dependencies; never the access proof's AGPL evaluator", () => {
    const allowed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
    const bad = files
      .filter((f) => f.endsWith(".js"))
      .flatMap((f) => requiresOf(f).map((spec) => ({ f, spec })))
      .filter(({ spec }) => !spec.startsWith(".") && !isBuiltin(spec) && !allowed.has(packageOf(spec)));
    expect(bad).toEqual([]);
  });

  it("builds the Lambda handler and the job worker without cdktf, the provider or any package: builtins and each other only", () => {
    for (const f of ["dist/lambda-handler/index.js", "dist/job-worker/index.js"]) {
      const others = requiresOf(f).filter((spec) => !isBuiltin(spec) && !["../lambda-handler", "../job-worker"].includes(spec));
      expect({ f, others }).toEqual({ f, others: [] });
    }
  });
});

/**
 * examples/consumer-app installed the way another repository would: from the tarball of
 * `npm pack` (not a link), with cdktf, constructs and the provider as its own dependencies.
 */
function npm(cwd: string, ...args: string[]): string {
  return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
}
function registryReachable(): boolean {
  try {
    npm(ROOT, "ping", "--fetch-timeout=10000", "--fetch-retries=0");
    return true;
  } catch {
    return false;
  }
}
const reachable = registryReachable();
if (!reachable) console.warn("SKIPPED examples/consumer-app install test: the npm registry is unreachable (npm ping failed)");

(reachable ? describe : describe.skip)("examples/consumer-app from the packed tarball", () => {
  const APP = path.join(ROOT, "examples/consumer-app");
  let dir = "";

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(fs.realpathSync(require("node:os").tmpdir()), "consumer-app-"));
    // `files` is read after the build of the first describe: pack what it checked.
    const [packed] = JSON.parse(npm(ROOT, "pack", "--json", "--ignore-scripts", "--pack-destination", dir)) as { filename: string }[];
    for (const f of ["package.json", "main.ts", "tsconfig.json", "cdktf.json"]) fs.copyFileSync(path.join(APP, f), path.join(dir, f));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    manifest.dependencies[pkg.name] = `file:./${packed!.filename}`;
    // The CLI only runs the app command, which this test runs itself; TypeScript 5 (node10 resolution) stays.
    delete manifest.devDependencies["cdktf-cli"];
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2));
    npm(dir, "install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts");
  }, 180_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Every installed copy of a package (its directory), from `npm ls --parseable --all`. */
  function copiesOf(name: string): string[] {
    const out = npm(dir, "ls", "--parseable", "--all", name);
    return [...new Set(out.split("\n").filter((l) => l.endsWith(`${path.sep}node_modules${path.sep}${name}`)))];
  }

  function synthesizes(constructsVersion: string): void {
    expect(JSON.parse(fs.readFileSync(path.join(dir, "node_modules/constructs/package.json"), "utf8")).version).toBe(constructsVersion);
    expect(copiesOf("cdktf")).toHaveLength(1);
    expect(copiesOf("constructs")).toHaveLength(1);
    const tsc = path.join(dir, "node_modules/.bin/tsc");
    // The tsconfig of `cdktf init` (node10 resolution, typesVersions), then node16 and bundler (exports).
    execFileSync(tsc, ["-p", "tsconfig.json"], { cwd: dir, stdio: "pipe" });
    execFileSync(tsc, ["-p", "tsconfig.json", "--noEmit", "--module", "node16", "--moduleResolution", "node16"], { cwd: dir, stdio: "pipe" });
    execFileSync(tsc, ["-p", "tsconfig.json", "--noEmit", "--module", "preserve", "--moduleResolution", "bundler"], { cwd: dir, stdio: "pipe" });
    const out = path.join(dir, `out-${constructsVersion}`);
    execFileSync(process.execPath, ["main.js"], { cwd: dir, stdio: "pipe", env: { ...process.env, CDKTF_OUTDIR: out } });
    const json = JSON.parse(fs.readFileSync(path.join(out, "stacks/payments-pipeline/cdk.tf.json"), "utf8"));
    const remote = Object.keys(json.data.terraform_remote_state);
    expect(remote.length).toBe(3);
    const [pipeline] = Object.values(json.resource.aws_codepipeline as Record<string, { stage: { name: string; action: { role_arn?: string }[] }[] }>);
    const roleOf = (stage: string) => pipeline!.stage.find((s) => s.name === stage)!.action[0]!.role_arn;
    expect(roleOf("Staging")).toMatch(/^\$\{data\.terraform_remote_state\.staging_\w+\.outputs\.action_role_arn\}$/);
    expect(roleOf("Production")).toMatch(/^\$\{data\.terraform_remote_state\.prod_\w+\.outputs\.action_role_arn\}$/);

    // Without the CLI (no CDKTF_OUTDIR) and from another directory (say, the landing zone's), it
    // writes beside its main.js, as its cdktf.json says: never into that directory's cdktf.out.
    const elsewhere = path.join(dir, `elsewhere-${constructsVersion}`);
    fs.mkdirSync(elsewhere);
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CDKTF_OUTDIR;
    fs.rmSync(path.join(dir, "cdktf.out"), { recursive: true, force: true });
    execFileSync(process.execPath, [path.join(dir, "main.js")], { cwd: elsewhere, stdio: "pipe", env });
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out/manifest.json"), "utf8")).stacks)).toEqual(["payments-pipeline"]);
  }

  it("synthesizes with the exact versions this package is built with, one copy each of cdktf and constructs", () => {
    synthesizes(pkg.devDependencies.constructs);
  }, 60_000);

  it("synthesizes with the newest constructs 10.x that cdktf's peer range allows (what cdktf init installs), one copy each", () => {
    // cdktf 0.21 allows every 10.x from 10.4.2; CDK Terrain (npm run compat:cdktn) stops below 10.8.
    const core = JSON.parse(fs.readFileSync(path.join(dir, "node_modules", "cdktf", "package.json"), "utf8")) as { peerDependencies: { constructs: string } };
    expect(core.peerDependencies.constructs).toMatch(/^[\^~>=<\d .]+$/);
    const versions = JSON.parse(npm(dir, "view", `constructs@${core.peerDependencies.constructs} <11`, "version", "--json")) as string[] | string;
    const newest = [versions].flat().at(-1)!;
    npm(dir, "install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--save-exact", `constructs@${newest}`);
    synthesizes(newest);
  }, 120_000);
});
