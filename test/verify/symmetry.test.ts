import { buildModel, evaluate, planPaths, proveAccess, type AccessCheck } from "../../verify/access-proof";
import { classify, evaluateByClass, renameOutcome } from "../../verify/access/symmetry";
import { allActionTypesLandingZone, exampleLandingZone, govCloudLandingZone, largeLandingZone } from "../../verify/landing-zones";
import { synthExample } from "../fixtures/synth";

// Evaluating one path per class must give every path the outcome it gets when evaluated itself.
describe.each([
  ["the example", exampleLandingZone()],
  ["every action type", allActionTypesLandingZone()],
  ["GovCloud", govCloudLandingZone()],
  ["the example + 12 targets in an organization", largeLandingZone(12)],
])("the proof by classes over %s", (_name, lz) => {
  it("gives every path the verdict, detail and pass it gets evaluated on its own", async () => {
    const { stacks } = synthExample(lz);
    const byClass = await proveAccess(stacks);
    const each = await proveAccess(stacks, { byClass: false });
    expect(byClass.rows.length).toBeGreaterThan(250);
    expect(byClass).toEqual(each);
    expect(new Set(each.rows.map((r) => r.result))).toEqual(new Set(["ALLOWED", "DENIED"]));
  }, 120_000);
});

describe("classes of paths", () => {
  // Up to a few dozen targets, grants name each target role; from there on they use the organization.
  it("are far fewer than the paths of many similar targets, and do not grow with them", () => {
    const classes = (n: number) => {
      const checks = planPaths(buildModel(synthExample(largeLandingZone(n)).stacks)).checks;
      return { checks: checks.length, classes: classify(checks).length };
    };
    const small = classes(30);
    const large = classes(70);
    expect(large.checks).toBeGreaterThan(small.checks * 2);
    expect(large.classes).toBe(small.classes);
    expect(large.classes * 5).toBeLessThan(large.checks);
  }, 60_000);

  const check = (caller: string, pattern: string): AccessCheck => ({
    kind: "test",
    caller: {
      type: "role",
      arn: `arn:aws:iam::${caller}:role/deploy`,
      account: caller,
      name: "deploy",
      identity: [{ name: "allow", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } }],
    },
    action: "s3:GetObject",
    resource: "arn:aws:s3:::artifacts-111111111111/key",
    resourceAccount: "111111111111",
    resourcePolicy: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": pattern } } }],
    },
    expected: "ALLOWED",
  });

  it("put requests that differ only in their account ids together", () => {
    const pattern = "arn:aws:iam::*:role/deploy";
    const classes = classify([check("500000000001", pattern), check("500000000002", pattern), check("111111111111", pattern)]);
    // The third one is a same-account request: another equality pattern among its ids.
    expect(classes.map((c) => c.members.map(([i]) => i))).toEqual([[0, 1], [2]]);
    expect(classes[0]!.members[1]![1]).toEqual(["500000000002", "111111111111"]);
  });

  it("keep a request apart when a wildcard compares part of an id, so its verdict is its own", async () => {
    // 50000000000* matches ...001 but not 600000000001: renaming would carry the wrong verdict.
    const checks = [check("500000000001", "arn:aws:iam::50000000000*:role/deploy"), check("600000000001", "arn:aws:iam::50000000000*:role/deploy")];
    expect(classify(checks)).toHaveLength(2);
    const outcomes = await evaluateByClass(checks, (reps) => Promise.all(reps.map(evaluate)));
    expect(outcomes.map((o) => o.result)).toEqual(["ALLOWED", "DENIED"]);
    const numeric = check("500000000001", "arn:aws:iam::*:role/deploy");
    const withNumber: AccessCheck = {
      ...numeric,
      resourcePolicy: {
        ...numeric.resourcePolicy!,
        Statement: [{ ...numeric.resourcePolicy!.Statement[0]!, Condition: { NumericLessThan: { "aws:PrincipalAccount": "6" } } }],
      },
    };
    expect(classify([withNumber, { ...withNumber, caller: check("600000000001", "").caller }])).toHaveLength(2);
  });

  it("rename the account ids in a representative's detail to the member's", () => {
    const outcome = { result: "DENIED" as const, detail: "ImplicitlyDenied (resource by Deny500000000001, 111111111111x)", resourceExplicitDeny: false };
    expect(renameOutcome(outcome, ["500000000001", "111111111111"], ["500000000009", "111111111111"]).detail).toBe(
      "ImplicitlyDenied (resource by Deny500000000009, 111111111111x)",
    );
    expect(renameOutcome(outcome, ["500000000001"], ["500000000001"])).toEqual(outcome);
  });
});
