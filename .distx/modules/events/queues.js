"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EventsTargetQueue = exports.EventsDeadLetterQueue = exports.RuleQueue = exports.DLQ_MESSAGE_RETENTION_SECONDS = void 0;
const alarms_1 = require("../shared/alarms");
const kms_alias_1 = require("@cdktf/provider-aws/lib/kms-alias");
const kms_key_1 = require("@cdktf/provider-aws/lib/kms-key");
const sqs_queue_1 = require("@cdktf/provider-aws/lib/sqs-queue");
const sqs_queue_policy_1 = require("@cdktf/provider-aws/lib/sqs-queue-policy");
const cdktf_1 = require("cdktf");
const policy_1 = require("../shared/policy");
const common_1 = require("./common");
const rule_access_1 = require("./rule-access");
/** 14 days, the SQS maximum: the longest time to notice and redrive a failed delivery. */
exports.DLQ_MESSAGE_RETENTION_SECONDS = 1209600;
/** What queue consumers (whoever drains or redrives the queue) may do. */
const CONSUMER_QUEUE_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];
// EventBridge user guide (eb-use-resource-based, "Allow CWE to use the key"; eb-rule-dlq): an
// encrypted queue needs these two KMS actions for events.amazonaws.com.
const EVENTS_KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];
// Standard queues only: EventBridge rejects FIFO dead-letter queues (eb-rule-dlq "Considerations").
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
/**
 * An SQS queue encrypted with its own customer-managed key whose queue and key policies let
 * events.amazonaws.com in only for the EventBridge rules that registered through
 * {@link RuleAccess.allowRule}, and deny every non-TLS request.
 */
class RuleQueue extends rule_access_1.RuleAccess {
    queue;
    key;
    queuePolicy;
    queueArn;
    queueUrl;
    queueName;
    keyArn;
    constructor(scope, id, what, props, retentionSeconds) {
        (0, common_1.requireName)("queueName", props.queueName, QUEUE_NAME, 80, "standard SQS queue name (1-80 letters, digits, - and _; FIFO queues cannot receive EventBridge DLQ messages)");
        (0, common_1.requireRegion)("region", props.region);
        const deletionWindow = (0, policy_1.requireInt)("keyDeletionWindowDays", props.keyDeletionWindowDays ?? 30, 7, 30);
        if (props.keyAlias !== undefined && !cdktf_1.Token.isUnresolved(props.keyAlias) && !/^alias\/[A-Za-z0-9/_-]{1,250}$/.test(props.keyAlias)) {
            throw new Error(`keyAlias: "${props.keyAlias}" must start with "alias/" and use letters, digits, "/", "_" and "-"`);
        }
        const consumers = props.consumerRoleArns ?? [];
        const admin = (0, common_1.keyAdministration)(props.keyAdministratorArns);
        // Validates the consumer ARNs now rather than at synth.
        (0, policy_1.grantStatements)("Consumers", consumers, "consumerRoleArns", ["kms:Decrypt"], "*");
        super(scope, id, props.region, what, props.queueName);
        const region = { region: props.region };
        const tags = props.tags ?? {};
        this.key = new kms_key_1.KmsKey(this, "key", {
            ...region,
            description: `EventBridge ${what} ${props.queueName}`,
            enableKeyRotation: true,
            deletionWindowInDays: deletionWindow,
            // Lazy: rules register after the key exists; the policy names every one of them.
            policy: cdktf_1.Lazy.stringValue({
                produce: () => (0, policy_1.policyJson)(...admin, ...(0, policy_1.grantStatements)("ConsumersDecrypt", consumers, "consumerRoleArns", ["kms:Decrypt"], "*"), ...this.eventsStatement("EventBridgeRulesUseKey", EVENTS_KMS_ACTIONS, "*")),
            }),
            tags,
        });
        if (props.keyAlias !== undefined) {
            new kms_alias_1.KmsAlias(this, "alias", { ...region, name: props.keyAlias, targetKeyId: this.key.keyId });
        }
        this.queue = new sqs_queue_1.SqsQueue(this, "queue", {
            ...region,
            name: props.queueName,
            messageRetentionSeconds: retentionSeconds,
            kmsMasterKeyId: this.key.arn,
            tags,
        });
        const queueArn = this.queue.arn;
        this.queuePolicy = new sqs_queue_policy_1.SqsQueuePolicy(this, "policy", {
            ...region,
            queueUrl: this.queue.url,
            policy: cdktf_1.Lazy.stringValue({
                produce: () => (0, policy_1.policyJson)((0, common_1.denyInsecureTransport)("sqs", queueArn), ...this.eventsStatement("EventBridgeRulesSend", ["sqs:SendMessage"], queueArn), ...(0, policy_1.grantStatements)("Consumers", consumers, "consumerRoleArns", CONSUMER_QUEUE_ACTIONS, queueArn)),
            }),
        });
        this.queueArn = queueArn;
        this.queueUrl = this.queue.url;
        this.queueName = props.queueName;
        this.keyArn = this.key.arn;
    }
    /** events.amazonaws.com, only for the registered rules; no statement while none is registered. */
    eventsStatement(sid, actions, resource) {
        const rules = this.ruleArns();
        if (rules.length === 0)
            return [];
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
exports.RuleQueue = RuleQueue;
/**
 * The dead-letter queue of EventBridge rule targets: 14-day retention, its own CMK, a policy that
 * names exactly the rules using it, and an alarm as soon as one message is visible.
 */
class EventsDeadLetterQueue extends RuleQueue {
    alarm;
    constructor(scope, id, props) {
        (0, common_1.requireTopicArn)("alarmTopicArn", props.alarmTopicArn);
        super(scope, id, "DLQ", props, exports.DLQ_MESSAGE_RETENTION_SECONDS);
        this.alarm = (0, alarms_1.occurrenceAlarm)(this, "messages-visible", {
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
exports.EventsDeadLetterQueue = EventsDeadLetterQueue;
/** An SQS queue that EventBridge rules deliver to ({ kind: "sqs" } targets); same policy pattern as the DLQ. */
class EventsTargetQueue extends RuleQueue {
    constructor(scope, id, props) {
        const retention = (0, policy_1.requireInt)("messageRetentionSeconds", props.messageRetentionSeconds ?? exports.DLQ_MESSAGE_RETENTION_SECONDS, 60, 1209600);
        super(scope, id, "target queue", props, retention);
    }
}
exports.EventsTargetQueue = EventsTargetQueue;
