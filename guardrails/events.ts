import { parseArn } from "./arn";
import { blocks, str } from "./pipeline";
import type { RuleContext, TfResource } from "./rule";
import { arnPrefix } from "../modules/shared/partition";

/** Resolved `dead_letter_config.arn` of an EventBridge target. */
export function dlqArnOf(target: TfResource): string | undefined {
  return str(blocks(target.values.dead_letter_config)[0]?.arn);
}

/** The rule an EventBridge target belongs to: the app's aws_cloudwatch_event_rule when found, and its ARN and region. */
export function ruleOfTarget(ctx: RuleContext, target: TfResource): { rule?: TfResource; arn?: string; region: string; account?: string } {
  const raw = target.body.rule;
  const ref = typeof raw === "string" ? /^\$\{aws_cloudwatch_event_rule\.([\w-]+)\.\w+\}$/.exec(raw) : null;
  const name = str(target.values.rule);
  const bus = str(target.values.event_bus_name);
  const rule =
    (ref ? ctx.resources("aws_cloudwatch_event_rule").find((r) => r.stack === target.stack && r.name === ref[1]) : undefined) ??
    ctx
      .resources("aws_cloudwatch_event_rule")
      .find(
        (r) =>
          r.values.name === name &&
          (str(r.values.event_bus_name) ?? "default") === (bus ?? "default") &&
          r.region === target.region &&
          r.account === target.account,
      );
  if (rule) {
    const arn = ctx.arnOf(rule);
    return { rule, region: rule.region, ...(arn ? { arn } : {}), ...(rule.account ? { account: rule.account } : {}) };
  }
  const busName = bus && bus !== "default" ? bus.split("/").pop() : undefined;
  const arn =
    name && target.account ? `${arnPrefix(target.region)}:events:${target.region}:${target.account}:rule/${busName ? `${busName}/` : ""}${name}` : undefined;
  return { region: target.region, ...(arn ? { arn } : {}), ...(target.account ? { account: target.account } : {}) };
}

/** EventBridge targets of the app that deliver to this ARN (as the target) or dead-letter into it. */
export function targetsWritingTo(ctx: RuleContext, arn: string): { target: TfResource; as: "target" | "dead-letter queue" }[] {
  return ctx
    .resources("aws_cloudwatch_event_target")
    .flatMap((t) => [
      ...(t.values.arn === arn ? [{ target: t, as: "target" as const }] : []),
      ...(dlqArnOf(t) === arn ? [{ target: t, as: "dead-letter queue" as const }] : []),
    ]);
}

/** The aws_sqs_queue a queue URL (or ARN) points at. */
export function queueOf(ctx: RuleContext, urlOrArn: string | undefined): TfResource | undefined {
  if (!urlOrArn) return undefined;
  if (parseArn(urlOrArn)) return ctx.findByArn(urlOrArn, ["aws_sqs_queue"]);
  const m = /^https:\/\/sqs\.([\w-]+)\.amazonaws\.com\/(\d{12})\/(.+)$/.exec(urlOrArn);
  const [, region, account, name] = m ?? [];
  return region && account && name ? ctx.findByArn(`${arnPrefix(region)}:sqs:${region}:${account}:${name}`, ["aws_sqs_queue"]) : undefined;
}
