import * as fs from "node:fs";
import * as path from "node:path";
import type { SynthesizedStack } from "../../../synth/wiring";
import {
  compareStacks,
  jsonDiff,
  leftoverPackageNames,
  readCdktnVersions,
  rewriteManifest,
  rewriteSource,
  skipPattern,
} from "../../../verify/engines/compat-cdktn";
import { compareVersions, REPO_ROOT } from "../../../verify/engines/toolchain";

// Package names are put together here, so that the compat run's own rewrite of this file leaves the inputs alone.
const TF = ["cdk", "tf"].join("");
const TF_AWS = `@${TF}/provider-aws`;
const v = readCdktnVersions();

describe("rewriteSource", () => {
  it("renames the packages in every kind of module specifier, deep imports included", () => {
    const src = [
      `import { App } from "${TF}";`,
      `import { S3Bucket } from '${TF_AWS}/lib/s3-bucket';`,
      `const c = require("${TF}-cli");`,
      `type T = typeof import("${TF}");`,
      `import "${TF}/lib/aspect";`,
    ].join("\n");
    const r = rewriteSource(src, v);
    expect(r.count).toBe(5);
    expect(r.text).toBe(
      [
        'import { App } from "cdktn";',
        "import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';",
        'const c = require("cdktn-cli");',
        'type T = typeof import("cdktn");',
        'import "cdktn/lib/aspect";',
      ].join("\n"),
    );
    expect(leftoverPackageNames(src, v)).toHaveLength(5);
    expect(leftoverPackageNames(r.text, v)).toEqual([]);
  });

  it("renames a literal naming the package or the CLI binary, and nothing else that says cdktf", () => {
    const src = [
      `spawnSync(path.join(root, "node_modules", ".bin", "${TF}"), ["synth"]);`,
      `const file = "${TF}.json"; const out = "${TF}.out"; const dir = process.env.CDKTF_OUTDIR;`,
      `// the ${TF} CLI; "a ${TF} app"`,
      `const other = "@${TF}/provider-google"; const mine = "my-${TF}";`,
    ].join("\n");
    const r = rewriteSource(src, v);
    expect(r.count).toBe(1);
    expect(r.text).toBe(src.replace(`".bin", "${TF}"`, '".bin", "cdktn"'));
  });
});

describe("rewriteManifest", () => {
  it("renames the dependencies with the exact versions of toolchain/cdktn.json, peer ranges from it, and the CLI in scripts", () => {
    const manifest = {
      name: "x",
      scripts: { synth: `${TF} synth`, get: `npm run build && ${TF} get`, other: `echo ${TF}-like` },
      peerDependencies: { [TF_AWS]: "^21.22.1", [TF]: "~0.21.0", constructs: "^10.4.2" },
      devDependencies: { [TF_AWS]: "21.22.1", [TF]: "0.21.0", [`${TF}-cli`]: "0.21.0", constructs: "10.4.2", jest: "30.5.2" },
      dependencies: { zod: "4.6.7" },
    };
    const r = rewriteManifest(manifest, v);
    expect(r.manifest).toEqual({
      name: "x",
      scripts: { synth: "cdktn synth", get: "npm run build && cdktn get", other: `echo ${TF}-like` },
      peerDependencies: { "@cdktn/provider-aws": "^25.7.0", cdktn: "~0.24.0", constructs: ">=10.6.0 <10.8.0" },
      devDependencies: { "@cdktn/provider-aws": "25.7.0", cdktn: "0.24.0", "cdktn-cli": "0.24.0", constructs: "10.6.0", jest: "30.5.2" },
      dependencies: { zod: "4.6.7" },
    });
    expect(r.count).toBe(9);
    expect(rewriteManifest(r.manifest, v).count).toBe(0);
  });
});

describe("skipPattern", () => {
  it("matches every test name but the ones left out", () => {
    const re = new RegExp(skipPattern(["a (b) c.d", "x"])!);
    expect(["a (b) c.d", "x"].map((n) => re.test(n))).toEqual([false, false]);
    expect(["a (b) c.d e", "a (b) cxd", "xy", "y x"].map((n) => re.test(n))).toEqual([true, true, true, true]);
    expect(skipPattern([])).toBeUndefined();
  });
});

describe("compareStacks", () => {
  const stack = (id: string, pin: string, source: string, stamp: string, extra: Record<string, unknown> = {}): SynthesizedStack => ({
    id,
    dependencies: [],
    json: {
      "//": { metadata: { version: stamp, stackName: id } },
      terraform: { required_providers: { aws: { source, version: pin } } },
      resource: { aws_s3_bucket: { b: { bucket: "b", ...extra } } },
    } as unknown as SynthesizedStack["json"],
  });

  it("accepts the version stamp and the provider requirement changing, and names them", () => {
    expect(compareStacks([stack("s", "6.25.0", "aws", "0.21.0")], [stack("s", "6.66.0", "hashicorp/aws", "0.24.0")], v)).toBe(
      '1 stacks, 1 resources, the same JSON but for metadata.version "0.21.0" -> "0.24.0", aws.version "6.25.0" -> "6.66.0", aws.source "aws" -> "hashicorp/aws"',
    );
  });

  it("fails on any other difference, on another provider pin, and on other stacks", () => {
    expect(() => compareStacks([stack("s", "6.25.0", "aws", "0.21.0")], [stack("s", "6.66.0", "aws", "0.24.0", { force_destroy: true })], v)).toThrow(
      "s: 1 paths differ: $.resource.aws_s3_bucket.b.force_destroy",
    );
    expect(() => compareStacks([stack("s", "6.25.0", "aws", "0.21.0")], [stack("s", "6.25.0", "aws", "0.24.0")], v)).toThrow(
      "s: pins aws 6.25.0, expected 6.66.0",
    );
    expect(() => compareStacks([stack("s", "6.25.0", "aws", "0.21.0")], [stack("t", "6.66.0", "aws", "0.24.0")], v)).toThrow(
      "different stacks: cdktf s; cdktn t",
    );
  });

  it("jsonDiff lists the paths that differ, arrays and missing keys included", () => {
    expect(jsonDiff({ a: [1, 2], b: { c: 1 } }, { a: [1, 3], b: {}, d: null })).toEqual(["$.a.1", "$.b.c", "$.d"]);
  });
});

describe("toolchain/cdktn.json", () => {
  it("pins exact versions, a Node.js the fork's CLI accepts, and the AWS provider the bindings wrap", () => {
    for (const p of Object.values(v.packages)) expect([p.name, p.version]).toEqual([p.name, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
    expect(v.node.version).toMatch(/^22\.\d+\.\d+$/);
    // cdktn-cli 0.24.0: engines node >=22.19.0.
    expect(compareVersions(v.node.version, "22.19.0")).toBeGreaterThanOrEqual(0);
    expect(Object.values(v.packages).filter((p) => p.wraps)).toEqual([expect.objectContaining({ name: "@cdktn/provider-aws", wraps: "6.66.0" })]);
    for (const t of v.skipTests) expect(fs.readFileSync(path.join(REPO_ROOT, t.file), "utf8")).toContain(t.name.split(" ").slice(1).join(" "));
  });

  it("has an entry for every dependency of package.json that is part of cdktf", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
    const names = ["dependencies", "devDependencies", "peerDependencies"].flatMap((f) => Object.keys(pkg[f] ?? {}));
    const ours = names.filter((n) => n.includes(TF));
    expect(ours.filter((n) => !v.packages[n])).toEqual([]);
    expect(pkg.scripts!["compat:cdktn"]).toBe("tsx verify/engines/compat-cdktn.ts");
  });

  it("leaves no name of a replaced package in any tracked source after the rewrite", () => {
    // A walk, not git ls-files: the compat run's copy of this suite has no .git.
    const skip = new Set(["node_modules", "dist", "cdktf.out", ".git", ".gen"]);
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? (skip.has(e.name) ? [] : walk(path.join(dir, e.name))) : e.isFile() ? [path.join(dir, e.name)] : []));
    const files = walk(".").filter((f) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(f));
    expect(files.length).toBeGreaterThan(100);
    const left = files.flatMap((f) =>
      leftoverPackageNames(rewriteSource(fs.readFileSync(path.join(REPO_ROOT, f), "utf8"), v).text, v).map((s) => `${f}: ${s}`),
    );
    expect(left).toEqual([]);
  });
});
