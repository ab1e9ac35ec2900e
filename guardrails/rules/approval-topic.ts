import { parseArn } from "../arn";
import { roleMayCall } from "../iam";
import { findKey, keyPolicy, resourcePolicyGrant } from "../kms";
import { parsePolicy, PolicyStatementView, Request, statementApplies } from "../policy";
import { accountOfArn, pipelineView } from "../pipeline";
import { defineRule, fromProblems, notApplicable, RuleContext, TfResource } from "../rule";

function topicStatements(ctx: RuleContext, topic: TfResource, topicArn: string): PolicyStatementView[] | string {
  const out: PolicyStatementView[] = [];
  const sources = [
    topic.values.policy,
    ...ctx
      .resources("aws_sns_topic_policy")
      .filter((p) => p.values.arn === topicArn)
      .map((p) => p.values.policy),
  ];
  for (const s of sources) {
    if (s === undefined) continue;
    const parsed = parsePolicy(s);
    if (!parsed.ok) return parsed.error;
    out.push(...parsed.statements);
  }
  return out;
}

/**
 * CP-APPR-1. A manual approval publishes to its NotificationArn topic as the pipeline role (or the
 * action's role_arn): that role's policies in the app must allow sns:Publish on the topic; when the
 * topic is a resource of the app, its policy must not deny the role (and must allow it from another
 * account), and a KMS-encrypted topic needs kms:GenerateDataKey* and kms:Decrypt on its key in both
 * the key policy and the role's policies. A role whose policies are all outside the app is
 * not-applicable.
 */
export const approvalTopicPublish = defineRule({
  id: "CP-APPR-1",
  level: "error",
  title: "Manual approval whose role cannot publish to its topic",
  message: "Manual approval action's role cannot publish to its NotificationArn topic",
  fix: "Allow sns:Publish on the topic (and kms:GenerateDataKey*/kms:Decrypt on its key, in the key policy too) to the pipeline role",
  appliesTo: ["aws_codepipeline"],
  check(res, ctx) {
    const p = pipelineView(res);
    const approvals = p.actions.filter((a) => a.category === "Approval" && a.configuration.NotificationArn);
    if (approvals.length === 0) return notApplicable();
    const problems: string[] = [];
    const unverified: string[] = [];
    for (const a of approvals) {
      const topicArn = a.configuration.NotificationArn!;
      const role = a.roleArn ?? p.roleArn;
      const roleAccount = accountOfArn(role);
      if (!role || !roleAccount || !parseArn(topicArn)) {
        unverified.push(`action ${a.label}: role ${role ?? "(none)"} or topic ${topicArn} cannot be resolved`);
        continue;
      }
      const label = `action ${a.label} (role ${role})`;
      const policies = ctx.rolePolicies(role);
      if (!policies.roleInApp && policies.statements.length === 0) {
        unverified.push(`${label}: the role's policies are not resources of this app`);
        continue;
      }
      const need: string[] = roleMayCall(policies, ["sns:Publish"], topicArn).missing.map((x) => `${x} on ${topicArn}`);
      const caller = { principalArn: role, account: roleAccount };
      const context = { "aws:PrincipalArn": role, "aws:PrincipalAccount": roleAccount, "aws:SecureTransport": "true" };
      const topic = ctx.findByArn(topicArn, ["aws_sns_topic"]);
      if (topic) {
        const statements = topicStatements(ctx, topic, topicArn);
        if (typeof statements === "string") unverified.push(`${label}: topic policy cannot be read: ${statements}`);
        else if (statements.length) {
          const req: Request = { action: "sns:Publish", resource: topicArn, caller, context };
          const denied = statements.some((st) => st.effect === "Deny" && statementApplies(st, req));
          const foreign = parseArn(topicArn)!.account !== roleAccount;
          if (denied) problems.push(`${label}: the topic policy of ${topicArn} denies the role sns:Publish`);
          else if (foreign && resourcePolicyGrant(statements, req) === "none")
            problems.push(`${label}: the topic policy of ${topicArn} (another account) does not allow the role sns:Publish`);
        }
        const keyId = typeof topic.values.kms_master_key_id === "string" ? topic.values.kms_master_key_id : undefined;
        const key = findKey(ctx, keyId).key;
        if (key) {
          const keyArn = ctx.arnOf(key) ?? keyId!;
          const { statements, error } = keyPolicy(ctx, key);
          if (error) unverified.push(`${label}: ${error}`);
          for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
            const grant = error ? "direct" : resourcePolicyGrant(statements, { action, resource: keyArn, caller, context });
            if (grant === "none") problems.push(`${label}: key policy of ${keyArn} (topic encryption) does not grant ${action}`);
            else if (grant === "account" && roleMayCall(policies, [action], keyArn).missing.length) need.push(`${action} on ${keyArn}`);
          }
        }
      }
      if (need.length === 0) continue;
      if (policies.unknown.length) unverified.push(`${label}: ${need.join(", ")} may come from ${policies.unknown.join("; ")}`);
      else problems.push(`${label}: the role's policies do not allow ${need.join(", ")}`);
    }
    if (problems.length === 0 && unverified.length) return notApplicable(...unverified);
    return fromProblems(problems);
  },
});
