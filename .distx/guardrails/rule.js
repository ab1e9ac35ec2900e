"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.notApplicable = exports.nonCompliant = exports.compliant = void 0;
exports.defineRule = defineRule;
exports.fromProblems = fromProblems;
exports.outcomeOf = outcomeOf;
const RULE_ID = /^CP-[A-Z0-9]+-\d+$/;
/** Declares a rule, checking the parts the pack and the suppressions rely on. */
function defineRule(rule) {
    if (!RULE_ID.test(rule.id))
        throw new Error(`rule id "${rule.id}" must look like CP-<AREA>-<n>, e.g. CP-EVT-1`);
    for (const field of ["title", "message", "fix"]) {
        const value = rule[field];
        if (!value.trim() || /[\r\n]/.test(value))
            throw new Error(`rule ${rule.id}: ${field} must be one non-empty line`);
    }
    if (rule.appliesTo.length === 0)
        throw new Error(`rule ${rule.id}: appliesTo must name at least one resource type`);
    return Object.freeze({ ...rule, appliesTo: Object.freeze([...rule.appliesTo]) });
}
/** The resource passes. */
const compliant = () => ({ status: "compliant" });
exports.compliant = compliant;
/** The resource fails; each detail is one line naming the offending part. */
const nonCompliant = (...details) => ({ status: "non-compliant", details });
exports.nonCompliant = nonCompliant;
/** The rule does not apply, or cannot decide (say why, so the report can list what stayed unverified). */
const notApplicable = (...reasons) => ({ status: "not-applicable", details: reasons });
exports.notApplicable = notApplicable;
/** Compliant when there is nothing to report, else non-compliant with the problems. */
function fromProblems(problems) {
    return problems.length === 0 ? (0, exports.compliant)() : (0, exports.nonCompliant)(...problems);
}
/** A result as an outcome object. */
function outcomeOf(result) {
    return typeof result === "string" ? { status: result } : result;
}
