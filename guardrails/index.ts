// Public API of the CodePipeline guardrails: the rule contract, the rules, the pack (aspect and
// runner), suppressions, and the pure evaluator over synthesized JSON.
export * from "./rule";
export * from "./rules";
export { CodePipelineGuardrails, runGuardrails, formatGuardrailReport, renderStacks, constructPaths, annotationText } from "./pack";
export type { GuardrailOptions } from "./pack";
export { suppressRule, suppressionsUnder, SUPPRESSION_METADATA, MIN_REASON_LENGTH } from "./suppress";
export type { Suppression } from "./suppress";
export { evaluateGuardrails, UNUSED_SUPPRESSION, UNKNOWN_SUPPRESSION, RULE_FAILURE } from "./engine";
export type { GuardrailFinding, GuardrailReport, SuppressedFinding, UnverifiedCheck, EvaluateOptions } from "./engine";
export { AppModel } from "./model";
