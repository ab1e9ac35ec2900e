"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.eventTargetDeadLetterQueue = void 0;
const events_1 = require("../events");
const rule_1 = require("../rule");
/**
 * CP-EVT-1. EventBridge does not add a dead-letter queue by itself: without one, an event that
 * cannot be delivered after the retries (throttling, a missing permission) is dropped silently,
 * and a pipeline trigger is lost.
 */
exports.eventTargetDeadLetterQueue = (0, rule_1.defineRule)({
    id: "CP-EVT-1",
    level: "error",
    title: "EventBridge target without dead-letter queue",
    message: "EventBridge target has no dead_letter_config, so events it fails to deliver are dropped silently",
    fix: "Set dead_letter_config { arn = <SQS queue ARN in the rule's region> } on the target",
    appliesTo: ["aws_cloudwatch_event_target"],
    check(target) {
        return (0, events_1.dlqArnOf)(target) ? (0, rule_1.compliant)() : (0, rule_1.nonCompliant)(`target of rule ${String(target.values.rule)} has no dead_letter_config.arn`);
    },
});
