/**
 * Encryption, retention, audit, names and approvals of the example landing zone, read from the
 * synthesized JSON: CodeBuild log groups under a customer-managed key, source buckets that expire
 * replaced versions, S3 data events in the audit trail, physical names that carry the landing-zone
 * name, and approval topics that somebody reads.
 */
import { parseLandingZone } from "../../config/load";
import type { SynthIndex } from "../../synth/resolve";
import { exampleInput, renameLandingZone } from "../fixtures/landing-zone";
import { synthExample } from "../fixtures/synth";

const lz = parseLandingZone(exampleInput());
const { index, stacks } = synthExample();
const PIPELINES = `pipelines-${lz.tools.primaryRegion}`;
const TOOLS = `tools-${lz.tools.primaryRegion}`;
const refName = (ref: unknown, type: string): string => {
  const m = new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.\\w+\\}$`).exec(String(ref));
  if (!m) throw new Error(`${String(ref)} is not a reference to a ${type}`);
  return m[1]!;
};
const createdSourceBuckets = lz.pipelines.flatMap((p) =>
  p.stages.flatMap((s) => s.actions.flatMap((a) => (a.type === "s3-source" && "create" in a.bucket ? [a.bucket.bucketName] : []))),
);

describe("CodeBuild log groups", () => {
  const groups = Object.entries(index.resources(PIPELINES, "aws_cloudwatch_log_group"));

  it("exist for the example's builds", () => {
    expect(groups.length).toBe(lz.pipelines.flatMap((p) => p.stages.flatMap((s) => s.actions.filter((a) => a.type === "codebuild"))).length);
  });

  it("are each encrypted with a rotating customer-managed key of their region that CloudWatch Logs may use for exactly them", () => {
    for (const [, g] of groups) {
      const region = index.regionOf(PIPELINES, g);
      const keyName = refName(g.kms_key_id, "aws_kms_key");
      const key = index.resources(PIPELINES, "aws_kms_key")[keyName]!;
      expect([g.name, key.enable_key_rotation, index.regionOf(PIPELINES, key)]).toEqual([g.name, true, region]);
      const grant = index.policy(PIPELINES, "aws_kms_key", keyName).Statement.find((s) => s.Sid === "CloudWatchLogsUseKey")!;
      expect(grant.Principal).toEqual({ Service: `logs.${region}.amazonaws.com` });
      expect(grant.Condition?.ArnEquals?.["kms:EncryptionContext:aws:logs:arn"]).toContain(`arn:aws:logs:${region}:${lz.tools.accountId}:log-group:${g.name}`);
    }
  });

  it("share one key per region, which grants CloudWatch Logs nothing beyond the landing zone's build logs", () => {
    const keys = new Set(groups.map(([, g]) => refName(g.kms_key_id, "aws_kms_key")));
    expect(keys.size).toBe(new Set(groups.map(([, g]) => index.regionOf(PIPELINES, g))).size);
    for (const k of keys) {
      const arns = index.policy(PIPELINES, "aws_kms_key", k).Statement.find((s) => s.Sid === "CloudWatchLogsUseKey")!.Condition!.ArnEquals![
        "kms:EncryptionContext:aws:logs:arn"
      ];
      expect([arns].flat().sort()).toEqual(
        groups
          .filter(([, g]) => refName(g.kms_key_id, "aws_kms_key") === k)
          .map(([, g]) => `arn:aws:logs:${index.regionOf(PIPELINES, g)}:${lz.tools.accountId}:log-group:${g.name}`)
          .sort(),
      );
    }
  });

  it("keep their logs for a set number of days", () => {
    for (const [, g] of groups) expect([g.name, g.retention_in_days]).toEqual([g.name, 30]);
  });
});

describe("S3 source buckets the landing zone creates", () => {
  it("stay versioned and expire replaced versions", () => {
    expect(createdSourceBuckets.length).toBeGreaterThan(0);
    for (const name of createdSourceBuckets) {
      const [id] = Object.entries(index.resources(PIPELINES, "aws_s3_bucket")).find(([, b]) => b.bucket === name)!;
      const of = (type: string) => Object.values(index.resources(PIPELINES, type)).find((r) => r.bucket === `\${aws_s3_bucket.${id}.id}`)!;
      expect(of("aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
      const rules = of("aws_s3_bucket_lifecycle_configuration").rule as { status: string; noncurrent_version_expiration?: { noncurrent_days: number }[] }[];
      expect(rules.filter((r) => r.status === "Enabled").map((r) => r.noncurrent_version_expiration)).toEqual([[{ noncurrent_days: 30 }]]);
    }
  });
});

describe("the audit trail", () => {
  const trailOf = (ix: SynthIndex) => Object.values(ix.resources(TOOLS, "aws_cloudtrail"))[0]!;
  type Selector = { name: string; field_selector: { field: string; equals?: string[]; starts_with?: string[] }[] };

  it("records all management events and the S3 object writes of every artifact store and created source bucket", () => {
    const selectors = trailOf(index).advanced_event_selector as Selector[];
    expect(selectors.find((s) => s.field_selector.some((f) => f.field === "eventCategory" && f.equals?.[0] === "Management"))!.field_selector).toHaveLength(1);
    const data = selectors.find((s) => s.field_selector.some((f) => f.field === "eventCategory" && f.equals?.[0] === "Data"))!;
    const field = (name: string) => data.field_selector.find((f) => f.field === name)!;
    expect(field("resources.type").equals).toEqual(["AWS::S3::Object"]);
    expect(field("readOnly").equals).toEqual(["false"]);
    const stores = [lz.tools.primaryRegion, ...lz.tools.replicaRegions].map((r) => `${lz.name}-cp-artifacts-${lz.tools.accountId}-${r}`);
    expect([...field("resources.ARN").starts_with!].sort()).toEqual([...stores, ...createdSourceBuckets].map((b) => `arn:aws:s3:::${b}/`).sort());
    // Every artifact bucket the stacks create is covered.
    for (const s of stacks) {
      for (const b of Object.values(index.resources(s.id, "aws_s3_bucket"))) {
        if (String(b.bucket).includes("-cp-artifacts-")) expect(field("resources.ARN").starts_with).toContain(`arn:aws:s3:::${String(b.bucket)}/`);
      }
    }
  });

  it("records management events only when monitoring.auditTrailDataEvents is false", () => {
    const input = exampleInput();
    input.monitoring.auditTrailDataEvents = false;
    const trail = trailOf(synthExample(input).index);
    expect(trail.advanced_event_selector).toBeUndefined();
    expect(trail.event_selector).toBeUndefined();
  });
});

describe("manual approvals of the example", () => {
  it("announce every approval on a KMS-encrypted topic that has a subscriber", () => {
    let approvals = 0;
    for (const p of Object.values(index.resources(PIPELINES, "aws_codepipeline"))) {
      for (const s of p.stage as { action: { category: string; configuration: { NotificationArn?: string } }[] }[]) {
        for (const a of s.action.filter((x) => x.category === "Approval")) {
          approvals++;
          const topic = refName(a.configuration.NotificationArn, "aws_sns_topic");
          expect(index.resources(PIPELINES, "aws_sns_topic")[topic]!.kms_master_key_id).toBeDefined();
          const subscriptions = Object.values(index.resources(PIPELINES, "aws_sns_topic_subscription")).filter(
            (x) => x.topic_arn === `\${aws_sns_topic.${topic}.arn}`,
          );
          expect(subscriptions.map((x) => x.protocol)).toContain("email");
        }
      }
    }
    expect(approvals).toBeGreaterThan(0);
  });
});

// The physical name of every resource type the stacks create, with its AWS naming rule (length and
// characters, from the API reference of IAM CreateRole/CreateInstanceProfile/PutRolePolicy, the S3
// bucket naming rules, EventBridge PutRule, SQS CreateQueue, SNS CreateTopic, CloudWatch
// PutMetricAlarm, CodeBuild CreateProject and its quotas page, CloudWatch Logs CreateLogGroup, KMS
// CreateAlias, CloudTrail CreateTrail, Chatbot CreateSlackChannelConfiguration, the CloudFormation
// reference of AWS::CodeStarNotifications::NotificationRule, CodePipeline PipelineDeclaration and
// CreateCustomActionType), and, where the landing-zone name cannot be in it, why. Written out here
// rather than taken from modules/shared/names.ts, so that a wrong rule there cannot pass its own test.
interface NameRule {
  readonly attribute: string;
  readonly max: number;
  /** The whole name, anchored. */
  readonly pattern: RegExp;
  readonly exempt?: string;
}
const IAM_NAME = /^[\w+=,.@-]+$/;
const NAMED: Record<string, NameRule> = {
  aws_iam_role: { attribute: "name", max: 64, pattern: IAM_NAME },
  aws_iam_instance_profile: { attribute: "name", max: 128, pattern: IAM_NAME },
  aws_s3_bucket: { attribute: "bucket", max: 63, pattern: /^(?!xn--)(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/ },
  aws_kms_alias: { attribute: "name", max: 256, pattern: /^alias\/(?!aws\/)[A-Za-z0-9/_-]+$/ },
  aws_cloudwatch_event_rule: { attribute: "name", max: 64, pattern: /^[.\-_A-Za-z0-9]+$/ },
  aws_sqs_queue: { attribute: "name", max: 80, pattern: /^[A-Za-z0-9_-]+$/ },
  aws_sns_topic: { attribute: "name", max: 256, pattern: /^[A-Za-z0-9_-]+$/ },
  aws_cloudwatch_metric_alarm: { attribute: "alarm_name", max: 255, pattern: /^[^\u0000-\u001f\u007f]+$/ },
  aws_codebuild_project: { attribute: "name", max: 150, pattern: /^[A-Za-z0-9][A-Za-z0-9_-]+$/ },
  aws_cloudwatch_log_group: { attribute: "name", max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/ },
  aws_cloudtrail: { attribute: "name", max: 128, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?![._-]))+$/ },
  aws_chatbot_slack_channel_configuration: { attribute: "configuration_name", max: 128, pattern: /^[A-Za-z0-9_-]+$/ },
  aws_codestarnotifications_notification_rule: { attribute: "name", max: 64, pattern: /^[A-Za-z0-9 _-]+$/ },
  aws_codepipeline: {
    attribute: "name",
    max: 100,
    pattern: /^[A-Za-z0-9.@_-]+$/,
    exempt:
      "pipelines keep the names written in the landing-zone file: the first 20 characters of a pipeline's name are its artifact folder, so a common prefix would put every pipeline in one folder",
  },
  aws_codepipeline_custom_action_type: {
    attribute: "provider_name",
    max: 35,
    pattern: /^[A-Za-z0-9_-]+$/,
    exempt: "a custom action type is identified by the category, provider and version the file declares, and its actions reference it by them",
  },
  aws_iam_role_policy: {
    attribute: "name",
    max: 128,
    pattern: IAM_NAME,
    exempt: "an inline policy's name is unique only within its role, whose name carries the landing-zone name",
  },
};
// Names inside a resource that are unique only within their parent, but still have AWS rules:
// EventBridge PutTargets Id (1-64 of [\.\-_A-Za-z0-9]), Lambda AddPermission StatementId (1-100 of
// letters, digits, - and _), CodePipeline StageDeclaration and ActionDeclaration names (1-100 of [A-Za-z0-9.@\-_]).
const INNER: Record<string, { attribute: string; max: number; pattern: RegExp }> = {
  aws_cloudwatch_event_target: { attribute: "target_id", max: 64, pattern: /^[.\-_A-Za-z0-9]+$/ },
  aws_lambda_permission: { attribute: "statement_id", max: 100, pattern: /^[A-Za-z0-9_-]+$/ },
};
// Types without a name of their own: they configure, attach to or grant on a named resource.
const UNNAMED = [
  "aws_cloudwatch_event_target", // target_id is unique only within its rule (checked in INNER)
  "aws_iam_role_policy_attachment",
  "aws_kms_key", // a key has only an id; its alias is named
  "aws_lambda_permission", // statement_id is unique only within the function's policy (checked in INNER)
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_notification",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_versioning",
  "aws_sns_topic_policy",
  "aws_sns_topic_subscription",
  "aws_sqs_queue_policy",
];

interface PhysicalName {
  readonly stack: string;
  readonly type: string;
  readonly region: string;
  readonly rule: NameRule;
  readonly name: string;
}

/** Every physical name in a synth, with the stack and region it lives in. */
function physicalNames(ix: SynthIndex): PhysicalName[] {
  const out: PhysicalName[] = [];
  for (const s of ix.stacks) {
    for (const [type, byName] of Object.entries(s.json.resource ?? {})) {
      const rule = NAMED[type];
      if (!rule) {
        if (!UNNAMED.includes(type)) throw new Error(`${type} is in neither NAMED nor UNNAMED: say what its physical name is`);
        continue;
      }
      for (const body of Object.values(byName)) {
        out.push({ stack: s.id, type, region: ix.regionOf(s.id, body), rule, name: ix.resolveString(s.id, String(body[rule.attribute])) });
      }
    }
  }
  return out;
}

/** `type name: why` for every name (and inner name: target ids, statement ids, stage and action names) AWS would reject. */
function rejectedNames(ix: SynthIndex): string[] {
  const bad: string[] = [];
  const check = (type: string, name: string, max: number, pattern: RegExp) => {
    if (name.length > max) bad.push(`${type} ${name}: ${name.length} > ${max} characters`);
    else if (!pattern.test(name)) bad.push(`${type} ${name}: not ${pattern}`);
  };
  for (const n of physicalNames(ix)) check(n.type, n.name, n.rule.max, n.rule.pattern);
  for (const s of ix.stacks) {
    for (const [type, rule] of Object.entries(INNER)) {
      for (const body of Object.values(ix.resources(s.id, type))) check(type, ix.resolveString(s.id, String(body[rule.attribute])), rule.max, rule.pattern);
    }
    for (const p of Object.values(ix.resources(s.id, "aws_codepipeline"))) {
      for (const stage of p.stage as { name: string; action: { name: string }[] }[]) {
        check("stage", stage.name, 100, /^[A-Za-z0-9.@_-]+$/);
        for (const a of stage.action) check("action", a.name, 100, /^[A-Za-z0-9.@_-]+$/);
      }
    }
  }
  return bad;
}

/**
 * The example with names at AWS's limits: pipeline names of 100 characters holding `.` and `@`,
 * where pipelines[0] and [1] (and [2] and [3], ...) differ only in one `.` against `@` (which
 * every derived name that cannot hold them replaces), and non-source action names of 100 too.
 */
function awkwardNames(input: any): any {
  input.pipelines.forEach((p: any, i: number) => {
    p.name = `${String.fromCharCode(97 + Math.floor(i / 2))}${i % 2 === 0 ? "." : "@"}pipeline`.padEnd(100, ".@x");
    for (const s of p.stages) {
      for (const a of s.actions) if (!/-source$/.test(a.type)) a.name = `${a.name}.@`.padEnd(100, "@.");
    }
  });
  return input;
}

describe("physical names", () => {
  // A second landing zone in the same accounts, with a name of the longest length allowed (20).
  const other = "zz-landing-zone-0020";
  const renamed = synthExample(renameLandingZone(exampleInput(), other)).index;
  // And one whose pipeline and action names are as long and as awkward as CodePipeline allows.
  const awkward = synthExample(awkwardNames(renameLandingZone(exampleInput(), other))).index;

  it.each([
    [lz.name, index],
    [other, renamed],
  ])("every name the landing zone %s creates holds its name, except the listed ones", (name, ix) => {
    const names = physicalNames(ix);
    expect(names.length).toBeGreaterThan(100);
    const missing = names.filter((n) => !n.rule.exempt && !n.name.includes(name)).map((n) => `${n.type} ${n.name}`);
    expect(missing).toEqual([]);
  });

  it.each([
    ["the example", index],
    [`the example named ${other}`, renamed],
    ["pipeline and action names of 100 characters with . and @", awkward],
  ])("every name %s creates is one AWS accepts (length and characters)", (_what, ix) => {
    expect(rejectedNames(ix)).toEqual([]);
  });

  it("keeps names derived from pipeline names that differ only in . against @ distinct", () => {
    const names = physicalNames(awkward);
    expect(names.filter((n) => n.type === "aws_cloudwatch_event_rule").length).toBeGreaterThan(5);
    const key = (n: PhysicalName) => `${n.stack} ${n.type} ${n.region} ${n.name}`;
    const seen = new Map<string, number>();
    for (const n of names.filter((x) => !x.rule.exempt)) seen.set(key(n), (seen.get(key(n)) ?? 0) + 1);
    expect([...seen].filter(([, count]) => count > 1).map(([k]) => k)).toEqual([]);
    // The pairs really would collide without the hash: some sanitized names share everything before it.
    const stems = names.filter((n) => n.type === "aws_sns_topic" || n.type === "aws_sqs_queue").map((n) => n.name.replace(/-[0-9a-f]{8}$/, ""));
    expect(new Set(stems).size).toBeLessThan(stems.length);
  });

  it("lets two landing zones share the accounts: no name of one is a name of the other, except the listed ones", () => {
    const key = (n: { type: string; name: string }) => `${n.type} ${n.name}`;
    const first = new Set(
      physicalNames(index)
        .filter((n) => !n.rule.exempt)
        .map(key),
    );
    expect(
      physicalNames(renamed)
        .filter((n) => !n.rule.exempt)
        .map(key)
        .filter((k) => first.has(k)),
    ).toEqual([]);
  });
});
