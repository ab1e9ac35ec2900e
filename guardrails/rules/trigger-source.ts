import { blocks, pipelineView, str } from "../pipeline";
import { defineRule, fromProblems, notApplicable } from "../rule";

const CONNECTION = "CodeStarSourceConnection";

/** CP-TRG-1. Git triggers (branch, file path, tag filters) work only on CodeStarSourceConnection source actions. */
export const triggerOnConnectionSource = defineRule({
  id: "CP-TRG-1",
  level: "error",
  title: "Trigger on a source that is not a connection",
  message: "Pipeline trigger names a source action that is not a CodeStarSourceConnection source",
  fix: "Point git_configuration.source_action_name at a CodeStarSourceConnection source action, with provider_type CodeStarSourceConnection",
  appliesTo: ["aws_codepipeline"],
  check(res) {
    const p = pipelineView(res);
    if (p.triggers.length === 0) return notApplicable();
    const problems: string[] = [];
    for (const t of p.triggers) {
      const providerType = str(t.provider_type);
      if (providerType !== CONNECTION) problems.push(`trigger provider_type is ${providerType ?? "unset"}, not ${CONNECTION}`);
      for (const g of blocks(t.git_configuration)) {
        const name = str(g.source_action_name);
        const source = p.actions.find((a) => a.name === name && a.category === "Source");
        if (!source) problems.push(`trigger names source action ${name ?? "(none)"}, which the pipeline does not have`);
        else if (source.provider !== CONNECTION) problems.push(`trigger names source action ${source.label}, a ${source.provider} source`);
      }
    }
    return fromProblems(problems);
  },
});
