"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deadLetterQueueRegion = void 0;
const arn_1 = require("../arn");
const events_1 = require("../events");
const rule_1 = require("../rule");
/**
 * CP-EVT-3. EventBridge sends undeliverable events to a dead-letter queue of the rule's own region;
 * a queue in another region never receives them.
 */
exports.deadLetterQueueRegion = (0, rule_1.defineRule)({
    id: "CP-EVT-3",
    level: "error",
    title: "Dead-letter queue in another region than its rule",
    message: "EventBridge target's dead-letter queue is in another region than its rule",
    fix: "Use a dead-letter queue created in the rule's region (one DLQ per region)",
    appliesTo: ["aws_cloudwatch_event_target"],
    check(target, ctx) {
        const dlq = (0, events_1.dlqArnOf)(target);
        if (!dlq)
            return (0, rule_1.notApplicable)();
        const queue = (0, arn_1.parseArn)(dlq);
        if (!queue || !queue.region)
            return (0, rule_1.notApplicable)(`dead_letter_config.arn ${dlq} cannot be resolved to an ARN before apply`);
        const rule = (0, events_1.ruleOfTarget)(ctx, target);
        return queue.region === rule.region
            ? (0, rule_1.compliant)()
            : (0, rule_1.nonCompliant)(`rule ${String(target.values.rule)} is in ${rule.region}, its dead-letter queue ${dlq} in ${queue.region}`);
    },
});
