"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EVENTS_DEFAULTS = void 0;
exports.eventsDefaults = eventsDefaults;
const queues_1 = require("./queues");
/**
 * The eventing module's defaults and limits, with where they come from.
 *
 * - retryPolicy: 3600 s / 8 attempts instead of AWS's 24 h / 185 attempts (EventBridge user guide,
 *   eb-rule-retry-policy). A pipeline trigger that cannot be delivered within an hour is better
 *   parked in the DLQ, where its alarm wakes someone up, than retried silently for a day.
 * - retry bounds: RetryPolicy API reference (MaximumEventAgeInSeconds 60-86400,
 *   MaximumRetryAttempts 0-185).
 * - maxTargetsPerRule: 5 (EventBridge quotas, "Targets: Maximum 5 targets per rule"; PutTargets).
 * - dlqMessageRetentionSeconds: 1209600 = 14 days, the SQS maximum.
 * - alarms: Sum (or Maximum for the DLQ depth) >= 1 over one 300 s period.
 */
exports.EVENTS_DEFAULTS = Object.freeze({
    eventBusName: "default",
    retryPolicy: Object.freeze({ maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 8 }),
    retryBounds: Object.freeze({
        maximumEventAgeInSeconds: Object.freeze({ min: 60, max: 86400 }),
        maximumRetryAttempts: Object.freeze({ min: 0, max: 185 }),
    }),
    maxTargetsPerRule: 5,
    dlqMessageRetentionSeconds: queues_1.DLQ_MESSAGE_RETENTION_SECONDS,
    alarmPeriodSeconds: 300,
});
/** A mutable copy of {@link EVENTS_DEFAULTS}, for documentation generators and callers. */
function eventsDefaults() {
    return {
        eventBusName: exports.EVENTS_DEFAULTS.eventBusName,
        retryPolicy: { ...exports.EVENTS_DEFAULTS.retryPolicy },
        maxTargetsPerRule: exports.EVENTS_DEFAULTS.maxTargetsPerRule,
        dlqMessageRetentionSeconds: exports.EVENTS_DEFAULTS.dlqMessageRetentionSeconds,
        alarmPeriodSeconds: exports.EVENTS_DEFAULTS.alarmPeriodSeconds,
    };
}
