/**
 * The AWS CDK side of the bench: aws-cdk-lib and constructs, pinned, installed on first use into a
 * cache folder outside the repository (never a dependency of this package, so `npm ci` does not
 * grow), and the app (cdk-app.js) copied next to them so that Node resolves them from there.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { errorReason } from "../../verify/cli";

export const CDK_VERSIONS = { "aws-cdk-lib": "2.276.0", constructs: "10.8.1" } as const;

function installedVersion(dir: string, name: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Installs the pinned packages into `dir` unless they are there; returns the app to run with `node`, or an error. */
export function ensureCdk(dir: string, log: (line: string) => void): { app: string } | { error: string } {
  try {
    return install(dir, log);
  } catch (e) {
    return { error: `cannot write to ${dir}: ${errorReason(e as Error)}` };
  }
}

function install(dir: string, log: (line: string) => void): { app: string } | { error: string } {
  fs.mkdirSync(dir, { recursive: true });
  const missing = Object.entries(CDK_VERSIONS).filter(([name, version]) => installedVersion(dir, name) !== version);
  if (missing.length > 0) {
    const manifest = {
      name: "codepipeline-landing-zone-bench-cdk",
      private: true,
      description: "written by scripts/bench (npm run bench); safe to delete",
      dependencies: CDK_VERSIONS,
    };
    fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    log(
      `installing ${Object.entries(CDK_VERSIONS)
        .map(([n, v]) => `${n}@${v}`)
        .join(", ")} into ${dir} (once)`,
    );
    const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: dir, encoding: "utf8" });
    if (npm.status !== 0) return { error: `npm install in ${dir} failed (exit ${npm.status}): ${(npm.stderr || npm.stdout || "").trim().split("\n").pop()}` };
  }
  const app = path.join(dir, "app.js");
  fs.copyFileSync(path.join(__dirname, "cdk-app.js"), app);
  return { app };
}
