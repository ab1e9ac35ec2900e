/**
 * Every command line of scripts/ and verify/engines/ behaves the same way: --help and -h print the
 * usage (exit 0), a wrong option or value is one line naming it (exit 2), a user error is a message,
 * never a stack trace; and the command lines the README shows parse as written.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runGenCli } from "../../scripts/gen";
import { runSchemaCheckCli } from "../../scripts/schema-check";
import { runVerifyAccessCli } from "../../scripts/verify-access";
import { runWavesCli } from "../../scripts/waves";
import { runPlanOrderCli } from "../../scripts/plan-order";
import { runDiagramCli } from "../../scripts/diagram";
import { type CliResult, joinNegativeValues, writableDir, writeOutputFile } from "../../verify/cli";
import { parseCompatArgs } from "../../verify/engines/compat-cdktn";
import { parseRehearseArgs } from "../../verify/engines/rehearse";
import { parseToolchainArgs } from "../../verify/engines/toolchain";
import { parseValidateArgs, VALIDATE_HELP, VALIDATED_LANDING_ZONES } from "../../verify/engines/validate";
import { tempDir } from "../fixtures/landing-zone";

const ROOT = path.join(__dirname, "..", "..");
type Runner = (argv: string[]) => CliResult | Promise<CliResult>;

// The engines' parsers: what they would exit with, or "parsed" when they would go on to run.
const parsedOnly =
  (parse: (argv: string[]) => { exit: CliResult } | { options: unknown }): Runner =>
  (argv) => {
    const p = parse(argv);
    return "exit" in p ? p.exit : { code: 0, stdout: "parsed", stderr: "" };
  };

const CLIS: Record<string, Runner> = {
  "scripts/gen.ts": (argv) => {
    const dir = tempDir("lz-gen-");
    return runGenCli(argv, dir, path.join(dir, ".npmrc"));
  },
  "scripts/waves.ts": runWavesCli,
  "scripts/plan-order.ts": runPlanOrderCli,
  "scripts/diagram.ts": (argv) => runDiagramCli(argv, path.join(tempDir(), "README.md")),
  "scripts/schema-check.ts": (argv) => runSchemaCheckCli(argv, {}),
  "scripts/verify-access.ts": runVerifyAccessCli,
  "verify/engines/toolchain.ts": parsedOnly(parseToolchainArgs),
  "verify/engines/validate.ts": parsedOnly(parseValidateArgs),
  "verify/engines/rehearse.ts": parsedOnly(parseRehearseArgs),
  "verify/engines/compat-cdktn.ts": parsedOnly(parseCompatArgs),
};
// Owned and reworked elsewhere; not covered here.
const NOT_COVERED = ["scripts/bench.ts"];

const oneLine = (r: CliResult) => {
  expect(r.stderr.split("\n")).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

describe("every command line", () => {
  it("is listed here: each file of scripts/ and verify/engines/ that runs as a command", () => {
    const commands = ["scripts", "verify/engines"]
      .flatMap((dir) =>
        fs
          .readdirSync(path.join(ROOT, dir))
          .filter((f) => f.endsWith(".ts"))
          .map((f) => `${dir}/${f}`),
      )
      .filter((f) => fs.readFileSync(path.join(ROOT, f), "utf8").includes("require.main === module"));
    expect(commands.filter((f) => !NOT_COVERED.includes(f)).sort()).toEqual(Object.keys(CLIS).sort());
  });

  describe.each(Object.entries(CLIS))("%s", (_file, run) => {
    it.each([["--help"], ["-h"]])("answers %s with its usage and exit code 0", async (flag) => {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^usage: \S/);
      expect(r.stdout).toContain("-h, --help");
      expect(r.stdout).toMatch(/Exit 0 /);
    });

    it("rejects an unknown option in one line naming it, with exit code 2", async () => {
      const r = await run(["--no-such-option"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^unknown option --no-such-option; usage: .* \(--help for more\)$/);
      oneLine(r);
    });

    it("rejects a positional argument in one line, with exit code 2", async () => {
      const r = await run(["stray"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^unexpected argument "stray"; usage: /);
      oneLine(r);
    });
  });
});

describe("bad option values", () => {
  it.each<[string, Runner, string[], string]>([
    [
      "validate: a number that is not one",
      CLIS["verify/engines/validate.ts"]!,
      ["--targets", "many"],
      '--targets: "many" is not a whole number from 0 to 5000',
    ],
    ["validate: no jobs at a time", CLIS["verify/engines/validate.ts"]!, ["--jobs", "0"], '--jobs: "0" is not a whole number from 1 to 256'],
    ["validate: a fraction", CLIS["verify/engines/validate.ts"]!, ["--jobs", "1.5"], '--jobs: "1.5" is not a whole number from 1 to 256'],
    ["validate: a negative number", CLIS["verify/engines/validate.ts"]!, ["--targets", "-5"], '--targets: "-5" is not a whole number from 0 to 5000'],
    ["validate: a negative number after =", CLIS["verify/engines/validate.ts"]!, ["--jobs=-1"], '--jobs: "-1" is not a whole number from 1 to 256'],
    ["waves: a value for a flag", CLIS["scripts/waves.ts"]!, ["--json=yes"], "--json takes no value"],
    ["compat:cdktn: a value for a flag", CLIS["verify/engines/compat-cdktn.ts"]!, ["--keep=yes"], "--keep takes no value"],
    ["schema-check: an option without its value", CLIS["scripts/schema-check.ts"]!, ["--out"], "--out needs a value"],
    [
      "verify-access: an option after a second --",
      CLIS["scripts/verify-access.ts"]!,
      ["--out", "D", "--", "--failures-only"],
      'unexpected argument "--failures-only": options after a "--" are not read as options (with npm run, put all of them after one "--")',
    ],
  ])("%s: one line naming the option, exit code 2", async (_what, run, argv, problem) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(`${problem}; usage: `)).toBe(true);
    oneLine(r);
  });

  it("takes good values", () => {
    expect(parseValidateArgs(["--targets", "0", "--jobs", "2", "--keep"])).toEqual({ options: { targets: 0, jobs: 2, keep: true } });
    expect(parseRehearseArgs([])).toEqual({ options: { keep: false } });
    expect(parseCompatArgs(["--keep"])).toEqual({ options: { keep: true } });
  });
});

describe("user errors are messages with exit code 2, not stack traces", () => {
  const missing = () => path.join(tempDir(), "no-cdktf.out");
  it.each<[string, () => CliResult | Promise<CliResult>, RegExp]>([
    ["waves without a synth", () => runWavesCli(["--out", missing()]), /manifest\.json not found; run `npx cdktf synth` first \(or pass --out DIR\)$/],
    ["the access proof without a synth", () => runVerifyAccessCli(["--out", missing()]), /run `npx cdktf synth` first/],
    [
      "the schema check without a synth",
      () => runSchemaCheckCli(["--schema", __filename, "--out", missing()], {}),
      /^synth output directory not found: .*; run `cdktf synth` first or pass --out DIR$/,
    ],
    [
      "the schema check without a schema",
      () => runSchemaCheckCli(["--schema", path.join(tempDir(), "schema.json")], {}),
      /^schema file not found: .*pass --schema FILE or set PROVIDER_SCHEMA/,
    ],
    [
      "the schema check with a file that is not a schema",
      () => runSchemaCheckCli(["--schema", __filename, "--out", tempDir()], {}),
      /\(check --schema \/ PROVIDER_SCHEMA and --out\)$/,
    ],
  ])("%s", async (_what, run, message) => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    oneLine(r);
  });
});

describe("negative numbers", () => {
  it("are joined to the option that takes them, so that the command's own check refuses them", () => {
    const options = { targets: { type: "string" }, keep: { type: "boolean" }, out: { type: "string", short: "o" } } as const;
    expect(joinNegativeValues(["--targets", "-5", "--keep", "-o", "-1", "--", "--targets", "-2"], options)).toEqual([
      "--targets=-5",
      "--keep",
      "-o-1",
      "--",
      "--targets",
      "-2",
    ]);
    // An option after a value option is still an option (its value is missing).
    expect(joinNegativeValues(["--targets", "--keep"], options)).toEqual(["--targets", "--keep"]);
  });
});

describe("files a command cannot write: one line naming the option, the file and why, exit code 2", () => {
  const aFile = () => {
    const file = path.join(tempDir(), "a-file");
    fs.writeFileSync(file, "x");
    return file;
  };

  it.each<[string, (file: string) => [string, CliResult | undefined], (file: string) => string]>([
    ["a file where its folder should be", (f) => [`${f}/m.json`, writeOutputFile("--matrix", `${f}/m.json`, "{}")], (f) => `${f} is not a directory`],
    [
      "a file above its folders, which it creates",
      (f) => [`${f}/docs/d.md`, writeOutputFile("--write", `${f}/docs/d.md`, "", { mkdir: true })],
      (f) => `${f} is not a directory`,
    ],
    [
      "a folder that does not exist (not created)",
      (f) => [`${f}.d/m.json`, writeOutputFile("--matrix", `${f}.d/m.json`, "{}")],
      (f) => `${f}.d does not exist`,
    ],
    ["a folder in its place", (f) => [path.dirname(f), writeOutputFile("--write", path.dirname(f), "")], () => "it is a directory"],
    ["a file where a folder to write into should be", (f) => [f, writableDir("--cdk-dir", f)], (f) => `${f} is not a directory`],
    ["below a file, a folder to write into", (f) => [`${f}/x`, writableDir("--cdk-dir", `${f}/x`)], (f) => `${f} is not a directory`],
  ])("%s", (_what, write, reason) => {
    const f = aFile();
    const [target, r] = write(f);
    const option = /^--[\w-]+/.exec(r?.stderr ?? "")?.[0];
    expect(r).toEqual({ code: 2, stdout: "", stderr: `${option} ${target}: cannot write: ${reason(f)}` });
  });

  it("returns nothing when written, creating the missing folders when asked", () => {
    const file = path.join(tempDir(), "a", "b", "m.json");
    expect(writeOutputFile("--write", file, "text", { mkdir: true })).toBeUndefined();
    expect(fs.readFileSync(file, "utf8")).toBe("text");
    expect(writableDir("--cdk-dir", path.join(tempDir(), "c", "d"))).toBeUndefined();
  });

  it("shows the stack as well when DEBUG is set", () => {
    const f = aFile();
    const before = process.env.DEBUG;
    process.env.DEBUG = "1";
    try {
      const r = writeOutputFile("--matrix", `${f}/m.json`, "{}")!;
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^--matrix ${f}/m\\.json: cannot write: ${f} is not a directory\nError: ENOTDIR.*\n\\s+at `));
    } finally {
      if (before === undefined) delete process.env.DEBUG;
      else process.env.DEBUG = before;
    }
  });

  it("npm run gen: names the file it cannot write", () => {
    const f = aFile();
    const r = runGenCli([], path.join(f, ".gen"), path.join(tempDir(), ".npmrc"));
    expect(r).toEqual({ code: 2, stdout: "", stderr: `${path.join(f, ".gen", "landing-zone.schema.json")}: cannot write: ${f} is not a directory` });
  });
});

describe("validate:terraform --help", () => {
  it("counts and names the landing zones it validates: six, with GovCloud and China", () => {
    const text = VALIDATE_HELP.description.replace(/\s+/g, " ");
    expect(VALIDATED_LANDING_ZONES.map((z) => z.name(60))).toEqual(["example", "large-60", "minimal", "all-action-types", "govcloud", "china"]);
    expect(text).toContain("on every stack of six landing zones: the example, a large one");
    expect(text).toContain("the GovCloud example and one in the China partition (no pipelines).");
    for (const z of VALIDATED_LANDING_ZONES) expect(text).toContain(z.shown);
  });
});

describe("the command lines of the README", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  // `npm run x [-- --a V --b]` and `npx tsx scripts/x.ts [--a V]`, up to a backtick, a ")" closing
  // $(...), a comment or the end of the line; [optional] parts are taken as written.
  const commands = [...readme.matchAll(/(npm run [\w:-]+|npx tsx [\w/.-]+\.ts)([^`)#\n]*)/g)].map((m) => ({
    text: `${m[1]}${m[2]}`.trim(),
    head: m[1]!,
    args: m[2]!.replace(/[[\]]/g, " ").trim().split(/\s+/).filter(Boolean),
  }));

  // The file and argv a command line runs: npm passes what follows its first "--".
  const resolve = (c: (typeof commands)[number]): { file: string; argv: string[] } | undefined => {
    if (c.head.startsWith("npx tsx ")) return { file: c.head.slice("npx tsx ".length), argv: c.args };
    const script = scripts[c.head.slice("npm run ".length)];
    const file = /^tsx (\S+\.ts)$/.exec(script ?? "")?.[1];
    if (!file) return undefined;
    const dash = c.args.indexOf("--");
    return { file, argv: dash < 0 ? [] : c.args.slice(dash + 1) };
  };

  it("include the scripts and engines", () => {
    const files = new Set(commands.map(resolve).flatMap((r) => (r ? [r.file] : [])));
    for (const f of [
      "scripts/waves.ts",
      "scripts/schema-check.ts",
      "scripts/verify-access.ts",
      "verify/engines/validate.ts",
      "verify/engines/rehearse.ts",
      "verify/engines/toolchain.ts",
    ])
      expect(files).toContain(f);
  });

  it("parse as written: every option the README shows is one the command takes", async () => {
    const checked: string[] = [];
    for (const c of commands) {
      const r = resolve(c);
      // Only the command lines of scripts/ and verify/engines/ (examples/ is an app, synthesized by test/examples.test.ts).
      if (!r || NOT_COVERED.includes(r.file) || !/^(scripts|verify\/engines)\//.test(r.file)) continue;
      const run = CLIS[r.file];
      expect([c.text, run !== undefined]).toEqual([c.text, true]);
      // --help after the README's options: exit 0 only when all of them parsed.
      const result = await run!([...r.argv, "--help"]);
      expect([c.text, result.code, result.stderr]).toEqual([c.text, 0, ""]);
      checked.push(c.text);
    }
    expect(checked).toContain("npm run verify:access [-- --out D --failures-only]");
    expect(checked.length).toBeGreaterThan(8);
  });
});

describe("run as processes", () => {
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const run = (...argv: string[]) => spawnSync(tsx, argv, { cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, DEBUG: "" } });

  it("exit with the code and print one line for a wrong option", () => {
    const r = run("scripts/waves.ts", "--bogus");
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual(["unknown option --bogus; usage: npx tsx scripts/waves.ts [--out DIR] [--json] (--help for more)"]);
  });

  const aFile = () => {
    const file = path.join(tempDir(), "a-file");
    fs.writeFileSync(file, "x");
    return file;
  };
  // Before it measures anything: the folder for the AWS CDK app must be writable.
  it.each<[string, () => [string, string]]>([
    ["below a file", () => [`${aFile()}/cdk`, "is not a directory"]],
    // A recursive mkdir under /proc never returns on Node.js 20: the folders are made one at a time.
    ...(process.platform === "linux"
      ? [["under /proc", () => ["/proc/lz-no-such/cdk", "/proc/lz-no-such: no such file or directory"]] as [string, () => [string, string]]]
      : []),
  ])("bench --cdk-dir %s: one line naming it, exit code 2", (_what, args) => {
    const [dir, reason] = args();
    const r = run("scripts/bench.ts", "--skip-rows", "--skip-floor", "--compare", "1", "--cdk-dir", dir);
    expect([r.status, r.stdout]).toEqual([2, ""]);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(new RegExp(`^--cdk-dir ${dir}: cannot write: .*${reason.replace(/[/]/g, "\\/")}$`));
  });

  it("print the toolchain's usage for --help instead of building it", () => {
    const r = run("verify/engines/toolchain.ts", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run terraform:toolchain\n/);
  });
});
