"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.toSimulation = exports.requestContext = exports.evaluate = exports.OTHER_ROLE = exports.OTHER_ACCOUNT = exports.planPaths = exports.otherRole = exports.buildModel = void 0;
exports.proveAccess = proveAccess;
exports.formatAccessTable = formatAccessTable;
const model_1 = require("./access/model");
const paths_1 = require("./access/paths");
const simulate_1 = require("./access/simulate");
var model_2 = require("./access/model");
Object.defineProperty(exports, "buildModel", { enumerable: true, get: function () { return model_2.buildModel; } });
var paths_2 = require("./access/paths");
Object.defineProperty(exports, "otherRole", { enumerable: true, get: function () { return paths_2.otherRole; } });
Object.defineProperty(exports, "planPaths", { enumerable: true, get: function () { return paths_2.planPaths; } });
Object.defineProperty(exports, "OTHER_ACCOUNT", { enumerable: true, get: function () { return paths_2.OTHER_ACCOUNT; } });
Object.defineProperty(exports, "OTHER_ROLE", { enumerable: true, get: function () { return paths_2.OTHER_ROLE; } });
var simulate_2 = require("./access/simulate");
Object.defineProperty(exports, "evaluate", { enumerable: true, get: function () { return simulate_2.evaluate; } });
Object.defineProperty(exports, "requestContext", { enumerable: true, get: function () { return simulate_2.requestContext; } });
Object.defineProperty(exports, "toSimulation", { enumerable: true, get: function () { return simulate_2.toSimulation; } });
/** Evaluates every intended and unintended access path of the synthesized landing zone. */
async function proveAccess(stacks) {
    const model = (0, model_1.buildModel)(stacks);
    const plan = (0, paths_1.planPaths)(model);
    const rows = [];
    for (const u of plan.unprovable) {
        rows.push({ kind: u.kind, principal: u.principal, action: u.action, resource: u.resource, expected: u.expected, result: "ERROR", pass: false, detail: u.reason });
    }
    for (const check of plan.checks) {
        const outcome = await (0, simulate_1.evaluate)(check);
        const pass = outcome.result === check.expected && (check.expected === "ALLOWED" || !check.mustBeDeniedByResourcePolicy || outcome.resourceExplicitDeny);
        rows.push({
            kind: check.kind,
            principal: `${(0, paths_1.principalLabel)(check.caller)}${check.via ? ` [${check.via}]` : ""}`,
            action: `${check.action}${check.qualifier ? ` (${check.qualifier})` : ""}`,
            resource: check.resource,
            expected: check.expected,
            result: outcome.result,
            pass,
            detail: check.mustBeDeniedByResourcePolicy && outcome.result === "DENIED" && !outcome.resourceExplicitDeny
                ? `${outcome.detail}; the resource policy itself must deny this`
                : outcome.detail,
            check,
        });
    }
    const notes = [...new Set(model.notes)];
    const unknown = new Set();
    for (const r of model.roles.values()) {
        for (const a of r.unresolvedManaged)
            unknown.add(`${r.arn}: attached policy ${a} is not in the synth (assumed to allow nothing on ALLOWED paths, everything on DENIED paths)`);
        if (r.unresolvedBoundary)
            unknown.add(`${r.arn}: permissions boundary ${r.unresolvedBoundary} is not in the synth (not applied)`);
    }
    notes.push(...[...unknown].sort());
    notes.push(...model.resolver.unresolved().map((u) => `unresolved reference ${u}`));
    const failed = rows.filter((r) => !r.pass).length;
    return { rows, passed: rows.length - failed, failed, notes };
}
/** The proof as a padded text table, grouped by path kind, with the summary line last. */
function formatAccessTable(proof, options = {}) {
    const header = ["principal", "action", "resource", "expected", "result"];
    const shown = options.onlyFailures ? proof.rows.filter((r) => !r.pass) : proof.rows;
    const cells = (r) => [r.principal, r.action, r.resource, r.expected, r.pass ? r.result : `${r.result}  <-- MISMATCH`];
    const widths = header.map((h, i) => Math.max(h.length, ...shown.map((r) => cells(r)[i].length)));
    const line = (values) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join("  ");
    const out = [line(header), line(widths.map((w) => "-".repeat(w)))];
    let kind;
    for (const r of shown) {
        if (r.kind !== kind) {
            kind = r.kind;
            out.push(`# ${kind}`);
        }
        out.push(line(cells(r)));
    }
    const failures = proof.rows.filter((r) => !r.pass);
    if (failures.length > 0) {
        out.push("", "mismatches:");
        for (const r of failures)
            out.push(`  - ${r.principal} ${r.action} ${r.resource}: expected ${r.expected}, got ${r.result}: ${r.detail}`);
    }
    if (proof.notes.length > 0) {
        out.push("", "notes:");
        for (const n of proof.notes)
            out.push(`  - ${n}`);
    }
    out.push("", `${proof.passed} passed, ${proof.failed} failed`);
    return out.join("\n");
}
