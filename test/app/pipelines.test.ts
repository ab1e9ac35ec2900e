import { parseLandingZone } from "../../config/load";
import { asList, PolicyDoc } from "../../synth/resolve";
import { exampleInput } from "../fixtures/landing-zone";
import { synthExample } from "../fixtures/synth";

const lz = parseLandingZone(exampleInput());
const { index } = synthExample();
const stackId = `pipelines-${lz.tools.primaryRegion}`;
const pipelines = index.resources(stackId, "aws_codepipeline");
const byName = (name: string) => Object.values(pipelines).find((p) => p.name === name)!;
type TfAction = { name: string; provider: string; category: string; region?: string; role_arn?: string; configuration?: Record<string, string> };
const actionsOf = (p: Record<string, unknown>) => (p.stage as { name: string; action: TfAction[] }[]).flatMap((s) => s.action);
const targetOfAccount = new Map(lz.targets.map((t) => [t.accountId, t]));

describe("the example's pipelines", () => {
  it("synthesizes every pipeline of the landing-zone file as a V2 pipeline", () => {
    expect(
      Object.values(pipelines)
        .map((p) => p.name)
        .sort(),
    ).toEqual(lz.pipelines.map((p) => p.name).sort());
    for (const p of Object.values(pipelines)) expect(p.pipeline_type).toBe("V2");
  });

  it("gives every cross-region action's region an artifact_store block", () => {
    for (const p of Object.values(pipelines)) {
      const storeRegions = new Set(((p.artifact_store as { region?: string }[]) ?? []).map((s) => s.region ?? lz.tools.primaryRegion));
      for (const a of actionsOf(p)) expect(storeRegions).toContain(a.region ?? lz.tools.primaryRegion);
      if (storeRegions.size > 1) for (const s of p.artifact_store as { region?: string }[]) expect(s.region).toBeDefined();
    }
  });

  it("runs every cross-account action with the action role of its target account, in a region that target deploys to", () => {
    let crossAccount = 0;
    for (const p of Object.values(pipelines)) {
      for (const a of actionsOf(p)) {
        if (!a.role_arn) continue;
        crossAccount++;
        const arn = index.resolveString(stackId, a.role_arn);
        const account = /^arn:aws:iam::(\d{12}):role\//.exec(arn)![1]!;
        const target = targetOfAccount.get(account)!;
        expect(arn).toBe(`arn:aws:iam::${account}:role/${lz.name}-codepipeline-action`);
        expect(target.regions).toContain(a.region ?? lz.tools.primaryRegion);
      }
    }
    expect(crossAccount).toBeGreaterThan(5);
  });

  it("lets the pipeline role assume exactly the action roles its pipelines use", () => {
    const policies = Object.entries(index.resources(stackId, "aws_iam_role_policy")).filter(([, p]) => String(p.name).startsWith("pipeline-"));
    expect(policies).toHaveLength(lz.pipelines.length);
    for (const [name, body] of policies) {
      const policy = index.policy(stackId, "aws_iam_role_policy", name) as PolicyDoc;
      const assumed = policy.Statement.filter((s) => asList(s.Action).includes("sts:AssumeRole")).flatMap((s) => asList(s.Resource));
      const pipeline = Object.values(pipelines).find((p) => `pipeline-${p.name}` === body.name)!;
      const used = [
        ...new Set(
          actionsOf(pipeline)
            .filter((a) => a.role_arn)
            .map((a) => index.resolveString(stackId, a.role_arn!)),
        ),
      ].sort();
      expect(assumed.sort()).toEqual(used);
      expect(assumed).not.toContain("*");
    }
  });

  describe("orders-service (monorepo)", () => {
    const p = byName("orders-service");
    const actions = actionsOf(p);

    it("is QUEUED with a branch + file-path push trigger only (pull requests never reach its deploys), and its source does not also poll", () => {
      expect(p.execution_mode).toBe("QUEUED");
      const git = (p.trigger as { git_configuration: { push: unknown[]; pull_request?: unknown[] } }[])[0]!.git_configuration;
      expect(git.push[0]).toMatchObject({ branches: { includes: ["main"] }, file_paths: { includes: ["services/orders/**", "libs/common/**"] } });
      expect(git.pull_request).toBeUndefined();
      expect(actions.find((a) => a.name === "Source")!.configuration!.DetectChanges).toBe("false");
    });
    it("builds and runs unit and integration tests in parallel", () => {
      const build = (p.stage as { name: string; action: (TfAction & { run_order: number })[] }[]).find((s) => s.name === "Build")!;
      expect(build.action.map((a) => [a.name, a.category, a.run_order])).toEqual([
        ["Build", "Build", 1],
        ["UnitTests", "Test", 1],
        ["IntegrationTests", "Test", 1],
      ]);
    });

    it("deploys dev to two regions in parallel, asks for approval, then changes production with change sets in three regions", () => {
      const stages = (p.stage as { name: string; action: (TfAction & { run_order: number })[] }[]).map((s) => s.name);
      expect(stages).toEqual(["Source", "Build", "DeployDev", "Approve", "Production"]);
      const dev = actions.filter((a) => a.name.startsWith("Dev-"));
      expect(dev.map((a) => a.region ?? lz.tools.primaryRegion).sort()).toEqual(["eu-central-1", "eu-west-1"]);
      expect(actions.find((a) => a.name === "ApproveProduction")!.provider).toBe("Manual");
      const prod = actions.filter((a) => a.name.startsWith("Prepare-") || a.name.startsWith("Execute-"));
      expect(prod.map((a) => a.configuration!.ActionMode).sort()).toEqual([...Array(3).fill("CHANGE_SET_EXECUTE"), ...Array(3).fill("CHANGE_SET_REPLACE")]);
      expect(new Set(prod.map((a) => a.region ?? lz.tools.primaryRegion))).toEqual(new Set(["eu-west-1", "eu-central-1", "us-east-1"]));
    });
  });

  describe("orders-pull-requests (validates pull requests)", () => {
    const p = byName("orders-pull-requests");
    const actions = actionsOf(p);

    it("runs pull-request executions in parallel through tests only: no deploy, no cross-account role", () => {
      expect(p.execution_mode).toBe("PARALLEL");
      const git = (p.trigger as { git_configuration: { push?: unknown[]; pull_request: unknown[] } }[])[0]!.git_configuration;
      expect(git.push).toBeUndefined();
      expect(git.pull_request[0]).toMatchObject({ events: ["OPEN", "UPDATED"], branches: { includes: ["main"] } });
      expect(actions.map((a) => [a.category, a.name])).toEqual([
        ["Source", "Source"],
        ["Test", "UnitTests"],
        ["Test", "IntegrationTests"],
      ]);
      expect(actions.filter((a) => (a as { role_arn?: string }).role_arn !== undefined)).toEqual([]);
    });
  });

  it("has the container (ECR -> ECS blue/green), S3 -> Lambda + Step Functions, StackSets and custom-action pipelines", () => {
    const providers = (name: string) => actionsOf(byName(name)).map((a) => a.provider);
    expect(providers("payments-container")).toEqual(expect.arrayContaining(["ECR", "CodeDeployToECS"]));
    expect(providers("data-jobs")).toEqual(["S3", "Lambda", "StepFunctions"]);
    expect(providers("guardrails-stackset")).toEqual(expect.arrayContaining(["CloudFormationStackSet", "CloudFormationStackInstances"]));
    expect(actionsOf(byName("legacy-build")).find((a) => a.name === "LegacyBuild")).toMatchObject({ provider: "AcmeLegacyBuild" });
    expect(Object.keys(index.resources(stackId, "aws_codepipeline_custom_action_type"))).toHaveLength(1);
  });

  it("deploys the StackSet to every target account", () => {
    const set = actionsOf(byName("guardrails-stackset")).find((a) => a.provider === "CloudFormationStackSet")!;
    expect(set.configuration!.DeploymentTargets!.split(",").sort()).toEqual(lz.targets.map((t) => t.accountId).sort());
  });

  it("grants each target's action role what the actions run there need", () => {
    for (const t of lz.targets) {
      const policies = Object.entries(index.resources(`target-${t.name}`, "aws_iam_role_policy")).filter(([, p]) => p.name === "pipeline-actions");
      const runsThere = lz.pipelines.some((p) => p.stages.some((s) => s.actions.some((a) => "account" in a && a.account === t.name)));
      expect(policies).toHaveLength(runsThere ? 1 : 0);
    }
    const staging = Object.entries(index.resources("target-staging", "aws_iam_role_policy")).find(([, p]) => p.name === "pipeline-actions")!;
    const actions = index.policy("target-staging", "aws_iam_role_policy", staging[0]).Statement.flatMap((s) => asList(s.Action));
    expect(actions).toEqual(expect.arrayContaining(["codedeploy:CreateDeployment", "ecs:RegisterTaskDefinition"]));
  });
});

describe("target action roles", () => {
  it("may touch only the CloudFormation stacks the pipelines deploy to them, and pass only their execution role", () => {
    for (const t of lz.targets) {
      const stackId = `target-${t.name}`;
      const policies = Object.entries(index.resources(stackId, "aws_iam_role_policy"));
      const statements = policies.flatMap(([n]) => index.policy(stackId, "aws_iam_role_policy", n).Statement);
      const named = new Set(
        lz.pipelines.flatMap((p) =>
          p.stages.flatMap((s) =>
            s.actions.filter((a) => a.type === "cloudformation" && a.account === t.name).map((a) => (a as { stackName: string }).stackName),
          ),
        ),
      );
      for (const s of statements.filter((x) => asList(x.Action).some((a) => a.startsWith("cloudformation:") && a !== "cloudformation:ValidateTemplate"))) {
        for (const r of asList(s.Resource)) {
          const m = /^arn:aws:cloudformation:[a-z0-9-]+:(\d{12}):stack(?:set)?\/([\w-]+)[/:]\*$/.exec(r);
          expect([r, m?.[1]]).toEqual([r, t.accountId]);
          if (r.includes(":stack/")) expect(named).toContain(m![2]);
        }
      }
      const passed = statements.filter((s) => asList(s.Action).includes("iam:PassRole")).flatMap((s) => asList(s.Resource));
      for (const r of passed) expect(r).toMatch(new RegExp(`^arn:aws:iam::${t.accountId}:role/`));
    }
  });
});
