"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EventsSnsTopic = void 0;
const encrypted_topic_1 = require("../shared/encrypted-topic");
const policy_1 = require("../shared/policy");
const common_1 = require("./common");
const rule_access_1 = require("./rule-access");
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
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
class EventsSnsTopic extends rule_access_1.RuleAccess {
    topic;
    key;
    topicPolicy;
    topicArn;
    keyArn;
    constructor(scope, id, props) {
        (0, common_1.requireName)("topicName", props.topicName, TOPIC_NAME, 256, "SNS topic name (1-256 letters, digits, - and _)");
        (0, common_1.requireRegion)("region", props.region);
        const deletionWindow = (0, policy_1.requireInt)("keyDeletionWindowDays", props.keyDeletionWindowDays ?? 30, 7, 30);
        const emails = (0, common_1.requireEmails)("emailSubscriptions", props.emailSubscriptions ?? []);
        (0, common_1.keyAdministration)(props.keyAdministratorArns);
        super(scope, id, props.region, "target topic", props.topicName);
        const t = (0, encrypted_topic_1.encryptedTopic)(this, {
            topicName: props.topicName,
            region: props.region,
            description: `EventBridge target topic ${props.topicName}`,
            keyAdministratorArns: props.keyAdministratorArns,
            keyDeletionWindowDays: deletionWindow,
            emailSubscriptions: emails,
            ...(props.tags ? { tags: props.tags } : {}),
            // EventBridge user guide: "Allow CWE to use the key" (kms:Decrypt, kms:GenerateDataKey).
            keyStatements: () => this.whenRules({
                Sid: "EventBridgeRulesUseKey",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "*",
            }),
            topicStatements: (topicArn) => this.whenRules({
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
    whenRules(statement) {
        return this.ruleArns().length > 0 ? [statement] : [];
    }
}
exports.EventsSnsTopic = EventsSnsTopic;
