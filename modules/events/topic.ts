import { Construct } from "constructs";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { encryptedTopic } from "../shared/encrypted-topic";
import { PolicyStatement, requireInt } from "../shared/policy";
import { keyAdministration, requireEmails, requireName, requireRegion } from "./common";
import { RuleAccess } from "./rule-access";

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

export interface EventsSnsTopicProps {
  /** SNS topic name: 1-256 letters, digits, `-` and `_` (standard topic). */
  readonly topicName: string;
  /** Region of the topic and its key; rules publishing to it must be in this region. */
  readonly region: string;
  /** Roles that administer the topic's key (never use it for data). */
  readonly keyAdministratorArns: string[];
  /**
   * Email addresses subscribed to the topic; each must confirm by email.
   * @default []
   */
  readonly emailSubscriptions?: string[];
  /** Waiting period before the key is deleted after destroy. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** Tags on the topic and key. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * An SNS topic for { kind: "sns" } rule targets, encrypted with its own CMK, whose topic and key
 * policies are assembled lazily from the rules that target it.
 *
 * Chosen over "the caller owns the topic policy" because the module can then guarantee the grant
 * exists exactly when a rule targets the topic. Unlike the queues, the grants carry NO
 * aws:SourceArn: AWS documents that EventBridge supports no Condition block in SNS topic policies
 * (EventBridge user guide, eb-use-resource-based "Amazon SNS permissions") and no
 * aws:SourceArn/aws:SourceAccount in the key policy for EventBridge-to-encrypted-topic delivery
 * (SNS developer guide, sns-key-management). A condition would make every delivery fail (into the
 * DLQ). The grants exist only while at least one rule targets the topic.
 */
export class EventsSnsTopic extends RuleAccess {
  readonly topic: SnsTopic;
  readonly key: KmsKey;
  readonly topicPolicy: SnsTopicPolicy;
  readonly topicArn: string;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: EventsSnsTopicProps) {
    requireName("topicName", props.topicName, TOPIC_NAME, 256, "SNS topic name (1-256 letters, digits, - and _)");
    requireRegion("region", props.region);
    const deletionWindow = requireInt("keyDeletionWindowDays", props.keyDeletionWindowDays ?? 30, 7, 30);
    const emails = requireEmails("emailSubscriptions", props.emailSubscriptions ?? []);
    keyAdministration(props.keyAdministratorArns);
    super(scope, id, props.region, "target topic", props.topicName);
    const t = encryptedTopic(this, {
      topicName: props.topicName,
      region: props.region,
      description: `EventBridge target topic ${props.topicName}`,
      keyAdministratorArns: props.keyAdministratorArns,
      keyDeletionWindowDays: deletionWindow,
      emailSubscriptions: emails,
      ...(props.tags ? { tags: props.tags } : {}),
      // EventBridge user guide: "Allow CWE to use the key" (kms:Decrypt, kms:GenerateDataKey).
      keyStatements: () =>
        this.whenRules({
          Sid: "EventBridgeRulesUseKey",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: "*",
        }),
      topicStatements: (topicArn) =>
        this.whenRules({
          Sid: "EventBridgeRulesPublish",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topicArn,
        }),
    });
    this.key = t.key;
    this.topic = t.topic;
    this.topicPolicy = t.topicPolicy;
    const topicArn = t.topic.arn;
    this.topicArn = topicArn;
    this.keyArn = this.key.arn;
  }

  private whenRules(statement: PolicyStatement): PolicyStatement[] {
    return this.ruleArns().length > 0 ? [statement] : [];
  }
}
