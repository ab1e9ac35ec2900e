"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EventRule = void 0;
exports.eventRuleArn = eventRuleArn;
const cloudwatch_event_rule_1 = require("@cdktf/provider-aws/lib/cloudwatch-event-rule");
const cloudwatch_event_target_1 = require("@cdktf/provider-aws/lib/cloudwatch-event-target");
const alarms_1 = require("../shared/alarms");
const iam_role_1 = require("@cdktf/provider-aws/lib/iam-role");
const iam_role_policy_1 = require("@cdktf/provider-aws/lib/iam-role-policy");
const lambda_permission_1 = require("@cdktf/provider-aws/lib/lambda-permission");
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const names_1 = require("../shared/names");
const policy_1 = require("../shared/policy");
const common_1 = require("./common");
const defaults_1 = require("./defaults");
const queues_1 = require("./queues");
const topic_1 = require("./topic");
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;
const PIPELINE_ARN = /^arn:aws[a-z-]*:codepipeline:[a-z0-9-]+:\d{12}:[A-Za-z0-9.@_-]{1,100}$/;
/** ARN of a rule: `rule/<name>` on the default bus, `rule/<bus>/<name>` on a custom bus. */
function eventRuleArn(region, accountId, eventBusName, ruleName) {
    const path = eventBusName === "default" ? ruleName : `${eventBusName}/${ruleName}`;
    return `arn:aws:events:${region}:${accountId}:rule/${path}`;
}
/**
 * The only way this code base creates an EventBridge rule and its targets. Every target gets the
 * rule's dead-letter queue and retry policy, and exactly the permission it needs, limited to this
 * rule's ARN wherever AWS supports that; the rule gets alarms on failed and dead-lettered deliveries.
 */
class EventRule extends constructs_1.Construct {
    rule;
    targets = [];
    /** Roles created for { kind: "codepipeline" } targets, by target index. */
    pipelineRoles = {};
    alarms = [];
    /** The rule ARN: literal when name, region, bus and account are literal, else the rule's `arn`. */
    ruleArn;
    ruleName;
    region;
    retryPolicy;
    constructor(scope, id, props) {
        super(scope, id);
        // --- validation --------------------------------------------------------------------------
        if (!cdktf_1.Token.isUnresolved(props.ruleName) && !RULE_NAME.test(props.ruleName)) {
            throw new Error(`ruleName: "${props.ruleName}" must be 1-64 letters, digits, ".", "-" or "_"`);
        }
        if (props.description.length > 512) {
            throw new Error(`description: ${props.description.length} characters; shorten it to at most 512`);
        }
        const pattern = props.eventPattern;
        if (typeof pattern !== "object" || pattern === null || Array.isArray(pattern) || Object.keys(pattern).length === 0) {
            throw new Error("eventPattern: give a non-empty object, e.g. { source: [\"aws.codepipeline\"] }");
        }
        const bus = props.eventBusName ?? defaults_1.EVENTS_DEFAULTS.eventBusName;
        if (!cdktf_1.Token.isUnresolved(bus) && (bus.startsWith("arn:") || !BUS_NAME.test(bus))) {
            throw new Error(`eventBusName: "${bus}" must be a bus name (letters, digits, "/", ".", "-", "_"), not an ARN`);
        }
        (0, policy_1.requireAccountId)("accountId", props.accountId);
        const dlq = props.deadLetterQueue;
        if (!(dlq instanceof queues_1.EventsDeadLetterQueue)) {
            throw new Error("deadLetterQueue: every EventBridge target needs a dead-letter queue; pass an EventsDeadLetterQueue in the rule's region");
        }
        const region = props.region ?? dlq.region;
        (0, common_1.requireRegion)("region", region);
        dlq.checkRuleRegion(region, "deadLetterQueue");
        const retry = {
            maximumEventAgeInSeconds: (0, policy_1.requireInt)("retryPolicy.maximumEventAgeInSeconds", props.retryPolicy?.maximumEventAgeInSeconds ?? defaults_1.EVENTS_DEFAULTS.retryPolicy.maximumEventAgeInSeconds, defaults_1.EVENTS_DEFAULTS.retryBounds.maximumEventAgeInSeconds.min, defaults_1.EVENTS_DEFAULTS.retryBounds.maximumEventAgeInSeconds.max),
            maximumRetryAttempts: (0, policy_1.requireInt)("retryPolicy.maximumRetryAttempts", props.retryPolicy?.maximumRetryAttempts ?? defaults_1.EVENTS_DEFAULTS.retryPolicy.maximumRetryAttempts, defaults_1.EVENTS_DEFAULTS.retryBounds.maximumRetryAttempts.min, defaults_1.EVENTS_DEFAULTS.retryBounds.maximumRetryAttempts.max),
        };
        const max = defaults_1.EVENTS_DEFAULTS.maxTargetsPerRule;
        if (props.targets.length === 0 || props.targets.length > max) {
            throw new Error(`targets: ${props.targets.length} given; a rule has 1 to ${max} targets (EventBridge quota); split them over several rules`);
        }
        (0, common_1.requireTopicArn)("alarmTopicArn", props.alarmTopicArn);
        const roleNames = props.targets.map((t, i) => this.checkTarget(t, i, region, props.ruleName));
        // --- resources ---------------------------------------------------------------------------
        const tags = props.tags ?? {};
        this.rule = new cloudwatch_event_rule_1.CloudwatchEventRule(this, "rule", {
            region,
            name: props.ruleName,
            description: props.description,
            eventBusName: bus,
            eventPattern: JSON.stringify(props.eventPattern),
            tags,
        });
        const literal = [region, props.accountId, bus, props.ruleName].every((v) => !cdktf_1.Token.isUnresolved(v));
        this.ruleArn = literal ? eventRuleArn(region, props.accountId, bus, props.ruleName) : this.rule.arn;
        this.ruleName = props.ruleName;
        this.region = region;
        this.retryPolicy = retry;
        dlq.allowRule(this.ruleArn, region);
        props.targets.forEach((target, i) => {
            let arn;
            let roleArn;
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
                    new lambda_permission_1.LambdaPermission(this, `invoke-${i}`, {
                        region: (0, common_1.arnRegion)(target.functionArn) ?? region,
                        functionName: target.functionArn,
                        action: "lambda:InvokeFunction",
                        principal: "events.amazonaws.com",
                        // Only this rule may invoke (EventBridge user guide, eb-use-resource-based "AWS Lambda permissions").
                        sourceArn: this.ruleArn,
                        // Statement ids allow letters, digits, - and _ (rule names also allow .).
                        statementId: cdktf_1.Token.isUnresolved(props.ruleName) ? `EventBridge-${props.ruleName}-${i}` : (0, names_1.fitName)(`EventBridge-${props.ruleName}-${i}`, names_1.AWS_NAMES.lambdaStatementId),
                    });
                    arn = target.functionArn;
                    break;
                case "codepipeline":
                    roleArn = this.pipelineRole(i, target.pipelineArn, roleNames[i], props.accountId, tags).arn;
                    arn = target.pipelineArn;
                    break;
            }
            this.targets.push(new cloudwatch_event_target_1.CloudwatchEventTarget(this, `target-${i}`, {
                region,
                rule: this.rule.name,
                eventBusName: bus,
                targetId: `t${i}-${target.kind}`,
                arn,
                ...(roleArn ? { roleArn } : {}),
                deadLetterConfig: { arn: dlq.queueArn },
                retryPolicy: { ...retry },
            }));
        });
        // Metrics of a custom bus's rules carry EventBusName as well as RuleName (EventBridge user guide,
        // eb-monitoring); each is emitted only when non-zero, so missing data is "no failure".
        const dimensions = bus === "default" ? { RuleName: props.ruleName } : { EventBusName: bus, RuleName: props.ruleName };
        const alarm = (metric, suffix, what) => this.alarms.push((0, alarms_1.occurrenceAlarm)(this, `alarm-${suffix}`, {
            region,
            alarmName: `${props.ruleName}-${suffix}`,
            alarmDescription: `EventBridge rule ${props.ruleName}: ${what}`,
            namespace: "AWS/Events",
            metricName: metric,
            dimensions,
            statistic: "Sum",
            periodSeconds: defaults_1.EVENTS_DEFAULTS.alarmPeriodSeconds,
            alarmTopicArn: props.alarmTopicArn,
            tags,
        }));
        alarm("FailedInvocations", "failed-invocations", "a target invocation failed permanently");
        alarm("InvocationsSentToDlq", "sent-to-dlq", `an event went to the dead-letter queue ${dlq.queueName}`);
        // Not in the brief: the one failure a DLQ cannot catch is the DLQ itself refusing the event.
        alarm("InvocationsFailedToBeSentToDlq", "dlq-delivery-failed", `an event could not even be written to the dead-letter queue ${dlq.queueName}; it is lost`);
    }
    /** Validates one target; returns the role name of a codepipeline target. */
    checkTarget(target, i, region, ruleName) {
        const at = `targets[${i}]`;
        const sameRegion = (arn) => {
            const r = (0, common_1.arnRegion)(arn);
            if (r !== undefined && !cdktf_1.Token.isUnresolved(region) && r !== region) {
                throw new Error(`${at}: the target is in ${r} but the rule is in ${region}; EventBridge delivers across regions only to event buses, so create the rule in ${r}`);
            }
        };
        const grantee = (g, cls) => {
            if (!g)
                throw new Error(`${at}: give the ${cls} to deliver to`);
            g.checkRuleRegion(region, at);
        };
        switch (target.kind) {
            case "sns":
                if (!(target.topic instanceof topic_1.EventsSnsTopic))
                    throw new Error(`${at}.topic: pass an EventsSnsTopic, whose policies follow the rules that target it`);
                grantee(target.topic, "EventsSnsTopic");
                return undefined;
            case "sqs":
                if (!(target.queue instanceof queues_1.EventsTargetQueue))
                    throw new Error(`${at}.queue: pass an EventsTargetQueue, whose policies follow the rules that target it`);
                grantee(target.queue, "EventsTargetQueue");
                return undefined;
            case "lambda":
                if (!cdktf_1.Token.isUnresolved(target.functionArn) && !LAMBDA_ARN.test(target.functionArn)) {
                    throw new Error(`${at}.functionArn: "${target.functionArn}" is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)`);
                }
                sameRegion(target.functionArn);
                return undefined;
            case "codepipeline": {
                if (!cdktf_1.Token.isUnresolved(target.pipelineArn) && !PIPELINE_ARN.test(target.pipelineArn)) {
                    throw new Error(`${at}.pipelineArn: "${target.pipelineArn}" is not a pipeline ARN (arn:aws:codepipeline:<region>:<account>:<name>)`);
                }
                sameRegion(target.pipelineArn);
                const name = target.roleName ?? (cdktf_1.Token.isUnresolved(ruleName) ? `${ruleName}-start-${i}` : (0, names_1.fitName)(`${ruleName}-start-${i}`, names_1.AWS_NAMES.iamRole));
                return (0, policy_1.requireRoleName)(`${at}.roleName`, name);
            }
            default:
                throw new Error(`${at}.kind: "${target.kind}" is not sns, sqs, lambda or codepipeline`);
        }
    }
    /** A role only this rule (of this account) can assume, allowed only to start this pipeline. */
    pipelineRole(i, pipelineArn, roleName, accountId, tags) {
        const role = new iam_role_1.IamRole(this, `start-pipeline-role-${i}`, {
            name: roleName,
            description: `EventBridge rule ${this.ruleName} starts ${cdktf_1.Token.isUnresolved(pipelineArn) ? "a pipeline" : pipelineArn}`,
            assumeRolePolicy: (0, policy_1.policyJson)({
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
        new iam_role_policy_1.IamRolePolicy(this, `start-pipeline-policy-${i}`, {
            role: role.name,
            name: "start-pipeline",
            policy: (0, policy_1.policyJson)({ Effect: "Allow", Action: "codepipeline:StartPipelineExecution", Resource: pipelineArn }),
        });
        this.pipelineRoles[i] = role;
        return role;
    }
}
exports.EventRule = EventRule;
