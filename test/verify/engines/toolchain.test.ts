import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthExample } from "../../fixtures/synth";
import { pinnedProviderVersion } from "../../../verify/engines/terraform";
import {
  cacheRoot,
  compareVersions,
  findCliOnPath,
  goBuildProgress,
  readToolchainVersions,
  REPO_ROOT,
  requiredVersion,
} from "../../../verify/engines/toolchain";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A directory holding fake `terraform` / `tofu` executables that print the given version. */
function fakePath(clis: Record<string, string | null>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lz-fake-cli-"));
  dirs.push(dir);
  for (const [name, version] of Object.entries(clis)) {
    const body = version === null ? "exit 1" : `echo '{"terraform_version":"${version}","platform":"linux_amd64"}'`;
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }
  return dir;
}

describe("compareVersions", () => {
  it.each([
    ["1.10.0", "1.10.0", 0],
    ["1.11.4", "1.10.0", 1],
    ["1.9.8", "1.10.0", -1],
    ["v1.10.0-beta1", "1.10.0", 0],
    ["2.0", "1.99.99", 1],
  ])("%s vs %s", (a, b, sign) => expect(Math.sign(compareVersions(a, b))).toBe(sign));
});

describe("findCliOnPath", () => {
  it("takes terraform when its version is at least the minimum", () => {
    const dir = fakePath({ terraform: "1.11.4", tofu: "1.10.10" });
    const found = findCliOnPath("1.10.0", { PATH: dir });
    expect(found.cli).toEqual({ path: path.join(dir, "terraform"), flavour: "terraform", version: "1.11.4", origin: "PATH" });
  });

  it("passes over a terraform older than the minimum, says why, and takes tofu", () => {
    const dir = fakePath({ terraform: "1.9.8", tofu: "1.10.10" });
    const found = findCliOnPath("1.10.0", { PATH: dir });
    expect(found.passedOver).toEqual([`${path.join(dir, "terraform")}: version 1.9.8 is older than 1.10.0`]);
    expect(found.cli?.flavour).toBe("tofu");
  });

  it("finds nothing when neither answers `version -json`", () => {
    const dir = fakePath({ terraform: null });
    expect(findCliOnPath("1.10.0", { PATH: dir })).toEqual({ passedOver: [`${path.join(dir, "terraform")}: \`terraform version -json\` failed`] });
  });
});

describe("requiredVersion", () => {
  it("reads single-line and block requires, not a longer module path", () => {
    expect(requiredVersion("require example.com/m v1.2.3\n", "example.com/m")).toBe("v1.2.3");
    expect(requiredVersion("require (\n\texample.com/m/sub v0.1.0\n\texample.com/m v1.2.3 // indirect\n)\n", "example.com/m")).toBe("v1.2.3");
    expect(requiredVersion("require example.com/mod v1.0.0\n", "example.com/m")).toBeUndefined();
  });
});

describe("cacheRoot", () => {
  it("lives outside the repository, overridable", () => {
    expect(cacheRoot({ CODEPIPELINE_LZ_CACHE: "/c" })).toBe("/c");
    expect(cacheRoot({ XDG_CACHE_HOME: "/x" })).toBe("/x/codepipeline-landing-zone");
    expect(path.relative(REPO_ROOT, cacheRoot({}))).toMatch(/^\.\./);
  });
});

describe("toolchain/versions.json", () => {
  const versions = readToolchainVersions();
  const read = (f: string) => fs.readFileSync(path.join(REPO_ROOT, "toolchain", f), "utf8");

  it("names the provider commit that toolchain/provider-aws/go.mod requires", () => {
    const required = requiredVersion(read("provider-aws/go.mod"), "github.com/hashicorp/terraform-provider-aws");
    expect(required).toBe(`v1.60.1-0.20260602190131-${versions.awsProvider.commit.slice(0, 12)}`);
    expect(versions.awsProvider.version).toContain(versions.awsProvider.commit.slice(0, 12));
  });

  it("names the OpenTofu version that toolchain/opentofu/go.mod requires", () => {
    expect(requiredVersion(read("opentofu/go.mod"), "github.com/opentofu/opentofu")).toBe(`v${versions.cli.opentofu}`);
  });

  it("stands in for exactly the provider version the stacks pin", () => {
    const { stacks } = synthExample();
    const pins = new Set(stacks.map(pinnedProviderVersion));
    expect([...pins]).toEqual([versions.awsProvider.instead?.of ?? versions.awsProvider.version]);
  });

  it("pins moto and every package it pulls in, with hashes", () => {
    const reqs = read("requirements.txt");
    expect(reqs).toMatch(/^moto==5\.2\.5 \\$/m);
    const pins = reqs.split("\n").filter((l) => /^[A-Za-z]/.test(l));
    expect(pins.length).toBeGreaterThan(30);
    for (const p of pins) expect(p).toMatch(/^[A-Za-z0-9_.-]+==[^\s]+ \\$/);
  });
});

describe("goBuildProgress", () => {
  it("counts only the packages go list named, once each, also when a line spans two chunks", () => {
    const progress = goBuildProgress(new Set(["github.com/a/b", "github.com/a/c", "golang.org/x/d"]));
    // `go build -v` names standard packages too (runtime, internal/...): not among those to build.
    progress.feed("runtime\ninternal/abi\ngithub.com/a/b\ngithub.com/");
    expect(progress.compiled()).toBe(1);
    progress.feed("a/c\ngithub.com/a/b\nnet/http\n");
    expect(progress.compiled()).toBe(2);
    progress.feed("golang.org/x/d\n");
    expect(progress.compiled()).toBe(3);
  });
});
