import type { TerraformStack } from "cdktf";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import {
  EVENTS_DEFAULTS,
  EventRule,
  eventsDefaults,
  EventsDeadLetterQueue,
  EventsSnsTopic,
  EventsTargetQueue,
  type EventRuleProps,
  type EventsDeadLetterQueueProps,
  type EventTarget,
} from "../../modules/events";
import { eventRuleArn } from "../../modules/events/rule";
import {
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
  type Statement,
  type Synthesized,
  type TfResource,
} from "./helpers";

const REGION = "eu-west-1";
const ADMIN = roleArn(TOOLS_ACCOUNT, "terraform-deploy");
const OPERATOR = roleArn(TOOLS_ACCOUNT, "operator");
const ALARMS = `arn:aws:sns:${REGION}:${TOOLS_ACCOUNT}:alarms`;
const PIPELINE = `arn:aws:codepipeline:${REGION}:${TOOLS_ACCOUNT}:release`;
const FUNCTION = `arn:aws:lambda:${REGION}:${TOOLS_ACCOUNT}:function:on-release`;
const PATTERN = { source: ["aws.codepipeline"], "detail-type": ["CodePipeline Pipeline Execution State Change"] };
const arnOf = (name: string, bus = "default") => eventRuleArn(REGION, TOOLS_ACCOUNT, bus, name);

function dlqProps(overrides: Partial<EventsDeadLetterQueueProps> = {}): EventsDeadLetterQueueProps {
  return { queueName: "events-dlq", region: REGION, keyAdministratorArns: [ADMIN], alarmTopicArn: ALARMS, ...overrides };
}

function ruleProps(dlq: EventsDeadLetterQueue, overrides: Partial<EventRuleProps> = {}): EventRuleProps {
  return {
    ruleName: "release-failed",
    description: "Pipeline executions that failed",
    eventPattern: PATTERN,
    accountId: TOOLS_ACCOUNT,
    deadLetterQueue: dlq,
    targets: [{ kind: "lambda", functionArn: FUNCTION }],
    alarmTopicArn: ALARMS,
    ...overrides,
  };
}

/** Named resources of a construct (cdktf prefixes logical ids with the construct path). */
function byPrefix(out: Synthesized, type: string, prefix: string): Array<[string, TfResource]> {
  return Object.entries(out.resources(type)).filter(([name]) => name.startsWith(prefix));
}

function one(out: Synthesized, type: string, prefix: string): { name: string; body: TfResource } {
  const found = byPrefix(out, type, prefix);
  if (found.length !== 1) throw new Error(`expected one ${type} under ${prefix}, found ${found.map(([n]) => n).join(", ")}`);
  return { name: found[0]![0], body: found[0]![1] };
}

const statementsWith = (doc: PolicyDoc, principalService: string): Statement[] =>
  doc.Statement.filter((s) => s.Effect === "Allow" && typeof s.Principal === "object" && list(s.Principal.Service).includes(principalService));

function everyPolicy(out: Synthesized): PolicyDoc[] {
  const docs: PolicyDoc[] = [];
  for (const [type, attr] of [
    ["aws_kms_key", "policy"],
    ["aws_sqs_queue_policy", "policy"],
    ["aws_sns_topic_policy", "policy"],
    ["aws_iam_role", "assume_role_policy"],
    ["aws_iam_role_policy", "policy"],
  ] as const) {
    for (const body of Object.values(out.resources(type))) docs.push(parsePolicy(body[attr]));
  }
  return docs;
}

/** A DLQ, a target queue and topic, and two rules on the DLQ: one with every target kind. */
function buildAll(): { stack: TerraformStack; out: Synthesized; dlq: EventsDeadLetterQueue; other: EventsDeadLetterQueue; rules: EventRule[] } {
  const stack = newStack();
  const dlq = new EventsDeadLetterQueue(stack, "dlq", dlqProps({ consumerRoleArns: [OPERATOR] }));
  const other = new EventsDeadLetterQueue(stack, "other-dlq", dlqProps({ queueName: "other-dlq" }));
  const queue = new EventsTargetQueue(stack, "target-queue", { queueName: "release-events", region: REGION, keyAdministratorArns: [ADMIN] });
  const topic = new EventsSnsTopic(stack, "target-topic", { topicName: "release-events", region: REGION, keyAdministratorArns: [ADMIN] });
  const targets: EventTarget[] = [
    { kind: "sns", topic },
    { kind: "sqs", queue },
    { kind: "lambda", functionArn: FUNCTION },
    { kind: "codepipeline", pipelineArn: PIPELINE },
  ];
  const rules = [
    new EventRule(stack, "all-kinds", ruleProps(dlq, { ruleName: "release-failed", targets })),
    new EventRule(stack, "second", ruleProps(dlq, { ruleName: "release-succeeded" })),
    new EventRule(stack, "elsewhere", ruleProps(other, { ruleName: "other-rule" })),
  ];
  return { stack, out: synth(stack), dlq, other, rules };
}

describe("events", () => {
  let built: ReturnType<typeof buildAll>;
  beforeAll(() => {
    built = buildAll();
  });
  const out = () => built.out;
  const dlqQueue = () => one(out(), "aws_sqs_queue", "dlq_queue");
  const dlqKey = () => one(out(), "aws_kms_key", "dlq_key");
  const dlqPolicy = () => parsePolicy(one(out(), "aws_sqs_queue_policy", "dlq_policy").body.policy);
  const dlqKeyPolicy = () => parsePolicy(dlqKey().body.policy);

  describe("EventsDeadLetterQueue", () => {
    it("keeps messages 14 days (1209600 s), encrypted with its own rotating CMK, in its region", () => {
      const q = dlqQueue();
      expect(q.body.message_retention_seconds).toBe(1209600);
      expect(q.body.name).toBe("events-dlq");
      expect(q.body.region).toBe(REGION);
      expect(q.body.kms_master_key_id).toBe(ref("aws_kms_key", dlqKey().name, "arn"));
      expect(dlqKey().body.enable_key_rotation).toBe(true);
      expect(dlqKey().body.region).toBe(REGION);
      expect("sqs_managed_sse_enabled" in q.body).toBe(false);
    });

    it("lets events.amazonaws.com SendMessage only from exactly the rules that registered (both rules, not the other DLQ's)", () => {
      const send = statementsWith(dlqPolicy(), "events.amazonaws.com");
      expect(send).toHaveLength(1);
      expect(list(send[0]!.Action)).toEqual(["sqs:SendMessage"]);
      expect(send[0]!.Resource).toBe(ref("aws_sqs_queue", dlqQueue().name, "arn"));
      expect(Object.keys(send[0]!.Condition!)).toEqual(["ArnEquals"]);
      expect(sorted(list(send[0]!.Condition!.ArnEquals!["aws:SourceArn"]))).toEqual(sorted([arnOf("release-failed"), arnOf("release-succeeded")]));
      expect(list(send[0]!.Condition!.ArnEquals!["aws:SourceArn"])).not.toContain(arnOf("other-rule"));
      const otherSend = statementsWith(parsePolicy(one(out(), "aws_sqs_queue_policy", "other-dlq_policy").body.policy), "events.amazonaws.com");
      expect(otherSend[0]!.Condition).toEqual({ ArnEquals: { "aws:SourceArn": [arnOf("other-rule")] } });
      expect(built.dlq.ruleArns()).toEqual([arnOf("release-failed"), arnOf("release-succeeded")]);
    });

    it("denies every non-TLS request on the queue", () => {
      const deny = dlqPolicy().Statement.filter((s) => s.Effect === "Deny");
      expect(deny).toEqual([
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: ref("aws_sqs_queue", dlqQueue().name, "arn"),
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]);
    });

    it("lets events.amazonaws.com use the key (GenerateDataKey, Decrypt) only with aws:SourceArn = the registered rules", () => {
      const use = statementsWith(dlqKeyPolicy(), "events.amazonaws.com");
      expect(use).toHaveLength(1);
      expect(sorted(list(use[0]!.Action))).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
      expect(use[0]!.Condition).toEqual({ ArnEquals: { "aws:SourceArn": [arnOf("release-failed"), arnOf("release-succeeded")] } });
    });

    it("gives key administrators (root + aws:PrincipalArn) management only, and consumers Decrypt and queue reads", () => {
      const admin = dlqKeyPolicy().Statement.filter((s) => s.Sid?.startsWith("KeyAdministration"));
      expect(admin.map((s) => [s.Principal, s.Condition])).toEqual([[{ AWS: rootArn(TOOLS_ACCOUNT) }, { ArnEquals: { "aws:PrincipalArn": [ADMIN] } }]]);
      expect(list(admin[0]!.Action).some((a) => /Decrypt|GenerateDataKey|Encrypt/.test(a))).toBe(false);
      const decrypt = dlqKeyPolicy().Statement.filter((s) => s.Sid?.startsWith("ConsumersDecrypt"));
      expect(decrypt.map((s) => [list(s.Action), s.Condition])).toEqual([[["kms:Decrypt"], { ArnEquals: { "aws:PrincipalArn": [OPERATOR] } }]]);
      const consume = dlqPolicy().Statement.filter((s) => s.Sid?.startsWith("Consumers"));
      expect(sorted(list(consume[0]!.Action))).toEqual(["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]);
    });

    it("gets no allow statement for events.amazonaws.com while no rule uses it", () => {
      const stack = newStack();
      const lonely = new EventsDeadLetterQueue(stack, "lonely", dlqProps());
      const o = synth(stack);
      expect(lonely.ruleArns()).toEqual([]);
      const queuePolicy = parsePolicy(o.only("aws_sqs_queue_policy").body.policy);
      expect(queuePolicy.Statement.map((s) => s.Sid)).toEqual(["DenyInsecureTransport"]);
      const keyPolicy = parsePolicy(o.only("aws_kms_key").body.policy);
      expect(statementsWith(keyPolicy, "events.amazonaws.com")).toEqual([]);
      expect(keyPolicy.Statement.every((s) => s.Sid?.startsWith("KeyAdministration"))).toBe(true);
    });

    it("alarms when any message is visible: AWS/SQS ApproximateNumberOfMessagesVisible Maximum >= 1 over one 300 s period", () => {
      const alarm = one(out(), "aws_cloudwatch_metric_alarm", "dlq_messages-visible").body;
      expect(alarm).toMatchObject({
        region: REGION,
        namespace: "AWS/SQS",
        metric_name: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: "events-dlq" },
        statistic: "Maximum",
        period: 300,
        evaluation_periods: 1,
        threshold: 1,
        comparison_operator: "GreaterThanOrEqualToThreshold",
        alarm_actions: [ALARMS],
      });
    });

    it("throws, naming the fix, when a rule in another region registers", () => {
      const stack = newStack();
      const dlq = new EventsDeadLetterQueue(stack, "dlq", dlqProps());
      expect(
        () =>
          new EventRule(stack, "r", ruleProps(dlq, { region: "us-east-1", targets: [{ kind: "lambda", functionArn: FUNCTION.replace(REGION, "us-east-1") }] })),
      ).toThrow(
        /^deadLetterQueue: DLQ must be in the rule's region: the rule is in us-east-1 but DLQ "events-dlq" is in eu-west-1; create one in the rule's region/,
      );
      expect(() => dlq.allowRule(eventRuleArn("us-east-1", TOOLS_ACCOUNT, "default", "x"), "us-east-1")).toThrow(
        /^allowRule: DLQ must be in the rule's region/,
      );
      expect(dlq.ruleArns()).toEqual([]);
    });
  });

  describe("EventRule", () => {
    const targetsOf = (rulePrefix: string) => byPrefix(out(), "aws_cloudwatch_event_target", rulePrefix).map(([, b]) => b);
    const allKinds = () => built.rules[0]!;

    it("gives every target the DLQ and the retry policy (default 3600 s / 8 attempts)", () => {
      const all = Object.values(out().resources("aws_cloudwatch_event_target"));
      expect(all).toHaveLength(6);
      for (const t of all) {
        expect(t.dead_letter_config).toEqual({ arn: expect.stringMatching(/^\$\{aws_sqs_queue\.(dlq|other-dlq)_queue_[A-F0-9]+\.arn\}$/) });
        expect(t.retry_policy).toEqual({ maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 8 });
      }
      for (const t of targetsOf("all-kinds")) expect(t.dead_letter_config).toEqual({ arn: ref("aws_sqs_queue", dlqQueue().name, "arn") });
      expect(EVENTS_DEFAULTS.retryPolicy).toEqual({ maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 8 });
    });

    it("creates the rule with its JSON pattern, bus and region, and a literal ARN", () => {
      const rule = one(out(), "aws_cloudwatch_event_rule", "all-kinds").body;
      expect(rule).toMatchObject({ name: "release-failed", event_bus_name: "default", region: REGION, description: "Pipeline executions that failed" });
      expect(JSON.parse(rule.event_pattern)).toEqual(PATTERN);
      expect(allKinds().ruleArn).toBe(`arn:aws:events:${REGION}:${TOOLS_ACCOUNT}:rule/release-failed`);
      const targets = targetsOf("all-kinds");
      expect(targets.map((t) => t.target_id)).toEqual(["t0-sns", "t1-sqs", "t2-lambda", "t3-codepipeline"]);
      for (const t of targets)
        expect([t.rule, t.region, t.event_bus_name]).toEqual([
          ref("aws_cloudwatch_event_rule", one(out(), "aws_cloudwatch_event_rule", "all-kinds").name, "name"),
          REGION,
          "default",
        ]);
    });

    it("lets only this rule invoke a Lambda target (aws_lambda_permission source_arn = rule ARN)", () => {
      const perms = byPrefix(out(), "aws_lambda_permission", "all-kinds").map(([, b]) => b);
      expect(perms).toEqual([
        {
          region: REGION,
          function_name: FUNCTION,
          action: "lambda:InvokeFunction",
          principal: "events.amazonaws.com",
          source_arn: arnOf("release-failed"),
          statement_id: "EventBridge-release-failed-2",
        },
      ]);
    });

    it("lets only its rules send to an SQS target queue (queue and key policy ArnEquals aws:SourceArn)", () => {
      const policy = parsePolicy(one(out(), "aws_sqs_queue_policy", "target-queue").body.policy);
      const send = statementsWith(policy, "events.amazonaws.com");
      expect(send.map((s) => [list(s.Action), s.Condition])).toEqual([[["sqs:SendMessage"], { ArnEquals: { "aws:SourceArn": [arnOf("release-failed")] } }]]);
      const key = parsePolicy(one(out(), "aws_kms_key", "target-queue").body.policy);
      expect(statementsWith(key, "events.amazonaws.com")[0]!.Condition).toEqual({ ArnEquals: { "aws:SourceArn": [arnOf("release-failed")] } });
      expect(targetsOf("all-kinds")[1]!.arn).toBe(ref("aws_sqs_queue", one(out(), "aws_sqs_queue", "target-queue").name, "arn"));
    });

    it("grants an SNS target topic to events.amazonaws.com without conditions, as AWS requires, and only once a rule targets it", () => {
      const topic = one(out(), "aws_sns_topic", "target-topic");
      const policy = parsePolicy(one(out(), "aws_sns_topic_policy", "target-topic").body.policy);
      const publish = statementsWith(policy, "events.amazonaws.com");
      // EventBridge supports no Condition block in SNS topic policies (eb-use-resource-based).
      expect(publish).toEqual([
        {
          Sid: "EventBridgeRulesPublish",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sns:Publish",
          Resource: ref("aws_sns_topic", topic.name, "arn"),
        },
      ]);
      expect(policy.Statement.filter((s) => s.Effect === "Deny").map((s) => s.Condition)).toEqual([{ Bool: { "aws:SecureTransport": "false" } }]);
      expect(topic.body.kms_master_key_id).toBe(ref("aws_kms_key", one(out(), "aws_kms_key", "target-topic").name, "arn"));
      const unused = newStack();
      new EventsSnsTopic(unused, "t", { topicName: "unused", region: REGION, keyAdministratorArns: [ADMIN] });
      const o = synth(unused);
      expect(statementsWith(parsePolicy(o.only("aws_sns_topic_policy").body.policy), "events.amazonaws.com")).toEqual([]);
      expect(statementsWith(parsePolicy(o.only("aws_kms_key").body.policy), "events.amazonaws.com")).toEqual([]);
    });

    it("starts a pipeline through a role trusted only by this rule of this account, allowed only StartPipelineExecution on that pipeline", () => {
      const role = one(out(), "aws_iam_role", "all-kinds");
      expect(role.body.name).toBe("release-failed-start-3");
      expect(parsePolicy(role.body.assume_role_policy).Statement).toEqual([
        {
          Sid: "EventBridgeRule",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { ArnEquals: { "aws:SourceArn": arnOf("release-failed") }, StringEquals: { "aws:SourceAccount": TOOLS_ACCOUNT } },
        },
      ]);
      const policies = byPrefix(out(), "aws_iam_role_policy", "all-kinds").map(([, b]) => b);
      expect(policies).toHaveLength(1);
      expect(policies[0]!.role).toBe(ref("aws_iam_role", role.name, "name"));
      expect(parsePolicy(policies[0]!.policy).Statement).toEqual([{ Effect: "Allow", Action: "codepipeline:StartPipelineExecution", Resource: PIPELINE }]);
      const target = targetsOf("all-kinds")[3]!;
      expect([target.arn, target.role_arn]).toEqual([PIPELINE, ref("aws_iam_role", role.name, "arn")]);
      for (const t of targetsOf("all-kinds").slice(0, 3)) expect("role_arn" in t).toBe(false);
    });

    it("alarms on FailedInvocations, InvocationsSentToDlq and InvocationsFailedToBeSentToDlq (AWS/Events, RuleName, Sum >= 1 over 300 s)", () => {
      const alarms = byPrefix(out(), "aws_cloudwatch_metric_alarm", "all-kinds").map(([, b]) => b);
      expect(sorted(alarms.map((a) => a.metric_name))).toEqual(["FailedInvocations", "InvocationsFailedToBeSentToDlq", "InvocationsSentToDlq"]);
      for (const a of alarms) {
        expect(a).toMatchObject({
          region: REGION,
          namespace: "AWS/Events",
          dimensions: { RuleName: "release-failed" },
          statistic: "Sum",
          period: 300,
          evaluation_periods: 1,
          threshold: 1,
          comparison_operator: "GreaterThanOrEqualToThreshold",
          treat_missing_data: "notBreaching",
          alarm_actions: [ALARMS],
        });
      }
    });

    it("never allows the * principal, in any policy", () => {
      for (const doc of everyPolicy(out())) {
        for (const s of doc.Statement.filter((x) => x.Effect === "Allow")) {
          expect(s.Principal === "*" || (typeof s.Principal === "object" && list(s.Principal.AWS).includes("*"))).toBe(false);
        }
      }
      // 4 keys, 3 queue policies, 1 topic policy, 1 trust policy, 1 role policy.
      expect(everyPolicy(out())).toHaveLength(10);
    });

    it("sets the region on every regional resource", () => {
      for (const [type, name, body] of out().all()) {
        if (type.startsWith("aws_iam_")) continue;
        expect([type, name, body.region]).toEqual([type, name, REGION]);
      }
    });
  });

  describe("rule ARN and buses", () => {
    it("uses rule/<bus>/<name> on a custom bus, and EventBusName + RuleName alarm dimensions", () => {
      const stack = newStack();
      const dlq = new EventsDeadLetterQueue(stack, "dlq", dlqProps());
      const rule = new EventRule(stack, "r", ruleProps(dlq, { eventBusName: "pipelines" }));
      const o = synth(stack);
      expect(rule.ruleArn).toBe(`arn:aws:events:${REGION}:${TOOLS_ACCOUNT}:rule/pipelines/release-failed`);
      expect(o.only("aws_cloudwatch_event_rule").body.event_bus_name).toBe("pipelines");
      expect(o.only("aws_cloudwatch_event_target").body.event_bus_name).toBe("pipelines");
      for (const a of Object.values(o.resources("aws_cloudwatch_metric_alarm")).filter((x) => x.namespace === "AWS/Events")) {
        expect(a.dimensions).toEqual({ EventBusName: "pipelines", RuleName: "release-failed" });
      }
      expect(statementsWith(parsePolicy(o.only("aws_sqs_queue_policy").body.policy), "events.amazonaws.com")[0]!.Condition).toEqual({
        ArnEquals: { "aws:SourceArn": [rule.ruleArn] },
      });
    });

    it("falls back to the rule resource's arn when the account is a token", () => {
      const stack = newStack();
      const me = new DataAwsCallerIdentity(stack, "me");
      const dlq = new EventsDeadLetterQueue(stack, "dlq", dlqProps());
      new EventRule(stack, "r", ruleProps(dlq, { accountId: me.accountId }));
      const o = synth(stack);
      const ruleRef = ref("aws_cloudwatch_event_rule", o.only("aws_cloudwatch_event_rule").name, "arn");
      expect(o.only("aws_lambda_permission").body.source_arn).toBe(ruleRef);
      expect(statementsWith(parsePolicy(o.only("aws_sqs_queue_policy").body.policy), "events.amazonaws.com")[0]!.Condition).toEqual({
        ArnEquals: { "aws:SourceArn": [ruleRef] },
      });
    });

    it("takes a custom retry policy, bounds included", () => {
      const stack = newStack();
      const dlq = new EventsDeadLetterQueue(stack, "dlq", dlqProps());
      new EventRule(stack, "low", ruleProps(dlq, { ruleName: "low", retryPolicy: { maximumEventAgeInSeconds: 60, maximumRetryAttempts: 0 } }));
      new EventRule(stack, "high", ruleProps(dlq, { ruleName: "high", retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 } }));
      const o = synth(stack);
      expect(byPrefix(o, "aws_cloudwatch_event_target", "low").map(([, b]) => b.retry_policy)).toEqual([
        { maximum_event_age_in_seconds: 60, maximum_retry_attempts: 0 },
      ]);
      expect(byPrefix(o, "aws_cloudwatch_event_target", "high").map(([, b]) => b.retry_policy)).toEqual([
        { maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 },
      ]);
    });
  });

  describe("validation", () => {
    const build =
      (overrides: Partial<EventRuleProps> = {}, dlqOverrides: Partial<EventsDeadLetterQueueProps> = {}) =>
      () => {
        const stack = newStack();
        const dlq = new EventsDeadLetterQueue(stack, "dlq", dlqProps(dlqOverrides));
        return new EventRule(stack, "r", ruleProps(dlq, overrides));
      };
    const lambda: EventTarget = { kind: "lambda", functionArn: FUNCTION };

    it("rejects more than 5 targets and no target", () => {
      expect(build({ targets: Array(6).fill(lambda) })).toThrow(/^targets: 6 given; a rule has 1 to 5 targets/);
      expect(build({ targets: [] })).toThrow(/^targets: 0 given/);
      expect(build({ targets: Array(5).fill(lambda) })).not.toThrow();
    });

    it("rejects a missing dead-letter queue", () => {
      const stack = newStack();
      const dlq = new EventsDeadLetterQueue(stack, "dlq", dlqProps());
      const props = { ...ruleProps(dlq), deadLetterQueue: undefined } as unknown as EventRuleProps;
      expect(() => new EventRule(stack, "r", props)).toThrow(/^deadLetterQueue: every EventBridge target needs a dead-letter queue/);
    });

    it.each([
      ["maximumEventAgeInSeconds", 59],
      ["maximumEventAgeInSeconds", 86401],
      ["maximumRetryAttempts", -1],
      ["maximumRetryAttempts", 186],
      ["maximumRetryAttempts", 1.5],
    ])("rejects retryPolicy.%s %s", (field, value) => {
      expect(build({ retryPolicy: { [field]: value } })).toThrow(new RegExp(`^retryPolicy\\.${field}: `));
    });

    it.each(["", "has space", "a".repeat(65), "slash/name"])("rejects ruleName %j", (ruleName) => {
      expect(build({ ruleName })).toThrow(/^ruleName: /);
    });

    it("rejects a description over 512 characters", () => {
      expect(build({ description: "x".repeat(513) })).toThrow(/^description: 513 characters/);
    });

    it.each([[{}], [[]], [null]])("rejects eventPattern %j", (eventPattern) => {
      expect(build({ eventPattern: eventPattern as unknown as Record<string, unknown> })).toThrow(/^eventPattern: /);
    });

    it("rejects an event bus ARN or bad name", () => {
      expect(build({ eventBusName: `arn:aws:events:${REGION}:${TOOLS_ACCOUNT}:event-bus/x` })).toThrow(/^eventBusName: .*not an ARN/);
      expect(build({ eventBusName: "bad name" })).toThrow(/^eventBusName: /);
    });

    it("rejects a bad accountId, region and alarmTopicArn", () => {
      expect(build({ accountId: "12345" })).toThrow(/^accountId: /);
      expect(build({ region: "Europe" })).toThrow(/^region: /);
      expect(build({ alarmTopicArn: "alarms" })).toThrow(/^alarmTopicArn: /);
    });

    it("rejects bad Lambda and pipeline ARNs and targets in another region", () => {
      expect(build({ targets: [{ kind: "lambda", functionArn: "on-release" }] })).toThrow(/^targets\[0\]\.functionArn: /);
      expect(build({ targets: [{ kind: "codepipeline", pipelineArn: "release" }] })).toThrow(/^targets\[0\]\.pipelineArn: /);
      expect(build({ targets: [lambda, { kind: "lambda", functionArn: FUNCTION.replace(REGION, "us-east-1") }] })).toThrow(
        /^targets\[1\]: the target is in us-east-1 but the rule is in eu-west-1/,
      );
      expect(build({ targets: [{ kind: "codepipeline", pipelineArn: PIPELINE.replace(REGION, "us-west-2") }] })).toThrow(
        /^targets\[0\]: the target is in us-west-2/,
      );
    });

    it("rejects an SNS or SQS target in another region, and foreign objects", () => {
      const stack = newStack();
      const dlq = new EventsDeadLetterQueue(stack, "dlq", dlqProps());
      const topic = new EventsSnsTopic(stack, "t", { topicName: "t", region: "us-east-1", keyAdministratorArns: [ADMIN] });
      const queue = new EventsTargetQueue(stack, "q", { queueName: "q", region: "us-east-1", keyAdministratorArns: [ADMIN] });
      expect(() => new EventRule(stack, "a", ruleProps(dlq, { ruleName: "a", targets: [{ kind: "sns", topic }] }))).toThrow(
        /^targets\[0\]: target topic must be in the rule's region/,
      );
      expect(() => new EventRule(stack, "b", ruleProps(dlq, { ruleName: "b", targets: [{ kind: "sqs", queue }] }))).toThrow(
        /^targets\[0\]: target queue must be in the rule's region/,
      );
      const fake = { kind: "sqs", queue: { region: REGION, queueArn: "arn:aws:sqs:eu-west-1:111111111111:q" } } as unknown as EventTarget;
      expect(() => new EventRule(stack, "c", ruleProps(dlq, { ruleName: "c", targets: [fake] }))).toThrow(/^targets\[0\]\.queue: pass an EventsTargetQueue/);
      expect(topic.ruleArns()).toEqual([]);
    });

    it("cuts a default pipeline role name over 64 characters (with a hash), and rejects a bad roleName", () => {
      const roleOf = (ruleName: string) => {
        const stack = build({ ruleName, targets: [{ kind: "codepipeline", pipelineArn: PIPELINE }] })().node.scope as TerraformStack;
        return String(synth(stack).only("aws_iam_role").body.name);
      };
      expect(roleOf("r".repeat(40))).toBe(`${"r".repeat(40)}-start-0`);
      expect(roleOf(`${"r".repeat(59)}1`)).toMatch(/^r{55}-[0-9a-f]{8}$/);
      expect(roleOf(`${"r".repeat(59)}1`)).not.toBe(roleOf(`${"r".repeat(59)}2`));
      expect(build({ targets: [{ kind: "codepipeline", pipelineArn: PIPELINE, roleName: "bad/name" }] })).toThrow(/^targets\[0\]\.roleName: /);
    });

    it("rejects an unknown target kind", () => {
      expect(build({ targets: [{ kind: "kinesis" } as unknown as EventTarget] })).toThrow(/^targets\[0\]\.kind: "kinesis"/);
    });

    it("validates the queue: FIFO/bad name, region, alarm topic, administrators, consumers, deletion window, alias, retention", () => {
      expect(build({}, { queueName: "events.fifo" })).toThrow(/^queueName: .*FIFO/);
      expect(build({}, { region: "mars-1" })).toThrow(/^region: /);
      expect(build({}, { alarmTopicArn: "arn:aws:sqs:eu-west-1:111111111111:q" })).toThrow(/^alarmTopicArn: /);
      expect(build({}, { keyAdministratorArns: [] })).toThrow(/^keyAdministratorArns: /);
      expect(build({}, { keyAdministratorArns: ["*"] })).toThrow(/^keyAdministratorArns: .*not an IAM role ARN/);
      expect(build({}, { consumerRoleArns: [rootArn(TOOLS_ACCOUNT)] })).toThrow(/^consumerRoleArns: .*not an IAM role ARN/);
      expect(build({}, { keyDeletionWindowDays: 6 })).toThrow(/^keyDeletionWindowDays: .*7 to 30/);
      expect(build({}, { keyAlias: "dlq" })).toThrow(/^keyAlias: /);
      const stack = newStack();
      expect(
        () => new EventsTargetQueue(stack, "q", { queueName: "q", region: REGION, keyAdministratorArns: [ADMIN], messageRetentionSeconds: 1209601 }),
      ).toThrow(/^messageRetentionSeconds: /);
    });

    it("validates the SNS target topic", () => {
      const stack = newStack();
      const base = { topicName: "t", region: REGION, keyAdministratorArns: [ADMIN] };
      expect(() => new EventsSnsTopic(stack, "a", { ...base, topicName: "bad.name" })).toThrow(/^topicName: /);
      expect(() => new EventsSnsTopic(stack, "b", { ...base, emailSubscriptions: ["nope"] })).toThrow(/^emailSubscriptions: "nope"/);
      expect(() => new EventsSnsTopic(stack, "c", { ...base, emailSubscriptions: ["a@b.io", "a@b.io"] })).toThrow(/^emailSubscriptions: .*twice/);
      expect(() => new EventsSnsTopic(stack, "d", { ...base, keyAdministratorArns: [] })).toThrow(/^keyAdministratorArns: /);
    });

    // Every limit the events modules enforce, at the limit (accepted, and emitted) and one past it (the error names the field).
    describe("limits at their edge", () => {
      const synthOf = (make: () => { node: { scope?: unknown } }) => synth(make().node.scope as TerraformStack);
      const values = (out: Synthesized, type: string, attr: string) => Object.values(out.resources(type)).map((b) => b[attr]);

      it("takes a rule description of 512 characters and rejects 513", () => {
        expect(values(synthOf(build({ description: "x".repeat(512) })), "aws_cloudwatch_event_rule", "description")).toEqual(["x".repeat(512)]);
        expect(build({ description: "x".repeat(513) })).toThrow(/^description: 513 characters; shorten it to at most 512$/);
      });

      it("takes a rule name of 64 characters and rejects 65", () => {
        expect(values(synthOf(build({ ruleName: "r".repeat(64) })), "aws_cloudwatch_event_rule", "name")).toEqual(["r".repeat(64)]);
        expect(build({ ruleName: "r".repeat(65) })).toThrow(/^ruleName: "r{65}" must be 1-64 letters/);
      });

      it("takes a dead-letter queue name of 80 characters and rejects 81", () => {
        expect(values(synthOf(build({}, { queueName: "q".repeat(80) })), "aws_sqs_queue", "name")).toEqual(["q".repeat(80)]);
        expect(build({}, { queueName: "q".repeat(81) })).toThrow(/^queueName: /);
      });

      it.each([
        [7, 6],
        [30, 31],
      ])("takes a key deletion window of %i days and rejects %i", (at, past) => {
        expect(values(synthOf(build({}, { keyDeletionWindowDays: at })), "aws_kms_key", "deletion_window_in_days")).toEqual([at]);
        expect(build({}, { keyDeletionWindowDays: past })).toThrow(new RegExp(`^keyDeletionWindowDays: ${past} must be a whole number from 7 to 30$`));
      });

      it.each([
        [60, 59],
        [1209600, 1209601],
      ])("takes a target queue retention of %i seconds and rejects %i", (at, past) => {
        const queue = (messageRetentionSeconds: number) => () =>
          new EventsTargetQueue(newStack(), "q", { queueName: "q", region: REGION, keyAdministratorArns: [ADMIN], messageRetentionSeconds });
        expect(values(synthOf(queue(at)), "aws_sqs_queue", "message_retention_seconds")).toEqual([at]);
        expect(queue(past)).toThrow(new RegExp(`^messageRetentionSeconds: ${past} must be a whole number from 60 to 1209600$`));
      });

      it("takes a target topic name of 256 characters and rejects 257", () => {
        const topic = (topicName: string) => () => new EventsSnsTopic(newStack(), "t", { topicName, region: REGION, keyAdministratorArns: [ADMIN] });
        expect(values(synthOf(topic("t".repeat(256))), "aws_sns_topic", "name")).toEqual(["t".repeat(256)]);
        expect(topic("t".repeat(257))).toThrow(/^topicName: /);
      });
    });
  });

  it("exposes its defaults as a copy", () => {
    const d = eventsDefaults();
    expect(d).toEqual({
      eventBusName: "default",
      retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 8 },
      maxTargetsPerRule: 5,
      dlqMessageRetentionSeconds: 1209600,
      alarmPeriodSeconds: 300,
    });
    d.retryPolicy.maximumRetryAttempts = 1;
    expect(eventsDefaults().retryPolicy.maximumRetryAttempts).toBe(8);
  });
});
