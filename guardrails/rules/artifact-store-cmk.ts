import { findKey } from "../kms";
import { pipelineView } from "../pipeline";
import { defineRule, fromProblems } from "../rule";

/**
 * CP-KMS-1. Without encryption_key, CodePipeline encrypts artifacts with the AWS managed key
 * aws/s3, whose key policy cannot be changed: no other account can ever decrypt them, and the key
 * cannot be rotated or audited by the landing zone. The same holds for any `alias/aws/*` key.
 */
export const artifactStoreCustomerManagedKey = defineRule({
  id: "CP-KMS-1",
  level: "error",
  title: "Artifact store without customer-managed KMS key",
  message: "Pipeline artifact_store is not encrypted with a customer-managed KMS key",
  fix: 'Set artifact_store encryption_key { id = <CMK ARN of the store\'s region>, type = "KMS" }',
  appliesTo: ["aws_codepipeline"],
  check(res, ctx) {
    const p = pipelineView(res);
    const problems: string[] = [];
    for (const s of p.stores) {
      if (!s.hasEncryptionKey || !s.keyId) problems.push(`store for ${s.region} has no encryption_key (artifacts use the AWS managed key aws/s3)`);
      else if (findKey(ctx, s.keyId).awsManaged) problems.push(`store for ${s.region} uses the AWS managed key ${s.keyId}`);
    }
    return fromProblems(problems);
  },
});
