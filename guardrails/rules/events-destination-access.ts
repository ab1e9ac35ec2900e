import { ruleOfTarget, targetsWritingTo } from "../events";
import { findKey, keyPolicy } from "../kms";
import { allows, parsePolicy, PolicyStatementView } from "../policy";
import { defineRule, fromProblems, notApplicable, RuleContext, TfResource } from "../rule";

const EVENTS = "events.amazonaws.com";

/** How EventBridge writes to each destination type, and where that type's resource policies are. */
const DESTINATIONS: Readonly<Record<string, { action: string; policies: (ctx: RuleContext, res: TfResource, arn: string) => unknown[] }>> = {
  aws_sqs_queue: {
    action: "sqs:SendMessage",
    policies: (ctx, queue, arn) => {
      const url = ctx.resolve(queue.stack, `\${${queue.address}.url}`);
      const attached = ctx.resources("aws_sqs_queue_policy").filter((p) => p.values.queue_url === url || p.values.queue_url === arn);
      return [queue.values.policy, ...attached.map((p) => p.values.policy)];
    },
  },
  aws_sns_topic: {
    action: "sns:Publish",
    policies: (ctx, topic, arn) => [
      topic.values.policy,
      ...ctx
        .resources("aws_sns_topic_policy")
        .filter((p) => p.values.arn === arn)
        .map((p) => p.values.policy),
    ],
  },
};

/**
 * CP-EVT-5. A dead-letter queue only helps if EventBridge may write to it, and a queue or topic that
 * is a rule's target must let it deliver too: its resource policy must allow events.amazonaws.com
 * (sqs:SendMessage / sns:Publish) for every rule that writes to it, and when it is encrypted with
 * KMS the key policy must let events.amazonaws.com use the key for those rules. An AWS managed key
 * (alias/aws/sqs, alias/aws/sns) cannot grant the service. Otherwise the events are lost: a
 * failing dead-letter queue has no dead-letter queue.
 */
export const eventsDestinationAccess = defineRule({
  id: "CP-EVT-5",
  level: "error",
  title: "Queue or topic EventBridge cannot write to",
  message: "Dead-letter queue or target queue/topic does not let EventBridge deliver from every rule that writes to it",
  fix: "Allow events.amazonaws.com sqs:SendMessage/sns:Publish in its policy (queues: aws:SourceArn = each rule ARN); encrypt with SSE-SQS or a CMK whose policy lets events.amazonaws.com kms:GenerateDataKey and kms:Decrypt",
  appliesTo: Object.keys(DESTINATIONS),
  check(res, ctx) {
    const kind = DESTINATIONS[res.type]!;
    const arn = ctx.arnOf(res);
    const users = arn ? targetsWritingTo(ctx, arn) : [];
    if (!arn || users.length === 0) return notApplicable();
    const rules = users.map(({ target, as }) => ({ as, ...ruleOfTarget(ctx, target) })).filter((r) => r.arn !== undefined);
    const contextOf = (rule: (typeof rules)[number]) => ({
      "aws:SourceArn": rule.arn!,
      ...(rule.account ? { "aws:SourceAccount": rule.account } : {}),
      "aws:SecureTransport": "true",
    });
    const problems: string[] = [];

    const statements: PolicyStatementView[] = [];
    for (const s of kind.policies(ctx, res, arn).filter((x) => x !== undefined)) {
      const parsed = parsePolicy(s);
      if (!parsed.ok) return notApplicable(`resource policy cannot be read: ${parsed.error}`);
      statements.push(...parsed.statements);
    }
    if (statements.length === 0) problems.push(`${arn} has no resource policy, so EventBridge may not ${kind.action} to it`);
    else {
      for (const rule of rules) {
        const req = { action: kind.action, resource: arn, caller: { service: EVENTS }, context: contextOf(rule) };
        if (!allows(statements, req))
          problems.push(`policy of ${arn} does not allow ${EVENTS} ${kind.action} from rule ${rule.arn} (it is the rule's ${rule.as})`);
      }
    }

    const kmsKey = typeof res.values.kms_master_key_id === "string" ? res.values.kms_master_key_id : undefined;
    if (kmsKey) {
      const ref = findKey(ctx, kmsKey);
      if (ref.awsManaged) problems.push(`${arn} is encrypted with the AWS managed key ${kmsKey}, whose key policy does not let EventBridge use it`);
      else if (ref.key) {
        const { statements: keyStatements, error } = keyPolicy(ctx, ref.key);
        if (error) return notApplicable(error);
        const keyArn = ctx.arnOf(ref.key) ?? kmsKey;
        for (const rule of rules) {
          const missing = ["kms:GenerateDataKey", "kms:Decrypt"].filter(
            (action) => !allows(keyStatements, { action, resource: keyArn, caller: { service: EVENTS }, context: contextOf(rule) }),
          );
          if (missing.length)
            problems.push(
              `key ${keyArn} does not allow ${EVENTS} ${missing.join(", ")} for rule ${rule.arn}, needed to write to the encrypted ${res.type === "aws_sqs_queue" ? "queue" : "topic"}`,
            );
        }
      }
    }
    return fromProblems(problems);
  },
});
