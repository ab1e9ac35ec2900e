import { parseArn } from "../arn";
import { roleMayCall } from "../iam";
import { accountOfArn, pipelineView } from "../pipeline";
import { defineRule, fromProblems, notApplicable } from "../rule";
import { arnPrefix } from "../../modules/shared/partition";

const CALLBACKS = ["codepipeline:PutJobSuccessResult", "codepipeline:PutJobFailureResult"];

/**
 * CP-LAMBDA-1. A Lambda invoke action waits until the function calls PutJobSuccessResult or
 * PutJobFailureResult; a function whose role may not call them leaves the action hanging until it
 * times out. Decidable only when the function (aws_lambda_function) is a resource of this app:
 * then its role's policies in the app must allow both calls. A function defined elsewhere is
 * not-applicable, listed as unverified in the report (not a warning: the example landing zone
 * invokes such a function and must stay clean; `functionRoleName` on the action grants the calls).
 */
export const lambdaJobResult = defineRule({
  id: "CP-LAMBDA-1",
  level: "error",
  title: "Lambda invoke action whose function cannot report the job result",
  message: "Lambda invoke action's function role cannot call codepipeline:PutJobSuccessResult and PutJobFailureResult",
  fix: 'Allow codepipeline:PutJobSuccessResult and codepipeline:PutJobFailureResult on "*" in the function role\'s policy',
  appliesTo: ["aws_codepipeline"],
  check(res, ctx) {
    const p = pipelineView(res);
    const actions = p.actions.filter((a) => a.category === "Invoke" && a.provider === "Lambda");
    if (actions.length === 0) return notApplicable();
    const problems: string[] = [];
    const unverified: string[] = [];
    for (const a of actions) {
      const fn = a.configuration.FunctionName ?? "";
      const account = accountOfArn(a.roleArn) ?? p.account;
      const arn = parseArn(fn) ? fn : `${arnPrefix(a.region)}:lambda:${a.region}:${account}:function:${fn}`;
      const unqualified = arn.replace(/^(arn:[^:]+:lambda:[^:]*:[^:]*:function:[^:]+):.*$/, "$1");
      const func = ctx.findByArn(unqualified, ["aws_lambda_function"]);
      if (!func) {
        unverified.push(`action ${a.label}: function ${fn} is not a resource of this app`);
        continue;
      }
      const role = typeof func.values.role === "string" ? func.values.role : undefined;
      if (!role || !parseArn(role)) {
        unverified.push(`action ${a.label}: role of ${func.address} cannot be resolved`);
        continue;
      }
      const policies = ctx.rolePolicies(role);
      const { missing } = roleMayCall(policies, CALLBACKS, "*");
      if (missing.length === 0) continue;
      if (policies.unknown.length) unverified.push(`action ${a.label}: ${missing.join(", ")} may come from ${policies.unknown.join("; ")}`);
      else problems.push(`action ${a.label}: role ${role} of ${func.address} may not call ${missing.join(", ")}`);
    }
    if (problems.length === 0 && unverified.length) return notApplicable(...unverified);
    return fromProblems(problems);
  },
});
