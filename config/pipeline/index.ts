import { z } from "zod";
import { quote, tagMap } from "../primitives";
import { approvalInvokeCustomActionSchemas } from "./approval-invoke-custom";
import { deployActionSchemas } from "./deploy";
import { connectionSourceSchema } from "./connection";
import { sourceAndBuildActionSchemas } from "./sources-build";

// Pipelines in the landing-zone file. Field names match modules/pipeline's props, so the stacks
// layer only adds what depends on the organisation (roles, artifact stores).

export const stageOrPipelineName = (what: string) =>
  z.string().regex(/^[A-Za-z0-9.@_-]{1,100}$/, { error: (i) => `${quote(i.input)} is not a valid ${what} (1-100 letters, digits, .@-_)` });

const patterns = z
  .strictObject({
    includes: z.array(z.string().min(1).max(255)).optional().describe("Glob patterns that select."),
    excludes: z.array(z.string().min(1).max(255)).optional().describe("Glob patterns that exclude."),
  })
  .describe("Include and exclude glob patterns (at most 8 each).");

const trigger = z
  .strictObject({
    sourceActionName: z.string().describe("The CodeStarSourceConnection source action the trigger watches."),
    push: z
      .array(
        z.strictObject({
          branches: patterns.optional(),
          filePaths: patterns.optional(),
          tags: patterns.optional().describe("Tags; not combined with branches or filePaths in one filter."),
        }),
      )
      .optional()
      .describe("Push filters (at most 3)."),
    pullRequest: z
      .array(
        z.strictObject({
          events: z
            .array(z.enum(["OPEN", "UPDATED", "CLOSED"]))
            .optional()
            .describe("Default: all three."),
          branches: patterns.optional(),
          filePaths: patterns.optional(),
        }),
      )
      .optional()
      .describe("Pull-request filters (at most 3)."),
  })
  .describe("A V2 git trigger with filters.");

const rule = z.strictObject({
  name: stageOrPipelineName("rule name"),
  provider: z.enum(["LambdaInvoke", "CloudWatchAlarm", "CodeBuild", "DeploymentWindow", "VariableCheck", "Commands"]),
  configuration: z.record(z.string(), z.string()).optional(),
  commands: z.array(z.string().min(1).max(1000)).optional(),
  inputArtifacts: z.array(z.string()).optional(),
  region: z.string().optional(),
  timeoutInMinutes: z.number().int().optional(),
});

const condition = z.strictObject({
  result: z.enum(["FAIL", "SKIP", "ROLLBACK", "RETRY"]),
  rules: z.array(rule).min(1).max(5),
});

const ACTION_SCHEMAS = [connectionSourceSchema, ...sourceAndBuildActionSchemas, ...deployActionSchemas, ...approvalInvokeCustomActionSchemas] as const;

/** Every action entry, discriminated by `type`. */
export const actionSchema = z
  .discriminatedUnion("type", ACTION_SCHEMAS, {
    error: (i) => {
      const type = (i.input as { type?: unknown } | undefined)?.type;
      const known = ACTION_SCHEMAS.map((s) => s.shape.type.value).join(", ");
      return type === undefined ? `give the action a "type": one of ${known}` : `${quote(type)} is not an action type; use one of ${known}`;
    },
  })
  .describe("One action; `type` selects its kind.");

export type ActionConfig = z.output<typeof actionSchema>;

/**
 * Input and output artifact names of an action entry: sources name one `output`, single-input
 * deploys one `input` (a Step Functions `input` is the execution input, not an artifact).
 */
export function entryArtifacts(entry: object): { inputs: string[]; outputs: string[] } {
  const a = entry as { type?: unknown; input?: unknown; inputs?: unknown; output?: unknown; outputs?: unknown };
  const single = typeof a.input === "string" && a.type !== "step-functions" ? [a.input] : [];
  return {
    inputs: [...single, ...(Array.isArray(a.inputs) ? (a.inputs as string[]) : [])],
    outputs: [...(typeof a.output === "string" ? [a.output] : []), ...(Array.isArray(a.outputs) ? (a.outputs as string[]) : [])],
  };
}

export const stageSchema = z
  .strictObject({
    name: stageOrPipelineName("stage name"),
    actions: z.array(actionSchema).min(1).describe("The stage's actions; more than 50 are split into consecutive stages."),
    beforeEntry: condition.optional().describe("V2 gate before the stage (result FAIL or SKIP)."),
    onSuccess: condition.optional().describe("V2 check after success (result ROLLBACK or FAIL)."),
    onFailure: z
      .strictObject({
        result: z.enum(["ROLLBACK", "RETRY", "FAIL"]),
        retryMode: z.enum(["FAILED_ACTIONS", "ALL_ACTIONS"]).optional(),
        conditions: condition.optional(),
      })
      .optional()
      .describe("V2: what a failed stage does."),
  })
  .superRefine((stage, ctx) => {
    // What AWS accepts per kind of condition ("Configure conditions for a stage",
    // https://docs.aws.amazon.com/codepipeline/latest/userguide/stage-conditions.html).
    const check = (path: (string | number)[], c: z.output<typeof condition> | undefined, results: readonly string[]) => {
      if (!c) return;
      if (!results.includes(c.result)) {
        ctx.addIssue({
          code: "custom",
          path: [...path, "result"],
          input: c.result,
          message: `${quote(c.result)} is not a result AWS allows here; use ${results.join(" or ")}`,
        });
      }
      if (c.result === "SKIP") {
        c.rules.forEach((r, i) => {
          if (!SKIP_RULES.includes(r.provider)) {
            ctx.addIssue({
              code: "custom",
              path: [...path, "rules", i, "provider"],
              input: r.provider,
              message: `an entry condition that skips the stage supports only ${SKIP_RULES.join(" and ")} rules; use result FAIL with a ${r.provider} rule, or one of those rules`,
            });
          }
        });
      }
      c.rules.forEach((r, i) => {
        const key = RULE_RESOURCE_KEYS[r.provider];
        if (key !== undefined && !r.configuration?.[key]) {
          ctx.addIssue({
            code: "custom",
            path: [...path, "rules", i, "configuration"],
            input: r.configuration,
            message: `a ${r.provider} rule needs configuration.${key}, the resource it reads (the pipeline role is granted exactly that)`,
          });
        }
        if (r.provider === "Commands" && !(r.commands ?? []).length)
          ctx.addIssue({ code: "custom", path: [...path, "rules", i, "commands"], input: r.commands, message: "a Commands rule needs at least one command" });
        if (r.provider !== "Commands" && (r.commands ?? []).length)
          ctx.addIssue({
            code: "custom",
            path: [...path, "rules", i, "commands"],
            input: r.commands,
            message: `only Commands rules take commands; remove them from this ${r.provider} rule`,
          });
      });
    };
    check(["beforeEntry"], stage.beforeEntry, ["FAIL", "SKIP"]);
    check(["onSuccess"], stage.onSuccess, ["ROLLBACK", "FAIL"]);
    check(["onFailure", "conditions"], stage.onFailure?.conditions, ["ROLLBACK"]);
    if (stage.onFailure?.result === "RETRY" && stage.onFailure.conditions) {
      ctx.addIssue({
        code: "custom",
        path: ["onFailure", "conditions"],
        input: stage.onFailure.conditions,
        message: "automatic stage retry cannot be combined with onFailure conditions; remove the conditions, or use result ROLLBACK",
      });
    }
  })
  .describe("A pipeline stage.");

/** The configuration key of each rule type that names its resource (rule-reference-<Provider> pages). */
const RULE_RESOURCE_KEYS: Readonly<Record<string, string>> = { CloudWatchAlarm: "AlarmName", LambdaInvoke: "FunctionName", CodeBuild: "ProjectName" };

/** Rules an entry condition with result SKIP may use (AWS, "Configure conditions for a stage"). */
const SKIP_RULES: readonly string[] = ["LambdaInvoke", "VariableCheck"];

// States per level, from the CodePipeline events reference (detail.state of each detail-type).
export const EVENT_STATES = {
  pipeline: ["CANCELED", "FAILED", "RESUMED", "STARTED", "STOPPED", "STOPPING", "SUCCEEDED", "SUPERSEDED"],
  stage: ["CANCELED", "FAILED", "RESUMED", "STARTED", "STOPPED", "STOPPING", "SUCCEEDED"],
  action: ["ABANDONED", "CANCELED", "FAILED", "STARTED", "SUCCEEDED"],
} as const;

const lambdaArn = z.string().regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/, {
  error: (i) => `${quote(i.input)} is not a Lambda function ARN`,
});

export const pipelineEventSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,29}$/, { error: (i) => `${quote(i.input)} is not a valid rule name part (1-30 lowercase letters, digits, -)` })
      .describe("Short name; the rule is <landing zone>-<pipeline>-<name>."),
    on: z.enum(["pipeline", "stage", "action"]).describe("Which execution state changes: of the pipeline, its stages or its actions."),
    states: z.array(z.string()).min(1).describe("States to route, e.g. FAILED, SUCCEEDED, SUPERSEDED (pipeline); STARTED for an approval action."),
    stages: z.array(z.string()).optional().describe("Only these stages (on: stage or action)."),
    actionCategories: z
      .array(z.enum(["Source", "Build", "Test", "Deploy", "Approval", "Invoke"]))
      .optional()
      .describe("Only actions of these categories (on: action), e.g. Approval."),
    target: z
      .discriminatedUnion("type", [
        z
          .strictObject({
            type: z.literal("sns"),
            emailSubscriptions: z.array(z.email({ error: (i) => `${quote(i.input)} is not an email address` })).optional(),
          })
          .describe("The pipeline's events topic (KMS-encrypted), created once per pipeline; optional email subscribers (of every sns rule of the pipeline)."),
        z.strictObject({ type: z.literal("sqs") }).describe("The pipeline's events queue (KMS-encrypted), created once per pipeline."),
        z.strictObject({ type: z.literal("lambda"), functionArn: lambdaArn }).describe("A Lambda function in the tools account and pipeline region."),
      ])
      .describe("Where the events go. Every target gets the dead-letter queue of the pipeline's region and a retry policy."),
    deadLetterQueueRegion: z.string().optional().describe("Region of the dead-letter queue; must be the rule's (the pipeline's) region. Default: that region."),
  })
  .superRefine((e, ctx) => {
    const allowed: readonly string[] = EVENT_STATES[e.on];
    e.states.forEach((s, i) => {
      if (!allowed.includes(s)) {
        ctx.addIssue({
          code: "custom",
          path: ["states", i],
          input: s,
          message: `${quote(s)} is not a state of ${e.on} events; use one of ${allowed.join(", ")}`,
        });
      }
    });
    if (e.on === "pipeline" && e.stages)
      ctx.addIssue({ code: "custom", path: ["stages"], message: "stages filters stage and action events; remove it or use on: stage / action" });
    if (e.on !== "action" && e.actionCategories) {
      ctx.addIssue({ code: "custom", path: ["actionCategories"], message: "actionCategories filters action events; remove it or use on: action" });
    }
  })
  .describe("An EventBridge rule on the pipeline's execution state changes.");

export const pipelineSchema = z
  .strictObject({
    name: stageOrPipelineName("pipeline name").describe("Pipeline name, unique in the tools account and region."),
    pipelineType: z.enum(["V1", "V2"]).default("V2").describe("V2 unless you need V1 explicitly."),
    executionMode: z.enum(["QUEUED", "SUPERSEDED", "PARALLEL"]).optional().describe("Default SUPERSEDED (QUEUED and PARALLEL need V2)."),
    variables: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[A-Za-z0-9@_-]{1,128}$/, { error: (i) => `${quote(i.input)} is not a valid variable name` }),
          defaultValue: z.string().min(1).max(1000).optional(),
          description: z.string().max(200).optional(),
        }),
      )
      .default([])
      .describe("Pipeline-level variables (V2), referenced as #{variables.<name>}."),
    triggers: z.array(trigger).default([]).describe("Git triggers (V2) on CodeStarSourceConnection sources."),
    stages: z.array(stageSchema).min(2, { error: "a pipeline needs at least two stages (sources, then at least one more)" }),
    tags: tagMap.optional().describe("Tags on the pipeline and what it creates."),
    events: z.array(pipelineEventSchema).default([]).describe("EventBridge rules on this pipeline's state changes."),
    notifications: z
      .strictObject({
        eventTypeIds: z
          .array(z.string().regex(/^codepipeline-pipeline-[a-z-]+$/, { error: (i) => `${quote(i.input)} is not a CodePipeline notification event type id` }))
          .min(1)
          .optional()
          .describe("CodeStar notification event types. Default: failed, succeeded, superseded, canceled executions and approvals needed."),
        slack: z
          .strictObject({
            workspaceId: z.string().regex(/^[0-9A-Z]{1,255}$/, { error: (i) => `${quote(i.input)} is not a Slack workspace (team) id` }),
            channelId: z.string().regex(/^[A-Za-z0-9]+$/, { error: (i) => `${quote(i.input)} is not a Slack channel id` }),
          })
          .optional()
          .describe(
            "Also deliver to this Slack channel through AWS Chatbot. Prerequisite: the Slack workspace authorised once in the Chatbot console of the tools account (its id is shown there); see the README.",
          ),
      })
      .optional()
      .describe("CodeStar notifications for this pipeline (to an SNS topic, optionally Slack)."),
  })
  .superRefine((p, ctx) => {
    // A CODEBUILD_CLONE_REF artifact is a reference that only CodeBuild clones (action-reference-CodeCommit).
    const cloneRefs = new Map<string, string>();
    for (const s of p.stages) {
      for (const a of s.actions) {
        if ((a.type === "codecommit-source" || a.type === "codestar-source") && a.outputArtifactFormat === "CODEBUILD_CLONE_REF")
          cloneRefs.set(a.output, a.name);
      }
    }
    p.stages.forEach((s, si) =>
      s.actions.forEach((a, ai) => {
        if (a.type === "codebuild") return;
        entryArtifacts(a).inputs.forEach((input, ii) => {
          const source = cloneRefs.get(input);
          if (source === undefined) return;
          ctx.addIssue({
            code: "custom",
            path: ["stages", si, "actions", ai, "inputs", ii],
            input,
            message: `${quote(input)} is a CODEBUILD_CLONE_REF artifact of source ${quote(source)}, which only CodeBuild actions can clone; set that source's outputArtifactFormat to CODE_ZIP, or consume it in a codebuild action`,
          });
        });
      }),
    );
  })
  .describe("A CodePipeline pipeline in the tools account's primary region.");

export type PipelineConfig = z.output<typeof pipelineSchema>;
