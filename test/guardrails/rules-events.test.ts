import {
  eventsDestinationAccess,
  deadLetterQueueRegion,
  eventsQueuePolicySourceArn,
  eventTargetDeadLetterQueue,
  eventTargetRetryPolicy,
} from "../../guardrails/rules";
import { doc, outcome, stack, status, TOOLS } from "./helpers";

const RULE_ARN = `arn:aws:events:eu-west-1:${TOOLS}:rule/pipeline-failed`;

/** An events stack: rule `r`, target `t` (to an SNS topic), queue `dlq` (+ overrides). */
function events(opts: { target?: Record<string, unknown>; resources?: Record<string, Record<string, Record<string, unknown>>> } = {}) {
  return [
    stack("events", {
      aliases: [{ alias: "use1", region: "us-east-1" }],
      resources: {
        aws_cloudwatch_event_rule: { r: { name: "pipeline-failed", event_pattern: "{}" } },
        aws_cloudwatch_event_target: {
          t: {
            rule: "${aws_cloudwatch_event_rule.r.name}",
            arn: `arn:aws:sns:eu-west-1:${TOOLS}:alerts`,
            dead_letter_config: { arn: "${aws_sqs_queue.dlq.arn}" },
            retry_policy: { maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 8 },
            ...opts.target,
          },
        },
        aws_sqs_queue: { dlq: { name: "events-dlq", sqs_managed_sse_enabled: true }, far: { name: "far-dlq", provider: "aws.use1" } },
        aws_sqs_queue_policy: {
          dlq: {
            queue_url: "${aws_sqs_queue.dlq.url}",
            policy: doc({
              Effect: "Allow",
              Principal: { Service: "events.amazonaws.com" },
              Action: "sqs:SendMessage",
              Resource: "${aws_sqs_queue.dlq.arn}",
              Condition: { ArnEquals: { "aws:SourceArn": "${aws_cloudwatch_event_rule.r.arn}" } },
            }),
          },
        },
        ...opts.resources,
      },
    }),
  ];
}

describe("CP-EVT-1 event target dead-letter queue", () => {
  it("passes a target with a dead_letter_config", () => {
    expect(status(eventTargetDeadLetterQueue, events(), "aws_cloudwatch_event_target.t")).toBe("compliant");
  });
  it("fails a target without one", () => {
    const o = outcome(eventTargetDeadLetterQueue, events({ target: { dead_letter_config: undefined } }), "aws_cloudwatch_event_target.t");
    expect(o).toEqual({ status: "non-compliant", details: ["target of rule pipeline-failed has no dead_letter_config.arn"] });
  });
});

describe("CP-EVT-2 event target retry policy (warning)", () => {
  it("passes a target with a retry_policy", () => {
    expect(status(eventTargetRetryPolicy, events(), "aws_cloudwatch_event_target.t")).toBe("compliant");
  });
  it("fails a target without one, as a warning", () => {
    expect(status(eventTargetRetryPolicy, events({ target: { retry_policy: [] } }), "aws_cloudwatch_event_target.t")).toBe("non-compliant");
    expect(eventTargetRetryPolicy.level).toBe("warning");
  });
});

describe("CP-EVT-3 dead-letter queue region", () => {
  it("passes a DLQ in the rule's region", () => {
    expect(status(deadLetterQueueRegion, events(), "aws_cloudwatch_event_target.t")).toBe("compliant");
  });
  it("fails a DLQ created through another region's provider", () => {
    const o = outcome(
      deadLetterQueueRegion,
      events({ target: { dead_letter_config: [{ arn: "${aws_sqs_queue.far.arn}" }] } }),
      "aws_cloudwatch_event_target.t",
    );
    expect(o.status).toBe("non-compliant");
    expect(o.details?.[0]).toContain(`rule pipeline-failed is in eu-west-1, its dead-letter queue arn:aws:sqs:us-east-1:${TOOLS}:far-dlq in us-east-1`);
  });
  it("is not applicable without a DLQ", () => {
    expect(status(deadLetterQueueRegion, events({ target: { dead_letter_config: undefined } }), "aws_cloudwatch_event_target.t")).toBe("not-applicable");
  });
});

describe("CP-EVT-4 queue policy for EventBridge needs aws:SourceArn", () => {
  const policy = (condition?: object) =>
    doc({
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: "*",
      ...(condition ? { Condition: condition } : {}),
    });
  const withPolicy = (p: string) => events({ resources: { aws_sqs_queue_policy: { dlq: { queue_url: "${aws_sqs_queue.dlq.url}", policy: p } } } });

  it("passes an EventBridge grant conditioned on the rule ARN", () => {
    expect(status(eventsQueuePolicySourceArn, events(), "aws_sqs_queue_policy.dlq")).toBe("compliant");
  });
  it("fails an EventBridge grant without aws:SourceArn", () => {
    const o = outcome(eventsQueuePolicySourceArn, withPolicy(policy({ StringEquals: { "aws:SourceAccount": TOOLS } })), "aws_sqs_queue_policy.dlq");
    expect(o).toEqual({ status: "non-compliant", details: ["statement #1 allows events.amazonaws.com without an aws:SourceArn condition"] });
  });
  it("fails an aws:SourceArn that matches rules of any account", () => {
    const o = outcome(
      eventsQueuePolicySourceArn,
      withPolicy(policy({ ArnLike: { "aws:SourceArn": "arn:aws:events:eu-west-1:*:rule/*" } })),
      "aws_sqs_queue_policy.dlq",
    );
    expect(o.status).toBe("non-compliant");
  });
  it("is not applicable to a queue policy that does not grant EventBridge", () => {
    const other = doc({ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "*" });
    expect(status(eventsQueuePolicySourceArn, withPolicy(other), "aws_sqs_queue_policy.dlq")).toBe("not-applicable");
  });
});

describe("CP-EVT-5 queues and topics EventBridge writes to", () => {
  it("passes a DLQ whose policy lets the rule send", () => {
    expect(status(eventsDestinationAccess, events(), "aws_sqs_queue.dlq")).toBe("compliant");
  });
  it("fails a DLQ whose policy names another rule", () => {
    const p = doc({
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: "*",
      Condition: { ArnEquals: { "aws:SourceArn": `arn:aws:events:eu-west-1:${TOOLS}:rule/other` } },
    });
    const o = outcome(
      eventsDestinationAccess,
      events({ resources: { aws_sqs_queue_policy: { dlq: { queue_url: "${aws_sqs_queue.dlq.url}", policy: p } } } }),
      "aws_sqs_queue.dlq",
    );
    expect(o.details).toEqual([
      `policy of arn:aws:sqs:eu-west-1:${TOOLS}:events-dlq does not allow events.amazonaws.com sqs:SendMessage from rule ${RULE_ARN} (it is the rule's dead-letter queue)`,
    ]);
  });
  it("fails a DLQ without a queue policy, or encrypted with alias/aws/sqs", () => {
    const o = outcome(
      eventsDestinationAccess,
      events({ resources: { aws_sqs_queue_policy: {}, aws_sqs_queue: { dlq: { name: "events-dlq", kms_master_key_id: "alias/aws/sqs" } } } }),
      "aws_sqs_queue.dlq",
    );
    expect(o.details).toEqual([
      `arn:aws:sqs:eu-west-1:${TOOLS}:events-dlq has no resource policy, so EventBridge may not sqs:SendMessage to it`,
      `arn:aws:sqs:eu-west-1:${TOOLS}:events-dlq is encrypted with the AWS managed key alias/aws/sqs, whose key policy does not let EventBridge use it`,
    ]);
  });
  it("fails a queue encrypted with a CMK whose policy does not let EventBridge use it for this rule", () => {
    const keyFor = (rule: string) => ({
      policy: doc({
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: "*",
        Condition: { ArnEquals: { "aws:SourceArn": `arn:aws:events:eu-west-1:${TOOLS}:rule/${rule}` } },
      }),
    });
    const encrypted = (rule: string) =>
      events({ resources: { aws_kms_key: { k: keyFor(rule) }, aws_sqs_queue: { dlq: { name: "events-dlq", kms_master_key_id: "${aws_kms_key.k.arn}" } } } });
    expect(status(eventsDestinationAccess, encrypted("pipeline-failed"), "aws_sqs_queue.dlq")).toBe("compliant");
    const o = outcome(eventsDestinationAccess, encrypted("other-rule"), "aws_sqs_queue.dlq");
    expect(o.details).toEqual([
      `key arn:aws:kms:eu-west-1:${TOOLS}:key/<events:aws_kms_key.k> does not allow events.amazonaws.com kms:GenerateDataKey, kms:Decrypt for rule ${RULE_ARN}, needed to write to the encrypted queue`,
    ]);
  });
  it("checks a queue that is a rule's target too", () => {
    const o = outcome(eventsDestinationAccess, events({ target: { arn: "${aws_sqs_queue.far.arn}" } }), "aws_sqs_queue.far");
    expect(o.details?.[0]).toMatch(/far-dlq has no resource policy/);
  });
  it("checks an SNS topic target: its policy must allow events.amazonaws.com, and not with an AWS managed key", () => {
    const topic = (policy: string | undefined, key?: string) =>
      events({
        resources: {
          aws_sns_topic: { alerts: { name: "alerts", ...(key ? { kms_master_key_id: key } : {}) } },
          aws_sns_topic_policy: policy ? { p: { arn: "${aws_sns_topic.alerts.arn}", policy } } : {},
        },
      });
    const publish = doc({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: "*" });
    expect(status(eventsDestinationAccess, topic(publish), "aws_sns_topic.alerts")).toBe("compliant");
    expect(outcome(eventsDestinationAccess, topic(undefined, "alias/aws/sns"), "aws_sns_topic.alerts").details).toEqual([
      `arn:aws:sns:eu-west-1:${TOOLS}:alerts has no resource policy, so EventBridge may not sns:Publish to it`,
      `arn:aws:sns:eu-west-1:${TOOLS}:alerts is encrypted with the AWS managed key alias/aws/sns, whose key policy does not let EventBridge use it`,
    ]);
  });
  it("is not applicable to a queue no rule writes to", () => {
    expect(status(eventsDestinationAccess, events(), "aws_sqs_queue.far")).toBe("not-applicable");
  });
});
