import { CODEPIPELINE_RULES, ecrCrossAccountPull } from "../../guardrails/rules";
import { ACTION_ROLE, action, connectionSource, outcome, pipelineStack } from "./helpers";

const P = "aws_codepipeline.p";
const image = action("Image", "Source", "ECR", { configuration: { RepositoryName: "payments", ImageTag: "release" }, output_artifacts: ["Image"] });
const source = { name: "Source", action: [image, connectionSource("Config")] };
const blueGreen = (extra: Record<string, unknown> = {}) =>
  action("BlueGreen", "Deploy", "CodeDeployToECS", {
    configuration: { ApplicationName: "payments", DeploymentGroupName: "bg" },
    input_artifacts: ["Src", "Image"],
    ...extra,
  });

describe("CP-ECR-1 ECR image deployed into another account", () => {
  it("is a registered warning naming the repository policy prerequisite", () => {
    expect(CODEPIPELINE_RULES).toContain(ecrCrossAccountPull);
    expect(ecrCrossAccountPull.level).toBe("warning");
    expect(ecrCrossAccountPull.fix).toMatch(/repository policy .* ecr:BatchGetImage, ecr:GetDownloadUrlForLayer and ecr:BatchCheckLayerAvailability/);
  });

  it("warns when an ECR source's image feeds an ECS deploy run by another account's role", () => {
    const s = pipelineStack({ stages: [source, { name: "Deploy", action: [blueGreen({ role_arn: ACTION_ROLE })] }] });
    expect(outcome(ecrCrossAccountPull, [s], P)).toEqual({
      status: "non-compliant",
      details: [`pipeline app: Deploy/BlueGreen deploys image "Image" of repository payments with role ${ACTION_ROLE}`],
    });
  });

  it("passes a deploy in the pipeline's own account, and does not apply without an ECR source", () => {
    expect(outcome(ecrCrossAccountPull, [pipelineStack({ stages: [source, { name: "Deploy", action: [blueGreen()] }] })], P).status).toBe("compliant");
    expect(outcome(ecrCrossAccountPull, [pipelineStack()], P).status).toBe("not-applicable");
  });
});
