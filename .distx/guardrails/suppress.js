"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MIN_REASON_LENGTH = exports.SUPPRESSION_METADATA = void 0;
exports.suppressRule = suppressRule;
exports.suppressionsUnder = suppressionsUnder;
exports.covers = covers;
/** Node metadata type under which suppressions are recorded on their construct. */
exports.SUPPRESSION_METADATA = "cdktf-guardrails/suppression";
/** Fewer characters cannot say why a rule does not apply. */
exports.MIN_REASON_LENGTH = 10;
/**
 * Silences one guardrail on a construct and all its children (a stack, a module construct, a
 * single resource). The reason is mandatory and kept in the report; a suppression that silences no
 * non-compliant finding, or names a rule the pack does not have, is itself reported as an error.
 */
function suppressRule(construct, ruleId, reason) {
    const where = `suppressRule(${construct.node.path || "<app>"})`;
    if (typeof ruleId !== "string" || !ruleId.trim())
        throw new Error(`${where}: ruleId must name a guardrail, e.g. "CP-EVT-1"`);
    if (typeof reason !== "string" || reason.trim().length < exports.MIN_REASON_LENGTH) {
        throw new Error(`${where}, ${ruleId}: reason must explain why the rule does not apply here, in at least ${exports.MIN_REASON_LENGTH} characters (got ${JSON.stringify(reason)})`);
    }
    construct.node.addMetadata(exports.SUPPRESSION_METADATA, { ruleId: ruleId.trim(), reason: reason.trim() });
}
/** Every suppression recorded under a scope (the scope included). */
function suppressionsUnder(scope) {
    const out = [];
    for (const c of scope.node.findAll()) {
        for (const m of c.node.metadata) {
            if (m.type !== exports.SUPPRESSION_METADATA)
                continue;
            const data = m.data;
            out.push({ ruleId: data.ruleId, reason: data.reason, path: c.node.path });
        }
    }
    return out;
}
/** Whether a suppression on `suppression.path` covers a construct path (itself or a descendant). */
function covers(suppression, constructPath) {
    const p = suppression.path;
    return p === "" || constructPath === p || constructPath.startsWith(`${p}/`);
}
