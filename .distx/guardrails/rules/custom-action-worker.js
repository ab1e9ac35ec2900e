"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.customActionWorker = void 0;
const iam_1 = require("../iam");
const rule_1 = require("../rule");
const WORK = ["codepipeline:AcknowledgeJob", "codepipeline:PutJobSuccessResult", "codepipeline:PutJobFailureResult"];
/**
 * CP-CUSTOM-1. Custom action job workers poll: CodePipeline never pushes a job. A custom action type
 * needs a job-worker role in its account whose policies allow codepipeline:PollForJobs on the
 * action type's ARN, and AcknowledgeJob, PutJobSuccessResult and PutJobFailureResult (these take
 * no resource-level permissions: "*"). Candidate roles are the roles the app defines or attaches
 * identity policies to, in the action type's account.
 */
exports.customActionWorker = (0, rule_1.defineRule)({
    id: "CP-CUSTOM-1",
    level: "error",
    title: "Custom action type without job-worker role",
    message: "Custom action type has no job-worker role that can poll for and complete its jobs",
    fix: "Create a worker role allowing codepipeline:PollForJobs on the action type ARN and AcknowledgeJob, PutJobSuccessResult, PutJobFailureResult on \"*\"",
    appliesTo: ["aws_codepipeline_custom_action_type"],
    check(type, ctx) {
        const arn = ctx.arnOf(type);
        if (!arn || !type.account)
            return (0, rule_1.notApplicable)("the action type's ARN cannot be computed (account not pinned?)");
        const names = new Set();
        for (const r of ctx.resources("aws_iam_role"))
            if (r.account === type.account && typeof r.values.name === "string")
                names.add(r.values.name);
        for (const t of ["aws_iam_role_policy", "aws_iam_role_policy_attachment"]) {
            for (const r of ctx.resources(t)) {
                const role = r.values.role;
                if (r.account !== type.account || typeof role !== "string")
                    continue;
                names.add((0, iam_1.roleNameOf)(role) ?? role);
            }
        }
        const pollers = [];
        for (const name of names) {
            const roleArn = `arn:aws:iam::${type.account}:role/${name}`;
            const policies = ctx.rolePolicies(roleArn);
            if ((0, iam_1.roleMayCall)(policies, ["codepipeline:PollForJobs"], arn).missing.length)
                continue;
            const missing = (0, iam_1.roleMayCall)(policies, WORK, "*").missing;
            if (missing.length === 0)
                return (0, rule_1.compliant)();
            pollers.push(`role ${name} polls but may not call ${missing.join(", ")}`);
        }
        return pollers.length ? (0, rule_1.nonCompliant)(...pollers) : (0, rule_1.nonCompliant)(`no role of account ${type.account} in this app may call codepipeline:PollForJobs on ${arn}`);
    },
});
