"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.dlqArnOf = dlqArnOf;
exports.ruleOfTarget = ruleOfTarget;
exports.targetsWritingTo = targetsWritingTo;
exports.queueOf = queueOf;
const arn_1 = require("./arn");
const pipeline_1 = require("./pipeline");
/** Resolved `dead_letter_config.arn` of an EventBridge target. */
function dlqArnOf(target) {
    return (0, pipeline_1.str)((0, pipeline_1.blocks)(target.values.dead_letter_config)[0]?.arn);
}
/** The rule an EventBridge target belongs to: the app's aws_cloudwatch_event_rule when found, and its ARN and region. */
function ruleOfTarget(ctx, target) {
    const raw = target.body.rule;
    const ref = typeof raw === "string" ? /^\$\{aws_cloudwatch_event_rule\.([\w-]+)\.\w+\}$/.exec(raw) : null;
    const name = (0, pipeline_1.str)(target.values.rule);
    const bus = (0, pipeline_1.str)(target.values.event_bus_name);
    const rule = (ref ? ctx.resources("aws_cloudwatch_event_rule").find((r) => r.stack === target.stack && r.name === ref[1]) : undefined) ??
        ctx
            .resources("aws_cloudwatch_event_rule")
            .find((r) => r.values.name === name &&
            ((0, pipeline_1.str)(r.values.event_bus_name) ?? "default") === (bus ?? "default") &&
            r.region === target.region &&
            r.account === target.account);
    if (rule) {
        const arn = ctx.arnOf(rule);
        return { rule, region: rule.region, ...(arn ? { arn } : {}), ...(rule.account ? { account: rule.account } : {}) };
    }
    const busName = bus && bus !== "default" ? bus.split("/").pop() : undefined;
    const arn = name && target.account ? `arn:aws:events:${target.region}:${target.account}:rule/${busName ? `${busName}/` : ""}${name}` : undefined;
    return { region: target.region, ...(arn ? { arn } : {}), ...(target.account ? { account: target.account } : {}) };
}
/** EventBridge targets of the app that deliver to this ARN (as the target) or dead-letter into it. */
function targetsWritingTo(ctx, arn) {
    return ctx
        .resources("aws_cloudwatch_event_target")
        .flatMap((t) => [
        ...(t.values.arn === arn ? [{ target: t, as: "target" }] : []),
        ...(dlqArnOf(t) === arn ? [{ target: t, as: "dead-letter queue" }] : []),
    ]);
}
/** The aws_sqs_queue a queue URL (or ARN) points at. */
function queueOf(ctx, urlOrArn) {
    if (!urlOrArn)
        return undefined;
    if ((0, arn_1.parseArn)(urlOrArn))
        return ctx.findByArn(urlOrArn, ["aws_sqs_queue"]);
    const m = /^https:\/\/sqs\.([\w-]+)\.amazonaws\.com\/(\d{12})\/(.+)$/.exec(urlOrArn);
    return m ? ctx.findByArn(`arn:aws:sqs:${m[1]}:${m[2]}:${m[3]}`, ["aws_sqs_queue"]) : undefined;
}
