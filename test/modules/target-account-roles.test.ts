import { TargetAccountRoles } from "../../modules/target-account-roles";
import { ToolsAccount } from "../../modules/tools-account";
import { buildTargetAccountRoles, PIPELINE_ROLE, TARGET_STORES, targetAccountRolesProps, toolsAccountProps } from "./builders";
import {
  allowsAction,
  EXPECTED,
  identityPairs,
  KMS_DATA_OPERATIONS,
  list,
  newStack,
  pairs,
  parsePolicy,
  type PolicyDoc,
  ref,
  rootArn,
  sorted,
  synth,
  type Synthesized,
  TARGET_ACCOUNT_A,
  TOOLS_ACCOUNT,
} from "./helpers";

/** The two roles and their inline policies by (role, policy name). */
function view(out: Synthesized) {
  const roles = Object.entries(out.resources("aws_iam_role"));
  const roleNamed = (name: string) => {
    const hit = roles.filter(([, body]) => body.name === name);
    expect(hit).toHaveLength(1);
    return { id: hit[0]![0], body: hit[0]![1] };
  };
  const action = roleNamed("codepipeline-action");
  const exec = roleNamed("codepipeline-cfn-exec");
  const inline = (role: { id: string }, name: string): PolicyDoc => {
    const hit = Object.values(out.resources("aws_iam_role_policy")).filter((p) => p.role === ref("aws_iam_role", role.id, "name") && p.name === name);
    expect(hit).toHaveLength(1);
    return parsePolicy(hit[0]!.policy);
  };
  return { action, exec, inline };
}

describe("TargetAccountRoles", () => {
  let out: Synthesized;
  let v: ReturnType<typeof view>;
  beforeAll(() => {
    out = buildTargetAccountRoles().out;
    v = view(out);
  });

  const buckets = TARGET_STORES.map((s) => s.bucketArn);
  const keys = TARGET_STORES.map((s) => s.keyArn);

  describe("trust", () => {
    it("lets exactly the pipeline role assume the action role", () => {
      const trust = parsePolicy(v.action.body.assume_role_policy);
      expect(trust.Statement).toHaveLength(1);
      const [s] = trust.Statement;
      expect(s!.Effect).toBe("Allow");
      expect(s!.Principal).toEqual({ AWS: PIPELINE_ROLE });
      expect(list(s!.Action)).toEqual(["sts:AssumeRole"]);
      expect(s!.Condition).toBeUndefined();
      expect(list((s!.Principal as { AWS: string }).AWS)).not.toContain(rootArn(TOOLS_ACCOUNT));
    });

    it("lets only CloudFormation assume the execution role", () => {
      const trust = parsePolicy(v.exec.body.assume_role_policy);
      expect(trust.Statement).toHaveLength(1);
      const [s] = trust.Statement;
      expect(s!.Effect).toBe("Allow");
      expect(s!.Principal).toEqual({ Service: "cloudformation.amazonaws.com" });
      expect(list(s!.Action)).toEqual(["sts:AssumeRole"]);
      expect(s!.Condition).toBeUndefined();
    });
  });

  describe("action role", () => {
    it("reads and writes exactly the given artifact stores", () => {
      const doc = v.inline(v.action, "artifact-stores");
      expect(identityPairs(doc)).toEqual(
        sorted([
          ...pairs(
            EXPECTED.objectsReadWrite,
            buckets.map((b) => `${b}/*`),
          ),
          ...pairs(EXPECTED.bucket, buckets),
          ...pairs(EXPECTED.keyReadWrite, keys),
        ]),
      );
    });

    it("gets no CloudFormation or other deploy permission of its own: only what the pipelines' actions need", () => {
      expect(
        Object.values(out.resources("aws_iam_role_policy"))
          .map((p) => p.name)
          .sort(),
      ).toEqual(["artifact-stores", "artifact-stores-read"]);
      const stack = newStack();
      const needs = [
        { Effect: "Allow" as const, Action: ["cloudformation:UpdateStack"], Resource: `arn:aws:cloudformation:eu-west-1:${TARGET_ACCOUNT_A}:stack/app/*` },
      ];
      new TargetAccountRoles(stack, "t", targetAccountRolesProps({ actionRoleStatements: needs }));
      const policies = Object.values(synth(stack).resources("aws_iam_role_policy"));
      const actions = policies.find((p) => p.name === "pipeline-actions")!;
      expect(parsePolicy(actions.policy).Statement).toEqual(needs);
    });
  });

  it("grants sts:AssumeRole in no identity policy", () => {
    const policies = Object.values(out.resources("aws_iam_role_policy"));
    expect(policies).toHaveLength(2);
    for (const p of policies) expect(allowsAction(parsePolicy(p.policy).Statement, "sts:AssumeRole")).toBe(false);
  });

  describe("CloudFormation execution role", () => {
    it("only reads the artifact stores", () => {
      const doc = v.inline(v.exec, "artifact-stores-read");
      expect(identityPairs(doc)).toEqual(
        sorted([
          ...pairs(
            EXPECTED.objectsRead,
            buckets.map((b) => `${b}/*`),
          ),
          ...pairs(EXPECTED.bucket, buckets),
          ...pairs(EXPECTED.keyRead, keys),
        ]),
      );
      for (const op of ["s3:PutObject", ...KMS_DATA_OPERATIONS.filter((o) => o !== "kms:Decrypt")]) {
        expect([op, allowsAction(doc.Statement, op)]).toEqual([op, false]);
      }
    });

    it("has no inline policy but the read-only one", () => {
      const execPolicies = Object.values(out.resources("aws_iam_role_policy")).filter((p) => p.role === ref("aws_iam_role", v.exec.id, "name"));
      expect(execPolicies.map((p) => p.name)).toEqual(["artifact-stores-read"]);
    });

    it("gets one managed policy attachment per ARN given", () => {
      const attachments = Object.values(out.resources("aws_iam_role_policy_attachment"));
      expect(sorted(attachments.map((a) => a.policy_arn))).toEqual(sorted(targetAccountRolesProps().cloudFormationExecutionPolicyArns!));
      for (const a of attachments) expect(a.role).toBe(ref("aws_iam_role", v.exec.id, "name"));
    });

    it("gets no attachment when none is given", () => {
      const { out: o } = buildTargetAccountRoles({ cloudFormationExecutionPolicyArns: undefined });
      expect(o.resources("aws_iam_role_policy_attachment")).toEqual({});
    });
  });

  it("puts the permissions boundary and tags on both roles", () => {
    const boundary = `arn:aws:iam::${TARGET_ACCOUNT_A}:policy/deploy-boundary`;
    const { out: o } = buildTargetAccountRoles({ permissionsBoundaryArn: boundary, tags: { owner: "release" } });
    const roles = Object.values(o.resources("aws_iam_role"));
    expect(roles).toHaveLength(2);
    for (const r of roles) {
      expect(r.permissions_boundary).toBe(boundary);
      expect(r.tags).toEqual({ owner: "release" });
    }
    for (const r of Object.values(out.resources("aws_iam_role"))) expect("permissions_boundary" in r).toBe(false);
  });

  it("scopes to one store and region when given one", () => {
    const { out: o } = buildTargetAccountRoles({ artifactStores: [TARGET_STORES[1]!] });
    const w = view(o);
    expect(identityPairs(w.inline(w.action, "artifact-stores")).every((p) => !p.includes("eu-west-1"))).toBe(true);
  });

  it("accepts token store references and the pipeline role of a ToolsAccount in the same stack", () => {
    const stack = newStack();
    const tools = new ToolsAccount(stack, "tools", toolsAccountProps({ externalArtifactStores: [] }));
    new TargetAccountRoles(
      stack,
      "target",
      targetAccountRolesProps({
        pipelineRoleArn: tools.pipelineRoleArn,
        artifactStores: Object.values(tools.artifactStores),
      }),
    );
    const o = synth(stack);
    const w = view(o);
    const bucketNames = Object.keys(o.resources("aws_s3_bucket"));
    expect(bucketNames).toHaveLength(2);
    expect(sorted(list(w.inline(w.action, "artifact-stores").Statement.find((s) => s.Sid === "ArtifactBuckets")!.Resource))).toEqual(
      sorted(bucketNames.map((n) => ref("aws_s3_bucket", n, "arn"))),
    );
    expect(parsePolicy(w.action.body.assume_role_policy).Statement[0]!.Principal).toEqual({ AWS: PIPELINE_ROLE });
  });

  describe("validation", () => {
    const build = (overrides: Parameters<typeof targetAccountRolesProps>[0]) => () =>
      new TargetAccountRoles(newStack(), "target", targetAccountRolesProps(overrides));

    it("rejects a malformed account id and invalid role names", () => {
      expect(build({ accountId: "" })).toThrow(/^accountId: "" is not a 12-digit AWS account id/);
      expect(build({ actionRoleName: "x y" })).toThrow(/^actionRoleName: /);
      expect(build({ cloudFormationExecutionRoleName: "a/b" })).toThrow(/^cloudFormationExecutionRoleName: /);
    });

    it.each([
      "*",
      rootArn(TOOLS_ACCOUNT),
      `arn:aws:iam::${TOOLS_ACCOUNT}:user/ci`,
      "codepipeline-service",
      "arn:aws:iam::1111:role/x",
      `arn:aws:iam::${TOOLS_ACCOUNT}:role/*`,
    ])("rejects pipelineRoleArn %s", (pipelineRoleArn) => {
      expect(build({ pipelineRoleArn })).toThrow(/^pipelineRoleArn: .*not an IAM role ARN/);
    });
  });
});

describe("TargetAccountRoles exact trust", () => {
  const trustOf = (out: Synthesized) =>
    parsePolicy(Object.values(out.resources("aws_iam_role")).find((r) => String(r.description).startsWith("Assumed by"))!.assume_role_policy);
  const pipelineRole = (name: string) => `arn:aws:iam::${TOOLS_ACCOUNT}:role/codepipeline/acme/acme-pipeline-${name}`;

  it("trusts exactly the given pipeline roles, by ARN through the account root", () => {
    const { out } = buildTargetAccountRoles({ pipelineRoleArn: undefined, pipelineServiceRoleArns: [pipelineRole("b"), pipelineRole("a")] });
    expect(trustOf(out).Statement).toEqual([
      {
        Sid: "PipelineServiceRoles0",
        Effect: "Allow",
        Principal: { AWS: rootArn(TOOLS_ACCOUNT) },
        Action: "sts:AssumeRole",
        Condition: { ArnEquals: { "aws:PrincipalArn": [pipelineRole("a"), pipelineRole("b")] } },
      },
    ]);
  });

  it("denies everyone when no pipeline acts in the account", () => {
    const { out } = buildTargetAccountRoles({ pipelineRoleArn: undefined, pipelineServiceRoleArns: [] });
    expect(trustOf(out).Statement).toEqual([{ Sid: "NoPipelineActsHere", Effect: "Deny", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }]);
  });

  it("fails when the trust policy outgrows the account's quota, and accepts a raised quota", () => {
    const many = Array.from({ length: 30 }, (_, i) => pipelineRole(`team-service-${i}`));
    expect(() => buildTargetAccountRoles({ pipelineRoleArn: undefined, pipelineServiceRoleArns: many })).toThrow(
      /^pipelineServiceRoleArns: the trust policy of codepipeline-action would be \d+ characters, over the account's IAM quota of 2048/,
    );
    expect(() => buildTargetAccountRoles({ pipelineRoleArn: undefined, pipelineServiceRoleArns: many, trustPolicyQuota: 4096 })).not.toThrow();
    expect(() => buildTargetAccountRoles({ trustPolicyQuota: 1000 })).toThrow(/^trustPolicyQuota: 1000 must be a whole number from 2048 to 8192/);
  });

  it("takes a trust policy exactly as long as the quota and rejects one character more", () => {
    const many = Array.from({ length: 30 }, (_, i) => pipelineRole(`team-service-${i}`));
    const build = (trustPolicyQuota?: number) => () => buildTargetAccountRoles({ pipelineRoleArn: undefined, pipelineServiceRoleArns: many, trustPolicyQuota });
    // The length the module counts (characters without white space), as its message at the default quota gives it.
    let message = "";
    try {
      build()();
    } catch (e) {
      message = (e as Error).message;
    }
    const length = Number(/would be (\d+) characters/.exec(message)?.[1]);
    expect(length).toBeGreaterThan(2048);
    const { out } = build(length)();
    expect(JSON.stringify(trustOf(out)).replace(/\s+/g, "").length).toBe(length);
    expect(build(length - 1)).toThrow(`would be ${length} characters, over the account's IAM quota of ${length - 1} ("Role trust policy length")`);
  });

  it.each([
    [2048, 2047],
    [8192, 8193],
  ])("takes trustPolicyQuota %i and rejects %i", (at, past) => {
    expect(trustOf(buildTargetAccountRoles({ trustPolicyQuota: at }).out).Statement).toHaveLength(1);
    expect(() => buildTargetAccountRoles({ trustPolicyQuota: past })).toThrow(
      new RegExp(`^trustPolicyQuota: ${past} must be a whole number from 2048 to 8192$`),
    );
  });

  it("scopes the action role to object keys: reads and writes apart, and the key's encrypt actions only where it writes", () => {
    const [a, b] = TARGET_STORES as [(typeof TARGET_STORES)[number], (typeof TARGET_STORES)[number]];
    const { out } = buildTargetAccountRoles({
      artifactStores: [],
      actionRoleArtifacts: [
        { store: a, read: ["p/*"], write: ["p/Out/*"] },
        { store: b, read: ["p/*"] },
      ],
      cloudFormationExecutionRoleArtifacts: [{ store: b, read: ["p/*"] }],
    });
    const { action, exec, inline } = view(out);
    const bySid = (doc: PolicyDoc) => Object.fromEntries(doc.Statement.map((st) => [st.Sid, { actions: list(st.Action), resources: list(st.Resource) }]));
    expect(bySid(inline(action, "artifact-stores"))).toEqual({
      ArtifactRead: { actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: [`${a.bucketArn}/p/*`, `${b.bucketArn}/p/*`] },
      ArtifactWrite: { actions: ["s3:PutObject"], resources: [`${a.bucketArn}/p/Out/*`] },
      ArtifactBuckets: { actions: ["s3:GetBucketLocation", "s3:ListBucket"], resources: [a.bucketArn, b.bucketArn] },
      ArtifactKeysRead: { actions: ["kms:Decrypt", "kms:DescribeKey"], resources: [a.keyArn, b.keyArn] },
      ArtifactKeysWrite: { actions: ["kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"], resources: [a.keyArn] },
    });
    expect(bySid(inline(exec, "artifact-stores-read"))).toEqual({
      ArtifactRead: { actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: [`${b.bucketArn}/p/*`] },
      ArtifactBuckets: { actions: ["s3:GetBucketLocation", "s3:ListBucket"], resources: [b.bucketArn] },
      ArtifactKeysRead: { actions: ["kms:Decrypt", "kms:DescribeKey"], resources: [b.keyArn] },
    });
  });
});
