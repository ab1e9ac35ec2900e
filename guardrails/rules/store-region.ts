import { parseArn } from "../arn";
import { findKey } from "../kms";
import { pipelineView } from "../pipeline";
import { defineRule, fromProblems, notApplicable } from "../rule";

/**
 * CP-XR-2. The store declared for a region must be a bucket and a KMS key of that region:
 * CodePipeline writes the region's artifacts there and S3 refuses a key of another region.
 */
export const artifactStoreRegion = defineRule({
  id: "CP-XR-2",
  level: "error",
  title: "Artifact store bucket or key in another region",
  message: "Pipeline artifact_store names a bucket or KMS key of another region than the store's region",
  fix: "Point each artifact_store at the bucket and key created in its own region",
  appliesTo: ["aws_codepipeline"],
  check(res, ctx) {
    const p = pipelineView(res);
    const problems: string[] = [];
    let decided = false;
    for (const s of p.stores) {
      const bucket = s.location ? ctx.bucketNamed(s.location) : undefined;
      if (bucket) {
        decided = true;
        if (bucket.region !== s.region) problems.push(`store for ${s.region} uses bucket ${s.location} of ${bucket.region}`);
      }
      const key = findKey(ctx, s.keyId).key;
      const keyRegion = key?.region ?? parseArn(s.keyId)?.region;
      if (keyRegion) {
        decided = true;
        if (keyRegion !== s.region) problems.push(`store for ${s.region} uses KMS key ${s.keyId} of ${keyRegion}`);
      }
    }
    return decided ? fromProblems(problems) : notApplicable("no artifact store bucket or key could be resolved");
  },
});
