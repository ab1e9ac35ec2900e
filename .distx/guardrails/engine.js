"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RULE_FAILURE = exports.UNKNOWN_SUPPRESSION = exports.UNUSED_SUPPRESSION = void 0;
exports.evaluateGuardrails = evaluateGuardrails;
const model_1 = require("./model");
const rule_1 = require("./rule");
const rules_1 = require("./rules");
const suppress_1 = require("./suppress");
/** Pseudo-rule ids for findings about suppressions themselves. */
exports.UNUSED_SUPPRESSION = "CP-SUP-1";
exports.UNKNOWN_SUPPRESSION = "CP-SUP-2";
/** Pseudo-rule id for a rule that threw instead of deciding. */
exports.RULE_FAILURE = "CP-SUP-3";
const LEVEL_ORDER = { error: 0, warning: 1 };
function byPriority(a, b) {
    return (LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
        a.stack.localeCompare(b.stack) ||
        a.constructPath.localeCompare(b.constructPath) ||
        a.ruleId.localeCompare(b.ruleId));
}
/**
 * Evaluates rules over synthesized stacks (pure: JSON in, report out). `runGuardrails` and the
 * `CodePipelineGuardrails` aspect call it with the stacks of a cdktf app.
 */
function evaluateGuardrails(stacks, options = {}) {
    const rules = options.rules ?? rules_1.CODEPIPELINE_RULES;
    const ids = new Set();
    for (const r of rules) {
        if (ids.has(r.id))
            throw new Error(`guardrails: two rules have id ${r.id}`);
        ids.add(r.id);
    }
    const model = new model_1.AppModel(stacks, options.constructPaths);
    const inScope = (stack) => !options.stacks || options.stacks.includes(stack);
    const raw = [];
    const unverified = [];
    const evaluated = new Set();
    for (const rule of rules) {
        for (const type of rule.appliesTo) {
            for (const res of model.resources(type)) {
                if (!inScope(res.stack))
                    continue;
                evaluated.add(`${res.stack}|${res.address}`);
                const base = { stack: res.stack, constructPath: res.constructPath, resource: res.address };
                let outcome;
                try {
                    outcome = (0, rule_1.outcomeOf)(rule.check(res, model));
                }
                catch (e) {
                    raw.push({
                        ...base,
                        ruleId: exports.RULE_FAILURE,
                        level: "error",
                        message: `rule ${rule.id} failed on ${res.address}: ${e.message}`,
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
                }
                else if (outcome.status === "not-applicable" && details.length) {
                    unverified.push({ ruleId: rule.id, stack: res.stack, resource: res.address, constructPath: res.constructPath, reasons: details });
                }
            }
        }
    }
    const findings = [];
    const suppressed = [];
    const used = new Set();
    const suppressions = options.suppressions ?? [];
    for (const f of raw) {
        const s = suppressions.find((x) => x.ruleId === f.ruleId && (0, suppress_1.covers)(x, f.constructPath));
        if (!s) {
            findings.push(f);
            continue;
        }
        for (const x of suppressions)
            if (x.ruleId === f.ruleId && (0, suppress_1.covers)(x, f.constructPath))
                used.add(x);
        suppressed.push({ ...f, reason: s.reason, suppressedAt: s.path });
    }
    const resourceAt = new Map(model.allResources().map((r) => [r.constructPath, r]));
    for (const s of suppressions) {
        const stack = s.path.split("/")[0] ?? "";
        if (options.stacks && !inScope(stack))
            continue;
        if (used.has(s))
            continue;
        const target = resourceAt.get(s.path);
        const base = { stack, constructPath: s.path, ...(target ? { resource: target.address } : {}), details: [] };
        if (!ids.has(s.ruleId)) {
            findings.push({
                ...base,
                ruleId: exports.UNKNOWN_SUPPRESSION,
                level: "error",
                message: `suppression of ${s.ruleId} on ${s.path || "<app>"} names no rule of this pack; remove it`,
                fix: `Use one of the pack's rule ids (${[...ids].join(", ")})`,
            });
        }
        else {
            findings.push({
                ...base,
                ruleId: exports.UNUSED_SUPPRESSION,
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
