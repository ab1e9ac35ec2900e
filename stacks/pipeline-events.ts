import { Construct } from "constructs";
import type { PipelineConfig } from "../config/pipeline";
import type { LandingZone } from "../config/schema";
import { EventRule, EventsDeadLetterQueue, EventsSnsTopic, EventsTargetQueue, type EventTarget } from "../modules/events";
import { AlarmTopic, PIPELINE_NOTIFICATIONS_NAME, PipelineFailureAlarm, PipelineNotifications, type PipelineEventTypeId } from "../modules/notifications";
import type { Action } from "../modules/pipeline/action";
import type { Pipeline } from "../modules/pipeline/pipeline";
import { AWS_NAMES, type NameRule } from "../modules/shared/names";
import type { AccountStack } from "./account-stack";
import type { CustomActionTypeDefinition } from "../modules/custom-action-type";
import { occurrenceAlarm } from "../modules/shared/alarms";

/** A pipeline as built by the pipelines stack, with its config and source actions. */
export interface BuiltPipelineForEvents {
  readonly config: PipelineConfig;
  readonly pipeline: Pipeline;
  readonly sources: readonly Action[];
}

const DETAIL_TYPES = {
  pipeline: "CodePipeline Pipeline Execution State Change",
  stage: "CodePipeline Stage Execution State Change",
  action: "CodePipeline Action Execution State Change",
} as const;

/**
 * Eventing of the pipelines stack: one alarm topic and one DLQ for the region, EventBridge rules for
 * event-driven sources and for the configured state changes (every target with the DLQ and a retry
 * policy), alarms on every rule, on the DLQ and on failed executions, and CodeStar notifications.
 */
export class PipelineEventing extends Construct {
  readonly alarmTopic: AlarmTopic;
  readonly deadLetterQueue: EventsDeadLetterQueue;
  readonly rules: EventRule[] = [];

  constructor(
    scope: AccountStack,
    id: string,
    lz: LandingZone,
    pipelines: readonly BuiltPipelineForEvents[],
    customTypes: readonly CustomActionTypeDefinition[] = [],
  ) {
    super(scope, id);
    const { accountId, region } = scope;
    const admins = [...scope.keyAdministratorArns];
    const consumers = lz.monitoring.queueConsumerRoleArns;
    const name = (rule: NameRule, ...parts: string[]) => scope.naming.resourceName(parts, rule);
    const retry = lz.monitoring.retryPolicy ? { retryPolicy: lz.monitoring.retryPolicy } : {};

    this.alarmTopic = new AlarmTopic(this, "alarm-topic", {
      topicName: name(AWS_NAMES.snsTopic, "codepipeline-alarms"),
      region,
      accountId,
      keyAdministratorArns: admins,
      emailSubscriptions: lz.monitoring.alarmEmails,
    });
    this.deadLetterQueue = new EventsDeadLetterQueue(this, "dlq", {
      queueName: name(AWS_NAMES.sqsQueue, "codepipeline-events-dlq"),
      region,
      keyAdministratorArns: admins,
      consumerRoleArns: consumers,
      alarmTopicArn: this.alarmTopic.topicArn,
    });
    const rule = (ruleName: string, description: string, eventPattern: Record<string, unknown>, targets: EventTarget[]) => {
      const r = new EventRule(this, `rule-${ruleName}`, {
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

    // Failed executions of custom actions: CodePipeline publishes no metric per action type (its
    // AWS/CodePipeline metrics are per pipeline), but it emits an action execution event whose
    // detail.type names owner, category, provider and version (user guide,
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/detect-state-changes-cloudwatch-events.html).
    // One rule per type delivers the events to a topic for the alarm subscribers, and an alarm on the
    // rule's TriggeredRules metric (AWS/Events, RuleName: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html)
    // notifies the alarm topic.
    let failures: EventsSnsTopic | undefined;
    const failuresTopicName = name(AWS_NAMES.snsTopic, "custom-action-failures");
    for (const t of customTypes) {
      const { category, provider, version } = t.actionTypeId;
      failures ??= new EventsSnsTopic(this, "custom-action-failures", {
        topicName: failuresTopicName,
        region,
        keyAdministratorArns: admins,
        emailSubscriptions: lz.monitoring.alarmEmails,
      });
      const r = rule(
        name(AWS_NAMES.eventRule, "job-worker", category, provider, version, "failed"),
        `Failed executions of custom action ${category}/${provider}/${version}`,
        {
          source: ["aws.codepipeline"],
          "detail-type": [DETAIL_TYPES.action],
          detail: { state: ["FAILED"], type: { owner: ["Custom"], category: [category], provider: [provider], version: eventVersions(version) } },
        },
        [{ kind: "sns", topic: failures }],
      );
      occurrenceAlarm(this, `custom-action-failed-${category}-${provider}-${version}`, {
        region,
        alarmName: name(AWS_NAMES.alarm, "job-worker", category, provider, version, "failed-executions"),
        alarmDescription: `An execution of custom action ${category}/${provider}/${version} failed (the job worker reported a failure, or the job timed out); the events are on topic ${failuresTopicName}`,
        namespace: "AWS/Events",
        metricName: "TriggeredRules",
        dimensions: { RuleName: r.ruleName },
        statistic: "Sum",
        alarmTopicArn: this.alarmTopic.topicArn,
      });
    }

    for (const { config: p, pipeline, sources } of pipelines) {
      // Event-driven sources start the pipeline; none of them polls.
      for (const source of sources) {
        const change = source.changeEvent({ account: accountId, region });
        if (!change) continue;
        rule(name(AWS_NAMES.eventRule, p.name, source.actionName, "source"), change.description, change.eventPattern, [
          { kind: "codepipeline", pipelineArn: pipeline.pipelineArn, roleName: name(AWS_NAMES.iamRole, p.name, source.actionName, "start") },
        ]);
      }

      let topic: EventsSnsTopic | undefined;
      let queue: EventsTargetQueue | undefined;
      for (const e of p.events) {
        const target: EventTarget =
          e.target.type === "lambda"
            ? { kind: "lambda", functionArn: e.target.functionArn }
            : e.target.type === "sns"
              ? {
                  kind: "sns",
                  topic: (topic ??= new EventsSnsTopic(this, `topic-${p.name}`, {
                    topicName: name(AWS_NAMES.snsTopic, p.name, "events"),
                    region,
                    keyAdministratorArns: admins,
                    emailSubscriptions: [...new Set(p.events.flatMap((x) => (x.target.type === "sns" ? (x.target.emailSubscriptions ?? []) : [])))],
                  })),
                }
              : {
                  kind: "sqs",
                  queue: (queue ??= new EventsTargetQueue(this, `queue-${p.name}`, {
                    queueName: name(AWS_NAMES.sqsQueue, p.name, "events"),
                    region,
                    keyAdministratorArns: admins,
                    consumerRoleArns: consumers,
                  })),
                };
        const detail: Record<string, unknown> = { pipeline: [p.name], state: e.states };
        if (e.stages) detail.stage = e.stages;
        if (e.actionCategories) detail.type = { category: e.actionCategories };
        rule(
          name(AWS_NAMES.eventRule, p.name, e.name),
          `${p.name}: ${e.on} ${e.states.join("/")}`,
          { source: ["aws.codepipeline"], "detail-type": [DETAIL_TYPES[e.on]], detail },
          [target],
        );
      }

      new PipelineFailureAlarm(this, `failures-${p.name}`, {
        pipelineName: p.name,
        alarmName: scope.naming.pipelineFailureAlarmName(p.name),
        region,
        alarmTopicArn: this.alarmTopic.topicArn,
      });
      if (p.notifications) {
        new PipelineNotifications(this, `notifications-${p.name}`, {
          name: scope.naming.resourceName([p.name, "notifications"], PIPELINE_NOTIFICATIONS_NAME),
          pipelineArns: [pipeline.pipelineArn],
          region,
          accountId,
          keyAdministratorArns: admins,
          ...(p.notifications.eventTypeIds ? { eventTypeIds: p.notifications.eventTypeIds as PipelineEventTypeId[] } : {}),
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

/**
 * The action type version as an event may carry it. The action type declares it as a string, but
 * event examples outside AWS's declaration (the aws-lambda typings of this event, samples that
 * parse it) show a number, and an EventBridge pattern matches a string and a number differently:
 * a numeric version is matched both ways.
 */
function eventVersions(version: string): (string | number)[] {
  return /^[0-9]+$/.test(version) ? [version, Number(version)] : [version];
}
