/**
 * EventBridge, the landing zone's way: every rule target has a dead-letter queue, a retry policy and
 * a permission limited to its rule, and every rule and DLQ is alarmed.
 *
 * - {@link EventRule}: the only way to create `aws_cloudwatch_event_rule` / `aws_cloudwatch_event_target`.
 * - {@link EventsDeadLetterQueue}: the DLQ; its policies name exactly the rules that use it.
 * - {@link EventsSnsTopic}, {@link EventsTargetQueue}: SNS / SQS targets whose policies follow their rules.
 * - {@link EVENTS_DEFAULTS} / {@link eventsDefaults}: defaults and limits, with their sources.
 */
export { EVENTS_DEFAULTS, eventsDefaults, type RetryPolicy } from "./defaults";
export {
  DLQ_MESSAGE_RETENTION_SECONDS,
  EventsDeadLetterQueue,
  EventsTargetQueue,
  type EventsDeadLetterQueueProps,
  type EventsTargetQueueProps,
  type RuleQueueProps,
} from "./queues";
export {
  EventRule,
  type CodePipelineEventTarget,
  type EventRuleProps,
  type EventTarget,
  type LambdaEventTarget,
  type SnsEventTarget,
  type SqsEventTarget,
} from "./rule";
export type { RuleGrantee } from "./rule-access";
export { EventsSnsTopic, type EventsSnsTopicProps } from "./topic";
