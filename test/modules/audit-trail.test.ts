import { AuditTrail, type AuditTrailProps } from "../../modules/audit-trail";
import {
  KMS_DATA_OPERATIONS,
  allowsAction,
  list,
  newStack,
  parsePolicy,
  ref,
  roleArn,
  rootArn,
  sorted,
  synth,
  TOOLS_ACCOUNT,
  type PolicyDoc,
  type Synthesized,
} from "./helpers";

const REGION = "eu-west-1";
const ADMIN = roleArn(TOOLS_ACCOUNT, "terraform-deploy");
const AUDITOR = roleArn(TOOLS_ACCOUNT, "auditor");
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${TOOLS_ACCOUNT}:trail/org-audit`;
const TRAIL_CONTEXT = { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${TOOLS_ACCOUNT}:trail/*` };

const props = (o: Partial<AuditTrailProps> = {}): AuditTrailProps => ({
  trailName: "org-audit",
  bucketName: "lz-audit-logs-111111111111",
  region: REGION,
  accountId: TOOLS_ACCOUNT,
  keyAdministratorArns: [ADMIN],
  logReaderRoleArns: [AUDITOR],
  ...o,
});

const bySid = (doc: PolicyDoc, sid: string) => {
  const found = doc.Statement.filter((s) => s.Sid === sid);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe("AuditTrail", () => {
  let out: Synthesized;
  let trail: AuditTrail;
  beforeAll(() => {
    const stack = newStack();
    trail = new AuditTrail(stack, "audit", props());
    out = synth(stack);
  });
  const bucketArn = () => ref("aws_s3_bucket", out.only("aws_s3_bucket").name, "arn");
  const bucketId = () => ref("aws_s3_bucket", out.only("aws_s3_bucket").name, "id");
  const keyPolicy = () => parsePolicy(out.only("aws_kms_key").body.policy);
  const bucketPolicy = () => parsePolicy(out.only("aws_s3_bucket_policy").body.policy);

  it("is a multi-region trail with log file validation and global events, encrypted with its CMK", () => {
    expect(out.only("aws_cloudtrail").body).toMatchObject({
      name: "org-audit",
      region: REGION,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      s3_bucket_name: ref("aws_s3_bucket", out.only("aws_s3_bucket").name, "bucket"),
      kms_key_id: ref("aws_kms_key", out.only("aws_kms_key").name, "arn"),
      depends_on: [`aws_s3_bucket_policy.${out.only("aws_s3_bucket_policy").name}`],
    });
    expect(trail.trailArn).toBe(TRAIL_ARN);
    expect(out.only("aws_kms_key").body.enable_key_rotation).toBe(true);
  });

  it("lets cloudtrail.amazonaws.com GenerateDataKey only for this trail (aws:SourceArn) and its encryption context", () => {
    const encrypt = bySid(keyPolicy(), "CloudTrailEncryptLogs");
    expect(encrypt).toMatchObject({ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:GenerateDataKey*" });
    expect(encrypt.Condition).toEqual({ StringEquals: { "aws:SourceArn": TRAIL_ARN }, StringLike: TRAIL_CONTEXT });
    expect(bySid(keyPolicy(), "CloudTrailDescribeKey").Condition).toEqual({ StringEquals: { "aws:SourceArn": TRAIL_ARN } });
    const cloudtrail = keyPolicy().Statement.filter((s) => typeof s.Principal === "object" && s.Principal.Service !== undefined);
    expect(sorted(cloudtrail.flatMap((s) => list(s.Action)))).toEqual(["kms:DescribeKey", "kms:GenerateDataKey*"]);
  });

  it("lets log readers Decrypt only CloudTrail's objects, and administrators no data operation", () => {
    const readers = keyPolicy().Statement.filter((s) => s.Sid?.startsWith("LogReadersDecrypt"));
    expect(readers).toEqual([
      {
        Sid: "LogReadersDecrypt0",
        Effect: "Allow",
        Principal: { AWS: rootArn(TOOLS_ACCOUNT) },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { ArnEquals: { "aws:PrincipalArn": [AUDITOR] }, StringLike: TRAIL_CONTEXT },
      },
    ]);
    const admin = keyPolicy().Statement.filter((s) => s.Sid?.startsWith("KeyAdministration"));
    expect(admin.map((s) => s.Condition)).toEqual([{ ArnEquals: { "aws:PrincipalArn": [ADMIN] } }]);
    for (const op of KMS_DATA_OPERATIONS) expect([op, allowsAction(admin, op)]).toEqual([op, false]);
  });

  it("bucket policy: TLS only, GetBucketAcl and PutObject under AWSLogs/<account>/ for this trail only", () => {
    const doc = bucketPolicy();
    expect(bySid(doc, "DenyInsecureTransport")).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn(), `${bucketArn()}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(bySid(doc, "CloudTrailAclCheck")).toEqual({
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: bucketArn(),
      Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } },
    });
    expect(bySid(doc, "CloudTrailWrite")).toEqual({
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucketArn()}/AWSLogs/${TOOLS_ACCOUNT}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN } },
    });
    const readers = doc.Statement.filter((s) => s.Sid?.startsWith("LogReaders"));
    expect(readers.map((s) => [s.Sid, sorted(list(s.Action)), s.Condition])).toEqual([
      ["LogReadersObjects0", ["s3:GetObject", "s3:GetObjectVersion"], { ArnEquals: { "aws:PrincipalArn": [AUDITOR] } }],
      ["LogReadersBucket0", ["s3:GetBucketLocation", "s3:ListBucket"], { ArnEquals: { "aws:PrincipalArn": [AUDITOR] } }],
    ]);
    expect(allowsAction(readers, "s3:PutObject")).toBe(false);
    expect(out.only("aws_s3_bucket_policy").body.depends_on).toEqual([
      `aws_s3_bucket_public_access_block.${out.only("aws_s3_bucket_public_access_block").name}`,
    ]);
  });

  it("never allows the * principal", () => {
    for (const doc of [keyPolicy(), bucketPolicy()]) {
      for (const s of doc.Statement.filter((x) => x.Effect === "Allow")) {
        expect(s.Principal === "*" || (typeof s.Principal === "object" && list(s.Principal.AWS).includes("*"))).toBe(false);
      }
    }
  });

  it("log bucket: versioned, public access blocked, BucketOwnerEnforced, SSE-KMS with bucket key, lifecycle", () => {
    expect(out.only("aws_s3_bucket").body).toMatchObject({ bucket: "lz-audit-logs-111111111111", force_destroy: false, region: REGION });
    expect(out.only("aws_s3_bucket_versioning").body.versioning_configuration).toEqual({ status: "Enabled" });
    expect(out.only("aws_s3_bucket_public_access_block").body).toMatchObject({
      bucket: bucketId(),
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(out.only("aws_s3_bucket_ownership_controls").body.rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(out.only("aws_s3_bucket_server_side_encryption_configuration").body.rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: ref("aws_kms_key", out.only("aws_kms_key").name, "arn") },
        bucket_key_enabled: true,
      },
    ]);
    const rule = out.only("aws_s3_bucket_lifecycle_configuration").body.rule[0];
    expect(rule).toMatchObject({
      status: "Enabled",
      expiration: [{ days: 365 }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
  });

  it("sets the region on every resource", () => {
    for (const [type, name, body] of out.all()) expect([type, name, body.region]).toEqual([type, name, REGION]);
  });

  it("takes retention, alias, forceDestroy and no readers", () => {
    const stack = newStack();
    new AuditTrail(stack, "a", props({ logRetentionDays: 2555, keyAlias: "alias/audit", forceDestroy: true, logReaderRoleArns: undefined }));
    const o = synth(stack);
    expect(o.only("aws_s3_bucket_lifecycle_configuration").body.rule[0].expiration).toEqual([{ days: 2555 }]);
    expect(o.only("aws_kms_alias").body.name).toBe("alias/audit");
    expect(o.only("aws_s3_bucket").body.force_destroy).toBe(true);
    expect(parsePolicy(o.only("aws_s3_bucket_policy").body.policy).Statement.map((s) => s.Sid)).toEqual([
      "DenyInsecureTransport",
      "CloudTrailAclCheck",
      "CloudTrailWrite",
    ]);
  });

  it("records management events only by default (no event selector)", () => {
    expect(out.only("aws_cloudtrail").body.advanced_event_selector).toBeUndefined();
    expect(out.only("aws_cloudtrail").body.event_selector).toBeUndefined();
  });

  describe("S3 data events", () => {
    const artifacts = "arn:aws:s3:::acme-cp-artifacts-111111111111-eu-west-1";
    const source = "arn:aws:s3:::acme-data-jobs-source-111111111111";
    const selectors = (arns: string[]) => {
      const stack = newStack();
      new AuditTrail(stack, "a", props({ dataEventBucketArns: arns }));
      return synth(stack).only("aws_cloudtrail").body.advanced_event_selector;
    };

    it("keeps every management event and adds object writes of exactly the given buckets (each once)", () => {
      expect(selectors([source, artifacts, source])).toEqual([
        { name: "All management events", field_selector: [{ field: "eventCategory", equals: ["Management"] }] },
        {
          name: "S3 object writes in the landing zone's buckets",
          field_selector: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            { field: "readOnly", equals: ["false"] },
            { field: "resources.ARN", starts_with: [`${artifacts}/`, `${source}/`] },
          ],
        },
      ]);
    });

    it("rejects what is not a bucket ARN, and more buckets than CloudTrail's 500 selector values allow", () => {
      const build = (arns: string[]) => () => new AuditTrail(newStack(), "a", props({ dataEventBucketArns: arns }));
      expect(build([`${artifacts}/folder`])).toThrow(
        `dataEventBucketArns: "${artifacts}/folder" is not an S3 bucket ARN (arn:aws:s3:::<bucket name>, without a key)`,
      );
      expect(build(["acme-bucket"])).toThrow(/dataEventBucketArns: "acme-bucket" is not an S3 bucket ARN/);
      const many = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:s3:::acme-bucket-${i}`);
      // 4 fixed values (Management; Data, AWS::S3::Object, false) and one per bucket.
      expect(build(many(496))).not.toThrow();
      expect(build(many(497))).toThrow(
        "dataEventBucketArns: 497 buckets take more than the 500 values CloudTrail allows in a trail's advanced event selectors; list fewer buckets",
      );
    });
  });

  describe("validation", () => {
    const build = (o: Partial<AuditTrailProps>) => () => new AuditTrail(newStack(), "a", props(o));
    it.each(["ab", "-trail", "trail-", "has space", "a..b", "t".repeat(129)])("rejects trailName %j", (trailName) => {
      expect(build({ trailName })).toThrow(/^trailName: /);
    });
    it("rejects a bad bucket name, region, account, alias and day counts", () => {
      expect(build({ bucketName: "Audit_Logs" })).toThrow(/^bucketName: /);
      expect(build({ region: "eu" })).toThrow(/^region: /);
      expect(build({ accountId: "42" })).toThrow(/^accountId: /);
      expect(build({ keyAlias: "audit" })).toThrow(/^keyAlias: /);
      expect(build({ logRetentionDays: 0 })).toThrow(/^logRetentionDays: /);
      expect(build({ noncurrentVersionExpirationDays: 0 })).toThrow(/^noncurrentVersionExpirationDays: /);
      expect(build({ keyDeletionWindowDays: 3 })).toThrow(/^keyDeletionWindowDays: /);
    });
    // Each limit at its edge: accepted (and emitted) at the limit, rejected one past it naming the field.
    it.each<[string, Partial<AuditTrailProps>, Partial<AuditTrailProps>, string]>([
      ["trailName (3 characters)", { trailName: "a.b" }, { trailName: "ab" }, "trailName: "],
      ["trailName (128 characters)", { trailName: `t${"1".repeat(127)}` }, { trailName: `t${"1".repeat(128)}` }, "trailName: "],
      ["logRetentionDays (at least 1)", { logRetentionDays: 1 }, { logRetentionDays: 0 }, "logRetentionDays: 0 must be a whole number from 1 to 36500"],
      ["logRetentionDays (36500)", { logRetentionDays: 36500 }, { logRetentionDays: 36501 }, "logRetentionDays: 36501 must be a whole number from 1 to 36500"],
      [
        "noncurrentVersionExpirationDays (at least 1)",
        { noncurrentVersionExpirationDays: 1 },
        { noncurrentVersionExpirationDays: 0 },
        "noncurrentVersionExpirationDays: 0 must be a whole number from 1 to 3650",
      ],
      [
        "noncurrentVersionExpirationDays (3650)",
        { noncurrentVersionExpirationDays: 3650 },
        { noncurrentVersionExpirationDays: 3651 },
        "noncurrentVersionExpirationDays: 3651 must be a whole number from 1 to 3650",
      ],
      [
        "keyDeletionWindowDays (at least 7)",
        { keyDeletionWindowDays: 7 },
        { keyDeletionWindowDays: 6 },
        "keyDeletionWindowDays: 6 must be a whole number from 7 to 30",
      ],
      [
        "keyDeletionWindowDays (30)",
        { keyDeletionWindowDays: 30 },
        { keyDeletionWindowDays: 31 },
        "keyDeletionWindowDays: 31 must be a whole number from 7 to 30",
      ],
    ])("%s: accepted at the limit, rejected one past it", (_limit, at, past, message) => {
      const stack = newStack();
      new AuditTrail(stack, "a", props(at));
      const o = synth(stack);
      const rule = o.only("aws_s3_bucket_lifecycle_configuration").body.rule[0];
      expect([
        o.only("aws_cloudtrail").body.name,
        rule.expiration[0].days,
        rule.noncurrent_version_expiration[0].noncurrent_days,
        o.only("aws_kms_key").body.deletion_window_in_days,
      ]).toEqual([at.trailName ?? "org-audit", at.logRetentionDays ?? 365, at.noncurrentVersionExpirationDays ?? 30, at.keyDeletionWindowDays ?? 30]);
      expect(build(past)).toThrow(message);
    });
    it("rejects missing administrators and non-role readers", () => {
      expect(build({ keyAdministratorArns: [] })).toThrow(/^keyAdministratorArns: /);
      expect(build({ logReaderRoleArns: ["*"] })).toThrow(/^logReaderRoleArns: .*not an IAM role ARN/);
    });
  });
});
