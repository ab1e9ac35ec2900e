import { ActionView, pipelineView } from "../pipeline";
import { compliant, defineRule, nonCompliant, notApplicable } from "../rule";

// Deploy actions whose tasks pull the images their inputs name.
const PULLING = new Set(["ECS", "CodeDeployToECS"]);

/**
 * CP-ECR-1. An ECR source reads a repository of the pipeline's account. When its image feeds an ECS
 * deploy that runs in another account (the action has a role_arn), the tasks there pull the image
 * across accounts, which needs the repository's policy to allow that account ("Private repository
 * policy examples", Amazon ECR user guide: ecr:BatchGetImage, ecr:GetDownloadUrlForLayer,
 * ecr:BatchCheckLayerAvailability). The landing zone does not own the repository, so it cannot
 * write that policy: the prerequisite is named here.
 */
export const ecrCrossAccountPull = defineRule({
  id: "CP-ECR-1",
  level: "warning",
  title: "ECR image deployed into another account",
  message:
    "An image from the tools account's ECR repository is deployed into another account, whose tasks can pull it only if the repository policy allows that account",
  fix: "Add a repository policy statement on the ECR repository that allows the target account (or its task execution role) ecr:BatchGetImage, ecr:GetDownloadUrlForLayer and ecr:BatchCheckLayerAvailability; the task execution role also needs ecr:GetAuthorizationToken",
  appliesTo: ["aws_codepipeline"],
  check(res) {
    const p = pipelineView(res);
    const images = new Map<string, ActionView>();
    for (const a of p.actions) if (a.category === "Source" && a.provider === "ECR") for (const o of a.outputs) images.set(o, a);
    if (images.size === 0) return notApplicable();
    const problems: string[] = [];
    for (const a of p.actions) {
      if (!PULLING.has(a.provider) || !a.roleArn) continue;
      for (const i of a.inputs) {
        const source = images.get(i);
        if (source) problems.push(`${a.label} deploys image "${i}" of repository ${source.configuration.RepositoryName ?? "(unknown)"} with role ${a.roleArn}`);
      }
    }
    return problems.length ? nonCompliant(`pipeline ${p.name}: ${problems.join("; ")}`) : compliant();
  },
});
