"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PipelineEventing = void 0;
const constructs_1 = require("constructs");
const events_1 = require("../modules/events");
const notifications_1 = require("../modules/notifications");
const names_1 = require("../modules/shared/names");
const DETAIL_TYPES = {
    pipeline: "CodePipeline Pipeline Execution State Change",
    stage: "CodePipeline Stage Execution State Change",
    action: "CodePipeline Action Execution State Change",
};
/**
 * Eventing of the pipelines stack: one alarm topic and one DLQ for the region, EventBridge rules for
 * event-driven sources and for the configured state changes (every target with the DLQ and a retry
 * policy), alarms on every rule, on the DLQ and on failed executions, and CodeStar notifications.
 */
class PipelineEventing extends constructs_1.Construct {
    alarmTopic;
    deadLetterQueue;
    rules = [];
    constructor(scope, id, lz, pipelines) {
        super(scope, id);
        const { accountId, region } = scope;
        const admins = [...scope.keyAdministratorArns];
        const consumers = lz.monitoring.queueConsumerRoleArns;
        const name = (rule, ...parts) => scope.naming.resourceName(parts, rule);
        const retry = lz.monitoring.retryPolicy ? { retryPolicy: lz.monitoring.retryPolicy } : {};
        this.alarmTopic = new notifications_1.AlarmTopic(this, "alarm-topic", {
            topicName: name(names_1.AWS_NAMES.snsTopic, "codepipeline-alarms"),
            region,
            accountId,
            keyAdministratorArns: admins,
            emailSubscriptions: lz.monitoring.alarmEmails,
        });
        this.deadLetterQueue = new events_1.EventsDeadLetterQueue(this, "dlq", {
            queueName: name(names_1.AWS_NAMES.sqsQueue, "codepipeline-events-dlq"),
            region,
            keyAdministratorArns: admins,
            consumerRoleArns: consumers,
            alarmTopicArn: this.alarmTopic.topicArn,
        });
        const rule = (ruleName, description, eventPattern, targets) => {
            const r = new events_1.EventRule(this, `rule-${ruleName}`, {
                ruleName,
                description,
                eventPattern,
                region,
                accountId,
                deadLetterQueue: this.deadLetterQueue,
                targets,
                alarmTopicArn: this.alarmTopic.topicArn,
                ...retry,
            });
            this.rules.push(r);
            return r;
        };
        for (const { config: p, pipeline, sources } of pipelines) {
            // Event-driven sources start the pipeline; none of them polls.
            for (const source of sources) {
                const change = source.changeEvent({ account: accountId, region });
                if (!change)
                    continue;
                rule(name(names_1.AWS_NAMES.eventRule, p.name, source.actionName, "source"), change.description, change.eventPattern, [
                    { kind: "codepipeline", pipelineArn: pipeline.pipelineArn, roleName: name(names_1.AWS_NAMES.iamRole, p.name, source.actionName, "start") },
                ]);
            }
            let topic;
            let queue;
            for (const e of p.events) {
                const target = e.target.type === "lambda"
                    ? { kind: "lambda", functionArn: e.target.functionArn }
                    : e.target.type === "sns"
                        ? {
                            kind: "sns",
                            topic: (topic ??= new events_1.EventsSnsTopic(this, `topic-${p.name}`, {
                                topicName: name(names_1.AWS_NAMES.snsTopic, p.name, "events"),
                                region,
                                keyAdministratorArns: admins,
                                emailSubscriptions: [
                                    ...new Set(p.events.flatMap((x) => (x.target.type === "sns" ? (x.target.emailSubscriptions ?? []) : []))),
                                ],
                            })),
                        }
                        : {
                            kind: "sqs",
                            queue: (queue ??= new events_1.EventsTargetQueue(this, `queue-${p.name}`, {
                                queueName: name(names_1.AWS_NAMES.sqsQueue, p.name, "events"),
                                region,
                                keyAdministratorArns: admins,
                                consumerRoleArns: consumers,
                            })),
                        };
                const detail = { pipeline: [p.name], state: e.states };
                if (e.stages)
                    detail.stage = e.stages;
                if (e.actionCategories)
                    detail.type = { category: e.actionCategories };
                rule(name(names_1.AWS_NAMES.eventRule, p.name, e.name), `${p.name}: ${e.on} ${e.states.join("/")}`, { source: ["aws.codepipeline"], "detail-type": [DETAIL_TYPES[e.on]], detail }, [target]);
            }
            new notifications_1.PipelineFailureAlarm(this, `failures-${p.name}`, {
                pipelineName: p.name,
                alarmName: scope.naming.pipelineFailureAlarmName(p.name),
                region,
                alarmTopicArn: this.alarmTopic.topicArn,
            });
            if (p.notifications) {
                new notifications_1.PipelineNotifications(this, `notifications-${p.name}`, {
                    name: scope.naming.resourceName([p.name, "notifications"], notifications_1.PIPELINE_NOTIFICATIONS_NAME),
                    pipelineArns: [pipeline.pipelineArn],
                    region,
                    accountId,
                    keyAdministratorArns: admins,
                    ...(p.notifications.eventTypeIds ? { eventTypeIds: p.notifications.eventTypeIds } : {}),
                    ...(p.notifications.slack
                        ? {
                            slackWorkspaceId: p.notifications.slack.workspaceId,
                            slackChannelId: p.notifications.slack.channelId,
                            chatbotRegion: lz.monitoring.chatbotRegion ?? region,
                        }
                        : {}),
                });
            }
        }
    }
}
exports.PipelineEventing = PipelineEventing;
