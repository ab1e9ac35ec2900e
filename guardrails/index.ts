// Public API of the CodePipeline guardrails: the Aspect and the runner, the report, suppressions,
// the rule pack, the rule contract (to write rules of your own) and the pure evaluator over
// synthesized JSON. The individual rules are reachable through CODEPIPELINE_RULES (filter by id).
export { CODEPIPELINE_RULES } from "./rules";
export { defineRule, compliant, nonCompliant, notApplicable } from "./rule";
export type { Rule, RuleContext, RuleLevel, RuleOutcome, RuleResult, RuleStatus, TfResource, Located, RolePolicies } from "./rule";
export { CodePipelineGuardrails, runGuardrails, formatGuardrailReport, renderStacks } from "./pack";
export type { GuardrailOptions } from "./pack";
export { suppressRule } from "./suppress";
export type { Suppression } from "./suppress";
export { evaluateGuardrails, UNUSED_SUPPRESSION, UNKNOWN_SUPPRESSION, RULE_FAILURE } from "./engine";
export type { GuardrailFinding, GuardrailReport, SuppressedFinding, UnverifiedCheck, EvaluateOptions } from "./engine";
export type { SynthesizedStack, TerraformJson } from "../synth/wiring";
