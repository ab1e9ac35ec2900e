import * as path from "node:path";
import { defaultCdkDir, parseBenchArgs } from "../../scripts/bench/args";

const options = (argv: string[]) => {
  const parsed = parseBenchArgs(argv, {});
  if (parsed.kind !== "run") throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
};
const error = (argv: string[]) => {
  const parsed = parseBenchArgs(argv, {});
  if (parsed.kind !== "error") throw new Error(`expected an error, got ${JSON.stringify(parsed)}`);
  return parsed.message;
};

describe("npm run bench: arguments", () => {
  it("defaults to N = 10, 50, 200 against AWS CDK, 1,000 against the floor, phase rows at 100 and 200, one run", () => {
    expect(options([])).toEqual({
      targets: 200,
      proofAt: 100,
      runs: 1,
      compare: [10, 50, 200],
      floorAt: [1000],
      cdkDir: defaultCdkDir({}),
      skipRows: false,
      skipCdk: false,
      skipFloor: false,
    });
    expect(defaultCdkDir({ XDG_CACHE_HOME: "/cache" })).toBe(path.join("/cache", "codepipeline-landing-zone", "bench-cdk"));
  });

  it("reads every option; lists are deduplicated and sorted; --cdk-dir is made absolute", () => {
    const o = options([
      "--targets",
      "1000",
      "--proof-at=50",
      "--runs",
      "3",
      "--compare",
      "200,10,50,10",
      "--floor-at",
      "1000,500",
      "--cdk-dir",
      "rel",
      "--skip-rows",
      "--skip-cdk",
      "--skip-floor",
    ]);
    expect(o).toEqual({
      targets: 1000,
      proofAt: 50,
      runs: 3,
      compare: [10, 50, 200],
      floorAt: [500, 1000],
      cdkDir: path.resolve("rel"),
      skipRows: true,
      skipCdk: true,
      skipFloor: true,
    });
  });

  it("--help gives the usage, naming every option", () => {
    const parsed = parseBenchArgs(["--targets", "x", "--help"], {});
    expect(parsed.kind).toBe("help");
    const text = parsed.kind === "help" ? parsed.text : "";
    for (const o of ["--targets", "--proof-at", "--runs", "--compare", "--floor-at", "--cdk-dir", "--skip-rows", "--skip-cdk", "--skip-floor", "--help"])
      expect(text).toContain(o);
  });

  it.each([
    [["--frobnicate"], "--frobnicate: unknown option"],
    [["-t", "5"], "-t: unknown option"],
    [["200"], "200: unexpected argument"],
    [["--targets"], "--targets: needs a value"],
    [["--targets", "--runs", "3"], "--targets: needs a value"],
    [["--skip-cdk=yes"], "--skip-cdk: takes no value"],
    [["--targets", "abc"], '--targets: expected an integer from 1 to 10,000, got "abc"'],
    [["--targets", "1e3"], '--targets: expected an integer from 1 to 10,000, got "1e3"'],
    [["--targets", "0"], '--targets: expected an integer from 1 to 10,000, got "0"'],
    [["--proof-at", "10001"], '--proof-at: expected an integer from 1 to 10,000, got "10001"'],
    [["--runs", "21"], '--runs: expected an integer from 1 to 20, got "21"'],
    [["--runs", "-1"], '--runs: expected an integer from 1 to 20, got "-1"'],
    [["--targets", "-5"], '--targets: expected an integer from 1 to 10,000, got "-5"'],
    [["--targets=-5"], '--targets: expected an integer from 1 to 10,000, got "-5"'],
    [["--proof-at", "-0"], '--proof-at: expected an integer from 1 to 10,000, got "-0"'],
    [["--compare", "-5,10"], '--compare: expected integers from 1 to 10,000 separated by commas, got "-5,10"'],
    [["--floor-at", "-1000", "--skip-cdk"], '--floor-at: expected integers from 1 to 10,000 separated by commas, got "-1000"'],
    [["--compare", "10,abc"], '--compare: expected integers from 1 to 10,000 separated by commas, got "10,abc"'],
    [["--compare", ""], '--compare: expected integers from 1 to 10,000 separated by commas, got ""'],
    [["--floor-at", "1000,0"], '--floor-at: expected integers from 1 to 10,000 separated by commas, got "1000,0"'],
    [["--cdk-dir", " "], '--cdk-dir: expected a folder, got ""'],
  ])("%j: one line naming the option", (argv, message) => {
    const m = error(argv);
    expect(m.startsWith(message)).toBe(true);
    expect(m).not.toContain("\n");
  });
});
