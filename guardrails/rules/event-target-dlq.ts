import { dlqArnOf } from "../events";
import { compliant, defineRule, nonCompliant } from "../rule";

/**
 * CP-EVT-1. EventBridge does not add a dead-letter queue by itself: without one, an event that
 * cannot be delivered after the retries (throttling, a missing permission) is dropped silently,
 * and a pipeline trigger is lost.
 */
export const eventTargetDeadLetterQueue = defineRule({
  id: "CP-EVT-1",
  level: "error",
  title: "EventBridge target without dead-letter queue",
  message: "EventBridge target has no dead_letter_config, so events it fails to deliver are dropped silently",
  fix: "Set dead_letter_config { arn = <SQS queue ARN in the rule's region> } on the target",
  appliesTo: ["aws_cloudwatch_event_target"],
  check(target) {
    return dlqArnOf(target) ? compliant() : nonCompliant(`target of rule ${String(target.values.rule)} has no dead_letter_config.arn`);
  },
});
