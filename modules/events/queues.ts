import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { occurrenceAlarm } from "../shared/alarms";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Lazy, Token } from "cdktf";
import { Construct } from "constructs";
import { grantStatements, policyJson, PolicyStatement, requireInt } from "../shared/policy";
import { denyInsecureTransport, keyAdministration, requireName, requireRegion, requireTopicArn } from "./common";
import { RuleAccess } from "./rule-access";

/** 14 days, the SQS maximum: the longest time to notice and redrive a failed delivery. */
export const DLQ_MESSAGE_RETENTION_SECONDS = 1209600;

/** What queue consumers (whoever drains or redrives the queue) may do. */
const CONSUMER_QUEUE_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];

// EventBridge user guide (eb-use-resource-based, "Allow CWE to use the key"; eb-rule-dlq): an
// encrypted queue needs these two KMS actions for events.amazonaws.com.
const EVENTS_KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];

// Standard queues only: EventBridge rejects FIFO dead-letter queues (eb-rule-dlq "Considerations").
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** Props common to the queues this module creates. */
export interface RuleQueueProps {
  /** SQS queue name: 1-80 letters, digits, `-` and `_` (standard queue, no `.fifo`). */
  readonly queueName: string;
  /** Region of the queue and its key (provider 6 per-resource `region`); rules using it must be in this region. */
  readonly region: string;
  /** Roles that administer the queue's key (never use it for data). At least one, usually the Terraform deploy role. */
  readonly keyAdministratorArns: string[];
  /**
   * Roles that read, delete and redrive messages; granted in the queue policy and kms:Decrypt in the key policy.
   * @default [] (nobody; add the operators' role before you need to redrive)
   */
  readonly consumerRoleArns?: string[];
  /**
   * Alias of the key, `alias/...`.
   * @default none
   */
  readonly keyAlias?: string;
  /**
   * Waiting period before the key is deleted after destroy.
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
  /** Tags on every resource, on top of provider default tags. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * An SQS queue encrypted with its own customer-managed key whose queue and key policies let
 * events.amazonaws.com in only for the EventBridge rules that registered through
 * {@link RuleAccess.allowRule}, and deny every non-TLS request.
 */
export abstract class RuleQueue extends RuleAccess {
  readonly queue: SqsQueue;
  readonly key: KmsKey;
  readonly queuePolicy: SqsQueuePolicy;
  readonly queueArn: string;
  readonly queueUrl: string;
  readonly queueName: string;
  readonly keyArn: string;

  protected constructor(scope: Construct, id: string, what: string, props: RuleQueueProps, retentionSeconds: number) {
    requireName(
      "queueName",
      props.queueName,
      QUEUE_NAME,
      80,
      "standard SQS queue name (1-80 letters, digits, - and _; FIFO queues cannot receive EventBridge DLQ messages)",
    );
    requireRegion("region", props.region);
    const deletionWindow = requireInt("keyDeletionWindowDays", props.keyDeletionWindowDays ?? 30, 7, 30);
    if (props.keyAlias !== undefined && !Token.isUnresolved(props.keyAlias) && !/^alias\/[A-Za-z0-9/_-]{1,250}$/.test(props.keyAlias)) {
      throw new Error(`keyAlias: "${props.keyAlias}" must start with "alias/" and use letters, digits, "/", "_" and "-"`);
    }
    const consumers = props.consumerRoleArns ?? [];
    const admin = keyAdministration(props.keyAdministratorArns);
    // Validates the consumer ARNs now rather than at synth.
    grantStatements("Consumers", consumers, "consumerRoleArns", ["kms:Decrypt"], "*");
    super(scope, id, props.region, what, props.queueName);
    const region = { region: props.region };
    const tags = props.tags ?? {};

    this.key = new KmsKey(this, "key", {
      ...region,
      description: `EventBridge ${what} ${props.queueName}`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindow,
      // Lazy: rules register after the key exists; the policy names every one of them.
      policy: Lazy.stringValue({
        produce: () =>
          policyJson(
            ...admin,
            ...grantStatements("ConsumersDecrypt", consumers, "consumerRoleArns", ["kms:Decrypt"], "*"),
            ...this.eventsStatement("EventBridgeRulesUseKey", EVENTS_KMS_ACTIONS, "*"),
          ),
      }),
      tags,
    });
    if (props.keyAlias !== undefined) {
      new KmsAlias(this, "alias", { ...region, name: props.keyAlias, targetKeyId: this.key.keyId });
    }

    this.queue = new SqsQueue(this, "queue", {
      ...region,
      name: props.queueName,
      messageRetentionSeconds: retentionSeconds,
      kmsMasterKeyId: this.key.arn,
      tags,
    });
    const queueArn = this.queue.arn;
    this.queuePolicy = new SqsQueuePolicy(this, "policy", {
      ...region,
      queueUrl: this.queue.url,
      policy: Lazy.stringValue({
        produce: () =>
          policyJson(
            denyInsecureTransport("sqs", queueArn),
            ...this.eventsStatement("EventBridgeRulesSend", ["sqs:SendMessage"], queueArn),
            ...grantStatements("Consumers", consumers, "consumerRoleArns", CONSUMER_QUEUE_ACTIONS, queueArn),
          ),
      }),
    });

    this.queueArn = queueArn;
    this.queueUrl = this.queue.url;
    this.queueName = props.queueName;
    this.keyArn = this.key.arn;
  }

  /** events.amazonaws.com, only for the registered rules; no statement while none is registered. */
  private eventsStatement(sid: string, actions: string[], resource: string): PolicyStatement[] {
    const rules = this.ruleArns();
    if (rules.length === 0) return [];
    return [
      {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: actions,
        Resource: resource,
        // EventBridge user guide, eb-rule-dlq "Granting permissions to the dead-letter queue":
        // ArnEquals aws:SourceArn = the rule ARN. On the key policy the same condition is the
        // brief's choice; AWS documents it neither for nor against EventBridge->SQS (it is NOT
        // supported for EventBridge->SNS), so InvocationsFailedToBeSentToDlq is alarmed per rule.
        Condition: { ArnEquals: { "aws:SourceArn": rules } },
      },
    ];
  }
}

export interface EventsDeadLetterQueueProps extends RuleQueueProps {
  /** SNS topic (in the queue's region) that receives the "a message is waiting" alarm. */
  readonly alarmTopicArn: string;
}

/**
 * The dead-letter queue of EventBridge rule targets: 14-day retention, its own CMK, a policy that
 * names exactly the rules using it, and an alarm as soon as one message is visible.
 */
export class EventsDeadLetterQueue extends RuleQueue {
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: EventsDeadLetterQueueProps) {
    requireTopicArn("alarmTopicArn", props.alarmTopicArn);
    super(scope, id, "DLQ", props, DLQ_MESSAGE_RETENTION_SECONDS);
    this.alarm = occurrenceAlarm(this, "messages-visible", {
      region: props.region,
      alarmName: `${props.queueName}-messages-visible`,
      alarmDescription: `EventBridge could not deliver an event and parked it in ${props.queueName}; inspect and redrive it`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: props.queueName },
      statistic: "Maximum",
      alarmTopicArn: props.alarmTopicArn,
      ...(props.tags ? { tags: props.tags } : {}),
    });
  }
}

export interface EventsTargetQueueProps extends RuleQueueProps {
  /**
   * How long SQS keeps a message, 60-1209600 seconds.
   * @default 1209600 (14 days)
   */
  readonly messageRetentionSeconds?: number;
}

/** An SQS queue that EventBridge rules deliver to ({ kind: "sqs" } targets); same policy pattern as the DLQ. */
export class EventsTargetQueue extends RuleQueue {
  constructor(scope: Construct, id: string, props: EventsTargetQueueProps) {
    const retention = requireInt("messageRetentionSeconds", props.messageRetentionSeconds ?? DLQ_MESSAGE_RETENTION_SECONDS, 60, 1209600);
    super(scope, id, "target queue", props, retention);
  }
}
