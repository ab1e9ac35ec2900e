import { accountOfArn, pipelineView } from "../pipeline";
import { defineRule, fromProblems, notApplicable } from "../rule";

/**
 * Configuration keys whose ARN names the account an action works in, by action provider. Only
 * these are read: other providers name their target by name (CodeDeploy, ECS, ...), and StackSet
 * actions reach other accounts through the StackSet roles, not through role_arn.
 */
export const TARGET_ACCOUNT_KEYS: Readonly<Record<string, readonly string[]>> = {
  CloudFormation: ["RoleArn"],
  Lambda: ["FunctionName"],
  StepFunctions: ["StateMachineArn"],
};

/**
 * CP-XA-1. An action that works on resources of another account must run with a role of that
 * account (role_arn); otherwise CodePipeline calls from the tools account and is denied. What is
 * detected: an action whose configuration names a resource ARN of account X (CloudFormation
 * RoleArn, Lambda FunctionName, Step Functions StateMachineArn) while role_arn is missing or in
 * another account than X (the pipeline's own included).
 */
export const crossAccountActionRole = defineRule({
  id: "CP-XA-1",
  level: "error",
  title: "Cross-account action without a role in its target account",
  message: "Pipeline action targets another account but has no role_arn in that account",
  fix: "Set the action's role_arn to the cross-account action role of the account its configuration targets",
  appliesTo: ["aws_codepipeline"],
  check(res) {
    const p = pipelineView(res);
    if (!p.account) return notApplicable("the pipeline's account is not pinned (provider allowed_account_ids)");
    const problems: string[] = [];
    let applicable = false;
    for (const a of p.actions) {
      const roleAccount = accountOfArn(a.roleArn);
      for (const key of TARGET_ACCOUNT_KEYS[a.provider] ?? []) {
        const target = accountOfArn(a.configuration[key]);
        if (!target) continue;
        if (!a.roleArn) {
          if (target !== p.account) {
            applicable = true;
            problems.push(
              `action ${a.label}: ${key} is in account ${target}, but the action has no role_arn (it would run as the pipeline role of ${p.account})`,
            );
          }
          continue;
        }
        applicable = true;
        if (roleAccount && roleAccount !== target) {
          problems.push(`action ${a.label}: ${key} is in account ${target}, but role_arn ${a.roleArn} is in account ${roleAccount}`);
        }
      }
      if (roleAccount && roleAccount !== p.account) applicable = true;
    }
    return applicable ? fromProblems(problems) : notApplicable();
  },
});
