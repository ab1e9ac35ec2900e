import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { TerraformOutput } from "cdktf";
import { AWS_REGIONS } from "../../config/regions";
import { ArtifactStore } from "../../modules/artifact-store";
import { ADMIN, artifactStoreProps, buildArtifactStore, RO_A, RW_A1, RW_A2, RW_B } from "./builders";
import {
  actionsOf,
  allowsAction,
  EXPECTED,
  KMS_DATA_OPERATIONS,
  list,
  newStack,
  pairs,
  parsePolicy,
  ref,
  roleGrants,
  rootArn,
  schemaErrors,
  sorted,
  synth,
  TARGET_ACCOUNT_A,
  TARGET_ACCOUNT_B,
  TOOLS_ACCOUNT,
  type PolicyDoc,
  type Synthesized,
} from "./helpers";

/** The store's own resource names and parsed policies. */
function view(out: Synthesized) {
  const key = out.only("aws_kms_key");
  const bucket = out.only("aws_s3_bucket");
  const bucketArn = ref("aws_s3_bucket", bucket.name, "arn");
  return {
    key,
    bucket,
    bucketId: ref("aws_s3_bucket", bucket.name, "id"),
    bucketArn,
    objects: `${bucketArn}/*`,
    keyArn: ref("aws_kms_key", key.name, "arn"),
    keyPolicy: parsePolicy(key.body.policy),
    bucketPolicy: parsePolicy(out.only("aws_s3_bucket_policy").body.policy),
  };
}

const statement = (doc: PolicyDoc, sid: string) => {
  const found = doc.Statement.filter((s) => s.Sid === sid);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe("ArtifactStore", () => {
  let out: Synthesized;
  let v: ReturnType<typeof view>;
  beforeAll(() => {
    out = buildArtifactStore().out;
    v = view(out);
  });

  describe("KMS key", () => {
    it("rotates and waits 30 days before deletion by default", () => {
      expect(v.key.body.enable_key_rotation).toBe(true);
      expect(v.key.body.deletion_window_in_days).toBe(30);
    });

    it("takes keyDeletionWindowDays, bounds included", () => {
      for (const days of [7, 30]) {
        expect(view(buildArtifactStore({ keyDeletionWindowDays: days }).out).key.body.deletion_window_in_days).toBe(days);
      }
    });

    it("has the alias pointing at the key", () => {
      const alias = out.only("aws_kms_alias").body;
      expect(alias.name).toBe("alias/codepipeline-artifacts");
      expect(alias.target_key_id).toBe(ref("aws_kms_key", v.key.name, "key_id"));
    });

    it("grants read-write roles exactly the artifact read-write KMS actions and read-only roles only Decrypt/DescribeKey", () => {
      const grants = roleGrants(v.keyPolicy);
      for (const role of [RW_A1, RW_A2, RW_B]) expect(actionsOf(grants, role)).toEqual([...EXPECTED.keyReadWrite]);
      expect(actionsOf(grants, RO_A)).toEqual([...EXPECTED.keyRead]);
      expect(sorted(grants.keys())).toEqual(sorted([ADMIN, RW_A1, RW_A2, RW_B, RO_A]));
    });

    it("names literal role ARNs as <account>:root with an aws:PrincipalArn condition: one statement per shared role name, else per account", () => {
      const rw = v.keyPolicy.Statement.filter((s) => s.Sid?.startsWith("ReadWriteArtifacts"));
      // action-role exists in A and B: one statement; other-action-role only in A.
      expect(rw.map((s) => s.Principal)).toEqual([{ AWS: [rootArn(TARGET_ACCOUNT_A), rootArn(TARGET_ACCOUNT_B)] }, { AWS: rootArn(TARGET_ACCOUNT_A) }]);
      expect(rw.map((s) => s.Condition)).toEqual([
        { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/action-role" } },
        { ArnEquals: { "aws:PrincipalArn": [RW_A2] } },
      ]);
      const ro = v.keyPolicy.Statement.filter((s) => s.Sid?.startsWith("ReadArtifacts"));
      expect(ro).toHaveLength(1);
      expect(ro[0]!.Principal).toEqual({ AWS: rootArn(TARGET_ACCOUNT_A) });
      expect(ro[0]!.Condition).toEqual({ ArnEquals: { "aws:PrincipalArn": [RO_A] } });
    });

    it("never allows the * principal, in the key policy or the bucket policy", () => {
      for (const doc of [v.keyPolicy, v.bucketPolicy]) {
        const open = doc.Statement.filter(
          (s) => s.Effect === "Allow" && (s.Principal === "*" || list(typeof s.Principal === "object" ? s.Principal.AWS : undefined).includes("*")),
        );
        expect(open).toEqual([]);
        expect(doc.Statement.every((s) => s.Principal !== undefined)).toBe(true);
      }
    });

    it("gives key administrators management actions but no data-plane operation", () => {
      const adminStatements = v.keyPolicy.Statement.filter((s) => s.Sid?.startsWith("KeyAdministration"));
      expect(adminStatements).toHaveLength(1);
      expect(adminStatements[0]!.Condition).toEqual({ ArnEquals: { "aws:PrincipalArn": [ADMIN] } });
      for (const op of KMS_DATA_OPERATIONS) expect([op, allowsAction(adminStatements, op)]).toEqual([op, false]);
      for (const op of ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:EnableKeyRotation", "kms:TagResource"]) {
        expect([op, allowsAction(adminStatements, op)]).toEqual([op, true]);
      }
    });
  });

  describe("bucket", () => {
    it("is versioned, private, owner-enforced and not force-destroyed", () => {
      expect(v.bucket.body.bucket).toBe("tools-artifacts-eu-west-1");
      expect(v.bucket.body.force_destroy).toBe(false);
      const versioning = out.only("aws_s3_bucket_versioning").body;
      expect(versioning.bucket).toBe(v.bucketId);
      expect(versioning.versioning_configuration).toEqual({ status: "Enabled" });
      const pab = out.only("aws_s3_bucket_public_access_block").body;
      expect(pab).toMatchObject({
        bucket: v.bucketId,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      const ownership = out.only("aws_s3_bucket_ownership_controls").body;
      expect(ownership.bucket).toBe(v.bucketId);
      expect(ownership.rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    });

    it("encrypts by default with SSE-KMS under the store's key and a bucket key", () => {
      const sse = out.only("aws_s3_bucket_server_side_encryption_configuration").body;
      expect(sse.bucket).toBe(v.bucketId);
      expect(sse.rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: v.keyArn }, bucket_key_enabled: true },
      ]);
    });

    it("expires noncurrent versions after 30 days, aborts multipart uploads and keeps current artifacts by default", () => {
      const lc = out.only("aws_s3_bucket_lifecycle_configuration").body;
      expect(lc.bucket).toBe(v.bucketId);
      expect(lc.depends_on).toEqual([`aws_s3_bucket_versioning.${out.only("aws_s3_bucket_versioning").name}`]);
      expect(lc.rule).toHaveLength(1);
      const rule = lc.rule[0];
      expect(rule.status).toBe("Enabled");
      expect(rule.filter).toEqual([{ prefix: "" }]);
      expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
      expect(rule.abort_incomplete_multipart_upload).toHaveLength(1);
      expect(rule.abort_incomplete_multipart_upload[0].days_after_initiation).toBeGreaterThanOrEqual(1);
      expect(list(rule.expiration).every((e: unknown) => (e as { days?: number }).days === undefined)).toBe(true);
    });

    it("takes noncurrentVersionExpirationDays and artifactExpirationDays", () => {
      const { out: o } = buildArtifactStore({ noncurrentVersionExpirationDays: 90, artifactExpirationDays: 365 });
      const rule = o.only("aws_s3_bucket_lifecycle_configuration").body.rule[0];
      expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
      expect(rule.expiration).toEqual([{ days: 365 }]);
    });

    it("passes forceDestroy and tags through", () => {
      const { out: o } = buildArtifactStore({ forceDestroy: true, tags: { team: "release" } });
      expect(o.only("aws_s3_bucket").body.force_destroy).toBe(true);
      expect(o.only("aws_s3_bucket").body.tags).toEqual({ team: "release" });
      expect(o.only("aws_kms_key").body.tags).toEqual({ team: "release" });
    });
  });

  describe("bucket policy", () => {
    it("denies every non-TLS request on the bucket and its objects", () => {
      const s = statement(v.bucketPolicy, "DenyInsecureTransport");
      expect(s.Effect).toBe("Deny");
      expect(s.Principal).toBe("*");
      expect(list(s.Action)).toEqual(["s3:*"]);
      expect(sorted(list(s.Resource))).toEqual(sorted([v.bucketArn, v.objects]));
      expect(s.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
    });

    it("denies PutObject without SSE-KMS", () => {
      const s = statement(v.bucketPolicy, "DenyUnencryptedUploads");
      expect(s.Effect).toBe("Deny");
      expect(s.Principal).toBe("*");
      expect(list(s.Action)).toEqual(["s3:PutObject"]);
      expect(list(s.Resource)).toEqual([v.objects]);
      expect(s.Condition).toEqual({ StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } });
    });

    it("grants read-write roles object read/write and bucket-level actions, read-only roles no PutObject", () => {
      const grants = roleGrants(v.bucketPolicy);
      const rw = sorted([...pairs(EXPECTED.objectsReadWrite, [v.objects]), ...pairs(EXPECTED.bucket, [v.bucketArn])]);
      const ro = sorted([...pairs(EXPECTED.objectsRead, [v.objects]), ...pairs(EXPECTED.bucket, [v.bucketArn])]);
      for (const role of [RW_A1, RW_A2, RW_B]) expect(sorted(grants.get(role)!.pairs)).toEqual(rw);
      expect(sorted(grants.get(RO_A)!.pairs)).toEqual(ro);
      expect(
        allowsAction(
          v.bucketPolicy.Statement.filter((s) => s.Sid?.startsWith("Read") && !s.Sid.startsWith("ReadWrite")),
          "s3:PutObject",
        ),
      ).toBe(false);
    });

    it("grants the same roles as the key policy (both layers must allow cross-account access)", () => {
      const bucketRoles = sorted(roleGrants(v.bucketPolicy).keys());
      const keyRoles = sorted([...roleGrants(v.keyPolicy).keys()].filter((r) => r !== ADMIN));
      expect(bucketRoles).toEqual(sorted([RW_A1, RW_A2, RW_B, RO_A]));
      expect(keyRoles).toEqual(bucketRoles);
    });

    it("waits for the public access block", () => {
      const policy = out.only("aws_s3_bucket_policy").body;
      expect(policy.bucket).toBe(v.bucketId);
      expect(policy.depends_on).toEqual([`aws_s3_bucket_public_access_block.${out.only("aws_s3_bucket_public_access_block").name}`]);
    });
  });

  it("grants a role in both readWrite and readOnly lists read-write only, once", () => {
    const { out: o } = buildArtifactStore({ readWriteRoleArns: [RW_A1], readOnlyRoleArns: [RW_A1, RO_A] });
    const w = view(o);
    const keyGrants = roleGrants(w.keyPolicy);
    expect(actionsOf(keyGrants, RW_A1)).toEqual([...EXPECTED.keyReadWrite]);
    expect(keyGrants.get(RW_A1)!.sids).toEqual(["ReadWriteArtifacts0"]);
    const bucketGrants = roleGrants(w.bucketPolicy);
    expect(bucketGrants.get(RW_A1)!.sids.sort()).toEqual(["ReadWriteArtifacts0", "ReadWriteBucket0"]);
    // The read-only statements still name RO_A, and only RO_A.
    const ro = w.keyPolicy.Statement.filter((s) => s.Sid?.startsWith("ReadArtifacts"));
    expect(ro.map((s) => s.Condition)).toEqual([{ ArnEquals: { "aws:PrincipalArn": [RO_A] } }]);
  });

  it("deduplicates a role listed twice", () => {
    const { out: o } = buildArtifactStore({ readWriteRoleArns: [RW_A1, RW_A1], readOnlyRoleArns: [] });
    const rw = view(o).keyPolicy.Statement.filter((s) => s.Sid?.startsWith("ReadWriteArtifacts"));
    expect(rw.map((s) => s.Condition)).toEqual([{ ArnEquals: { "aws:PrincipalArn": [RW_A1] } }]);
    expect(view(o).keyPolicy.Statement.some((s) => s.Sid?.startsWith("ReadArtifacts"))).toBe(false);
  });

  describe("region", () => {
    it("sets region on every resource when given", () => {
      const { out: o } = buildArtifactStore({ region: "eu-central-1" });
      const all = o.all();
      expect(all.length).toBeGreaterThanOrEqual(9);
      for (const [type, name, body] of all) expect([type, name, body.region]).toEqual([type, name, "eu-central-1"]);
    });

    it("sets no region on any resource when absent, and exposes the bucket's region", () => {
      const { construct, out: o } = buildArtifactStore();
      for (const [type, name, body] of o.all()) expect([type, name, "region" in body]).toEqual([type, name, false]);
      expect(construct.region).toMatch(/\$\{TfToken\[TOKEN\.\d+\]\}/);
    });

    it("exposes the given region, bucket and key as an ArtifactStoreRef", () => {
      const stack = newStack();
      const store = new ArtifactStore(stack, "store", artifactStoreProps({ region: "us-west-2" }));
      expect(store.region).toBe("us-west-2");
      new TerraformOutput(stack, "bucket_arn", { value: store.bucketArn });
      new TerraformOutput(stack, "bucket_name", { value: store.bucketName });
      new TerraformOutput(stack, "key_arn", { value: store.keyArn });
      const o = synth(stack);
      const bucket = o.only("aws_s3_bucket").name;
      expect(o.json.output).toEqual({
        bucket_arn: { value: ref("aws_s3_bucket", bucket, "arn") },
        bucket_name: { value: ref("aws_s3_bucket", bucket, "bucket") },
        key_arn: { value: ref("aws_kms_key", o.only("aws_kms_key").name, "arn") },
      });
    });
  });

  describe("validation", () => {
    const build = (overrides: Parameters<typeof artifactStoreProps>[0]) => () => new ArtifactStore(newStack(), "store", artifactStoreProps(overrides));

    it.each([
      "Tools-Artifacts",
      "ab",
      "-artifacts",
      "artifacts_bucket",
      "a".repeat(64),
      "my..bucket",
      "my.-bucket",
      "192.168.5.4",
      "xn--bucket",
      "bucket-s3alias",
      "sthree-bucket",
    ])("rejects bucketName %s", (bucketName) => {
      expect(build({ bucketName })).toThrow(/^bucketName: /);
    });

    it("accepts 3- and 63-character bucket names", () => {
      expect(build({ bucketName: "abc" })).not.toThrow();
      expect(build({ bucketName: "a".repeat(63) })).not.toThrow();
    });

    it.each(["alias/artifacts", "codepipeline-artifacts", "alias/codepipeline-", "alias/codepipeline-a b"])("rejects keyAlias %s", (keyAlias) => {
      expect(build({ keyAlias })).toThrow(/^keyAlias: .*alias\/codepipeline-/);
    });

    it("rejects empty keyAdministratorArns", () => {
      expect(build({ keyAdministratorArns: [] })).toThrow(/^keyAdministratorArns: /);
    });

    it.each(["*", rootArn(TARGET_ACCOUNT_A), `arn:aws:iam::${TARGET_ACCOUNT_A}:user/deployer`, "arn:aws:iam::12345:role/short-account"])(
      "rejects %s in readWriteRoleArns, readOnlyRoleArns and keyAdministratorArns",
      (arn) => {
        expect(build({ readWriteRoleArns: [RW_A1, arn] })).toThrow(/^readWriteRoleArns: .*not an IAM role ARN/);
        expect(build({ readOnlyRoleArns: [arn] })).toThrow(/^readOnlyRoleArns: .*not an IAM role ARN/);
        expect(build({ keyAdministratorArns: [arn] })).toThrow(/^keyAdministratorArns: .*not an IAM role ARN/);
      },
    );

    it.each([0, -1, 3651, 1.5])("rejects noncurrentVersionExpirationDays %s", (days) => {
      expect(build({ noncurrentVersionExpirationDays: days })).toThrow(/^noncurrentVersionExpirationDays: /);
    });

    it.each([5, 6, 31])("rejects keyDeletionWindowDays %s", (days) => {
      expect(build({ keyDeletionWindowDays: days })).toThrow(/^keyDeletionWindowDays: .*7 to 30/);
    });

    it("rejects artifactExpirationDays 0", () => {
      expect(build({ artifactExpirationDays: 0 })).toThrow(/^artifactExpirationDays: /);
    });

    // Each day count at its edge: accepted (and emitted) at the limit, rejected one past it naming the field.
    it.each<[string, number, number, number, number]>([
      ["artifactExpirationDays", 1, 3650, 0, 3651],
      ["noncurrentVersionExpirationDays", 1, 3650, 0, 3651],
      ["keyDeletionWindowDays", 7, 30, 6, 31],
    ])("%s: %s and %s accepted and emitted, %s and %s rejected", (field, min, max, below, above) => {
      const emitted = (days: number) => {
        const o = buildArtifactStore({ [field]: days }).out;
        const rule = o.only("aws_s3_bucket_lifecycle_configuration").body.rule[0];
        return {
          artifactExpirationDays: rule.expiration[0].days,
          noncurrentVersionExpirationDays: rule.noncurrent_version_expiration[0].noncurrent_days,
          keyDeletionWindowDays: o.only("aws_kms_key").body.deletion_window_in_days,
        }[field];
      };
      expect([emitted(min), emitted(max)]).toEqual([min, max]);
      for (const days of [below, above]) {
        expect(build({ [field]: days })).toThrow(`${field}: ${days} must be a whole number from ${min} to ${max}`);
      }
    });
  });

  it("names a token role ARN (a role of the same stack) directly, without root or condition", () => {
    const { out: o } = buildArtifactStore((stack) => {
      const role = new IamRole(stack, "pipeline-role", { name: "pipeline", assumeRolePolicy: "{}" });
      return { readWriteRoleArns: [role.arn, RW_B], readOnlyRoleArns: [] };
    });
    const w = view(o);
    const token = ref("aws_iam_role", "pipeline-role", "arn");
    for (const doc of [w.keyPolicy, w.bucketPolicy]) {
      const direct = doc.Statement.filter((s) => typeof s.Principal === "object" && list(s.Principal.AWS).includes(token));
      expect(direct.length).toBe(doc === w.keyPolicy ? 1 : 2);
      for (const s of direct) {
        expect(s.Principal).toEqual({ AWS: [token] });
        expect(s.Condition).toBeUndefined();
      }
      expect(sorted(roleGrants(doc).keys()).filter((r) => r !== ADMIN)).toEqual(sorted([token, RW_B]));
    }
  });

  it("has a key ARN within 100 characters in every supported region, single- and multi-Region", () => {
    const keyIds = ["1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-1234abcd12ab34cd56ef1234567890ab", `mrk-${"f".repeat(36)}`];
    expect(keyIds.map((k) => k.length)).toEqual([36, 36, 40]);
    expect(AWS_REGIONS.length).toBeGreaterThan(30);
    const longest = Math.max(...AWS_REGIONS.flatMap((region) => keyIds.map((id) => `arn:aws:kms:${region}:${TOOLS_ACCOUNT}:key/${id}`.length)));
    expect(longest).toBeLessThanOrEqual(100);
  });

  it("schema check is not vacuous: a bogus attribute on the bucket is an error", () => {
    const json = structuredClone(out.json);
    const bucket = Object.values(json.resource!.aws_s3_bucket!)[0]!;
    bucket.bucket_acl_bogus = "private";
    expect(
      schemaErrors(json)
        .map((e) => e.path)
        .join("\n"),
    ).toMatch(/bucket_acl_bogus/);
  });

  it("is still valid with only administrators (no grants)", () => {
    const { out: o } = buildArtifactStore({ readWriteRoleArns: undefined, readOnlyRoleArns: undefined });
    const w = view(o);
    expect(sorted(roleGrants(w.keyPolicy).keys())).toEqual([ADMIN]);
    expect(roleGrants(w.bucketPolicy).size).toBe(0);
    expect(w.bucketPolicy.Statement.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "DenyArtifactDeletion", "DenyUnencryptedUploads"]);
  });
});

describe("ArtifactStore deletion guard", () => {
  it("denies deleting artifacts to everyone but the key administrators (lifecycle rules expire them)", () => {
    const stack = newStack();
    new ArtifactStore(stack, "store", { bucketName: "acme-artifacts", keyAlias: "alias/codepipeline-acme", keyAdministratorArns: [ADMIN] });
    const policy = parsePolicy(synth(stack).only("aws_s3_bucket_policy").body.policy);
    const deny = policy.Statement.find((s) => s.Sid === "DenyArtifactDeletion")!;
    expect(deny).toMatchObject({ Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"] });
    expect(deny.Condition).toEqual({ ArnNotEquals: { "aws:PrincipalArn": [ADMIN] } });
  });
});

describe("ArtifactStore object grants", () => {
  const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
  const A = "222222222222";
  const B = "333333333333";
  const C = "444444444444";
  const statements = (doc: PolicyDoc, prefix: string) => doc.Statement.filter((s) => (s.Sid ?? "").startsWith(prefix));

  it("grants reads and writes on exactly the given object keys, and key encryption only to writers", () => {
    const { out } = buildArtifactStore({
      objectGrants: [
        { roleArns: [role(A, "deploy")], read: ["orders/*"], write: ["orders/Out/*"] },
        { roleArns: [role(B, "deploy")], read: ["orders/*"] },
      ],
    });
    const v = view(out);
    const bucket = parsePolicy(out.only("aws_s3_bucket_policy").body.policy);
    // Both roles share the read key set: one statement; the write goes to A only.
    expect(statements(bucket, "ObjectRead").map((s) => [s.Principal, s.Condition, s.Resource])).toEqual([
      [{ AWS: [rootArn(A), rootArn(B)] }, { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/deploy" } }, [`${v.bucketArn}/orders/*`]],
    ]);
    expect(statements(bucket, "ObjectWrite").map((s) => [s.Principal, s.Condition, s.Action, s.Resource])).toEqual([
      [{ AWS: rootArn(A) }, { ArnEquals: { "aws:PrincipalArn": [role(A, "deploy")] } }, ["s3:PutObject"], [`${v.bucketArn}/orders/Out/*`]],
    ]);
    const key = parsePolicy(v.key.body.policy);
    expect(statements(key, "ObjectGrantsWrite").map((s) => s.Principal)).toEqual([{ AWS: rootArn(A) }]);
    expect(statements(key, "ObjectGrantsRead").map((s) => s.Principal)).toEqual([{ AWS: [rootArn(A), rootArn(B)] }]);
  });

  it("names the organization instead of the accounts once a role name reaches more than listAccountsUpTo of them", () => {
    const organization = { id: "o-a1b2c3d4e5", paths: ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"], listAccountsUpTo: 2 };
    const { out } = buildArtifactStore({
      organization,
      objectGrants: [{ roleArns: [role(A, "deploy"), role(B, "deploy"), role(C, "deploy")], read: ["fanout/*"] }],
    });
    const bucket = parsePolicy(out.only("aws_s3_bucket_policy").body.policy);
    expect(statements(bucket, "ObjectRead").map((s) => [s.Principal, s.Condition])).toEqual([
      [
        "*",
        {
          StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
          ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/deploy" },
          "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"] },
        },
      ],
    ]);
    // At the threshold the accounts are still listed.
    const listed = buildArtifactStore({ organization, objectGrants: [{ roleArns: [role(A, "deploy"), role(B, "deploy")], read: ["fanout/*"] }] });
    const listedBucket = parsePolicy(listed.out.only("aws_s3_bucket_policy").body.policy);
    expect(statements(listedBucket, "ObjectRead").map((s) => s.Principal)).toEqual([{ AWS: [rootArn(A), rootArn(B)] }]);
  });
});
