import { parseArn } from "../arn";
import { coversAction, parsePolicy, positiveConditionValues } from "../policy";
import { compliant, defineRule, nonCompliant, notApplicable } from "../rule";

const EVENTS = "events.amazonaws.com";

/**
 * CP-EVT-4. A queue policy that lets events.amazonaws.com send messages without an aws:SourceArn
 * condition lets any rule of any account write into the queue (confused deputy). Applies to every
 * queue EventBridge writes to, dead-letter queues in particular.
 */
export const eventsQueuePolicySourceArn = defineRule({
  id: "CP-EVT-4",
  level: "error",
  title: "Queue policy for EventBridge without aws:SourceArn",
  message: "Queue policy allows events.amazonaws.com to send messages without an aws:SourceArn condition naming the rules",
  fix: 'Add Condition { ArnEquals = { "aws:SourceArn" = [<rule ARNs>] } } to the statement that allows events.amazonaws.com',
  appliesTo: ["aws_sqs_queue_policy", "aws_sqs_queue"],
  check(res) {
    if (res.values.policy === undefined) return notApplicable();
    const parsed = parsePolicy(res.values.policy);
    if (!parsed.ok) return notApplicable(`policy cannot be read: ${parsed.error}`);
    const grants = parsed.statements.filter((st) => st.effect === "Allow" && st.principal?.service.includes(EVENTS) && coversAction(st, "sqs:SendMessage"));
    if (grants.length === 0) return notApplicable();
    const problems: string[] = [];
    grants.forEach((st, i) => {
      const label = `statement ${st.sid ?? `#${i + 1}`}`;
      const sources = positiveConditionValues(st, "aws:SourceArn");
      if (!sources || sources.length === 0) {
        problems.push(`${label} allows ${EVENTS} without an aws:SourceArn condition`);
        return;
      }
      const broad = sources.filter((s) => s === "*" || parseArn(s)?.account === "*" || parseArn(s)?.account === "");
      if (broad.length) problems.push(`${label} allows ${EVENTS} for aws:SourceArn ${broad.join(", ")}, which matches rules of any account`);
    });
    return problems.length ? nonCompliant(...problems) : compliant();
  },
});
