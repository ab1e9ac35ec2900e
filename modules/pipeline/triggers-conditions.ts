import type { CodepipelineStageBeforeEntryCondition, CodepipelineStageOnFailure, CodepipelineTrigger } from "@cdktf/provider-aws/lib/codepipeline";
import type { PolicyStatement } from "../shared/policy";
import type { Action } from "./action";
import { LIMITS } from "./limits";
import { arnPrefix } from "../shared/partition";

/** Glob patterns to include and exclude. */
export interface GitPatterns {
  /** @default [] */
  readonly includes?: string[];
  /** @default [] */
  readonly excludes?: string[];
}

/** Starts the pipeline on a push that matches every given part. */
export interface GitPushFilter {
  readonly branches?: GitPatterns;
  readonly filePaths?: GitPatterns;
  /** Tags; a tag filter stands alone (no branches or file paths in the same filter). */
  readonly tags?: GitPatterns;
}

export type PullRequestEvent = "OPEN" | "UPDATED" | "CLOSED";

/** Starts the pipeline on pull-request events for matching branches and files. */
export interface GitPullRequestFilter {
  /** @default all three events */
  readonly events?: PullRequestEvent[];
  readonly branches?: GitPatterns;
  readonly filePaths?: GitPatterns;
}

/** A git trigger (V2) on one CodeStarSourceConnection source action. */
export interface PipelineTrigger {
  /** The source action (first stage) whose repository is watched. */
  readonly sourceActionName: string;
  /** @default [] */
  readonly push?: GitPushFilter[];
  /** @default [] */
  readonly pullRequest?: GitPullRequestFilter[];
}

export function validateTriggers(where: string, triggers: readonly PipelineTrigger[], sources: readonly Action[]): void {
  if (triggers.length > LIMITS.triggersPerPipeline) throw new Error(`${where}: ${triggers.length} triggers; at most ${LIMITS.triggersPerPipeline}`);
  const seen = new Set<string>();
  for (const t of triggers) {
    const at = `${where} trigger on "${t.sourceActionName}"`;
    const source = sources.find((s) => s.actionName === t.sourceActionName);
    if (!source) throw new Error(`${at}: no source action of that name in the first stage`);
    if (source.type.provider !== "CodeStarSourceConnection") {
      throw new Error(
        `${at}: triggers work only on CodeStarSourceConnection sources, not ${source.type.provider}; use the source's change detection (EventBridge) instead`,
      );
    }
    if (seen.has(t.sourceActionName)) throw new Error(`${at}: a source action has at most one trigger; merge the filters`);
    seen.add(t.sourceActionName);
    const push = t.push ?? [];
    const pr = t.pullRequest ?? [];
    if (push.length === 0 && pr.length === 0) throw new Error(`${at}: give at least one push or pullRequest filter`);
    if (push.length > LIMITS.filtersPerTrigger) throw new Error(`${at}: ${push.length} push filters; at most ${LIMITS.filtersPerTrigger}`);
    if (pr.length > LIMITS.filtersPerTrigger) throw new Error(`${at}: ${pr.length} pullRequest filters; at most ${LIMITS.filtersPerTrigger}`);
    push.forEach((f, i) => {
      const fat = `${at} push[${i}]`;
      if (f.tags && (f.branches || f.filePaths)) throw new Error(`${fat}: tags cannot be combined with branches or filePaths in one filter; use two filters`);
      if (!f.tags && !f.branches) throw new Error(`${fat}: give branches or tags (filePaths alone do not select a ref)`);
      checkPatterns(`${fat}.branches`, f.branches);
      checkPatterns(`${fat}.filePaths`, f.filePaths);
      checkPatterns(`${fat}.tags`, f.tags);
    });
    pr.forEach((f, i) => {
      const fat = `${at} pullRequest[${i}]`;
      if (!f.branches) throw new Error(`${fat}: give branches (the pull request's target branches)`);
      checkPatterns(`${fat}.branches`, f.branches);
      checkPatterns(`${fat}.filePaths`, f.filePaths);
      const events = f.events ?? [];
      for (const e of events) if (!["OPEN", "UPDATED", "CLOSED"].includes(e)) throw new Error(`${fat}.events: "${e}" is not OPEN, UPDATED or CLOSED`);
      if (new Set(events).size !== events.length) throw new Error(`${fat}.events: an event is listed twice`);
    });
  }
}

function checkPatterns(at: string, p: GitPatterns | undefined): void {
  if (!p) return;
  const includes = p.includes ?? [];
  const excludes = p.excludes ?? [];
  if (includes.length === 0 && excludes.length === 0) throw new Error(`${at}: give includes or excludes`);
  for (const [name, list] of [
    ["includes", includes],
    ["excludes", excludes],
  ] as const) {
    if (list.length > LIMITS.patternsPerList) throw new Error(`${at}.${name}: ${list.length} patterns; at most ${LIMITS.patternsPerList}`);
    for (const pattern of list) if (pattern.length === 0 || pattern.length > 255) throw new Error(`${at}.${name}: patterns must be 1-255 characters`);
  }
}

const patterns = (p: GitPatterns | undefined) =>
  p ? { ...(p.includes?.length ? { includes: p.includes } : {}), ...(p.excludes?.length ? { excludes: p.excludes } : {}) } : undefined;

export function renderTrigger(t: PipelineTrigger): CodepipelineTrigger {
  return {
    providerType: "CodeStarSourceConnection",
    gitConfiguration: {
      sourceActionName: t.sourceActionName,
      ...(t.push?.length
        ? {
            push: t.push.map((f) => ({
              ...(f.branches ? { branches: patterns(f.branches) } : {}),
              ...(f.filePaths ? { filePaths: patterns(f.filePaths) } : {}),
              ...(f.tags ? { tags: patterns(f.tags) } : {}),
            })),
          }
        : {}),
      ...(t.pullRequest?.length
        ? {
            pullRequest: t.pullRequest.map((f) => ({
              events: f.events ?? ["OPEN", "UPDATED", "CLOSED"],
              ...(f.branches ? { branches: patterns(f.branches) } : {}),
              ...(f.filePaths ? { filePaths: patterns(f.filePaths) } : {}),
            })),
          }
        : {}),
    },
  };
}

export type ConditionResult = "FAIL" | "SKIP" | "ROLLBACK" | "RETRY";
export type RuleProvider = "LambdaInvoke" | "CloudWatchAlarm" | "CodeBuild" | "DeploymentWindow" | "VariableCheck" | "Commands";

/** One rule of a stage condition. */
export interface ConditionRule {
  /** 1-100 letters, digits and `.@-_`. */
  readonly name: string;
  readonly provider: RuleProvider;
  /** The rule's configuration keys (e.g. AlarmName, Cron, Variable/Operator/Value). @default {} */
  readonly configuration?: Record<string, string>;
  /** Shell commands (Commands rules only). @default [] */
  readonly commands?: string[];
  /** @default [] */
  readonly inputArtifacts?: string[];
  /** @default the pipeline role */
  readonly roleArn?: string;
  /** @default the pipeline's region */
  readonly region?: string;
  /** @default the rule type's */
  readonly timeoutInMinutes?: number;
}

/** A stage condition: its rules must all pass, else `result` applies. */
export interface StageCondition {
  /** beforeEntry: FAIL or SKIP; onSuccess: ROLLBACK or FAIL. */
  readonly result: ConditionResult;
  /** 1 to 5 rules. */
  readonly rules: ConditionRule[];
}

/** What a stage does when it fails. */
export interface FailureCondition {
  /** ROLLBACK to the last successful execution, RETRY, or FAIL. */
  readonly result: "ROLLBACK" | "RETRY" | "FAIL";
  /** With RETRY: retry only the failed actions, or all of them. @default "FAILED_ACTIONS" */
  readonly retryMode?: "FAILED_ACTIONS" | "ALL_ACTIONS";
  /** Rules that must fail for `result` to apply. @default none (always on failure) */
  readonly conditions?: StageCondition;
}

const RULE_PROVIDERS: readonly RuleProvider[] = ["LambdaInvoke", "CloudWatchAlarm", "CodeBuild", "DeploymentWindow", "VariableCheck", "Commands"];

export function validateCondition(at: string, c: StageCondition, results: readonly ConditionResult[]): void {
  if (!results.includes(c.result)) throw new Error(`${at}: result "${c.result}" is not allowed here; use ${results.join(" or ")}`);
  if (c.rules.length < 1 || c.rules.length > LIMITS.rulesPerCondition)
    throw new Error(`${at}: give 1 to ${LIMITS.rulesPerCondition} rules, got ${c.rules.length}`);
  for (const r of c.rules) {
    if (!RULE_PROVIDERS.includes(r.provider)) throw new Error(`${at}: rule "${r.name}" provider "${r.provider}" is not one of ${RULE_PROVIDERS.join(", ")}`);
    if (r.provider === "Commands" && !(r.commands ?? []).length) throw new Error(`${at}: Commands rule "${r.name}" needs commands`);
    if (r.provider !== "Commands" && r.commands?.length) throw new Error(`${at}: rule "${r.name}" is not a Commands rule; remove commands`);
    // AWS: an entry condition that skips the stage supports only these rules ("Configure conditions for a stage").
    if (c.result === "SKIP" && r.provider !== "LambdaInvoke" && r.provider !== "VariableCheck") {
      throw new Error(`${at}: result SKIP supports only LambdaInvoke and VariableCheck rules; rule "${r.name}" is ${r.provider}`);
    }
  }
}

/** The configuration key naming what a rule reads, where the pipeline role needs a grant on it. */
const RULE_RESOURCE_KEY: Partial<Record<RuleProvider, string>> = { CloudWatchAlarm: "AlarmName", LambdaInvoke: "FunctionName", CodeBuild: "ProjectName" };

/**
 * What the pipeline role needs to evaluate a rule that runs without a role of its own, on exactly
 * the rule's resource ("Service role policy permissions" of each rule-reference-<Provider> page of
 * the CodePipeline user guide). DeploymentWindow and VariableCheck read nothing.
 */
export function ruleStatements(
  at: string,
  r: ConditionRule,
  where: { readonly account: string; readonly region: string; readonly pipelineName: string },
): PolicyStatement[] {
  if (r.roleArn) return [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: r.roleArn }];
  const region = r.region ?? where.region;
  const key = RULE_RESOURCE_KEY[r.provider];
  const value = key === undefined ? undefined : r.configuration?.[key];
  if (key !== undefined && !value) throw new Error(`${at}: ${r.provider} rule "${r.name}" needs configuration.${key}`);
  switch (r.provider) {
    case "CloudWatchAlarm":
      return [{ Effect: "Allow", Action: "cloudwatch:DescribeAlarms", Resource: `${arnPrefix(region)}:cloudwatch:${region}:${where.account}:alarm:${value}` }];
    case "LambdaInvoke":
      return [
        {
          Effect: "Allow",
          Action: "lambda:InvokeFunction",
          Resource: value!.startsWith("arn:") ? value! : `${arnPrefix(region)}:lambda:${region}:${where.account}:function:${value}`,
        },
      ];
    case "CodeBuild":
      return [
        {
          Effect: "Allow",
          Action: ["codebuild:BatchGetBuilds", "codebuild:StartBuild"],
          Resource: `${arnPrefix(region)}:codebuild:${region}:${where.account}:project/${value}`,
        },
      ];
    case "Commands": {
      // Commands run as builds that log to the pipeline's own log group.
      const group = `${arnPrefix(region)}:logs:${region}:${where.account}:log-group:/aws/codepipeline/${where.pipelineName}`;
      return [{ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: [group, `${group}:*`] }];
    }
    default:
      return [];
  }
}

export function renderCondition(c: StageCondition): CodepipelineStageBeforeEntryCondition {
  return {
    result: c.result,
    rule: c.rules.map((r) => ({
      name: r.name,
      ruleTypeId: { category: "Rule", owner: "AWS", provider: r.provider, version: "1" },
      ...(r.configuration ? { configuration: r.configuration } : {}),
      ...(r.commands?.length ? { commands: r.commands } : {}),
      ...(r.inputArtifacts?.length ? { inputArtifacts: r.inputArtifacts } : {}),
      ...(r.roleArn ? { roleArn: r.roleArn } : {}),
      ...(r.region ? { region: r.region } : {}),
      ...(r.timeoutInMinutes ? { timeoutInMinutes: r.timeoutInMinutes } : {}),
    })),
  };
}

export function renderFailure(f: FailureCondition): CodepipelineStageOnFailure {
  return {
    result: f.result,
    ...(f.result === "RETRY" ? { retryConfiguration: { retryMode: f.retryMode ?? "FAILED_ACTIONS" } } : {}),
    ...(f.conditions ? { condition: renderCondition(f.conditions) } : {}),
  };
}
