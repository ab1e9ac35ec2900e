import { artifactBucketHardening, assumeRoleOnWildcard, kmsKeyRotation, policySizeLimits, resourcePolicyPrincipals } from "../../guardrails/rules";
import { doc, keyArn, outcome, pipelineStack, PIPELINE_ROLE, remotePipelineStack, stack, status, store, TARGET, toolsStack } from "./helpers";

describe("CP-KMS-2 KMS key rotation", () => {
  const keys = stack("keys", {
    resources: {
      aws_kms_key: {
        on: { enable_key_rotation: true },
        off: { enable_key_rotation: false },
        unset: {},
        signing: { customer_master_key_spec: "RSA_2048", key_usage: "SIGN_VERIFY" },
      },
    },
  });
  it("passes a key with rotation", () => {
    expect(status(kmsKeyRotation, [keys], "aws_kms_key.on")).toBe("compliant");
  });
  it("fails a key with rotation off or unset", () => {
    expect(outcome(kmsKeyRotation, [keys], "aws_kms_key.off").details).toEqual(["enable_key_rotation is false"]);
    expect(status(kmsKeyRotation, [keys], "aws_kms_key.unset")).toBe("non-compliant");
  });
  it("is not applicable to asymmetric keys, which cannot rotate", () => {
    expect(status(kmsKeyRotation, [keys], "aws_kms_key.signing")).toBe("not-applicable");
  });
});

describe("CP-S3-2 artifact bucket: public access block and TLS-only policy", () => {
  const B = "aws_s3_bucket.bucket";
  const app = (tools = toolsStack("eu-west-1")) => [tools, remotePipelineStack(["eu-west-1"], {})];

  it("passes an artifact bucket with all four blocks and a TLS deny", () => {
    expect(status(artifactBucketHardening, app(), B)).toBe("compliant");
  });
  it("fails an artifact bucket with a partial public access block and no TLS deny", () => {
    const tools = toolsStack("eu-west-1");
    const r = tools.json.resource!;
    r.aws_s3_bucket_public_access_block!.pab!.restrict_public_buckets = false;
    r.aws_s3_bucket_policy!.policy!.policy = doc({ Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: "*" });
    expect(outcome(artifactBucketHardening, app(tools), B).details).toEqual([
      "bucket artifacts-eu-west-1 has no public access block with block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets all true",
      "bucket artifacts-eu-west-1 has no policy statement denying requests without TLS (aws:SecureTransport false)",
    ]);
  });
  it("accepts an account-level public access block", () => {
    const tools = toolsStack("eu-west-1");
    const r = tools.json.resource!;
    delete r.aws_s3_bucket_public_access_block;
    r.aws_s3_account_public_access_block = {
      a: { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
    };
    expect(status(artifactBucketHardening, app(tools), B)).toBe("compliant");
  });
  it("is not applicable to a bucket no pipeline stores artifacts in", () => {
    expect(status(artifactBucketHardening, [toolsStack("eu-west-1"), pipelineStack({ stores: [store("other-bucket", keyArn("eu-west-1"))] })], B)).toBe(
      "not-applicable",
    );
  });
});

describe("CP-IAM-1 no * principal, no account root without aws:PrincipalArn", () => {
  const policies = stack("p", {
    resources: {
      aws_iam_role: {
        scoped: { name: "a", assume_role_policy: doc({ Effect: "Allow", Principal: { AWS: PIPELINE_ROLE }, Action: "sts:AssumeRole" }) },
        root: {
          name: "b",
          assume_role_policy: doc({ Sid: "Tools", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }),
        },
        service: { name: "c", assume_role_policy: doc({ Effect: "Allow", Principal: { Service: "codepipeline.amazonaws.com" }, Action: "sts:AssumeRole" }) },
      },
      aws_s3_bucket_policy: {
        tls: {
          bucket: "b",
          policy: doc({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        },
        star: { bucket: "b", policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*" }) },
        org: {
          bucket: "b",
          policy: doc({
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/deploy" } },
          }),
        },
        orgPaths: {
          bucket: "b",
          policy: doc({
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "*",
            Condition: {
              "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/*" },
              ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/deploy" },
            },
          }),
        },
        orgOnly: {
          bucket: "b",
          policy: doc({
            Sid: "OrgOnly",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
          }),
        },
        orgNegated: {
          bucket: "b",
          policy: doc({
            Sid: "Negated",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "*",
            Condition: {
              StringNotEquals: { "aws:PrincipalOrgID": "o-zzzzzzzzzz" },
              StringEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
              ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/deploy" },
            },
          }),
        },
        orgAnyArn: {
          bucket: "b",
          policy: doc({
            Sid: "AnyArn",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, ArnLike: { "aws:PrincipalArn": "*" } },
          }),
        },
        orgIfExists: {
          bucket: "b",
          policy: doc({
            Sid: "IfExists",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "*",
            Condition: { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/deploy" } },
          }),
        },
      },
      aws_kms_key: {
        narrowed: {
          policy: doc({
            Effect: "Allow",
            Principal: { AWS: TARGET },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${TARGET}:role/deploy-*` } },
          }),
        },
        open: { policy: doc({ Sid: "EnableIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${TARGET}:root` }, Action: "kms:*", Resource: "*" }) },
        nopolicy: {},
      },
      aws_sqs_queue_policy: { q: { queue_url: "u", policy: doc({ Effect: "Allow", NotPrincipal: { AWS: PIPELINE_ROLE }, Action: "sqs:*", Resource: "*" }) } },
    },
  });
  it("passes named principals, service principals, Deny for *, and roots narrowed by aws:PrincipalArn", () => {
    for (const a of [
      "aws_iam_role.scoped",
      "aws_iam_role.service",
      "aws_s3_bucket_policy.tls",
      "aws_kms_key.narrowed",
      "aws_s3_bucket_policy.org",
      "aws_s3_bucket_policy.orgPaths",
    ]) {
      expect([a, status(resourcePolicyPrincipals, [policies], a)]).toEqual([a, "compliant"]);
    }
  });
  it("fails Allow for *, for everyone but a NotPrincipal, and an account root without a condition", () => {
    const star = 'allows Principal "*" without both an organization condition (aws:PrincipalOrgID or aws:PrincipalOrgPaths) and aws:PrincipalArn';
    expect(outcome(resourcePolicyPrincipals, [policies], "aws_s3_bucket_policy.star").details).toEqual([`statement #1 ${star}`]);
    // An organization-wide grant needs both conditions, and neither may be IfExists (an absent key would pass).
    expect(outcome(resourcePolicyPrincipals, [policies], "aws_s3_bucket_policy.orgOnly").details).toEqual([`statement OrgOnly ${star}`]);
    expect(outcome(resourcePolicyPrincipals, [policies], "aws_s3_bucket_policy.orgIfExists").details).toEqual([`statement IfExists ${star}`]);
    // A negated operator plus an IfExists one does not make a condition that must hold; nor does a PrincipalArn of "*".
    expect(outcome(resourcePolicyPrincipals, [policies], "aws_s3_bucket_policy.orgNegated").details).toEqual([`statement Negated ${star}`]);
    expect(outcome(resourcePolicyPrincipals, [policies], "aws_s3_bucket_policy.orgAnyArn").details).toEqual([`statement AnyArn ${star}`]);
    expect(outcome(resourcePolicyPrincipals, [policies], "aws_sqs_queue_policy.q").details).toEqual(["statement #1 allows everyone except its NotPrincipal"]);
    expect(outcome(resourcePolicyPrincipals, [policies], "aws_iam_role.root").details).toEqual([
      "statement Tools allows account root arn:aws:iam::111111111111:root without an aws:PrincipalArn condition",
    ]);
    expect(status(resourcePolicyPrincipals, [policies], "aws_kms_key.open")).toBe("non-compliant");
  });
  it("is not applicable without a policy", () => {
    expect(status(resourcePolicyPrincipals, [policies], "aws_kms_key.nopolicy")).toBe("not-applicable");
  });
});

describe("CP-IAM-2 no sts:AssumeRole on *", () => {
  const policies = stack("p", {
    resources: {
      aws_iam_role_policy: {
        named: { role: "r", policy: doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: [`arn:aws:iam::${TARGET}:role/action`] }) },
        oneNameEverywhere: {
          role: "r",
          policy: doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: ["arn:aws:iam::*:role/acme-codepipeline-action"] }),
        },
        namePattern: { role: "r", policy: doc({ Sid: "Pattern", Effect: "Allow", Action: "sts:AssumeRole", Resource: ["arn:aws:iam::*:role/acme-*"] }) },
        star: { role: "r", policy: doc({ Sid: "Hop", Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }) },
        denyStar: { role: "r", policy: doc({ Effect: "Deny", Action: "sts:*", Resource: "*" }) },
      },
      aws_iam_policy: {
        wildcard: { name: "w", policy: doc({ Effect: "Allow", Action: "sts:Assume*", Resource: "arn:aws:iam::*:role/*" }) },
        notAction: { name: "n", policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) },
      },
      aws_iam_role: {
        inline: { name: "i", assume_role_policy: doc(), inline_policy: [{ name: "hop", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }] },
        plain: { name: "p", assume_role_policy: doc() },
      },
    },
  });
  it("passes named roles and Deny statements", () => {
    expect(status(assumeRoleOnWildcard, [policies], "aws_iam_role_policy.named")).toBe("compliant");
    expect(status(assumeRoleOnWildcard, [policies], "aws_iam_role_policy.denyStar")).toBe("compliant");
    // One exact role name in every account: each such role's trust policy decides.
    expect(status(assumeRoleOnWildcard, [policies], "aws_iam_role_policy.oneNameEverywhere")).toBe("compliant");
    expect(outcome(assumeRoleOnWildcard, [policies], "aws_iam_role_policy.namePattern").details).toEqual([
      "policy statement Pattern allows sts:AssumeRole on Resource arn:aws:iam::*:role/acme-*",
    ]);
  });
  it("fails sts:AssumeRole on *, through wildcard actions, NotAction, any-account role ARNs and inline policies", () => {
    expect(outcome(assumeRoleOnWildcard, [policies], "aws_iam_role_policy.star").details).toEqual(["policy statement Hop allows sts:AssumeRole on Resource *"]);
    expect(outcome(assumeRoleOnWildcard, [policies], "aws_iam_policy.wildcard").details).toEqual([
      "policy statement #1 allows sts:AssumeRole on Resource arn:aws:iam::*:role/*",
    ]);
    expect(status(assumeRoleOnWildcard, [policies], "aws_iam_policy.notAction")).toBe("non-compliant");
    expect(outcome(assumeRoleOnWildcard, [policies], "aws_iam_role.inline").details).toEqual([
      "inline_policy hop statement #1 allows sts:AssumeRole on Resource *",
    ]);
  });
  it("is not applicable to a role without inline policies", () => {
    expect(status(assumeRoleOnWildcard, [policies], "aws_iam_role.plain")).toBe("not-applicable");
  });
});

describe("CP-SIZE-1 policies over their size limits", () => {
  const sized = (n: number) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, Action: "s3:GetObject", Resource: `arn:aws:s3:::b/${"x".repeat(n)}` },
      ],
    });
  const policies = stack("sizes", {
    resources: {
      aws_s3_bucket_policy: { small: { bucket: "b", policy: sized(100) }, big: { bucket: "b", policy: sized(21000) } },
      aws_kms_key: { small: { policy: sized(20000) }, big: { policy: sized(33000) } },
      aws_iam_role: {
        fits: { name: "fits", assume_role_policy: sized(100) },
        trust: { name: "trust", assume_role_policy: sized(2100) },
        crowded: { name: "crowded", assume_role_policy: sized(100) },
      },
      aws_iam_role_policy: Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`p${i}`, { name: `p${i}`, role: "crowded", policy: sized(4000) }])),
    },
  });

  it("passes policies within their limits", () => {
    for (const r of ["aws_s3_bucket_policy.small", "aws_kms_key.small", "aws_iam_role.fits"]) expect(status(policySizeLimits, [policies], r)).toBe("compliant");
  });
  it("fails a bucket policy over 20 KB and a key policy over 32 KB", () => {
    expect(outcome(policySizeLimits, [policies], "aws_s3_bucket_policy.big").details![0]).toMatch(/^bucket policy is \d+ characters; the limit is 20480$/);
    expect(outcome(policySizeLimits, [policies], "aws_kms_key.big").details![0]).toMatch(/^key policy is \d+ characters; the limit is 32768$/);
  });
  it("fails a trust policy over 2,048 characters and a role whose inline policies together exceed 10,240", () => {
    expect(outcome(policySizeLimits, [policies], "aws_iam_role.trust").details![0]).toMatch(/^trust policy is \d+ characters; the limit is 2048$/);
    expect(outcome(policySizeLimits, [policies], "aws_iam_role.crowded").details).toEqual([
      expect.stringMatching(/^its 3 inline policies total \d+ characters; IAM allows 10240 per role$/),
    ]);
  });
});
