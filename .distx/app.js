"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.runApp = runApp;
/**
 * The cdktf app command (cdktf.json): synthesizes the landing zone, then proves its access paths,
 * in one process. Progress and the summary go to stdout; guardrail warnings reach the user once, as
 * the annotations cdktf prints; a failure goes to stderr, once, and leaves no stacks.
 */
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
const load_1 = require("./config/load");
const main_1 = require("./main");
const access_proof_1 = require("./verify/access-proof");
const plural = (n, word) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
async function runApp(env = process.env, log = (l) => process.stdout.write(`${l}\n`)) {
    const outdir = env.CDKTF_OUTDIR ?? "cdktf.out";
    // The lock file records new custom action type versions only once the proof has passed too.
    const result = (0, main_1.synthLandingZone)(env, outdir, { progress: log, deferLockWrite: true });
    if (result.exitCode !== 0 || !result.guardrails || !result.stacks)
        return { exitCode: 1, error: result.error ?? "synth failed" };
    // The stacks as rendered in memory: the same JSON as written, and there also under `synth --hcl`.
    const stacks = result.stacks;
    log(`proof: evaluating the access paths of ${plural(stacks.length, "stack")}`);
    const proof = await (0, access_proof_1.proveAccess)(stacks);
    if (proof.failed > 0) {
        fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
        fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
        return {
            exitCode: 1,
            error: `access proof failed: ${proof.failed} of ${plural(proof.rows.length, "path")} not as expected; the synthesized stacks were removed and nothing was recorded\n${(0, access_proof_1.formatAccessTable)(proof, { onlyFailures: true })}`,
        };
    }
    const update = result.lockUpdate;
    if (update)
        (0, load_1.writeLockFile)(update);
    const g = result.guardrails;
    const resources = stacks.reduce((n, s) => n + Object.values(s.json.resource ?? {}).reduce((m, byName) => m + Object.keys(byName).length, 0), 0);
    log([
        `checked ${plural(stacks.length, "stack")}, ${plural(resources, "resource")}:`,
        `  guardrails: ${plural(g.ruleCount, "rule")} over the ${plural(g.resourceCount, "resource")} they apply to: ${plural(g.errorCount, "error")}, ${plural(g.warningCount, "warning")}${g.warningCount ? " (shown by cdktf below)" : ""}, ${g.suppressed.length} suppressed`,
        ...g.unverified.map((u) => `  unverified: [${u.ruleId}] ${u.resource} in ${u.stack}: ${u.reasons.join("; ")}`),
        `  access proof: ${plural(proof.rows.length, "path")}, 0 failed`,
        ...(update ? [(0, load_1.lockRecordedNote)(update)] : []),
    ].join("\n"));
    return { exitCode: 0 };
}
if (require.main === module) {
    void runApp().then((r) => {
        if (r.error)
            process.stderr.write(`${r.error}\n`);
        process.exitCode = r.exitCode;
    });
}
