import { pipelineView } from "../pipeline";
import { defineRule, fromProblems } from "../rule";

/** CodePipeline quota: actions per stage. */
export const MAX_ACTIONS_PER_STAGE = 50;

/** CP-LIM-1. CodePipeline rejects a stage with more than 50 actions. */
export const stageActionLimit = defineRule({
  id: "CP-LIM-1",
  level: "error",
  title: "More than 50 actions in a stage",
  message: `Pipeline stage has more than ${MAX_ACTIONS_PER_STAGE} actions, which CodePipeline rejects`,
  fix: `Split the stage into consecutive stages of at most ${MAX_ACTIONS_PER_STAGE} actions`,
  appliesTo: ["aws_codepipeline"],
  check(res) {
    const problems = pipelineView(res)
      .stages.filter((s) => s.actions.length > MAX_ACTIONS_PER_STAGE)
      .map((s) => `stage ${s.name} has ${s.actions.length} actions`);
    return fromProblems(problems);
  },
});
