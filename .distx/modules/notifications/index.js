"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PipelineFailureAlarm = exports.CHATBOT_REGIONS = exports.PipelineNotifications = exports.PIPELINE_NOTIFICATIONS_NAME = exports.CHATBOT_DEFAULT_GUARDRAIL_POLICY_ARN = exports.DEFAULT_PIPELINE_EVENT_TYPE_IDS = exports.PIPELINE_EVENT_TYPE_IDS = exports.AlarmTopic = void 0;
const alarms_1 = require("../shared/alarms");
const chatbot_slack_channel_configuration_1 = require("@cdktf/provider-aws/lib/chatbot-slack-channel-configuration");
const codestarnotifications_notification_rule_1 = require("@cdktf/provider-aws/lib/codestarnotifications-notification-rule");
const iam_role_1 = require("@cdktf/provider-aws/lib/iam-role");
const iam_role_policy_1 = require("@cdktf/provider-aws/lib/iam-role-policy");
const encrypted_topic_1 = require("../shared/encrypted-topic");
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const common_1 = require("../events/common");
const names_1 = require("../shared/names");
const policy_1 = require("../shared/policy");
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
/** A topic, its own rotating CMK and a TLS-only topic policy, granting one AWS service. */
class EncryptedTopic extends constructs_1.Construct {
    topic;
    key;
    topicPolicy;
    constructor(scope, id, props, keyStatements, publish) {
        super(scope, id);
        const t = (0, encrypted_topic_1.encryptedTopic)(this, { ...props, keyStatements: () => keyStatements, topicStatements: (arn) => [publish(arn)] });
        this.topic = t.topic;
        this.key = t.key;
        this.topicPolicy = t.topicPolicy;
    }
}
function checkTopicProps(props, nameField) {
    (0, common_1.requireName)(nameField, props.topicName, TOPIC_NAME, 256, "SNS topic name (1-256 letters, digits, - and _)");
    (0, common_1.requireRegion)("region", props.region);
    (0, policy_1.requireAccountId)("accountId", props.accountId);
    (0, policy_1.requireInt)("keyDeletionWindowDays", props.keyDeletionWindowDays ?? 30, 7, 30);
    (0, common_1.requireEmails)("emailSubscriptions", props.emailSubscriptions ?? []);
    (0, common_1.keyAdministration)(props.keyAdministratorArns);
}
/**
 * The SNS topic CloudWatch alarms publish to: its own CMK, and topic and key policies that let
 * cloudwatch.amazonaws.com in only for alarms of this account and region.
 */
class AlarmTopic extends constructs_1.Construct {
    topic;
    key;
    topicPolicy;
    topicArn;
    keyArn;
    constructor(scope, id, props) {
        super(scope, id);
        checkTopicProps(props, "topicName");
        // Confused-deputy guard on both layers: SNS developer guide, sns-key-management ("add the
        // aws:SourceAccount and aws:SourceArn condition keys to the KMS resource policy"; EventBridge is
        // the documented exception, CloudWatch is not) and sns-access-policy-use-cases ("Allow any
        // CloudWatch alarm to publish": ArnLike aws:SourceArn arn:aws:cloudwatch:<region>:<account>:alarm:*).
        const fromAlarms = {
            StringEquals: { "aws:SourceAccount": props.accountId },
            ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:*` },
        };
        const t = new EncryptedTopic(this, "alarms", { ...props, description: `CloudWatch alarms topic ${props.topicName}` }, [
            {
                Sid: "CloudWatchAlarmsUseKey",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                // Encrypted-topic publishers need both (SNS guide, "Enable compatibility between event sources from AWS services and encrypted topics").
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: fromAlarms,
            },
        ], (topicArn) => ({
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: fromAlarms,
        }));
        this.topic = t.topic;
        this.key = t.key;
        this.topicPolicy = t.topicPolicy;
        this.topicArn = t.topic.arn;
        this.keyArn = t.key.arn;
    }
}
exports.AlarmTopic = AlarmTopic;
// ---------------------------------------------------------------------------------------------
// PipelineNotifications
// ---------------------------------------------------------------------------------------------
/**
 * Every CodeStar Notifications event type of a pipeline (Developer Tools console user guide,
 * concepts.html#events-ref-pipeline; same ids as aws-cdk-lib's PipelineNotificationEvents).
 */
exports.PIPELINE_EVENT_TYPE_IDS = [
    "codepipeline-pipeline-action-execution-succeeded",
    "codepipeline-pipeline-action-execution-failed",
    "codepipeline-pipeline-action-execution-canceled",
    "codepipeline-pipeline-action-execution-started",
    "codepipeline-pipeline-stage-execution-started",
    "codepipeline-pipeline-stage-execution-succeeded",
    "codepipeline-pipeline-stage-execution-resumed",
    "codepipeline-pipeline-stage-execution-canceled",
    "codepipeline-pipeline-stage-execution-failed",
    "codepipeline-pipeline-pipeline-execution-failed",
    "codepipeline-pipeline-pipeline-execution-canceled",
    "codepipeline-pipeline-pipeline-execution-started",
    "codepipeline-pipeline-pipeline-execution-resumed",
    "codepipeline-pipeline-pipeline-execution-succeeded",
    "codepipeline-pipeline-pipeline-execution-superseded",
    "codepipeline-pipeline-manual-approval-failed",
    "codepipeline-pipeline-manual-approval-needed",
    "codepipeline-pipeline-manual-approval-succeeded",
];
/** Outcomes and the one event that needs a human: failed, succeeded, superseded, canceled, approval needed. */
exports.DEFAULT_PIPELINE_EVENT_TYPE_IDS = [
    "codepipeline-pipeline-pipeline-execution-failed",
    "codepipeline-pipeline-pipeline-execution-succeeded",
    "codepipeline-pipeline-pipeline-execution-superseded",
    "codepipeline-pipeline-pipeline-execution-canceled",
    "codepipeline-pipeline-manual-approval-needed",
];
/**
 * The narrowest AWS managed policy AWS Chatbot lists as a supported channel policy
 * (Chatbot admin guide, chatbot-iam-policies: ReadOnlyAccess, CloudWatchReadOnlyAccess, ...).
 */
exports.CHATBOT_DEFAULT_GUARDRAIL_POLICY_ARN = "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess";
const PIPELINE_ARN = /^arn:aws[a-z-]*:codepipeline:([a-z0-9-]+):(\d{12}):([A-Za-z0-9.@_-]{1,100})$/;
/**
 * What {@link PipelineNotificationsProps.name} may be: the topic (`<name>-pipeline-notifications`,
 * SNS), the Chatbot role (`<name>-chatbot`, IAM) and configuration (`<name>-pipelines`) all take it
 * as it is, so it uses the characters all of them allow, and leaves room for their suffixes.
 */
exports.PIPELINE_NOTIFICATIONS_NAME = { what: "notifications name prefix", max: 40, allowed: /[A-Za-z0-9_-]/ };
/**
 * CodeStar notification rules for pipelines, delivered to an SNS topic this construct creates
 * (encrypted with its own CMK) and optionally to a Slack channel through AWS Chatbot.
 */
class PipelineNotifications extends constructs_1.Construct {
    topic;
    key;
    topicPolicy;
    topicArn;
    rules = [];
    chatbotRole;
    slackChannel;
    constructor(scope, id, props) {
        super(scope, id);
        const topicName = `${props.name}-pipeline-notifications`;
        (0, common_1.requireName)("name", props.name, /^[A-Za-z0-9_-]+$/, exports.PIPELINE_NOTIFICATIONS_NAME.max, "name prefix (1-40 letters, digits, - and _)");
        checkTopicProps({ ...props, topicName }, "name");
        if (props.pipelineArns.length === 0)
            throw new Error("pipelineArns: give at least one pipeline to notify about");
        if (new Set(props.pipelineArns).size !== props.pipelineArns.length)
            throw new Error("pipelineArns: a pipeline is listed twice; list each once");
        const ruleNames = props.pipelineArns.map((arn, i) => {
            if (cdktf_1.Token.isUnresolved(arn))
                return `${props.name}-${i}`;
            const m = PIPELINE_ARN.exec(arn);
            if (!m)
                throw new Error(`pipelineArns[${i}]: "${arn}" is not a pipeline ARN (arn:aws:codepipeline:<region>:<account>:<name>)`);
            if (!cdktf_1.Token.isUnresolved(props.region) && m[1] !== props.region) {
                throw new Error(`pipelineArns[${i}]: the pipeline is in ${m[1]} but the notifications are in ${props.region}; notification rules and their topic live in the pipeline's region`);
            }
            // Rule names allow letters, digits, space, - and _ only (no . or @) and 64 characters; pipeline names up to 100.
            return (0, names_1.fitName)(`${props.name}-${m[3]}`, names_1.AWS_NAMES.notificationRule);
        });
        const eventTypeIds = props.eventTypeIds ?? [...exports.DEFAULT_PIPELINE_EVENT_TYPE_IDS];
        if (eventTypeIds.length === 0)
            throw new Error("eventTypeIds: give at least one event type, e.g. codepipeline-pipeline-pipeline-execution-failed");
        for (const e of eventTypeIds) {
            if (!exports.PIPELINE_EVENT_TYPE_IDS.includes(e)) {
                throw new Error(`eventTypeIds: "${e}" is not a pipeline event type id; use one of PIPELINE_EVENT_TYPE_IDS`);
            }
        }
        const detailType = props.detailType ?? "FULL";
        if (detailType !== "BASIC" && detailType !== "FULL")
            throw new Error(`detailType: "${String(detailType)}" must be BASIC or FULL`);
        const slack = props.slackWorkspaceId !== undefined || props.slackChannelId !== undefined;
        const chatbotRegion = props.chatbotRegion ?? props.region;
        if (slack) {
            if (!cdktf_1.Token.isUnresolved(chatbotRegion) && !exports.CHATBOT_REGIONS.includes(chatbotRegion)) {
                throw new Error(`chatbotRegion: AWS Chatbot is not available in "${chatbotRegion}"; set chatbotRegion to one of ${exports.CHATBOT_REGIONS.join(", ")}`);
            }
            if (props.slackWorkspaceId === undefined || props.slackChannelId === undefined) {
                throw new Error("slackWorkspaceId/slackChannelId: set both for a Chatbot Slack channel, or neither");
            }
            // Chatbot API patterns: SlackTeamId ^[0-9A-Z]{1,255}$, SlackChannelId ^[A-Za-z0-9]+$.
            (0, common_1.requireName)("slackWorkspaceId", props.slackWorkspaceId, /^[0-9A-Z]{1,255}$/, 255, "Slack workspace (team) id such as T0123ABCD");
            (0, common_1.requireName)("slackChannelId", props.slackChannelId, /^[A-Za-z0-9]{1,255}$/, 255, "Slack channel id such as C0123ABCD");
            (0, policy_1.requireRoleName)("name", `${props.name}-chatbot`);
        }
        const guardrails = props.chatbotGuardrailPolicyArns ?? [exports.CHATBOT_DEFAULT_GUARDRAIL_POLICY_ARN];
        for (const g of guardrails) {
            if (!cdktf_1.Token.isUnresolved(g) && !/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/.test(g)) {
                throw new Error(`chatbotGuardrailPolicyArns: "${g}" is not an IAM managed policy ARN`);
            }
            if (g.endsWith(":policy/AdministratorAccess")) {
                throw new Error("chatbotGuardrailPolicyArns: AdministratorAccess lets the Slack channel do anything the role can; give a read-only policy");
            }
        }
        const tags = props.tags ?? {};
        const t = new EncryptedTopic(this, "notifications", { ...props, topicName, description: `Pipeline notifications ${topicName}` }, [
            {
                Sid: "CodeStarNotificationsUseKey",
                Effect: "Allow",
                Principal: { Service: "codestar-notifications.amazonaws.com" },
                Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                Resource: "*",
                // Developer Tools console user guide (notifications, encrypted SNS topics): only through SNS in this region.
                Condition: { StringEquals: { "kms:ViaService": `sns.${props.region}.amazonaws.com` } },
            },
        ], (topicArn) => ({
            Sid: "CodeStarNotificationsPublish",
            Effect: "Allow",
            Principal: { Service: "codestar-notifications.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            // Developer Tools console user guide, "Configure Amazon SNS topics for notifications": aws:SourceAccount.
            // The rule ARNs hold service-generated ids, so they cannot be named here.
            Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
        }));
        this.topic = t.topic;
        this.key = t.key;
        this.topicPolicy = t.topicPolicy;
        this.topicArn = t.topic.arn;
        props.pipelineArns.forEach((pipelineArn, i) => {
            this.rules.push(new codestarnotifications_notification_rule_1.CodestarnotificationsNotificationRule(this, `rule-${i}`, {
                region: props.region,
                name: ruleNames[i],
                resource: pipelineArn,
                detailType,
                eventTypeIds,
                status: "ENABLED",
                target: [{ address: this.topicArn, type: "SNS" }],
                // CodeStar Notifications checks that it may publish when the rule is created.
                dependsOn: [t.topicPolicy],
                tags,
            }));
        });
        if (slack) {
            this.chatbotRole = new iam_role_1.IamRole(this, "chatbot-role", {
                name: `${props.name}-chatbot`,
                description: "AWS Chatbot: render pipeline notifications in Slack",
                assumeRolePolicy: (0, policy_1.policyJson)({
                    Sid: "Chatbot",
                    Effect: "Allow",
                    Principal: { Service: "chatbot.amazonaws.com" },
                    Action: "sts:AssumeRole",
                }),
                tags,
            });
            // The statement of Chatbot's "Notification permissions" template (AWS-Chatbot-NotificationsOnly-Policy),
            // which the Chatbot console creates as a customer managed policy; there is no AWS managed one.
            new iam_role_policy_1.IamRolePolicy(this, "chatbot-notifications-only", {
                role: this.chatbotRole.name,
                name: "notifications-only",
                policy: (0, policy_1.policyJson)({ Effect: "Allow", Action: ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"], Resource: "*" }),
            });
            this.slackChannel = new chatbot_slack_channel_configuration_1.ChatbotSlackChannelConfiguration(this, "slack", {
                // Chatbot's API lives in a few regions only; the channel reads topics of any region.
                region: chatbotRegion,
                configurationName: `${props.name}-pipelines`,
                iamRoleArn: this.chatbotRole.arn,
                slackTeamId: props.slackWorkspaceId,
                slackChannelId: props.slackChannelId,
                snsTopicArns: [this.topicArn],
                guardrailPolicyArns: guardrails,
                loggingLevel: "ERROR",
                tags,
            });
        }
    }
}
exports.PipelineNotifications = PipelineNotifications;
/** Regions where the AWS Chatbot API, and so a Slack channel configuration, is available. */
exports.CHATBOT_REGIONS = ["us-east-2", "us-west-2", "ap-southeast-1", "eu-west-1"];
/** Alarms on any failed execution of a pipeline (`AWS/CodePipeline FailedPipelineExecutions`). */
class PipelineFailureAlarm extends constructs_1.Construct {
    alarm;
    constructor(scope, id, props) {
        super(scope, id);
        if (props.alarmName !== undefined && !cdktf_1.Token.isUnresolved(props.alarmName) && (props.alarmName.length < 1 || props.alarmName.length > 255)) {
            throw new Error(`alarmName: "${props.alarmName}" must be 1-255 characters (CloudWatch PutMetricAlarm)`);
        }
        this.alarm = (0, alarms_1.occurrenceAlarm)(this, "failed-executions", {
            region: props.region,
            alarmName: props.alarmName ?? `${props.pipelineName}-failed-executions`.slice(0, 255),
            alarmDescription: `An execution of pipeline ${props.pipelineName} failed`,
            namespace: "AWS/CodePipeline",
            metricName: "FailedPipelineExecutions",
            dimensions: { PipelineName: props.pipelineName },
            statistic: "Sum",
            alarmTopicArn: props.alarmTopicArn,
            ...(props.tags ? { tags: props.tags } : {}),
        });
    }
}
exports.PipelineFailureAlarm = PipelineFailureAlarm;
