import { checkIamData, formatIamDataReport, IamDataFinding, IamDataReport } from "../../verify/iam-data-check";
import type { SynthesizedStack, TerraformJson } from "../../synth/wiring";
import { synthExample } from "../fixtures/synth";

type Statement = Record<string, unknown>;
const CONNECTION = "arn:aws:codeconnections:eu-west-1:111111111111:connection/6a1f0b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b";
const LEGACY_CONNECTION = "arn:aws:codestar-connections:eu-west-1:111111111111:connection/6a1f0b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b";
const STACK_ARN = "arn:aws:cloudformation:eu-west-1:222222222222:stack/app/*";

/** One stack with the given resources. */
const stackOf = (resource: TerraformJson["resource"], id = "s", data?: TerraformJson["data"]): SynthesizedStack => ({
  id,
  dependencies: [],
  json: { resource, ...(data ? { data } : {}) },
});
/** A role policy with the statements, as JSON text (what cdktf writes). */
const rolePolicy = (...statements: Statement[]) =>
  stackOf({ aws_iam_role_policy: { p: { role: "r", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) } } });
const check = (...stacks: SynthesizedStack[]) => checkIamData(stacks);
const about = (r: IamDataReport) => r.findings.map((f) => `${f.kind} ${f.subject} [${f.statement}]`);

describe("the example landing zone", () => {
  const { stacks } = synthExample();
  let report: IamDataReport;
  beforeAll(async () => {
    report = await checkIamData(stacks);
  });

  it("grants only actions that exist, with condition keys they support, on resources they apply to", () => {
    expect(report.findings).toEqual([]);
    expect(formatIamDataReport(report)).toMatch(/^0 finding\(s\) in \d+ statement\(s\) of \d+ policies \(service-authorization data [\d.]+\)$/);
  });

  it("reads every policy it holds (identity, trust, bucket, key, queue and topic policies)", () => {
    expect(report.skipped).toEqual([]);
    expect(report.statements).toBeGreaterThan(100);
    const types = new Set(stacks.flatMap((s) => Object.keys(s.json.resource ?? {})));
    for (const t of ["aws_iam_role", "aws_iam_role_policy", "aws_s3_bucket_policy", "aws_kms_key", "aws_sqs_queue_policy", "aws_sns_topic_policy"])
      expect(types).toContain(t);
  });
});

describe("checkIamData", () => {
  describe("actions", () => {
    it("reports an action its service does not have, and an unknown service prefix", async () => {
      const r = await check(rolePolicy({ Sid: "Made", Effect: "Allow", Action: ["s3:GetObjekt", "madeup:DoThing", "s3:GetObject"], Resource: "*" }));
      expect(about(r)).toEqual(["unknown-action s3:GetObjekt [Made]", "unknown-service madeup:DoThing [Made]"]);
      expect(r.findings[0]).toMatchObject({
        stack: "s",
        resource: "aws_iam_role_policy.p",
        attribute: "policy",
        reason: 'no action of service "s3" matches "GetObjekt"',
      });
      expect(formatIamDataReport(r).split("\n")).toEqual([
        's: aws_iam_role_policy.p.policy [Made] unknown-action s3:GetObjekt: no action of service "s3" matches "GetObjekt"',
        's: aws_iam_role_policy.p.policy [Made] unknown-service madeup:DoThing: "madeup" is not a service prefix of the Service Authorization Reference',
        "",
        expect.stringMatching(/^2 finding\(s\) in 1 statement\(s\) of 1 policy /),
      ]);
    });

    it("matches patterns with the IAM wildcard matcher, case-insensitively", async () => {
      const ok = await check(rolePolicy({ Effect: "Allow", Action: ["s3:Get*", "S3:getobject", "kms:?ecrypt", "*"], Resource: "*" }));
      expect(ok.findings).toEqual([]);
      expect(about(await check(rolePolicy({ Effect: "Allow", Action: "s3:Frobnicate*", Resource: "*" })))).toEqual(["unknown-action s3:Frobnicate* [#0]"]);
    });

    it("checks NotAction entries too", async () => {
      expect(about(await check(rolePolicy({ Effect: "Deny", NotAction: "iam:PassRoles", Resource: "*" })))).toEqual(["unknown-action iam:PassRoles [#0]"]);
    });
  });

  describe("connections (renamed service: the action's prefix must match the ARN's)", () => {
    it("reports codestar-connections:UseConnection on a codeconnections ARN", async () => {
      const r = await check(
        rolePolicy({ Sid: "Conn", Effect: "Allow", Action: ["codestar-connections:UseConnection", "codeconnections:UseConnection"], Resource: CONNECTION }),
      );
      expect(about(r)).toEqual(["resource-service-mismatch codestar-connections:UseConnection [Conn]"]);
      expect(r.findings[0]!.reason).toContain("applies to codestar-connections resources, but the statement names only codeconnections ARNs");
    });

    it("reports codeconnections:UseConnection on a codestar-connections ARN", async () => {
      const r = await check(rolePolicy({ Effect: "Allow", Action: "codeconnections:UseConnection", Resource: LEGACY_CONNECTION }));
      expect(about(r)).toEqual(["resource-service-mismatch codeconnections:UseConnection [#0]"]);
    });

    it("accepts each prefix on its own ARNs, and either when the statement names both", async () => {
      const r = await check(
        rolePolicy(
          { Effect: "Allow", Action: "codeconnections:UseConnection", Resource: CONNECTION },
          { Effect: "Allow", Action: "codestar-connections:UseConnection", Resource: LEGACY_CONNECTION },
          { Effect: "Allow", Action: ["codeconnections:UseConnection", "codestar-connections:UseConnection"], Resource: [CONNECTION, LEGACY_CONNECTION] },
        ),
      );
      expect(r.findings).toEqual([]);
    });
  });

  describe("condition keys", () => {
    it("reports cloudformation:ChangeSetName on cloudformation:DescribeStacks", async () => {
      const r = await check(
        rolePolicy({
          Effect: "Allow",
          Action: "cloudformation:DescribeStacks",
          Resource: STACK_ARN,
          Condition: { StringEquals: { "cloudformation:ChangeSetName": "release" } },
        }),
      );
      expect(about(r)).toEqual(["unsupported-condition-key cloudformation:ChangeSetName [#0]"]);
      expect(r.findings[0]!.reason).toMatch(
        /^cloudformation:DescribeStacks does not support "cloudformation:ChangeSetName": .* the StringEquals condition never matches it/,
      );
    });

    it("reports the key on the actions of a statement that do not support it, even when others do", async () => {
      const r = await check(
        rolePolicy({
          Sid: "ChangeSet",
          Effect: "Allow",
          Action: ["cloudformation:CreateChangeSet", "cloudformation:DescribeStacks"],
          Resource: STACK_ARN,
          Condition: { StringEqualsIfExists: { "cloudformation:ChangeSetName": "release" } },
        }),
      );
      expect(r.findings).toHaveLength(1);
      expect(r.findings[0]!.reason).toMatch(
        /^cloudformation:DescribeStacks does not support .* \(only cloudformation:CreateChangeSet does\): .* StringEqualsIfExists lets it through without the condition/,
      );
    });

    it("accepts per-action keys, resource-type keys with variables, global keys and the split statements", async () => {
      const r = await check(
        rolePolicy(
          {
            Effect: "Allow",
            Action: ["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"],
            Resource: STACK_ARN,
            Condition: { StringEquals: { "cloudformation:ChangeSetName": "release" } },
          },
          { Effect: "Allow", Action: "cloudformation:DescribeStacks", Resource: STACK_ARN },
          {
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: "arn:aws:iam::222222222222:role/x",
            Condition: { StringEquals: { "iam:PassedToService": "cloudformation.amazonaws.com", "iam:ResourceTag/team": "a" } },
          },
          {
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": "x" } },
          },
          {
            Effect: "Allow",
            Action: "s3:*",
            Resource: "*",
            Condition: { StringEquals: { "s3:prefix": "a/", "aws:PrincipalOrgID": "o-abc", "aws:RequestTag/team": "a" } },
          },
        ),
      );
      expect(r.findings).toEqual([]);
    });

    it("reports an unknown global key and a key of another service", async () => {
      const r = await check(
        rolePolicy({
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::b/*",
          Condition: { ArnEquals: { "aws:PrincipleArn": "x" }, StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
        }),
      );
      expect(about(r)).toEqual(["unknown-condition-key aws:PrincipleArn [#0]", "unsupported-condition-key kms:ViaService [#0]"]);
    });

    it("only asks that a key exists when the statement's actions are not known (NotAction, *)", async () => {
      const r = await check(
        rolePolicy(
          { Effect: "Deny", NotAction: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "x" } } },
          { Effect: "Allow", Action: "*", Resource: "*", Condition: { StringEquals: { "sqs:Nope": "x" } } },
        ),
      );
      expect(about(r)).toEqual(["unknown-condition-key sqs:Nope [#1]"]);
    });
  });

  describe("resources", () => {
    it("reports an action without resource types on a concrete ARN", async () => {
      const r = await check(
        rolePolicy({ Effect: "Allow", Action: "ecs:DescribeTaskDefinition", Resource: "arn:aws:ecs:eu-west-1:222222222222:task-definition/app:*" }),
      );
      expect(about(r)).toEqual(["resource-not-wildcard ecs:DescribeTaskDefinition [#0]"]);
    });

    it("accepts ARNs of the action's resource types, including IAM roles for sts:AssumeRole, and leaves unresolved ARNs alone", async () => {
      const r = await check(
        rolePolicy(
          { Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/x" },
          { Effect: "Allow", Action: "ecs:RegisterTaskDefinition", Resource: "arn:aws:ecs:eu-west-1:222222222222:task-definition/*" },
          { Effect: "Allow", Action: ["s3:GetObject", "kms:Decrypt"], Resource: ["arn:aws:s3:::b/*", "arn:aws:kms:eu-west-1:111111111111:key/k"] },
          { Effect: "Allow", Action: "s3:GetObject", Resource: "${data.terraform_remote_state.tools.outputs.bucket_arn}/*" },
        ),
      );
      expect(r.findings).toEqual([]);
    });
  });

  describe("where policies come from", () => {
    const bad = { Effect: "Allow", Action: "s3:GetObjekt", Resource: "*" };
    const doc = (st: Statement) => JSON.stringify({ Version: "2012-10-17", Statement: [st] });

    it("reads trust, bucket, key, queue, topic and repository policies, inline role policies and managed policies", async () => {
      const trust = {
        Effect: "Allow",
        Principal: { Service: "cloudformation.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalIdd": "x" } },
      };
      const r = await check(
        stackOf({
          aws_iam_role: { r: { assume_role_policy: doc(trust), inline_policy: [{ name: "i", policy: doc(bad) }] } },
          aws_iam_policy: { m: { policy: doc(bad) } },
          aws_s3_bucket_policy: { b: { bucket: "b", policy: doc({ ...bad, Principal: { AWS: "arn:aws:iam::1:root" } }) } },
          aws_kms_key: { k: { policy: doc({ ...bad, Action: "kms:Decrypts" }) } },
          aws_sqs_queue_policy: { q: { queue_url: "u", policy: doc({ ...bad, Action: "sqs:SendMessages" }) } },
          aws_sns_topic_policy: { t: { arn: "a", policy: doc({ ...bad, Action: "sns:Publishes" }) } },
          aws_ecr_repository_policy: { e: { repository: "e", policy: doc({ ...bad, Action: "ecr:PullImage" }) } },
          aws_lambda_permission: { l: { action: "lambda:InvokeFunctions", function_name: "f", principal: "events.amazonaws.com" } },
        }),
      );
      expect(r.findings.map((f: IamDataFinding) => `${f.resource}.${f.attribute} ${f.subject}`)).toEqual([
        "aws_iam_role.r.assume_role_policy sts:ExternalIdd",
        "aws_iam_role.r.inline_policy[0].policy s3:GetObjekt",
        "aws_iam_policy.m.policy s3:GetObjekt",
        "aws_s3_bucket_policy.b.policy s3:GetObjekt",
        "aws_kms_key.k.policy kms:Decrypts",
        "aws_sqs_queue_policy.q.policy sqs:SendMessages",
        "aws_sns_topic_policy.t.policy sns:Publishes",
        "aws_ecr_repository_policy.e.policy ecr:PullImage",
      ]);
    });

    it("reads jsonencode-style objects and aws_iam_policy_document references; lists what it cannot read", async () => {
      const r = await check(
        stackOf(
          {
            aws_iam_role_policy: {
              object: { role: "r", policy: { Version: "2012-10-17", Statement: [bad] } },
              document: { role: "r", policy: "${data.aws_iam_policy_document.d.json}" },
              hcl: { role: "r", policy: '${jsonencode({"Statement" = []})}' },
            },
          },
          "s",
          { aws_iam_policy_document: { d: { statement: [{ actions: ["sqs:SendMessages"], resources: ["*"] }] } } },
        ),
      );
      expect(r.findings.map((f) => `${f.resource} ${f.subject}`)).toEqual([
        "aws_iam_role_policy.object s3:GetObjekt",
        "aws_iam_role_policy.document sqs:SendMessages",
      ]);
      expect(r.skipped).toEqual([expect.stringMatching(/^s: aws_iam_role_policy\.hcl\.policy: not a JSON policy document/)]);
    });
  });
});
