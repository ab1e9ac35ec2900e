import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { occurrenceAlarm } from "../shared/alarms";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { AWS_NAMES, fitName } from "../shared/names";
import { policyJson, requireAccountId, requireInt, requireRoleName } from "../shared/policy";
import { arnRegion, requireRegion, requireTopicArn } from "./common";
import { EVENTS_DEFAULTS, RetryPolicy } from "./defaults";
import { EventsDeadLetterQueue, EventsTargetQueue } from "./queues";
import { RuleGrantee } from "./rule-access";
import { EventsSnsTopic } from "./topic";
import { arnPrefix } from "../shared/partition";

/** Publish to a topic created with {@link EventsSnsTopic}; the topic's policies follow the rule. */
export interface SnsEventTarget {
  readonly kind: "sns";
  readonly topic: EventsSnsTopic;
}

/** Send to a queue created with {@link EventsTargetQueue}; its policies name this rule. */
export interface SqsEventTarget {
  readonly kind: "sqs";
  readonly queue: EventsTargetQueue;
}

/** Invoke a Lambda function; the rule adds an `aws_lambda_permission` limited to its ARN. */
export interface LambdaEventTarget {
  readonly kind: "lambda";
  /** ARN of the function (or of a version/alias), in the rule's region. */
  readonly functionArn: string;
}

/** Start a pipeline; the rule creates a role that may only start this pipeline. */
export interface CodePipelineEventTarget {
  readonly kind: "codepipeline";
  /** ARN of the pipeline, in the rule's region. */
  readonly pipelineArn: string;
  /**
   * Name of the role EventBridge assumes to start the pipeline.
   * @default `<ruleName>-start-<index>`, cut to 64 characters with a hash when longer
   */
  readonly roleName?: string;
}

/** Where a rule delivers matched events. Every target gets the rule's DLQ and retry policy. */
export type EventTarget = SnsEventTarget | SqsEventTarget | LambdaEventTarget | CodePipelineEventTarget;

export interface EventRuleProps {
  /** Rule name: 1-64 letters, digits, `.`, `-` and `_`. Also the `RuleName` alarm dimension. */
  readonly ruleName: string;
  /** What the rule is for (up to 512 characters). */
  readonly description: string;
  /** The event pattern, as an object; serialised to JSON. */
  readonly eventPattern: Record<string, unknown>;
  /**
   * Name (not ARN) of the event bus the rule belongs to.
   * @default "default"
   */
  readonly eventBusName?: string;
  /**
   * Region of the rule, its targets and alarms (provider 6 per-resource `region`).
   * @default the dead-letter queue's region
   */
  readonly region?: string;
  /** Account of the rule; makes the rule ARN literal for the aws:SourceArn/aws:SourceAccount conditions. */
  readonly accountId: string;
  /** Where undeliverable events go. Required: no EventBridge target without a DLQ. Must be in the rule's region. */
  readonly deadLetterQueue: EventsDeadLetterQueue;
  /**
   * Retry policy of every target.
   * @default { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 8 } (see EVENTS_DEFAULTS)
   */
  readonly retryPolicy?: Partial<RetryPolicy>;
  /** One to five targets (EventBridge allows at most 5 per rule). */
  readonly targets: EventTarget[];
  /** SNS topic (in the rule's region) for the rule's FailedInvocations / InvocationsSentToDlq / InvocationsFailedToBeSentToDlq alarms. */
  readonly alarmTopicArn: string;
  /** Tags on the rule, roles and alarms. @default {} */
  readonly tags?: Record<string, string>;
}

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;
const PIPELINE_ARN = /^arn:aws[a-z-]*:codepipeline:[a-z0-9-]+:\d{12}:[A-Za-z0-9.@_-]{1,100}$/;

/** ARN of a rule: `rule/<name>` on the default bus, `rule/<bus>/<name>` on a custom bus. */
export function eventRuleArn(region: string, accountId: string, eventBusName: string, ruleName: string): string {
  const path = eventBusName === "default" ? ruleName : `${eventBusName}/${ruleName}`;
  return `${arnPrefix(region)}:events:${region}:${accountId}:rule/${path}`;
}

/**
 * The only way this code base creates an EventBridge rule and its targets. Every target gets the
 * rule's dead-letter queue and retry policy, and exactly the permission it needs, limited to this
 * rule's ARN wherever AWS supports that; the rule gets alarms on failed and dead-lettered deliveries.
 */
export class EventRule extends Construct {
  readonly rule: CloudwatchEventRule;
  readonly targets: CloudwatchEventTarget[] = [];
  /** Roles created for { kind: "codepipeline" } targets, by target index. */
  readonly pipelineRoles: Record<number, IamRole> = {};
  readonly alarms: CloudwatchMetricAlarm[] = [];
  /** The rule ARN: literal when name, region, bus and account are literal, else the rule's `arn`. */
  readonly ruleArn: string;
  readonly ruleName: string;
  readonly region: string;
  readonly retryPolicy: RetryPolicy;

  constructor(scope: Construct, id: string, props: EventRuleProps) {
    super(scope, id);
    // --- validation --------------------------------------------------------------------------
    if (!Token.isUnresolved(props.ruleName) && !RULE_NAME.test(props.ruleName)) {
      throw new Error(`ruleName: "${props.ruleName}" must be 1-64 letters, digits, ".", "-" or "_"`);
    }
    if (props.description.length > 512) {
      throw new Error(`description: ${props.description.length} characters; shorten it to at most 512`);
    }
    const pattern = props.eventPattern as unknown;
    if (typeof pattern !== "object" || pattern === null || Array.isArray(pattern) || Object.keys(pattern).length === 0) {
      throw new Error('eventPattern: give a non-empty object, e.g. { source: ["aws.codepipeline"] }');
    }
    const bus = props.eventBusName ?? EVENTS_DEFAULTS.eventBusName;
    if (!Token.isUnresolved(bus) && (bus.startsWith("arn:") || !BUS_NAME.test(bus))) {
      throw new Error(`eventBusName: "${bus}" must be a bus name (letters, digits, "/", ".", "-", "_"), not an ARN`);
    }
    requireAccountId("accountId", props.accountId);
    const dlq = props.deadLetterQueue as EventsDeadLetterQueue | undefined;
    if (!(dlq instanceof EventsDeadLetterQueue)) {
      throw new Error("deadLetterQueue: every EventBridge target needs a dead-letter queue; pass an EventsDeadLetterQueue in the rule's region");
    }
    const region = props.region ?? dlq.region;
    requireRegion("region", region);
    dlq.checkRuleRegion(region, "deadLetterQueue");
    const retry: RetryPolicy = {
      maximumEventAgeInSeconds: requireInt(
        "retryPolicy.maximumEventAgeInSeconds",
        props.retryPolicy?.maximumEventAgeInSeconds ?? EVENTS_DEFAULTS.retryPolicy.maximumEventAgeInSeconds,
        EVENTS_DEFAULTS.retryBounds.maximumEventAgeInSeconds.min,
        EVENTS_DEFAULTS.retryBounds.maximumEventAgeInSeconds.max,
      ),
      maximumRetryAttempts: requireInt(
        "retryPolicy.maximumRetryAttempts",
        props.retryPolicy?.maximumRetryAttempts ?? EVENTS_DEFAULTS.retryPolicy.maximumRetryAttempts,
        EVENTS_DEFAULTS.retryBounds.maximumRetryAttempts.min,
        EVENTS_DEFAULTS.retryBounds.maximumRetryAttempts.max,
      ),
    };
    const max = EVENTS_DEFAULTS.maxTargetsPerRule;
    if (props.targets.length === 0 || props.targets.length > max) {
      throw new Error(`targets: ${props.targets.length} given; a rule has 1 to ${max} targets (EventBridge quota); split them over several rules`);
    }
    requireTopicArn("alarmTopicArn", props.alarmTopicArn);
    const roleNames = props.targets.map((t, i) => this.checkTarget(t, i, region, props.ruleName));

    // --- resources ---------------------------------------------------------------------------
    const tags = props.tags ?? {};
    this.rule = new CloudwatchEventRule(this, "rule", {
      region,
      name: props.ruleName,
      description: props.description,
      eventBusName: bus,
      eventPattern: JSON.stringify(props.eventPattern),
      tags,
    });
    const literal = [region, props.accountId, bus, props.ruleName].every((v) => !Token.isUnresolved(v));
    this.ruleArn = literal ? eventRuleArn(region, props.accountId, bus, props.ruleName) : this.rule.arn;
    this.ruleName = props.ruleName;
    this.region = region;
    this.retryPolicy = retry;

    dlq.allowRule(this.ruleArn, region);
    props.targets.forEach((target, i) => {
      let arn: string;
      let roleArn: string | undefined;
      switch (target.kind) {
        case "sns":
          target.topic.allowRule(this.ruleArn, region);
          arn = target.topic.topicArn;
          break;
        case "sqs":
          target.queue.allowRule(this.ruleArn, region);
          arn = target.queue.queueArn;
          break;
        case "lambda":
          new LambdaPermission(this, `invoke-${i}`, {
            region: arnRegion(target.functionArn) ?? region,
            functionName: target.functionArn,
            action: "lambda:InvokeFunction",
            principal: "events.amazonaws.com",
            // Only this rule may invoke (EventBridge user guide, eb-use-resource-based "AWS Lambda permissions").
            sourceArn: this.ruleArn,
            // Statement ids allow letters, digits, - and _ (rule names also allow .).
            statementId: Token.isUnresolved(props.ruleName)
              ? `EventBridge-${props.ruleName}-${i}`
              : fitName(`EventBridge-${props.ruleName}-${i}`, AWS_NAMES.lambdaStatementId),
          });
          arn = target.functionArn;
          break;
        case "codepipeline":
          roleArn = this.pipelineRole(i, target.pipelineArn, roleNames[i]!, props.accountId, tags).arn;
          arn = target.pipelineArn;
          break;
      }
      this.targets.push(
        new CloudwatchEventTarget(this, `target-${i}`, {
          region,
          rule: this.rule.name,
          eventBusName: bus,
          targetId: `t${i}-${target.kind}`,
          arn,
          ...(roleArn ? { roleArn } : {}),
          deadLetterConfig: { arn: dlq.queueArn },
          retryPolicy: { ...retry },
        }),
      );
    });

    // Metrics of a custom bus's rules carry EventBusName as well as RuleName (EventBridge user guide,
    // eb-monitoring); each is emitted only when non-zero, so missing data is "no failure".
    const dimensions: Record<string, string> = bus === "default" ? { RuleName: props.ruleName } : { EventBusName: bus, RuleName: props.ruleName };
    const alarm = (metric: string, suffix: string, what: string) =>
      this.alarms.push(
        occurrenceAlarm(this, `alarm-${suffix}`, {
          region,
          alarmName: `${props.ruleName}-${suffix}`,
          alarmDescription: `EventBridge rule ${props.ruleName}: ${what}`,
          namespace: "AWS/Events",
          metricName: metric,
          dimensions,
          statistic: "Sum",
          periodSeconds: EVENTS_DEFAULTS.alarmPeriodSeconds,
          alarmTopicArn: props.alarmTopicArn,
          tags,
        }),
      );
    alarm("FailedInvocations", "failed-invocations", "a target invocation failed permanently");
    alarm("InvocationsSentToDlq", "sent-to-dlq", `an event went to the dead-letter queue ${dlq.queueName}`);
    // Not in the brief: the one failure a DLQ cannot catch is the DLQ itself refusing the event.
    alarm("InvocationsFailedToBeSentToDlq", "dlq-delivery-failed", `an event could not even be written to the dead-letter queue ${dlq.queueName}; it is lost`);
  }

  /** Validates one target; returns the role name of a codepipeline target. */
  private checkTarget(target: EventTarget, i: number, region: string, ruleName: string): string | undefined {
    const at = `targets[${i}]`;
    const sameRegion = (arn: string) => {
      const r = arnRegion(arn);
      if (r !== undefined && !Token.isUnresolved(region) && r !== region) {
        throw new Error(
          `${at}: the target is in ${r} but the rule is in ${region}; EventBridge delivers across regions only to event buses, so create the rule in ${r}`,
        );
      }
    };
    const grantee = (g: RuleGrantee | undefined, cls: string) => {
      if (!g) throw new Error(`${at}: give the ${cls} to deliver to`);
      g.checkRuleRegion(region, at);
    };
    switch (target.kind) {
      case "sns":
        if (!(target.topic instanceof EventsSnsTopic)) throw new Error(`${at}.topic: pass an EventsSnsTopic, whose policies follow the rules that target it`);
        grantee(target.topic, "EventsSnsTopic");
        return undefined;
      case "sqs":
        if (!(target.queue instanceof EventsTargetQueue))
          throw new Error(`${at}.queue: pass an EventsTargetQueue, whose policies follow the rules that target it`);
        grantee(target.queue, "EventsTargetQueue");
        return undefined;
      case "lambda":
        if (!Token.isUnresolved(target.functionArn) && !LAMBDA_ARN.test(target.functionArn)) {
          throw new Error(`${at}.functionArn: "${target.functionArn}" is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)`);
        }
        sameRegion(target.functionArn);
        return undefined;
      case "codepipeline": {
        if (!Token.isUnresolved(target.pipelineArn) && !PIPELINE_ARN.test(target.pipelineArn)) {
          throw new Error(`${at}.pipelineArn: "${target.pipelineArn}" is not a pipeline ARN (arn:aws:codepipeline:<region>:<account>:<name>)`);
        }
        sameRegion(target.pipelineArn);
        const name = target.roleName ?? (Token.isUnresolved(ruleName) ? `${ruleName}-start-${i}` : fitName(`${ruleName}-start-${i}`, AWS_NAMES.iamRole));
        return requireRoleName(`${at}.roleName`, name);
      }
      default:
        throw new Error(`${at}.kind: "${(target as { kind: string }).kind}" is not sns, sqs, lambda or codepipeline`);
    }
  }

  /** A role only this rule (of this account) can assume, allowed only to start this pipeline. */
  private pipelineRole(i: number, pipelineArn: string, roleName: string, accountId: string, tags: Record<string, string>): IamRole {
    const role = new IamRole(this, `start-pipeline-role-${i}`, {
      name: roleName,
      description: `EventBridge rule ${this.ruleName} starts ${Token.isUnresolved(pipelineArn) ? "a pipeline" : pipelineArn}`,
      assumeRolePolicy: policyJson({
        Sid: "EventBridgeRule",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        // EventBridge user guide, cross-service-confused-deputy-prevention: for rule targets
        // aws:SourceArn is the rule ARN; aws:SourceAccount pins the account as well.
        Condition: { ArnEquals: { "aws:SourceArn": this.ruleArn }, StringEquals: { "aws:SourceAccount": accountId } },
      }),
      tags,
    });
    new IamRolePolicy(this, `start-pipeline-policy-${i}`, {
      role: role.name,
      name: "start-pipeline",
      policy: policyJson({ Effect: "Allow", Action: "codepipeline:StartPipelineExecution", Resource: pipelineArn }),
    });
    this.pipelineRoles[i] = role;
    return role;
  }
}
