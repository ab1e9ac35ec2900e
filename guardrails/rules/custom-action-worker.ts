import { roleMayCall, roleNameOf } from "../iam";
import { defineRule, nonCompliant, notApplicable, compliant } from "../rule";
import { iamRoleArn } from "../../modules/shared/partition";

const WORK = ["codepipeline:AcknowledgeJob", "codepipeline:PutJobSuccessResult", "codepipeline:PutJobFailureResult"];

/**
 * CP-CUSTOM-1. Custom action job workers poll: CodePipeline never pushes a job. A custom action type
 * needs a job-worker role in its account whose policies allow codepipeline:PollForJobs on the
 * action type's ARN, and AcknowledgeJob, PutJobSuccessResult and PutJobFailureResult (these take
 * no resource-level permissions: "*"). Candidate roles are the roles the app defines or attaches
 * identity policies to, in the action type's account.
 */
export const customActionWorker = defineRule({
  id: "CP-CUSTOM-1",
  level: "error",
  title: "Custom action type without job-worker role",
  message: "Custom action type has no job-worker role that can poll for and complete its jobs",
  fix: 'Create a worker role allowing codepipeline:PollForJobs on the action type ARN and AcknowledgeJob, PutJobSuccessResult, PutJobFailureResult on "*"',
  appliesTo: ["aws_codepipeline_custom_action_type"],
  check(type, ctx) {
    const arn = ctx.arnOf(type);
    if (!arn || !type.account) return notApplicable("the action type's ARN cannot be computed (account not pinned?)");
    const names = new Set<string>();
    for (const r of ctx.resources("aws_iam_role")) if (r.account === type.account && typeof r.values.name === "string") names.add(r.values.name);
    for (const t of ["aws_iam_role_policy", "aws_iam_role_policy_attachment"]) {
      for (const r of ctx.resources(t)) {
        const role = r.values.role;
        if (r.account !== type.account || typeof role !== "string") continue;
        names.add(roleNameOf(role) ?? role);
      }
    }
    const pollers: string[] = [];
    for (const name of names) {
      const roleArn = iamRoleArn(type.region, type.account, name);
      const policies = ctx.rolePolicies(roleArn);
      if (roleMayCall(policies, ["codepipeline:PollForJobs"], arn).missing.length) continue;
      const missing = roleMayCall(policies, WORK, "*").missing;
      if (missing.length === 0) return compliant();
      pollers.push(`role ${name} polls but may not call ${missing.join(", ")}`);
    }
    return pollers.length
      ? nonCompliant(...pollers)
      : nonCompliant(`no role of account ${type.account} in this app may call codepipeline:PollForJobs on ${arn}`);
  },
});
