import { parseLandingZone } from "../../config/load";
import type { GuardrailFinding } from "../../guardrails/engine";
import { locateFinding } from "../../stacks/file-location";
import { exampleInput } from "../fixtures/landing-zone";

const finding = (constructPath: string, ruleId = "CP-SIZE-1"): GuardrailFinding => ({
  ruleId,
  level: "error",
  stack: constructPath.split("/")[0]!,
  constructPath,
  message: "A policy is larger than AWS accepts, so apply would fail: bucket policy is 30000 characters; the limit is 20480",
  fix: "generic fix",
  details: [],
});

describe("size findings name the landing-zone file's path and a fix it can express", () => {
  const lz = parseLandingZone(exampleInput());
  const withOrg = parseLandingZone({ ...exampleInput(), organization: { id: "o-a1b2c3d4e5", listAccountsUpTo: 30 } });
  const at = (l: typeof lz, path: string, ruleId?: string) => {
    const f = locateFinding(l, finding(path, ruleId));
    return [f.message.replace(/^.*\(landing-zone file: ([^)]*)\)$/, "$1"), f.fix];
  };

  it("sends store policies to organization, or to its listAccountsUpTo once it is set", () => {
    expect(at(lz, "tools-us-east-1/artifact-store/policy")).toEqual([
      "organization",
      expect.stringMatching(/^add "organization": \{ "id": "o-\.\.\." \} to the landing-zone file/),
    ]);
    expect(at(withOrg, "tools-eu-west-1/tools/artifact-store-eu-west-1/policy")).toEqual([
      "organization.listAccountsUpTo",
      expect.stringMatching(/^lower organization\.listAccountsUpTo \(now 30\)/),
    ]);
  });

  it("sends a pipeline's role to pipelines[i], a target's roles to targets[i], the eventing to pipelines[].events", () => {
    expect(at(lz, "pipelines-eu-west-1/pipeline-data-jobs/role")).toEqual(["pipelines[2]", expect.stringMatching(/^split pipelines\[2\] \(data-jobs\)/)]);
    expect(at(lz, "target-prod/roles/action-role")).toEqual(["targets[2]", expect.stringMatching(/targets\[2\]\.trustPolicyQuota/)]);
    expect(at(lz, "pipelines-eu-west-1/eventing/dlq-eu-west-1/policy")).toEqual([
      "pipelines[].events",
      expect.stringMatching(/^each region's dead-letter queue policy/),
    ]);
  });

  it("keeps the rule's own fix for other rules, and leaves findings outside the landing zone's stacks alone", () => {
    expect(at(lz, "target-prod/roles/action-role", "CP-IAM-1")).toEqual(["targets[2]", "generic fix"]);
    expect(locateFinding(lz, finding("somewhere-else/x"))).toEqual(finding("somewhere-else/x"));
  });
});
