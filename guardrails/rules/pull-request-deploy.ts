import { ActionView, blocks, pipelineView, str } from "../pipeline";
import { compliant, defineRule, nonCompliant, notApplicable } from "../rule";

/** How many deploying actions the problem line names before it only counts the rest. */
const NAMED = 3;

/**
 * Why an action deploys, or undefined when it does not: a Deploy action, or any action with a
 * `role_arn` (it acts in another account through an assumed role, e.g. a Lambda or Step Functions
 * Invoke).
 */
function deploys(a: ActionView): string | undefined {
  if (a.category === "Deploy") return a.label;
  if (a.roleArn) return `${a.label} (${a.category || "action"} with role_arn)`;
  return undefined;
}

/**
 * CP-PR-1. A pull-request trigger starts the pipeline on the pull request's unmerged source
 * revision, and that execution runs every stage: deploy actions and the cross-account roles they
 * assume then act on code nobody has reviewed or merged. Pull requests belong in a separate
 * build-and-test pipeline. The check reads every trigger (`trigger -> git_configuration ->
 * pull_request`) whatever the pipeline_type: triggers on a pipeline that is not V2 are CP-V2-1's
 * error, and the exposure is the same once it is fixed.
 */
export const pullRequestDeploy = defineRule({
  id: "CP-PR-1",
  level: "warning",
  title: "Pull-request trigger on a deploying pipeline",
  message: "Pull-request trigger on a deploying pipeline runs unmerged code through every stage, including deploy actions and their cross-account roles",
  fix: "Validate pull requests in a separate build-and-test pipeline that has the pull-request trigger and no deploy actions; keep only push (or tag) triggers on the pipeline that deploys",
  appliesTo: ["aws_codepipeline"],
  check(res) {
    const p = pipelineView(res);
    const sources = p.triggers
      .flatMap((t) => blocks(t.git_configuration))
      .filter((g) => blocks(g.pull_request).length > 0)
      .map((g) => str(g.source_action_name) ?? "(unnamed)");
    if (sources.length === 0) return notApplicable();
    const deploying = p.actions.map(deploys).filter((d): d is string => d !== undefined);
    if (deploying.length === 0) return compliant();
    const named = deploying.slice(0, NAMED).join(", ");
    const rest = deploying.length > NAMED ? ` and ${deploying.length - NAMED} more` : "";
    const on = [...new Set(sources)].join(", ");
    return nonCompliant(`pipeline ${p.name} has a pull-request trigger (source action ${on}) and ${deploying.length} deploying action(s): ${named}${rest}`);
  },
});
