import { parseArn } from "../arn";
import { dlqArnOf, ruleOfTarget } from "../events";
import { compliant, defineRule, nonCompliant, notApplicable } from "../rule";

/**
 * CP-EVT-3. EventBridge sends undeliverable events to a dead-letter queue of the rule's own region;
 * a queue in another region never receives them.
 */
export const deadLetterQueueRegion = defineRule({
  id: "CP-EVT-3",
  level: "error",
  title: "Dead-letter queue in another region than its rule",
  message: "EventBridge target's dead-letter queue is in another region than its rule",
  fix: "Use a dead-letter queue created in the rule's region (one DLQ per region)",
  appliesTo: ["aws_cloudwatch_event_target"],
  check(target, ctx) {
    const dlq = dlqArnOf(target);
    if (!dlq) return notApplicable();
    const queue = parseArn(dlq);
    if (!queue?.region) return notApplicable(`dead_letter_config.arn ${dlq} cannot be resolved to an ARN before apply`);
    const rule = ruleOfTarget(ctx, target);
    return queue.region === rule.region
      ? compliant()
      : nonCompliant(`rule ${String(target.values.rule)} is in ${rule.region}, its dead-letter queue ${dlq} in ${queue.region}`);
  },
});
