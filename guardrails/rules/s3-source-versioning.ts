import { blocks, pipelineView } from "../pipeline";
import { defineRule, fromProblems, notApplicable } from "../rule";

/**
 * CP-S3-1. An S3 source action reads an object version: the source bucket must have versioning
 * enabled, or CodePipeline cannot detect changes or fetch the version it was started for. Only
 * buckets that are resources of this app can be checked.
 */
export const s3SourceVersioning = defineRule({
  id: "CP-S3-1",
  level: "error",
  title: "S3 source bucket without versioning",
  message: "S3 source action reads a bucket without versioning enabled",
  fix: 'Add aws_s3_bucket_versioning { bucket = <source bucket>, versioning_configuration { status = "Enabled" } }',
  appliesTo: ["aws_codepipeline"],
  check(res, ctx) {
    const p = pipelineView(res);
    const sources = p.actions.filter((a) => a.category === "Source" && a.provider === "S3");
    if (sources.length === 0) return notApplicable();
    const problems: string[] = [];
    const outside: string[] = [];
    for (const a of sources) {
      const name = a.configuration.S3Bucket;
      const bucket = name ? ctx.bucketNamed(name) : undefined;
      if (!bucket || !name) {
        outside.push(`action ${a.label}: bucket ${name ?? "(none)"} is not a resource of this app`);
        continue;
      }
      const enabled =
        ctx.bucketAttachments("aws_s3_bucket_versioning", name).some((v) => blocks(v.values.versioning_configuration).some((c) => c.status === "Enabled")) ||
        blocks(bucket.values.versioning).some((v) => v.enabled === true || v.enabled === "true");
      if (!enabled) problems.push(`action ${a.label}: bucket ${name} has no aws_s3_bucket_versioning with status Enabled`);
    }
    if (problems.length === 0 && outside.length === sources.length) return notApplicable(...outside);
    return fromProblems(problems);
  },
});
