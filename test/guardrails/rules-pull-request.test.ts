import { CODEPIPELINE_RULES, pullRequestDeploy } from "../../guardrails/rules";
import { ACTION_ROLE, action, outcome, pipelineStack, stages, status } from "./helpers";

const P = "aws_codepipeline.p";

type Json = Record<string, unknown>;

/** One CodeStarSourceConnection trigger on the `Source` action with the given filters. */
const trigger = (filters: { push?: Json[]; pull_request?: Json[] }) => ({
  trigger: [{ provider_type: "CodeStarSourceConnection", git_configuration: { source_action_name: "Source", ...filters } }],
});
const PUSH = { branches: { includes: ["main"] } };
const PULL_REQUEST = { events: ["OPEN", "UPDATED"], branches: { includes: ["main"] } };

const build = action("Build", "Build", "CodeBuild", { configuration: { ProjectName: "app" }, input_artifacts: ["Src"] });
const unitTests = action("UnitTests", "Test", "CodeBuild", { configuration: { ProjectName: "tests" }, input_artifacts: ["Src"] });
const deploy = (name = "Dev") =>
  action(name, "Deploy", "CloudFormation", {
    configuration: { ActionMode: "CREATE_UPDATE", StackName: "app", TemplatePath: "Src::t.yaml" },
    input_artifacts: ["Src"],
  });
const invokeAs = (role?: string) => action("Migrate", "Invoke", "Lambda", { configuration: { FunctionName: "migrate" }, ...(role ? { role_arn: role } : {}) });

const buildAndTest = { name: "Build", action: [build, unitTests] };

describe("CP-PR-1 pull-request trigger on a deploying pipeline", () => {
  it("is a registered warning with an actionable message and fix", () => {
    expect(CODEPIPELINE_RULES).toContain(pullRequestDeploy);
    expect(pullRequestDeploy.level).toBe("warning");
    expect(pullRequestDeploy.message).toMatch(/unmerged code/);
    expect(pullRequestDeploy.fix).toMatch(/separate build-and-test pipeline .* keep only push \(or tag\) triggers/);
  });

  it("fails a pull-request trigger on a pipeline with a Deploy action, naming pipeline and action", () => {
    const s = pipelineStack({
      stages: stages(buildAndTest, { name: "DeployDev", action: [deploy()] }),
      extra: trigger({ push: [PUSH], pull_request: [PULL_REQUEST] }),
    });
    expect(outcome(pullRequestDeploy, [s], P)).toEqual({
      status: "non-compliant",
      details: ["pipeline app has a pull-request trigger (source action Source) and 1 deploying action(s): DeployDev/Dev"],
    });
  });

  it("fails a pull-request trigger on a pipeline whose Invoke action has a role_arn", () => {
    const s = pipelineStack({
      stages: stages(buildAndTest, { name: "Run", action: [invokeAs(ACTION_ROLE)] }),
      extra: trigger({ pull_request: [PULL_REQUEST] }),
    });
    expect(outcome(pullRequestDeploy, [s], P)).toEqual({
      status: "non-compliant",
      details: ["pipeline app has a pull-request trigger (source action Source) and 1 deploying action(s): Run/Migrate (Invoke with role_arn)"],
    });
  });

  it("names the first three deploying actions and counts the rest", () => {
    const many = ["A", "B", "C", "D", "E"].map((n) => deploy(n));
    const s = pipelineStack({ stages: stages({ name: "Prod", action: many }), extra: trigger({ pull_request: [PULL_REQUEST] }) });
    expect(outcome(pullRequestDeploy, [s], P).details).toEqual([
      "pipeline app has a pull-request trigger (source action Source) and 5 deploying action(s): Prod/A, Prod/B, Prod/C and 2 more",
    ]);
  });

  it("passes a pull-request trigger on a pipeline with only Source, Build and Test actions (and an Invoke without role_arn)", () => {
    const s = pipelineStack({ stages: stages(buildAndTest, { name: "Run", action: [invokeAs()] }), extra: trigger({ pull_request: [PULL_REQUEST] }) });
    expect(status(pullRequestDeploy, [s], P)).toBe("compliant");
  });

  it("is not applicable to a deploying pipeline without triggers", () => {
    const s = pipelineStack({ stages: stages(buildAndTest, { name: "DeployDev", action: [deploy(), invokeAs(ACTION_ROLE)] }) });
    expect(outcome(pullRequestDeploy, [s], P)).toEqual({ status: "not-applicable", details: [] });
  });

  it("is not applicable to a deploying pipeline with a push-only trigger", () => {
    const s = pipelineStack({ stages: stages(buildAndTest, { name: "DeployDev", action: [deploy()] }), extra: trigger({ push: [PUSH] }) });
    expect(outcome(pullRequestDeploy, [s], P)).toEqual({ status: "not-applicable", details: [] });
  });

  it("reads pull_request whether cdktf rendered the blocks as objects or lists", () => {
    const s = pipelineStack({
      stages: stages({ name: "DeployDev", action: deploy() }),
      extra: { trigger: { provider_type: "CodeStarSourceConnection", git_configuration: [{ source_action_name: "Source", pull_request: PULL_REQUEST }] } },
    });
    expect(status(pullRequestDeploy, [s], P)).toBe("non-compliant");
  });
});
