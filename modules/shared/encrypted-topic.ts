import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Lazy } from "cdktf";
import type { Construct } from "constructs";
import { denyInsecureTransport, keyAdministration, policyJson, PolicyStatement } from "./policy";

export interface EncryptedTopicProps {
  readonly topicName: string;
  readonly region: string;
  readonly description: string;
  readonly keyAdministratorArns: readonly string[];
  /** @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** @default [] */
  readonly emailSubscriptions?: readonly string[];
  /** @default {} */
  readonly tags?: Record<string, string>;
  /** Key-policy statements after the administrators'; read at synth, so they may depend on later registrations. */
  readonly keyStatements: () => PolicyStatement[];
  /** Topic-policy statements after the TLS-only deny; read at synth. */
  readonly topicStatements: (topicArn: string) => PolicyStatement[];
}

export interface EncryptedTopic {
  readonly key: KmsKey;
  readonly topic: SnsTopic;
  readonly topicPolicy: SnsTopicPolicy;
}

/**
 * An SNS topic with its own rotating CMK, a TLS-only topic policy and optional email subscribers.
 * Resources are created directly in `scope` (ids key, topic, policy, email-<n>), so callers'
 * Terraform addresses do not depend on this helper.
 */
export function encryptedTopic(scope: Construct, props: EncryptedTopicProps): EncryptedTopic {
  const region = { region: props.region };
  const tags = props.tags ?? {};
  const admin = keyAdministration(props.keyAdministratorArns);
  const key = new KmsKey(scope, "key", {
    ...region,
    description: props.description,
    enableKeyRotation: true,
    deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
    policy: Lazy.stringValue({ produce: () => policyJson(...admin, ...props.keyStatements()) }),
    tags,
  });
  const topic = new SnsTopic(scope, "topic", { ...region, name: props.topicName, kmsMasterKeyId: key.arn, tags });
  const topicArn = topic.arn;
  const topicPolicy = new SnsTopicPolicy(scope, "policy", {
    ...region,
    arn: topicArn,
    policy: Lazy.stringValue({ produce: () => policyJson(denyInsecureTransport("sns", topicArn), ...props.topicStatements(topicArn)) }),
  });
  (props.emailSubscriptions ?? []).forEach((email, i) => {
    new SnsTopicSubscription(scope, `email-${i}`, { ...region, topicArn, protocol: "email", endpoint: email });
  });
  return { key, topic, topicPolicy };
}
