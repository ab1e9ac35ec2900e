import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { occurrenceAlarm } from "../shared/alarms";
import { ChatbotSlackChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-slack-channel-configuration";
import { CodestarnotificationsNotificationRule } from "@cdktf/provider-aws/lib/codestarnotifications-notification-rule";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import type { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { encryptedTopic } from "../shared/encrypted-topic";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { keyAdministration, requireEmails, requireName, requireRegion } from "../events/common";
import { AWS_NAMES, fitName, type NameRule } from "../shared/names";
import { policyJson, PolicyStatement, requireAccountId, requireInt, requireRoleName } from "../shared/policy";
import { arnPrefix, serviceEndpoint } from "../shared/partition";
import { CHATBOT_REGIONS } from "../shared/service-facts";

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

/** Props every encrypted topic of this module takes. */
interface EncryptedTopicProps {
  /** Region of the topic and its key (provider 6 per-resource `region`). */
  readonly region: string;
  /** Account the topic lives in; the aws:SourceAccount of the publishing services. */
  readonly accountId: string;
  /** Roles that administer the topic's key (never use it for data). */
  readonly keyAdministratorArns: string[];
  /**
   * Email addresses subscribed to the topic; each must confirm by email.
   * @default []
   */
  readonly emailSubscriptions?: string[];
  /** Waiting period before the key is deleted after destroy. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** Tags on every resource. @default {} */
  readonly tags?: Record<string, string>;
}

/** A topic, its own rotating CMK and a TLS-only topic policy, granting one AWS service. */
class EncryptedTopic extends Construct {
  readonly topic: SnsTopic;
  readonly key: KmsKey;
  readonly topicPolicy: SnsTopicPolicy;

  constructor(
    scope: Construct,
    id: string,
    props: EncryptedTopicProps & { readonly topicName: string; readonly description: string },
    keyStatements: PolicyStatement[],
    publish: (topicArn: string) => PolicyStatement,
  ) {
    super(scope, id);
    const t = encryptedTopic(this, { ...props, keyStatements: () => keyStatements, topicStatements: (arn) => [publish(arn)] });
    this.topic = t.topic;
    this.key = t.key;
    this.topicPolicy = t.topicPolicy;
  }
}

function checkTopicProps(props: EncryptedTopicProps & { readonly topicName: string }, nameField: string): void {
  requireName(nameField, props.topicName, TOPIC_NAME, 256, "SNS topic name (1-256 letters, digits, - and _)");
  requireRegion("region", props.region);
  requireAccountId("accountId", props.accountId);
  requireInt("keyDeletionWindowDays", props.keyDeletionWindowDays ?? 30, 7, 30);
  requireEmails("emailSubscriptions", props.emailSubscriptions ?? []);
  keyAdministration(props.keyAdministratorArns);
}

// ---------------------------------------------------------------------------------------------
// AlarmTopic
// ---------------------------------------------------------------------------------------------

export interface AlarmTopicProps extends EncryptedTopicProps {
  /** SNS topic name: 1-256 letters, digits, `-` and `_`. */
  readonly topicName: string;
}

/**
 * The SNS topic CloudWatch alarms publish to: its own CMK, and topic and key policies that let
 * cloudwatch.amazonaws.com in only for alarms of this account and region.
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;
  readonly key: KmsKey;
  readonly topicPolicy: SnsTopicPolicy;
  readonly topicArn: string;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    checkTopicProps(props, "topicName");
    // Confused-deputy guard on both layers: SNS developer guide, sns-key-management ("add the
    // aws:SourceAccount and aws:SourceArn condition keys to the KMS resource policy"; EventBridge is
    // the documented exception, CloudWatch is not) and sns-access-policy-use-cases ("Allow any
    // CloudWatch alarm to publish": ArnLike aws:SourceArn arn:aws:cloudwatch:<region>:<account>:alarm:*).
    const fromAlarms = {
      StringEquals: { "aws:SourceAccount": props.accountId },
      ArnLike: { "aws:SourceArn": `${arnPrefix(props.region)}:cloudwatch:${props.region}:${props.accountId}:alarm:*` },
    };
    const t = new EncryptedTopic(
      this,
      "alarms",
      { ...props, description: `CloudWatch alarms topic ${props.topicName}` },
      [
        {
          Sid: "CloudWatchAlarmsUseKey",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          // Encrypted-topic publishers need both (SNS guide, "Enable compatibility between event sources from AWS services and encrypted topics").
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: fromAlarms,
        },
      ],
      (topicArn) => ({
        Sid: "CloudWatchAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: fromAlarms,
      }),
    );
    this.topic = t.topic;
    this.key = t.key;
    this.topicPolicy = t.topicPolicy;
    this.topicArn = t.topic.arn;
    this.keyArn = t.key.arn;
  }
}

// ---------------------------------------------------------------------------------------------
// PipelineNotifications
// ---------------------------------------------------------------------------------------------

/**
 * Every CodeStar Notifications event type of a pipeline (Developer Tools console user guide,
 * concepts.html#events-ref-pipeline; same ids as aws-cdk-lib's PipelineNotificationEvents).
 */
export const PIPELINE_EVENT_TYPE_IDS = [
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
] as const;

export type PipelineEventTypeId = (typeof PIPELINE_EVENT_TYPE_IDS)[number];

/** Outcomes and the one event that needs a human: failed, succeeded, superseded, canceled, approval needed. */
export const DEFAULT_PIPELINE_EVENT_TYPE_IDS: readonly PipelineEventTypeId[] = [
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
export const CHATBOT_DEFAULT_GUARDRAIL_POLICY_ARN = "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess";

const PIPELINE_ARN = /^arn:aws[a-z-]*:codepipeline:([a-z0-9-]+):(\d{12}):([A-Za-z0-9.@_-]{1,100})$/;

/**
 * What {@link PipelineNotificationsProps.name} may be: the topic (`<name>-pipeline-notifications`,
 * SNS), the Chatbot role (`<name>-chatbot`, IAM) and configuration (`<name>-pipelines`) all take it
 * as it is, so it uses the characters all of them allow, and leaves room for their suffixes.
 * @internal
 */
export const PIPELINE_NOTIFICATIONS_NAME: NameRule = { what: "notifications name prefix", max: 40, allowed: /[A-Za-z0-9_-]/ };

export interface PipelineNotificationsProps extends EncryptedTopicProps {
  /**
   * Prefix of every physical name (topic `<name>-pipeline-notifications`, rules `<name>-<pipeline>`,
   * role `<name>-chatbot`): 1-40 letters, digits, - and _ ({@link PIPELINE_NOTIFICATIONS_NAME}). A
   * rule name that would not fit 64 characters, or holds the `.` or `@` a pipeline name may have,
   * is cut and ends in a hash ({@link fitName}).
   */
  readonly name: string;
  /** Pipelines to watch, in this region and account; one notification rule each. */
  readonly pipelineArns: string[];
  /**
   * Event types to notify on.
   * @default DEFAULT_PIPELINE_EVENT_TYPE_IDS (execution failed/succeeded/superseded/canceled, manual approval needed)
   */
  readonly eventTypeIds?: PipelineEventTypeId[];
  /**
   * Message detail: BASIC or FULL (FULL adds the service's details to the message).
   * @default "FULL"
   */
  readonly detailType?: "BASIC" | "FULL";
  /**
   * Slack workspace (team) id for an AWS Chatbot channel, e.g. T0123ABCD. Set together with slackChannelId.
   * @default no Chatbot channel
   */
  readonly slackWorkspaceId?: string;
  /**
   * Slack channel id, e.g. C0123ABCD. Set together with slackWorkspaceId.
   * @default no Chatbot channel
   */
  readonly slackChannelId?: string;
  /**
   * Region of the Chatbot channel configuration; the Chatbot API exists only in {@link CHATBOT_REGIONS}.
   * @default `region`
   */
  readonly chatbotRegion?: string;
  /**
   * Guardrail policies capping what anyone in the Slack channel can do through Chatbot.
   * @default [CHATBOT_DEFAULT_GUARDRAIL_POLICY_ARN] (CloudWatchReadOnlyAccess)
   */
  readonly chatbotGuardrailPolicyArns?: string[];
}

/**
 * CodeStar notification rules for pipelines, delivered to an SNS topic this construct creates
 * (encrypted with its own CMK) and optionally to a Slack channel through AWS Chatbot.
 */
export class PipelineNotifications extends Construct {
  readonly topic: SnsTopic;
  readonly key: KmsKey;
  readonly topicPolicy: SnsTopicPolicy;
  readonly topicArn: string;
  readonly rules: CodestarnotificationsNotificationRule[] = [];
  readonly chatbotRole?: IamRole;
  readonly slackChannel?: ChatbotSlackChannelConfiguration;

  constructor(scope: Construct, id: string, props: PipelineNotificationsProps) {
    super(scope, id);
    const topicName = `${props.name}-pipeline-notifications`;
    requireName("name", props.name, /^[A-Za-z0-9_-]+$/, PIPELINE_NOTIFICATIONS_NAME.max, "name prefix (1-40 letters, digits, - and _)");
    checkTopicProps({ ...props, topicName }, "name");
    if (props.pipelineArns.length === 0) throw new Error("pipelineArns: give at least one pipeline to notify about");
    if (new Set(props.pipelineArns).size !== props.pipelineArns.length) throw new Error("pipelineArns: a pipeline is listed twice; list each once");
    const ruleNames = props.pipelineArns.map((arn, i) => {
      if (Token.isUnresolved(arn)) return `${props.name}-${i}`;
      const m = PIPELINE_ARN.exec(arn);
      if (!m) throw new Error(`pipelineArns[${i}]: "${arn}" is not a pipeline ARN (arn:aws:codepipeline:<region>:<account>:<name>)`);
      if (!Token.isUnresolved(props.region) && m[1] !== props.region) {
        throw new Error(
          `pipelineArns[${i}]: the pipeline is in ${m[1]} but the notifications are in ${props.region}; notification rules and their topic live in the pipeline's region`,
        );
      }
      // Rule names allow letters, digits, space, - and _ only (no . or @) and 64 characters; pipeline names up to 100.
      return fitName(`${props.name}-${m[3]!}`, AWS_NAMES.notificationRule);
    });
    const eventTypeIds = props.eventTypeIds ?? [...DEFAULT_PIPELINE_EVENT_TYPE_IDS];
    if (eventTypeIds.length === 0) throw new Error("eventTypeIds: give at least one event type, e.g. codepipeline-pipeline-pipeline-execution-failed");
    for (const e of eventTypeIds) {
      if (!(PIPELINE_EVENT_TYPE_IDS as readonly string[]).includes(e)) {
        throw new Error(`eventTypeIds: "${e}" is not a pipeline event type id; use one of PIPELINE_EVENT_TYPE_IDS`);
      }
    }
    const detailType = props.detailType ?? "FULL";
    if (detailType !== "BASIC" && detailType !== "FULL") throw new Error(`detailType: "${String(detailType)}" must be BASIC or FULL`);
    const slack = props.slackWorkspaceId !== undefined || props.slackChannelId !== undefined;
    const chatbotRegion = props.chatbotRegion ?? props.region;
    if (slack) {
      if (!Token.isUnresolved(chatbotRegion) && !CHATBOT_REGIONS.includes(chatbotRegion)) {
        throw new Error(`chatbotRegion: AWS Chatbot is not available in "${chatbotRegion}"; set chatbotRegion to one of ${CHATBOT_REGIONS.join(", ")}`);
      }
      if (props.slackWorkspaceId === undefined || props.slackChannelId === undefined) {
        throw new Error("slackWorkspaceId/slackChannelId: set both for a Chatbot Slack channel, or neither");
      }
      // Chatbot API patterns: SlackTeamId ^[0-9A-Z]{1,255}$, SlackChannelId ^[A-Za-z0-9]+$.
      requireName("slackWorkspaceId", props.slackWorkspaceId, /^[0-9A-Z]{1,255}$/, 255, "Slack workspace (team) id such as T0123ABCD");
      requireName("slackChannelId", props.slackChannelId, /^[A-Za-z0-9]{1,255}$/, 255, "Slack channel id such as C0123ABCD");
      requireRoleName("name", `${props.name}-chatbot`);
    }
    const guardrails = props.chatbotGuardrailPolicyArns ?? [CHATBOT_DEFAULT_GUARDRAIL_POLICY_ARN];
    for (const g of guardrails) {
      if (!Token.isUnresolved(g) && !/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/.test(g)) {
        throw new Error(`chatbotGuardrailPolicyArns: "${g}" is not an IAM managed policy ARN`);
      }
      if (g.endsWith(":policy/AdministratorAccess")) {
        throw new Error("chatbotGuardrailPolicyArns: AdministratorAccess lets the Slack channel do anything the role can; give a read-only policy");
      }
    }
    const tags = props.tags ?? {};

    const t = new EncryptedTopic(
      this,
      "notifications",
      { ...props, topicName, description: `Pipeline notifications ${topicName}` },
      [
        {
          Sid: "CodeStarNotificationsUseKey",
          Effect: "Allow",
          Principal: { Service: "codestar-notifications.amazonaws.com" },
          Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
          Resource: "*",
          // Developer Tools console user guide (notifications, encrypted SNS topics): only through SNS in this region.
          Condition: { StringEquals: { "kms:ViaService": serviceEndpoint("sns", props.region) } },
        },
      ],
      (topicArn) => ({
        Sid: "CodeStarNotificationsPublish",
        Effect: "Allow",
        Principal: { Service: "codestar-notifications.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        // Developer Tools console user guide, "Configure Amazon SNS topics for notifications": aws:SourceAccount.
        // The rule ARNs hold service-generated ids, so they cannot be named here.
        Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
      }),
    );
    this.topic = t.topic;
    this.key = t.key;
    this.topicPolicy = t.topicPolicy;
    this.topicArn = t.topic.arn;

    props.pipelineArns.forEach((pipelineArn, i) => {
      this.rules.push(
        new CodestarnotificationsNotificationRule(this, `rule-${i}`, {
          region: props.region,
          name: ruleNames[i]!,
          resource: pipelineArn,
          detailType,
          eventTypeIds,
          status: "ENABLED",
          target: [{ address: this.topicArn, type: "SNS" }],
          // CodeStar Notifications checks that it may publish when the rule is created.
          dependsOn: [t.topicPolicy],
          tags,
        }),
      );
    });

    if (slack) {
      this.chatbotRole = new IamRole(this, "chatbot-role", {
        name: `${props.name}-chatbot`,
        description: "AWS Chatbot: render pipeline notifications in Slack",
        assumeRolePolicy: policyJson({
          Sid: "Chatbot",
          Effect: "Allow",
          Principal: { Service: "chatbot.amazonaws.com" },
          Action: "sts:AssumeRole",
        }),
        tags,
      });
      // The statement of Chatbot's "Notification permissions" template (AWS-Chatbot-NotificationsOnly-Policy),
      // which the Chatbot console creates as a customer managed policy; there is no AWS managed one.
      new IamRolePolicy(this, "chatbot-notifications-only", {
        role: this.chatbotRole.name,
        name: "notifications-only",
        policy: policyJson({ Effect: "Allow", Action: ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"], Resource: "*" }),
      });
      this.slackChannel = new ChatbotSlackChannelConfiguration(this, "slack", {
        // Chatbot's API lives in a few regions only; the channel reads topics of any region.
        region: chatbotRegion,
        configurationName: `${props.name}-pipelines`,
        iamRoleArn: this.chatbotRole.arn,
        slackTeamId: props.slackWorkspaceId!,
        slackChannelId: props.slackChannelId!,
        snsTopicArns: [this.topicArn],
        guardrailPolicyArns: guardrails,
        loggingLevel: "ERROR",
        tags,
      });
    }
  }
}

export { CHATBOT_REGIONS };

export interface PipelineFailureAlarmProps {
  /** Name of the pipeline to watch. */
  readonly pipelineName: string;
  /** Region of the pipeline (and of the alarm). */
  readonly region: string;
  /** Topic the alarm notifies, e.g. an {@link AlarmTopic}. */
  readonly alarmTopicArn: string;
  /**
   * Name of the alarm (1-255 characters), unique in the account and region.
   * @default `<pipelineName>-failed-executions`
   */
  readonly alarmName?: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/** Alarms on any failed execution of a pipeline (`AWS/CodePipeline FailedPipelineExecutions`). */
export class PipelineFailureAlarm extends Construct {
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: PipelineFailureAlarmProps) {
    super(scope, id);
    if (props.alarmName !== undefined && !Token.isUnresolved(props.alarmName) && (props.alarmName.length < 1 || props.alarmName.length > 255)) {
      throw new Error(`alarmName: "${props.alarmName}" must be 1-255 characters (CloudWatch PutMetricAlarm)`);
    }
    this.alarm = occurrenceAlarm(this, "failed-executions", {
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
