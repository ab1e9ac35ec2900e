import type { SynthesizedStack } from "../synth/wiring";
import { AppModel } from "./model";
import { outcomeOf, Rule, RuleLevel } from "./rule";
import { CODEPIPELINE_RULES } from "./rules";
import { covers, Suppression } from "./suppress";

/** Pseudo-rule ids for findings about suppressions themselves. */
export const UNUSED_SUPPRESSION = "CP-SUP-1";
export const UNKNOWN_SUPPRESSION = "CP-SUP-2";
/** Pseudo-rule id for a rule that threw instead of deciding. */
export const RULE_FAILURE = "CP-SUP-3";

/** One non-compliant resource (or a wrong suppression). */
export interface GuardrailFinding {
  readonly ruleId: string;
  readonly level: RuleLevel;
  readonly stack: string;
  readonly constructPath: string;
  /** `<type>.<name>`; absent for findings about a suppression on a construct that is not a resource. */
  readonly resource?: string;
  /** The rule's message, then what exactly is wrong. */
  readonly message: string;
  readonly fix: string;
  readonly details: readonly string[];
}

/** A finding a suppression silenced, with its reason (kept for audits). */
export interface SuppressedFinding extends GuardrailFinding {
  readonly reason: string;
  readonly suppressedAt: string;
}

/** A rule that could not decide on a resource (e.g. a Lambda function outside the app). */
export interface UnverifiedCheck {
  readonly ruleId: string;
  readonly stack: string;
  readonly resource: string;
  readonly constructPath: string;
  readonly reasons: readonly string[];
}

export interface GuardrailReport {
  /** Errors first, then warnings; each group by stack, construct path and rule. */
  readonly findings: readonly GuardrailFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly unverified: readonly UnverifiedCheck[];
  readonly errorCount: number;
  readonly warningCount: number;
  /** How many rules and resources were evaluated. */
  readonly ruleCount: number;
  readonly resourceCount: number;
}

export interface EvaluateOptions {
  /** @default CODEPIPELINE_RULES */
  readonly rules?: readonly Rule[];
  /** @default [] */
  readonly suppressions?: readonly Suppression[];
  /** Stack ids to report on; the others are still read for cross-stack values. @default all */
  readonly stacks?: readonly string[];
  /** Construct path of each resource, keyed `<stack id>|<type>.<logical id>`. @default the JSON's `//.metadata.path` */
  readonly constructPaths?: ReadonlyMap<string, string>;
}

const LEVEL_ORDER: Record<RuleLevel, number> = { error: 0, warning: 1 };

function byPriority(a: GuardrailFinding, b: GuardrailFinding): number {
  return (
    LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
    a.stack.localeCompare(b.stack) ||
    a.constructPath.localeCompare(b.constructPath) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

/**
 * Evaluates rules over synthesized stacks (pure: JSON in, report out). `runGuardrails` and the
 * `CodePipelineGuardrails` aspect call it with the stacks of a cdktf app.
 */
export function evaluateGuardrails(stacks: readonly SynthesizedStack[], options: EvaluateOptions = {}): GuardrailReport {
  const rules = options.rules ?? CODEPIPELINE_RULES;
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.id)) throw new Error(`guardrails: two rules have id ${r.id}`);
    ids.add(r.id);
  }
  const model = new AppModel(stacks, options.constructPaths);
  const inScope = (stack: string) => !options.stacks || options.stacks.includes(stack);
  const raw: GuardrailFinding[] = [];
  const unverified: UnverifiedCheck[] = [];
  const evaluated = new Set<string>();

  for (const rule of rules) {
    for (const type of rule.appliesTo) {
      for (const res of model.resources(type)) {
        if (!inScope(res.stack)) continue;
        evaluated.add(`${res.stack}|${res.address}`);
        const base = { stack: res.stack, constructPath: res.constructPath, resource: res.address };
        let outcome;
        try {
          outcome = outcomeOf(rule.check(res, model));
        } catch (e) {
          raw.push({
            ...base,
            ruleId: RULE_FAILURE,
            level: "error",
            message: `rule ${rule.id} failed on ${res.address}: ${(e as Error).message}`,
            fix: `Report it with the resource JSON; meanwhile suppress ${rule.id} here with a reason`,
            details: [],
          });
          continue;
        }
        const details = [...(outcome.details ?? [])];
        if (outcome.status === "non-compliant") {
          raw.push({
            ...base,
            ruleId: rule.id,
            level: rule.level,
            message: details.length ? `${rule.message}: ${details.join("; ")}` : rule.message,
            fix: rule.fix,
            details,
          });
        } else if (outcome.status === "not-applicable" && details.length) {
          unverified.push({ ruleId: rule.id, stack: res.stack, resource: res.address, constructPath: res.constructPath, reasons: details });
        }
      }
    }
  }

  const findings: GuardrailFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<Suppression>();
  const suppressions = options.suppressions ?? [];
  for (const f of raw) {
    const s = suppressions.find((x) => x.ruleId === f.ruleId && covers(x, f.constructPath));
    if (!s) {
      findings.push(f);
      continue;
    }
    for (const x of suppressions) if (x.ruleId === f.ruleId && covers(x, f.constructPath)) used.add(x);
    suppressed.push({ ...f, reason: s.reason, suppressedAt: s.path });
  }
  const resourceAt = new Map(model.allResources().map((r) => [r.constructPath, r]));
  for (const s of suppressions) {
    const stack = s.path.split("/")[0] ?? "";
    if (options.stacks && !inScope(stack)) continue;
    if (used.has(s)) continue;
    const target = resourceAt.get(s.path);
    const base = { stack, constructPath: s.path, ...(target ? { resource: target.address } : {}), details: [] };
    if (!ids.has(s.ruleId)) {
      findings.push({
        ...base,
        ruleId: UNKNOWN_SUPPRESSION,
        level: "error",
        message: `suppression of ${s.ruleId} on ${s.path || "<app>"} names no rule of this pack; remove it`,
        fix: `Use one of the pack's rule ids (${[...ids].join(", ")})`,
      });
    } else {
      findings.push({
        ...base,
        ruleId: UNUSED_SUPPRESSION,
        level: "error",
        message: `suppression of ${s.ruleId} on ${s.path || "<app>"} matches nothing; remove it`,
        fix: `Remove the suppressRule call, or move it to the construct whose resources fail ${s.ruleId}`,
      });
    }
  }
  findings.sort(byPriority);
  suppressed.sort(byPriority);
  return {
    findings,
    suppressed,
    unverified,
    errorCount: findings.filter((f) => f.level === "error").length,
    warningCount: findings.filter((f) => f.level === "warning").length,
    ruleCount: rules.length,
    resourceCount: evaluated.size,
  };
}
