import { accountOfArn, ActionView, pipelineView, PipelineView, storeFor } from "../pipeline";
import { roleMayCall } from "../iam";
import { findKey, keyPolicy, resourcePolicyGrant } from "../kms";
import { parsePolicy, PolicyStatementView } from "../policy";
import { defineRule, fromProblems, notApplicable, RuleContext, TfResource } from "../rule";
import { s3Arn, serviceEndpoint } from "../../modules/shared/partition";

interface Needs {
  readonly s3: string[];
  readonly kms: string[];
}

/** What an action's role does with the store: read its input artifacts, write its output artifacts. */
function needs(a: ActionView): Needs {
  const s3: string[] = [];
  const kms: string[] = [];
  if (a.inputs.length) {
    s3.push("s3:GetObject");
    kms.push("kms:Decrypt");
  }
  if (a.outputs.length) {
    s3.push("s3:PutObject");
    kms.push("kms:GenerateDataKey");
  }
  return { s3, kms };
}

function bucketStatements(ctx: RuleContext, bucket: TfResource, name: string): { statements: PolicyStatementView[]; error?: string } {
  const statements: PolicyStatementView[] = [];
  const sources = [bucket.values.policy, ...ctx.bucketAttachments("aws_s3_bucket_policy", name).map((p) => p.values.policy)];
  for (const s of sources) {
    if (s === undefined) continue;
    const parsed = parsePolicy(s);
    if (!parsed.ok) return { statements, error: `bucket policy of ${name}: ${parsed.error}` };
    statements.push(...parsed.statements);
  }
  return { statements };
}

function checkAction(ctx: RuleContext, p: PipelineView, a: ActionView, role: string, roleAccount: string, problems: string[], unverified: string[]): void {
  const need = needs(a);
  if (need.s3.length === 0) return; // touches no artifact
  const store = storeFor(p, a.region);
  if (!store?.location) return; // CP-XR-1 reports a missing store
  const label = `action ${a.label} (role ${role}, ${a.region})`;
  const caller = { principalArn: role, account: roleAccount };
  const principalContext = { "aws:PrincipalArn": role, "aws:PrincipalAccount": roleAccount, "aws:SecureTransport": "true" };

  const bucket = ctx.bucketNamed(store.location);
  const objectArn = s3Arn(a.region, store.location, `${p.name.slice(0, 20)}/${a.inputs[0] ?? a.outputs[0]}/artifact`);
  if (!bucket) unverified.push(`${label}: bucket ${store.location} is not a resource of this app`);
  else {
    const { statements, error } = bucketStatements(ctx, bucket, store.location);
    if (error) unverified.push(`${label}: ${error}`);
    else {
      const missing = need.s3.filter(
        (action) =>
          resourcePolicyGrant(statements, {
            action,
            resource: objectArn,
            caller,
            context: { ...principalContext, ...(action === "s3:PutObject" ? { "s3:x-amz-server-side-encryption": "aws:kms" } : {}) },
          }) === "none",
      );
      if (missing.length) problems.push(`${label}: bucket policy of ${store.location} does not grant ${missing.join(", ")}`);
    }
  }

  const keyRef = findKey(ctx, store.keyId);
  const keyArn = keyRef.key ? (ctx.arnOf(keyRef.key) ?? store.keyId ?? "") : (store.keyId ?? "");
  if (!keyRef.key) unverified.push(`${label}: KMS key ${store.keyId ?? "(none)"} is not a resource of this app`);
  else {
    const { statements, error } = keyPolicy(ctx, keyRef.key);
    if (error) unverified.push(`${label}: ${error}`);
    else {
      const context = { ...principalContext, "kms:CallerAccount": roleAccount, "kms:ViaService": serviceEndpoint("s3", a.region) };
      const missing = need.kms.filter((action) => resourcePolicyGrant(statements, { action, resource: keyArn, caller, context }) === "none");
      if (missing.length) problems.push(`${label}: key policy of ${keyArn} does not grant ${missing.join(", ")}`);
    }
  }

  // The role's own identity policy, when this app defines it, must allow the same.
  const own = ctx.rolePolicies(role);
  if (own.statements.length > 0 && own.unknown.length === 0) {
    const s3 = roleMayCall(own, need.s3, objectArn).missing;
    const kms = keyArn ? roleMayCall(own, need.kms, keyArn).missing : [];
    if (s3.length || kms.length) problems.push(`${label}: the role's own policies do not allow ${[...s3, ...kms].join(", ")} on the ${a.region} store`);
  }
}

/**
 * CP-XA-2. A role of another account that reads or writes artifacts needs BOTH the artifact
 * bucket's policy AND the KMS key's policy of the store in its action's region to grant it (a
 * direct role principal, or the account root narrowed by aws:PrincipalArn); missing either one is
 * AccessDenied at run time. Checked across stacks: the pipeline's store is followed to the bucket
 * and key resources of the tools stacks. When the app also defines the role's policies, they must
 * allow the same actions.
 */
export const crossAccountArtifactGrants = defineRule({
  id: "CP-XA-2",
  level: "error",
  title: "Cross-account action role not granted by bucket and key policy",
  message: "Cross-account action role is not granted by both the artifact bucket policy and the KMS key policy of its region",
  fix: "Grant the role in the store's bucket policy (s3:GetObject/PutObject) and key policy (kms:Decrypt/GenerateDataKey*), e.g. account root + ArnEquals aws:PrincipalArn = <role ARN>",
  appliesTo: ["aws_codepipeline"],
  check(res, ctx) {
    const p = pipelineView(res);
    if (!p.account) return notApplicable("the pipeline's account is not pinned (provider allowed_account_ids)");
    const problems: string[] = [];
    const unverified: string[] = [];
    let applicable = false;
    for (const a of p.actions) {
      const roleAccount = accountOfArn(a.roleArn);
      if (!a.roleArn || !roleAccount || roleAccount === p.account) continue;
      applicable = true;
      checkAction(ctx, p, a, a.roleArn, roleAccount, problems, unverified);
    }
    if (!applicable) return notApplicable();
    if (problems.length === 0 && unverified.length) return notApplicable(...unverified);
    return fromProblems(problems);
  },
});
