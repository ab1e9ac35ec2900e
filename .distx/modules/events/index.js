"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EventsSnsTopic = exports.RuleAccess = exports.eventRuleArn = exports.EventRule = exports.RuleQueue = exports.EventsTargetQueue = exports.EventsDeadLetterQueue = exports.DLQ_MESSAGE_RETENTION_SECONDS = exports.eventsDefaults = exports.EVENTS_DEFAULTS = void 0;
/**
 * EventBridge, the landing zone's way: every rule target has a dead-letter queue, a retry policy and
 * a permission limited to its rule, and every rule and DLQ is alarmed.
 *
 * - {@link EventRule}: the only way to create `aws_cloudwatch_event_rule` / `aws_cloudwatch_event_target`.
 * - {@link EventsDeadLetterQueue}: the DLQ; its policies name exactly the rules that use it.
 * - {@link EventsSnsTopic}, {@link EventsTargetQueue}: SNS / SQS targets whose policies follow their rules.
 * - {@link EVENTS_DEFAULTS} / {@link eventsDefaults}: defaults and limits, with their sources.
 */
var defaults_1 = require("./defaults");
Object.defineProperty(exports, "EVENTS_DEFAULTS", { enumerable: true, get: function () { return defaults_1.EVENTS_DEFAULTS; } });
Object.defineProperty(exports, "eventsDefaults", { enumerable: true, get: function () { return defaults_1.eventsDefaults; } });
var queues_1 = require("./queues");
Object.defineProperty(exports, "DLQ_MESSAGE_RETENTION_SECONDS", { enumerable: true, get: function () { return queues_1.DLQ_MESSAGE_RETENTION_SECONDS; } });
Object.defineProperty(exports, "EventsDeadLetterQueue", { enumerable: true, get: function () { return queues_1.EventsDeadLetterQueue; } });
Object.defineProperty(exports, "EventsTargetQueue", { enumerable: true, get: function () { return queues_1.EventsTargetQueue; } });
Object.defineProperty(exports, "RuleQueue", { enumerable: true, get: function () { return queues_1.RuleQueue; } });
var rule_1 = require("./rule");
Object.defineProperty(exports, "EventRule", { enumerable: true, get: function () { return rule_1.EventRule; } });
Object.defineProperty(exports, "eventRuleArn", { enumerable: true, get: function () { return rule_1.eventRuleArn; } });
var rule_access_1 = require("./rule-access");
Object.defineProperty(exports, "RuleAccess", { enumerable: true, get: function () { return rule_access_1.RuleAccess; } });
var topic_1 = require("./topic");
Object.defineProperty(exports, "EventsSnsTopic", { enumerable: true, get: function () { return topic_1.EventsSnsTopic; } });
