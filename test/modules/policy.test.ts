import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Lazy, Token } from "cdktf";
import { grantPrincipals, grantStatements, policyJson, requireInt, useConnectionActions } from "../../modules/shared/policy";
import { newStack, parsePolicy, roleArn, rootArn, synth } from "./helpers";

const A = "222222222222";
const B = "333333333333";
const C = "111111111111";

describe("grantPrincipals", () => {
  it("grants a role name used in several accounts once: the accounts' roots with ArnLike on the name", () => {
    const grants = grantPrincipals([roleArn(B, "action"), roleArn(A, "action"), roleArn(C, "pipeline"), roleArn(A, "action")], "field");
    expect(grants).toEqual([
      { principal: { AWS: [rootArn(A), rootArn(B)] }, condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/action" } } },
      { principal: { AWS: rootArn(C) }, condition: { ArnEquals: { "aws:PrincipalArn": [roleArn(C, "pipeline")] } } },
    ]);
  });

  it("keeps policies small with many accounts: one statement per shared role name", () => {
    const accounts = Array.from({ length: 200 }, (_, i) => String(500000000000 + i));
    const grants = grantPrincipals(
      accounts.map((a) => roleArn(a, "acme-codepipeline-action")),
      "field",
    );
    expect(grants).toHaveLength(1);
    expect(JSON.stringify(grants).length).toBeLessThan(200 * 40);
  });

  it("groups literal role ARNs by account, sorted by account, with sorted and deduplicated ARNs", () => {
    const grants = grantPrincipals(
      [roleArn(B, "zeta"), roleArn(A, "beta"), roleArn(C, "one"), roleArn(A, "alpha"), roleArn(B, "zeta"), roleArn(A, "beta")],
      "field",
    );
    expect(grants).toEqual([
      { principal: { AWS: rootArn(C) }, condition: { ArnEquals: { "aws:PrincipalArn": [roleArn(C, "one")] } } },
      { principal: { AWS: rootArn(A) }, condition: { ArnEquals: { "aws:PrincipalArn": [roleArn(A, "alpha"), roleArn(A, "beta")] } } },
      { principal: { AWS: rootArn(B) }, condition: { ArnEquals: { "aws:PrincipalArn": [roleArn(B, "zeta")] } } },
    ]);
  });

  it("returns no grant for no roles", () => {
    expect(grantPrincipals([], "field")).toEqual([]);
  });

  it("keeps the partition and accepts role paths", () => {
    const cn = `arn:aws-cn:iam::${A}:role/deploy/pipeline-action`;
    const gov = `arn:aws-us-gov:iam::${B}:role/x`;
    expect(grantPrincipals([cn, gov], "field")).toEqual([
      { principal: { AWS: `arn:aws-cn:iam::${A}:root` }, condition: { ArnEquals: { "aws:PrincipalArn": [cn] } } },
      { principal: { AWS: `arn:aws-us-gov:iam::${B}:root` }, condition: { ArnEquals: { "aws:PrincipalArn": [gov] } } },
    ]);
  });

  it("names token ARNs directly, without condition, after the literal grants, deduplicated", () => {
    const token = Lazy.stringValue({ produce: () => roleArn(A, "created-later") });
    expect(Token.isUnresolved(token)).toBe(true);
    const grants = grantPrincipals([token, roleArn(A, "literal"), token], "field");
    expect(grants).toEqual([
      { principal: { AWS: rootArn(A) }, condition: { ArnEquals: { "aws:PrincipalArn": [roleArn(A, "literal")] } } },
      { principal: { AWS: [token] } },
    ]);
    expect(grants[1]).not.toHaveProperty("condition");
  });

  it.each([
    "*",
    rootArn(A),
    `arn:aws:iam::${A}:user/deployer`,
    `arn:aws:iam::${A}:role/*`,
    `arn:aws:iam::${A}:role/`,
    `arn:aws:iam::${A}:group/devs`,
    "arn:aws:iam::12345678901:role/eleven-digits",
    `arn:aws:sts::${A}:assumed-role/deploy/session`,
    `arn:aws:iam::${A}:role/${"n".repeat(65)}`,
    A,
  ])("rejects %s, naming the field", (arn) => {
    expect(() => grantPrincipals([roleArn(A, "ok"), arn], "myRoles")).toThrow(/^myRoles: .*is not an IAM role ARN/);
  });

  it("accepts a 64-character role name", () => {
    expect(() => grantPrincipals([roleArn(A, "n".repeat(64))], "field")).not.toThrow();
  });
});

describe("grantStatements", () => {
  it("makes one Allow statement per grant with indexed Sids, the given actions and resources", () => {
    const token = Lazy.stringValue({ produce: () => "x" });
    const statements = grantStatements("Read", [roleArn(B, "b"), roleArn(A, "a"), token], "field", ["s3:GetObject"], ["arn:aws:s3:::b/*"]);
    expect(statements).toEqual([
      {
        Sid: "Read0",
        Effect: "Allow",
        Principal: { AWS: rootArn(A) },
        Action: ["s3:GetObject"],
        Resource: ["arn:aws:s3:::b/*"],
        Condition: { ArnEquals: { "aws:PrincipalArn": [roleArn(A, "a")] } },
      },
      {
        Sid: "Read1",
        Effect: "Allow",
        Principal: { AWS: rootArn(B) },
        Action: ["s3:GetObject"],
        Resource: ["arn:aws:s3:::b/*"],
        Condition: { ArnEquals: { "aws:PrincipalArn": [roleArn(B, "b")] } },
      },
      { Sid: "Read2", Effect: "Allow", Principal: { AWS: [token] }, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] },
    ]);
    expect(statements[2]).not.toHaveProperty("Condition");
  });

  it("propagates the field name of a bad ARN", () => {
    expect(() => grantStatements("Read", ["*"], "readOnlyRoleArns", ["s3:GetObject"], "*")).toThrow(/^readOnlyRoleArns: /);
  });
});

describe("policyJson", () => {
  it("writes a 2012-10-17 document with the statements in order", () => {
    const doc = JSON.parse(
      policyJson(
        { Sid: "One", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" },
        { Sid: "Two", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["a"] },
      ),
    );
    expect(doc).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "One", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" },
        { Sid: "Two", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["a"] },
      ],
    });
  });

  it("turns string tokens into Terraform interpolations when synthesized", () => {
    const stack = newStack();
    const token = Lazy.stringValue({ produce: () => "${aws_iam_role.r.arn}" });
    new IamRolePolicy(stack, "p", {
      role: "r",
      name: "p",
      policy: policyJson({ Effect: "Allow", Action: "s3:GetObject", Resource: `${token}/*` }),
    });
    const doc = parsePolicy(synth(stack).only("aws_iam_role_policy").body.policy);
    expect(doc.Statement[0]!.Resource).toBe("${aws_iam_role.r.arn}/*");
  });
});

describe("useConnectionActions", () => {
  // Developer Tools console guide, "Connections rename": the action's prefix must match the ARN's.
  it.each([
    ["arn:aws:codeconnections:eu-west-1:111111111111:connection/abc", ["codeconnections:UseConnection"]],
    ["arn:aws:codestar-connections:eu-west-1:111111111111:connection/abc", ["codestar-connections:UseConnection"]],
  ])("grants the prefix of %s only", (arn, actions) => {
    expect(useConnectionActions(arn)).toEqual(actions);
  });

  it("grants both prefixes for an ARN only known at apply time", () => {
    const token = Lazy.stringValue({ produce: () => "${aws_codestarconnections_connection.c.arn}" });
    expect(useConnectionActions(token)).toEqual(["codeconnections:UseConnection", "codestar-connections:UseConnection"]);
  });
});

describe("requireInt", () => {
  it("returns whole numbers within the bounds, both included", () => {
    expect(requireInt("days", 7, 7, 30)).toBe(7);
    expect(requireInt("days", 30, 7, 30)).toBe(30);
    expect(requireInt("days", 12, 7, 30)).toBe(12);
  });

  it.each([6, 31, 7.5, Number.NaN, Number.POSITIVE_INFINITY, -7])("rejects %s, naming the field and the range", (value) => {
    expect(() => requireInt("keyDeletionWindowDays", value, 7, 30)).toThrow(/^keyDeletionWindowDays: .* must be a whole number from 7 to 30$/);
  });
});
