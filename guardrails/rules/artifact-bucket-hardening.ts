import { coversAction, coversResource, parsePolicy, PolicyStatementView } from "../policy";
import { pipelineView } from "../pipeline";
import { defineRule, fromProblems, notApplicable, RuleContext, TfResource } from "../rule";
import { s3Arn } from "../../modules/shared/partition";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

function allFour(r: TfResource): boolean {
  return FLAGS.every((f) => r.values[f] === true || r.values[f] === "true");
}

/** Whether some pipeline of the app stores artifacts in this bucket. */
export function isArtifactBucket(ctx: RuleContext, name: string): boolean {
  return ctx.resources("aws_codepipeline").some((p) => pipelineView(p).stores.some((s) => s.location === name));
}

/** Deny for everyone, on the bucket's objects, when aws:SecureTransport is false. */
function isTlsDeny(st: PolicyStatementView, name: string, region: string): boolean {
  if (st.effect !== "Deny" || !st.principal?.any) return false;
  if (!["s3:GetObject", "s3:PutObject"].every((a) => coversAction(st, a)) || !coversResource(st, s3Arn(region, name, "key"))) return false;
  return Object.entries(st.conditions).some(
    ([op, block]) =>
      /^Bool(IfExists)?$/.test(op) &&
      Object.entries(block).some(([k, v]) => k.toLowerCase() === "aws:securetransport" && v.some((x) => x.toLowerCase() === "false")),
  );
}

/**
 * CP-S3-2. A bucket used as an artifact store holds every build output and deployment template:
 * all four public access block settings must be on, and its policy must deny requests without TLS
 * (Deny, Principal "*", Condition Bool aws:SecureTransport = false).
 */
export const artifactBucketHardening = defineRule({
  id: "CP-S3-2",
  level: "error",
  title: "Artifact bucket without public access block or TLS-only policy",
  message: "Artifact bucket lacks a full public access block or a bucket policy denying non-TLS requests",
  fix: 'Add aws_s3_bucket_public_access_block with all four settings true, and a bucket policy statement Deny s3:* for "*" when aws:SecureTransport is false',
  appliesTo: ["aws_s3_bucket"],
  check(bucket, ctx) {
    const name = typeof bucket.values.bucket === "string" ? bucket.values.bucket : undefined;
    if (!name || !isArtifactBucket(ctx, name)) return notApplicable();
    const problems: string[] = [];
    const blocked =
      ctx.bucketAttachments("aws_s3_bucket_public_access_block", name).some(allFour) ||
      ctx.resources("aws_s3_account_public_access_block").some((a) => a.account === bucket.account && allFour(a));
    if (!blocked) problems.push(`bucket ${name} has no public access block with ${FLAGS.join(", ")} all true`);
    const statements: PolicyStatementView[] = [];
    for (const p of [bucket.values.policy, ...ctx.bucketAttachments("aws_s3_bucket_policy", name).map((x) => x.values.policy)]) {
      if (p === undefined) continue;
      const parsed = parsePolicy(p);
      if (parsed.ok) statements.push(...parsed.statements);
      else problems.push(`bucket policy of ${name} cannot be read: ${parsed.error}`);
    }
    if (!statements.some((st) => isTlsDeny(st, name, bucket.region)))
      problems.push(`bucket ${name} has no policy statement denying requests without TLS (aws:SecureTransport false)`);
    return fromProblems(problems);
  },
});
