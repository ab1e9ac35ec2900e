"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.triggerOnConnectionSource = void 0;
const pipeline_1 = require("../pipeline");
const rule_1 = require("../rule");
const CONNECTION = "CodeStarSourceConnection";
/** CP-TRG-1. Git triggers (branch, file path, tag filters) work only on CodeStarSourceConnection source actions. */
exports.triggerOnConnectionSource = (0, rule_1.defineRule)({
    id: "CP-TRG-1",
    level: "error",
    title: "Trigger on a source that is not a connection",
    message: "Pipeline trigger names a source action that is not a CodeStarSourceConnection source",
    fix: "Point git_configuration.source_action_name at a CodeStarSourceConnection source action, with provider_type CodeStarSourceConnection",
    appliesTo: ["aws_codepipeline"],
    check(res) {
        const p = (0, pipeline_1.pipelineView)(res);
        if (p.triggers.length === 0)
            return (0, rule_1.notApplicable)();
        const problems = [];
        for (const t of p.triggers) {
            const providerType = (0, pipeline_1.str)(t.provider_type);
            if (providerType !== CONNECTION)
                problems.push(`trigger provider_type is ${providerType ?? "unset"}, not ${CONNECTION}`);
            for (const g of (0, pipeline_1.blocks)(t.git_configuration)) {
                const name = (0, pipeline_1.str)(g.source_action_name);
                const source = p.actions.find((a) => a.name === name && a.category === "Source");
                if (!source)
                    problems.push(`trigger names source action ${name ?? "(none)"}, which the pipeline does not have`);
                else if (source.provider !== CONNECTION)
                    problems.push(`trigger names source action ${source.label}, a ${source.provider} source`);
            }
        }
        return (0, rule_1.fromProblems)(problems);
    },
});
