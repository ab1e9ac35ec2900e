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
exports.synthLandingZone = synthLandingZone;
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
const cdktf_1 = require("cdktf");
const load_1 = require("./config/load");
const guardrails_1 = require("./guardrails");
const file_location_1 = require("./stacks/file-location");
const landing_zone_1 = require("./stacks/landing-zone");
function synthLandingZone(env = process.env, outdir = env.CDKTF_OUTDIR ?? "cdktf.out", options = {}) {
    const progress = options.progress ?? (() => { });
    const app = new cdktf_1.App({ outdir });
    let report;
    let guardrails;
    let recorded;
    let deferred;
    let stacks;
    try {
        const { file, shown } = (0, load_1.chooseLandingZoneFile)(env, app.node.tryGetContext(load_1.CONFIG_CONTEXT_KEY));
        progress(`load: ${shown}`);
        const { lz, lockUpdate } = (0, load_1.readLandingZone)(file, { ci: (0, load_1.isCi)(env), shown });
        progress(`build: ${lz.targets.length} targets, ${lz.pipelines.length} pipelines`);
        (0, landing_zone_1.buildLandingZone)(app, lz);
        const byPath = new Map(app.node.findAll().map((c) => [c.node.path, c]));
        applySuppressions(byPath, lz);
        progress("guardrails: checking");
        stacks = (0, guardrails_1.renderStacks)(app);
        const checked = (0, guardrails_1.runGuardrails)(app, { stacks });
        guardrails = { ...checked, findings: checked.findings.map((f) => (0, file_location_1.locateFinding)(lz, f)) };
        report = (0, guardrails_1.formatGuardrailReport)(guardrails);
        if (guardrails.errorCount > 0)
            throw new Error(`the landing zone breaks guardrails:\n${report}`);
        // Warnings travel as annotations, which `cdktf synth` prints with the construct path.
        for (const f of guardrails.findings)
            cdktf_1.Annotations.of(byPath.get(f.constructPath) ?? app).addWarning((0, guardrails_1.annotationText)(f));
        // Last, so that a failed synth records nothing (CI never gets here with an update: see readLandingZone).
        if (lockUpdate && options.deferLockWrite)
            deferred = lockUpdate;
        else if (lockUpdate) {
            (0, load_1.writeLockFile)(lockUpdate);
            recorded = (0, load_1.lockRecordedNote)(lockUpdate);
            report += `\n${recorded}`;
        }
    }
    catch (e) {
        removeStaleOutput(outdir);
        return { exitCode: 1, error: env.DEBUG ? String(e.stack) : e.message };
    }
    progress("write: synthesizing the stacks");
    app.synth();
    return { exitCode: 0, report, guardrails, stacks, ...(recorded ? { recorded } : {}), ...(deferred ? { lockUpdate: deferred } : {}) };
}
function applySuppressions(byPath, lz) {
    lz.guardrails.suppressions.forEach((s, i) => {
        const target = byPath.get(s.constructPath);
        if (!target)
            throw new Error(`guardrails.suppressions[${i}].constructPath: "${s.constructPath}" is not a construct of this landing zone`);
        (0, guardrails_1.suppressRule)(target, s.ruleId, s.reason);
    });
}
function removeStaleOutput(outdir) {
    fs.rmSync(path.join(outdir, "manifest.json"), { force: true });
    fs.rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
}
if (require.main === module) {
    const result = synthLandingZone();
    if (result.error)
        process.stderr.write(`${result.error}\n`);
    // Warnings and the summary go to stderr so they show next to cdktf's own output.
    else if (result.report)
        process.stderr.write(`${result.report}\n`);
    process.exitCode = result.exitCode;
}
