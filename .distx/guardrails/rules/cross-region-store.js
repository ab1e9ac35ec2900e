"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.crossRegionArtifactStore = void 0;
const pipeline_1 = require("../pipeline");
const rule_1 = require("../rule");
/**
 * CP-XR-1. CodePipeline replicates artifacts to a store in each region an action runs in; an action
 * whose region has no artifact_store fails (and a pipeline with one store cannot run cross-region).
 */
exports.crossRegionArtifactStore = (0, rule_1.defineRule)({
    id: "CP-XR-1",
    level: "error",
    title: "Cross-region action without artifact store",
    message: "Pipeline has an action in a region without an artifact_store",
    fix: "Add an artifact_store { region = <action region>, location = <bucket in that region>, encryption_key } for every action region",
    appliesTo: ["aws_codepipeline"],
    check(res) {
        const p = (0, pipeline_1.pipelineView)(res);
        const storeRegions = new Set(p.stores.map((s) => s.region));
        const problems = p.actions
            .filter((a) => !storeRegions.has(a.region))
            .map((a) => `action ${a.label} runs in ${a.region}, stores are in ${[...storeRegions].join(", ") || "no region"}`);
        return (0, rule_1.fromProblems)(problems);
    },
});
