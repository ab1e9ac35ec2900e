import { buildModel, evaluate, planPaths } from "../../verify/access-proof";
import { evaluatorFunctions, setEvaluatorCaches } from "../../verify/access/evaluator-caches";
import { allActionTypesLandingZone, exampleLandingZone } from "../../verify/landing-zones";
import { synthExample } from "../fixtures/synth";

// The caches must not change a single verdict: every path of two landing zones is evaluated with
// the evaluator's own functions and with the cached ones, and the outcomes compared in full.
afterAll(() => setEvaluatorCaches(true));

describe.each([
  ["the example", exampleLandingZone()],
  ["every action type", allActionTypesLandingZone()],
])("evaluator caches over %s", (_name, lz) => {
  it("give the same outcome on every path as the evaluator's own functions", async () => {
    const { stacks } = synthExample(lz);
    const checks = planPaths(buildModel(stacks)).checks;
    expect(checks.length).toBeGreaterThan(500);
    const run = async (cached: boolean) => {
      setEvaluatorCaches(cached);
      const out = [];
      // Twice each, so that the second pass reads what the first one cached.
      for (let pass = 0; pass < 2; pass++) for (const c of checks) out.push(await evaluate(c));
      return out;
    };
    const original = await run(false);
    const cached = await run(true);
    expect(cached).toEqual(original);
    // Both verdicts occur, so the comparison is not over a single kind of outcome.
    expect(new Set(original.map((o) => o.result))).toEqual(new Set(["ALLOWED", "DENIED"]));
  }, 120_000);
});

describe("each cached function", () => {
  const { original, cached } = evaluatorFunctions();

  it("compares case-insensitively but accent-sensitively, as localeCompare with sensitivity 'accent'", () => {
    const pairs: [string, string][] = [
      ["StringEquals", "stringequals"],
      ["ForAnyValue", "FORANYVALUE"],
      ["IfExists", "ifexists"],
      ["résumé", "resume"],
      ["ARN", "arn"],
      ["", ""],
      ["a", ""],
      ["a\u0001", "a"],
      ["Straße", "STRASSE"],
      ["a-b", "ab"],
      ["A B", "a b"],
    ];
    for (const [a, b] of pairs) {
      expect([a, b, cached.caseInsensitiveEquals(a, b)]).toEqual([a, b, original.caseInsensitiveEquals(a, b)]);
      expect([a, b, cached.caseInsensitiveEndsWith(a, b)]).toEqual([a, b, original.caseInsensitiveEndsWith(a, b)]);
    }
    expect(cached.caseInsensitiveEquals("StringEquals", "stringequals")).toBe(true);
    expect(cached.caseInsensitiveEquals("résumé", "resume")).toBe(false);
  });

  it("returns the same resource types, every call, including for wildcard resources with several types", async () => {
    const cases: [string, string, string][] = [
      ["s3", "GetObject", "arn:aws:s3:::bucket/key"],
      ["s3", "GetObject", "*"],
      ["kms", "Decrypt", "arn:aws:kms:eu-west-1:111111111111:key/abc"],
      ["kms", "Decrypt", "*"],
      ["iam", "PassRole", "arn:aws:iam::111111111111:role/x"],
      ["codepipeline", "PollForJobs", "arn:aws:codepipeline:eu-west-1:111111111111:actiontype:Custom/Build/X/1"],
    ];
    for (const [service, action, resource] of cases) {
      const want = await original.getResourceTypesForAction(service, action, resource);
      for (let i = 0; i < 2; i++) expect(await cached.getResourceTypesForAction(service, action, resource)).toEqual(want);
    }
    expect((await cached.getResourceTypesForAction("s3", "GetObject", "*")).length).toBeGreaterThan(1);
    await expect(cached.getResourceTypesForAction("s3", "NoSuchAction", "*")).rejects.toThrow();
  });

  it("converts policy strings as the evaluator does, and leaves strings with policy variables to it", () => {
    const requestWith = (user?: string) => ({
      contextKeyExists: (k: string) => user !== undefined && k === "aws:username",
      getContextKeyValue: () => ({ isStringValue: () => true, value: user }),
    });
    const request = requestWith(undefined);
    const values = ["arn:aws:s3:::bucket/*", "a?b", "literal.with+regex(chars)", "*", ""];
    const optionSets = [undefined, { replaceWildcards: false }, { convertToRegex: false }, { replaceWildcards: undefined }];
    const shape = (v: unknown) => (typeof v === "object" && v !== null ? { ...(v as object), pattern: String((v as { pattern: RegExp }).pattern) } : v);
    for (const value of values) {
      for (const options of optionSets) {
        for (let i = 0; i < 2; i++)
          expect(shape(cached.convertIamString(value, request, options))).toEqual(shape(original.convertIamString(value, request, options)));
      }
    }
    // A policy variable takes its value from each request: nothing of one request is reused for another.
    const home = "arn:aws:s3:::bucket/home/${aws:username}/*";
    const seen = ["alice", "bob", undefined].map((user) => shape(cached.convertIamString(home, requestWith(user))));
    expect(seen).toEqual(["alice", "bob", undefined].map((user) => shape(original.convertIamString(home, requestWith(user)))));
    expect(new Set(seen.map((s) => JSON.stringify(s))).size).toBe(3);
  });
});
