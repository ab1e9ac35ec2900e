"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.encryptedTopic = encryptedTopic;
const kms_key_1 = require("@cdktf/provider-aws/lib/kms-key");
const sns_topic_1 = require("@cdktf/provider-aws/lib/sns-topic");
const sns_topic_policy_1 = require("@cdktf/provider-aws/lib/sns-topic-policy");
const sns_topic_subscription_1 = require("@cdktf/provider-aws/lib/sns-topic-subscription");
const cdktf_1 = require("cdktf");
const policy_1 = require("./policy");
/**
 * An SNS topic with its own rotating CMK, a TLS-only topic policy and optional email subscribers.
 * Resources are created directly in `scope` (ids key, topic, policy, email-<n>), so callers'
 * Terraform addresses do not depend on this helper.
 */
function encryptedTopic(scope, props) {
    const region = { region: props.region };
    const tags = props.tags ?? {};
    const admin = (0, policy_1.keyAdministration)(props.keyAdministratorArns);
    const key = new kms_key_1.KmsKey(scope, "key", {
        ...region,
        description: props.description,
        enableKeyRotation: true,
        deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
        policy: cdktf_1.Lazy.stringValue({ produce: () => (0, policy_1.policyJson)(...admin, ...props.keyStatements()) }),
        tags,
    });
    const topic = new sns_topic_1.SnsTopic(scope, "topic", { ...region, name: props.topicName, kmsMasterKeyId: key.arn, tags });
    const topicArn = topic.arn;
    const topicPolicy = new sns_topic_policy_1.SnsTopicPolicy(scope, "policy", {
        ...region,
        arn: topicArn,
        policy: cdktf_1.Lazy.stringValue({ produce: () => (0, policy_1.policyJson)((0, policy_1.denyInsecureTransport)("sns", topicArn), ...props.topicStatements(topicArn)) }),
    });
    (props.emailSubscriptions ?? []).forEach((email, i) => {
        new sns_topic_subscription_1.SnsTopicSubscription(scope, `email-${i}`, { ...region, topicArn, protocol: "email", endpoint: email });
    });
    return { key, topic, topicPolicy };
}
