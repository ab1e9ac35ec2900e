"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.eventTargetRetryPolicy = void 0;
const pipeline_1 = require("../pipeline");
const rule_1 = require("../rule");
/**
 * CP-EVT-2 (warning). Without retry_policy the service default applies (24 hours, 185 attempts);
 * that is not wrong, but how long a trigger may lag should be a decision, not an accident.
 */
exports.eventTargetRetryPolicy = (0, rule_1.defineRule)({
    id: "CP-EVT-2",
    level: "warning",
    title: "EventBridge target without retry policy",
    message: "EventBridge target has no retry_policy, so the service default (24 h, 185 attempts) decides how long delivery is retried",
    fix: "Set retry_policy { maximum_event_age_in_seconds, maximum_retry_attempts } on the target",
    appliesTo: ["aws_cloudwatch_event_target"],
    check(target) {
        const policy = (0, pipeline_1.blocks)(target.values.retry_policy)[0];
        const set = policy && (policy.maximum_event_age_in_seconds !== undefined || policy.maximum_retry_attempts !== undefined);
        return set ? (0, rule_1.compliant)() : (0, rule_1.nonCompliant)(`target of rule ${String(target.values.rule)} has no retry_policy`);
    },
});
