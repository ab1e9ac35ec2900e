import * as fs from "node:fs";
import * as path from "node:path";
import { parseLandingZone } from "../../config/load";
import { asList, PolicyDoc } from "../../synth/resolve";
import { exampleInput } from "../fixtures/landing-zone";
import { synthExample } from "../fixtures/synth";

const lz = parseLandingZone(exampleInput());
const { stacks, index } = synthExample();
type Body = Record<string, any>;

/** Every resource of a type across all stacks, with its stack. */
function all(type: string): { stack: string; name: string; body: Body }[] {
  return stacks.flatMap((s) => Object.entries(index.resources(s.id, type)).map(([name, body]) => ({ stack: s.id, name, body })));
}
const ref = (value: string) => /^\$\{([a-z0-9_]+)\.([\w-]+)\.[a-z_]+\}$/.exec(value);
const rules = all("aws_cloudwatch_event_rule");
const targets = all("aws_cloudwatch_event_target");
const alarms = all("aws_cloudwatch_metric_alarm");
const ruleOfTarget = (t: { stack: string; body: Body }) => {
  const m = ref(t.body.rule)!;
  return { stack: t.stack, name: m[2]!, body: index.resources(t.stack, "aws_cloudwatch_event_rule")[m[2]!]! };
};
const ruleArn = (r: { stack: string; body: Body }) => `arn:aws:events:${index.regionOf(r.stack, r.body)}:${index.accountOf(r.stack)}:rule/${r.body.name}`;
const dlqOf = (t: { stack: string; body: Body }) => {
  const m = ref(t.body.dead_letter_config.arn)!;
  expect(m[1]).toBe("aws_sqs_queue");
  return { stack: t.stack, name: m[2]!, body: index.resources(t.stack, "aws_sqs_queue")[m[2]!]! };
};

describe("events in the example landing zone", () => {
  it("has rules and targets to check", () => {
    expect(rules.length).toBeGreaterThanOrEqual(8);
    expect(targets.length).toBe(rules.length);
  });

  it("gives every EventBridge target a dead-letter queue and a retry policy", () => {
    for (const t of targets) {
      expect(t.body.dead_letter_config?.arn).toBeTruthy();
      expect(t.body.retry_policy).toEqual({ maximum_event_age_in_seconds: expect.any(Number), maximum_retry_attempts: expect.any(Number) });
    }
  });

  it("creates targets only through the events module", () => {
    for (const t of targets) expect(t.body["//"].metadata.path).toMatch(/\/eventing\/rule-[^/]+\/target-\d+$/);
    // ... and no source file outside modules/events makes one.
    const root = path.join(__dirname, "..", "..");
    const offenders: string[] = [];
    for (const dir of ["modules", "stacks", "config", "main.ts", "index.ts"]) {
      const walk = (p: string): void => {
        if (fs.statSync(p).isDirectory()) return fs.readdirSync(p).forEach((f) => walk(path.join(p, f)));
        if (
          p.endsWith(".ts") &&
          !p.includes(`${path.sep}modules${path.sep}events${path.sep}`) &&
          fs.readFileSync(p, "utf8").includes("cloudwatch-event-target")
        ) {
          offenders.push(path.relative(root, p));
        }
      };
      walk(path.join(root, dir));
    }
    expect(offenders).toEqual([]);
  });

  it("puts every DLQ in its rule's region and account, encrypted with a customer-managed key, keeping messages 14 days", () => {
    for (const t of targets) {
      const rule = ruleOfTarget(t);
      const dlq = dlqOf(t);
      expect(index.regionOf(dlq.stack, dlq.body)).toBe(index.regionOf(rule.stack, rule.body));
      expect(dlq.stack).toBe(rule.stack);
      expect(dlq.body.message_retention_seconds).toBe(1209600);
      expect(String(dlq.body.kms_master_key_id)).toMatch(/^\$\{aws_kms_key\./);
    }
  });

  it("lets events.amazonaws.com send to each DLQ only from exactly the rules that use it", () => {
    const dlqs = new Map<string, Set<string>>();
    for (const t of targets) {
      const d = dlqOf(t);
      const key = `${d.stack}:${d.name}`;
      dlqs.set(key, (dlqs.get(key) ?? new Set()).add(ruleArn(ruleOfTarget(t))));
    }
    expect(dlqs.size).toBeGreaterThan(0);
    for (const [key, ruleArns] of dlqs) {
      const [stack, queue] = key.split(":") as [string, string];
      const [policyName] = Object.entries(index.resources(stack, "aws_sqs_queue_policy")).find(([, p]) =>
        String(p.queue_url).includes(`aws_sqs_queue.${queue}.`),
      )!;
      const policy = index.policy(stack, "aws_sqs_queue_policy", policyName) as PolicyDoc;
      const allows = policy.Statement.filter((s) => s.Effect === "Allow" && JSON.stringify(s.Principal).includes("events.amazonaws.com"));
      expect(allows).toHaveLength(1);
      expect(allows[0]!.Principal).toEqual({ Service: "events.amazonaws.com" });
      expect(asList(allows[0]!.Action)).toEqual(["sqs:SendMessage"]);
      expect(asList(allows[0]!.Condition!.ArnEquals!["aws:SourceArn"]).sort()).toEqual([...ruleArns].sort());
      // Everyone else allowed is a configured consumer, by exact role ARN.
      for (const s of policy.Statement.filter((x) => x.Effect === "Allow" && x !== allows[0])) {
        expect(asList(s.Condition?.ArnEquals?.["aws:PrincipalArn"])).toEqual(lz.monitoring.queueConsumerRoleArns);
      }
      expect(policy.Statement.some((s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false")).toBe(true);
    }
  });

  it("alarms on any message in any DLQ", () => {
    for (const t of targets) {
      const dlq = dlqOf(t);
      const found = alarms.filter(
        (a) =>
          a.stack === dlq.stack &&
          a.body.namespace === "AWS/SQS" &&
          a.body.metric_name === "ApproximateNumberOfMessagesVisible" &&
          index.resolveString(a.stack, a.body.dimensions.QueueName) === index.resolveString(dlq.stack, String(dlq.body.name)),
      );
      expect(found.length).toBe(1);
    }
  });

  it("alarms on FailedInvocations and InvocationsSentToDlq of every rule", () => {
    for (const r of rules) {
      const metrics = alarms
        .filter((a) => a.body.namespace === "AWS/Events" && index.resolveString(a.stack, String(a.body.dimensions?.RuleName)) === String(r.body.name))
        .map((a) => a.body.metric_name);
      expect(metrics).toEqual(expect.arrayContaining(["FailedInvocations", "InvocationsSentToDlq"]));
    }
  });

  it("alarms on failed executions of every pipeline", () => {
    for (const p of lz.pipelines) {
      expect(
        alarms.filter(
          (a) => a.body.namespace === "AWS/CodePipeline" && a.body.metric_name === "FailedPipelineExecutions" && a.body.dimensions.PipelineName === p.name,
        ),
      ).toHaveLength(1);
    }
  });

  it("starts every event-driven source's pipeline from a rule, and none of them polls", () => {
    const pipelines = all("aws_codepipeline");
    let sources = 0;
    for (const p of pipelines) {
      for (const a of (p.body.stage[0].action as Body[]).filter((x) => ["S3", "ECR", "CodeCommit"].includes(x.provider))) {
        sources++;
        expect(a.configuration.PollForSourceChanges ?? "false").toBe("false");
        const arn = `arn:aws:codepipeline:${index.regionOf(p.stack, p.body)}:${index.accountOf(p.stack)}:${p.body.name}`;
        const starting = targets.filter((t) => t.body.arn === arn);
        expect(starting).toHaveLength(1);
        const pattern = JSON.parse(String(ruleOfTarget(starting[0]!).body.event_pattern));
        expect(pattern.source).toEqual([{ S3: "aws.s3", ECR: "aws.ecr", CodeCommit: "aws.codecommit" }[a.provider as "S3"]]);
        // The rule's role may start exactly this pipeline.
        const role = ref(starting[0]!.body.role_arn)!;
        const policies = Object.entries(index.resources(p.stack, "aws_iam_role_policy")).filter(([, rp]) =>
          String(rp.role).includes(`aws_iam_role.${role[2]}.`),
        );
        const statements = policies.flatMap(([n]) => index.policy(p.stack, "aws_iam_role_policy", n).Statement);
        expect(statements.map((s) => [s.Effect, asList(s.Action), asList(s.Resource)])).toEqual([["Allow", ["codepipeline:StartPipelineExecution"], [arn]]]);
      }
    }
    expect(sources).toBe(3);
  });

  it("routes the configured state changes of each pipeline", () => {
    const orders = rules.filter((r) => String(r.body.name).startsWith(`${lz.name}-orders-service-`)).map((r) => JSON.parse(r.body.event_pattern));
    expect(orders).toEqual(
      expect.arrayContaining([
        {
          source: ["aws.codepipeline"],
          "detail-type": ["CodePipeline Pipeline Execution State Change"],
          detail: { pipeline: ["orders-service"], state: ["FAILED", "SUPERSEDED"] },
        },
        {
          source: ["aws.codepipeline"],
          "detail-type": ["CodePipeline Action Execution State Change"],
          detail: { pipeline: ["orders-service"], state: ["STARTED"], type: { category: ["Approval"] } },
        },
      ]),
    );
  });

  it("sends CodeStar notifications to a topic that codestar-notifications may publish to, and to Slack where configured", () => {
    const notificationRules = all("aws_codestarnotifications_notification_rule");
    expect(notificationRules.length).toBe(lz.pipelines.filter((p) => p.notifications).length);
    const topicPolicies = all("aws_sns_topic_policy").map((t) => JSON.parse(index.resolveString(t.stack, String(t.body.policy))) as PolicyDoc);
    expect(
      topicPolicies.some((p) => p.Statement.some((s) => s.Effect === "Allow" && JSON.stringify(s.Principal).includes("codestar-notifications.amazonaws.com"))),
    ).toBe(true);
    expect(all("aws_chatbot_slack_channel_configuration").map((c) => c.body.slack_channel_id)).toEqual(["C0456EFGH"]);
  });

  it("records the pipelines' API calls in a multi-region, validated, KMS-encrypted CloudTrail trail", () => {
    const trails = all("aws_cloudtrail");
    expect(trails).toHaveLength(1);
    expect(trails[0]!.body).toMatchObject({ is_multi_region_trail: true, enable_log_file_validation: true });
    expect(String(trails[0]!.body.kms_key_id)).toMatch(/^\$\{aws_kms_key\./);
    expect(trails[0]!.stack).toBe(`tools-${lz.tools.primaryRegion}`);
  });
});
