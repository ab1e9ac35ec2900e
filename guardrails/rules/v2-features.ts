import { pipelineView } from "../pipeline";
import { compliant, defineRule, nonCompliant } from "../rule";

/**
 * CP-V2-1. Triggers, pipeline variables, the QUEUED and PARALLEL execution modes and stage
 * conditions exist only on V2 pipelines; pipeline_type defaults to V1 in the AWS provider.
 */
export const v2OnlyFeatures = defineRule({
  id: "CP-V2-1",
  level: "error",
  title: "V2-only features on a V1 pipeline",
  message: "Pipeline uses V2-only features but is not pipeline_type V2",
  fix: 'Set pipeline_type = "V2" (the provider defaults to V1) or remove the V2-only features',
  appliesTo: ["aws_codepipeline"],
  check(res) {
    const p = pipelineView(res);
    if (p.type === "V2") return compliant();
    const used: string[] = [];
    if (p.triggers.length) used.push(`${p.triggers.length} trigger(s)`);
    if (p.variables.length) used.push(`${p.variables.length} variable(s)`);
    if (p.executionMode === "QUEUED" || p.executionMode === "PARALLEL") used.push(`execution_mode ${p.executionMode}`);
    for (const s of p.stages) if (s.conditionBlocks.length) used.push(`stage ${s.name} ${s.conditionBlocks.join("/")}`);
    const type = p.explicitType ? p.type : "V1 (provider default)";
    return used.length ? nonCompliant(`pipeline_type is ${type} but uses ${used.join(", ")}`) : compliant();
  },
});
