"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.eventsQueuePolicySourceArn = void 0;
const arn_1 = require("../arn");
const policy_1 = require("../policy");
const rule_1 = require("../rule");
const EVENTS = "events.amazonaws.com";
/**
 * CP-EVT-4. A queue policy that lets events.amazonaws.com send messages without an aws:SourceArn
 * condition lets any rule of any account write into the queue (confused deputy). Applies to every
 * queue EventBridge writes to, dead-letter queues in particular.
 */
exports.eventsQueuePolicySourceArn = (0, rule_1.defineRule)({
    id: "CP-EVT-4",
    level: "error",
    title: "Queue policy for EventBridge without aws:SourceArn",
    message: "Queue policy allows events.amazonaws.com to send messages without an aws:SourceArn condition naming the rules",
    fix: "Add Condition { ArnEquals = { \"aws:SourceArn\" = [<rule ARNs>] } } to the statement that allows events.amazonaws.com",
    appliesTo: ["aws_sqs_queue_policy", "aws_sqs_queue"],
    check(res) {
        if (res.values.policy === undefined)
            return (0, rule_1.notApplicable)();
        const parsed = (0, policy_1.parsePolicy)(res.values.policy);
        if (!parsed.ok)
            return (0, rule_1.notApplicable)(`policy cannot be read: ${parsed.error}`);
        const grants = parsed.statements.filter((st) => st.effect === "Allow" && st.principal?.service.includes(EVENTS) && (0, policy_1.coversAction)(st, "sqs:SendMessage"));
        if (grants.length === 0)
            return (0, rule_1.notApplicable)();
        const problems = [];
        grants.forEach((st, i) => {
            const label = `statement ${st.sid ?? `#${i + 1}`}`;
            const sources = (0, policy_1.positiveConditionValues)(st, "aws:SourceArn");
            if (!sources || sources.length === 0) {
                problems.push(`${label} allows ${EVENTS} without an aws:SourceArn condition`);
                return;
            }
            const broad = sources.filter((s) => s === "*" || (0, arn_1.parseArn)(s)?.account === "*" || (0, arn_1.parseArn)(s)?.account === "");
            if (broad.length)
                problems.push(`${label} allows ${EVENTS} for aws:SourceArn ${broad.join(", ")}, which matches rules of any account`);
        });
        return problems.length ? (0, rule_1.nonCompliant)(...problems) : (0, rule_1.compliant)();
    },
});
