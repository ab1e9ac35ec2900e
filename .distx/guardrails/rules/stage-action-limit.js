"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.stageActionLimit = exports.MAX_ACTIONS_PER_STAGE = void 0;
const pipeline_1 = require("../pipeline");
const rule_1 = require("../rule");
/** CodePipeline quota: actions per stage. */
exports.MAX_ACTIONS_PER_STAGE = 50;
/** CP-LIM-1. CodePipeline rejects a stage with more than 50 actions. */
exports.stageActionLimit = (0, rule_1.defineRule)({
    id: "CP-LIM-1",
    level: "error",
    title: "More than 50 actions in a stage",
    message: `Pipeline stage has more than ${exports.MAX_ACTIONS_PER_STAGE} actions, which CodePipeline rejects`,
    fix: `Split the stage into consecutive stages of at most ${exports.MAX_ACTIONS_PER_STAGE} actions`,
    appliesTo: ["aws_codepipeline"],
    check(res) {
        const problems = (0, pipeline_1.pipelineView)(res)
            .stages.filter((s) => s.actions.length > exports.MAX_ACTIONS_PER_STAGE)
            .map((s) => `stage ${s.name} has ${s.actions.length} actions`);
        return (0, rule_1.fromProblems)(problems);
    },
});
