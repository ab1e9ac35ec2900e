import { Action, ActionBinding, CommonActionProps } from "../../../modules/pipeline/action";
import { mergeStatements, Pipeline } from "../../../modules/pipeline/pipeline";
import type { PolicyStatement } from "../../../modules/shared/policy";
import { identityPairs, list, newStack, parsePolicy, PROVIDER_REGION, roleArn, synth, TARGET_ACCOUNT_A, TARGET_ACCOUNT_B, TOOLS_ACCOUNT } from "../helpers";
import { buildPipeline, sourceAction, stores } from "./harness";

/** A minimal Build action for exercising the pipeline itself; its configuration echoes `value`. */
class TestAction extends Action {
  constructor(
    props: Partial<CommonActionProps> & { actionName: string; value?: string; emits?: string[] },
    private readonly extra: { value?: string; emits?: string[] } = {
      ...(props.value ? { value: props.value } : {}),
      ...(props.emits ? { emits: props.emits } : {}),
    },
  ) {
    super(
      { category: "Build", owner: "AWS", provider: "TestProvider", version: "1", artifactBounds: { minInputs: 0, maxInputs: 5, minOutputs: 0, maxOutputs: 5 } },
      props,
    );
  }
  override bind(): ActionBinding {
    return { configuration: { Value: this.extra.value ?? "x" } };
  }
  override runnerPermissions(where: { account: string; region: string }): PolicyStatement[] {
    return [{ Effect: "Allow", Action: "test:Run", Resource: `arn:aws:test:${where.region}:${where.account}:thing/${this.actionName}` }];
  }
  override outputVariables(): readonly string[] | undefined {
    return this.extra.emits;
  }
}

const act = (name: string, props: Partial<CommonActionProps> & { value?: string; emits?: string[] } = {}) =>
  new TestAction({ actionName: name, inputs: ["Source"], ...props });

describe("Pipeline", () => {
  describe("defaults and emitted structure", () => {
    const p = buildPipeline([[act("Build")]]);

    it("is V2, SUPERSEDED, with one unregioned artifact store encrypted by the region's CMK", () => {
      expect(p.pipeline.pipeline_type).toBe("V2");
      expect(p.pipeline.execution_mode).toBe("SUPERSEDED");
      expect(p.pipeline.artifact_store).toEqual([
        {
          location: `acme-cp-artifacts-${TOOLS_ACCOUNT}-${PROVIDER_REGION}`,
          type: "S3",
          encryption_key: { id: stores()[PROVIDER_REGION]!.keyArn, type: "KMS" },
        },
      ]);
    });

    it("emits category, owner, provider, version, run order and artifacts per action", () => {
      expect(p.action("Build")).toMatchObject({
        category: "Build",
        owner: "AWS",
        provider: "TestProvider",
        version: "1",
        run_order: 1,
        input_artifacts: ["Source"],
        configuration: { Value: "x" },
      });
      expect(p.action("Build").region).toBeUndefined();
      expect(p.action("Build").role_arn).toBeUndefined();
    });

    it("grants the pipeline role what its same-account actions need, and no sts:AssumeRole", () => {
      const actions = p.rolePolicy.Statement.flatMap((s) => list(s.Action));
      expect(actions).toContain("test:Run");
      expect(actions).toContain("codeconnections:UseConnection");
      expect(actions).not.toContain("sts:AssumeRole");
    });

    it("exposes the literal pipeline ARN", () => {
      expect(p.construct.pipelineArn).toBe(`arn:aws:codepipeline:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:service`);
    });
  });

  describe("cross-account and cross-region", () => {
    const devRole = roleArn(TARGET_ACCOUNT_A, "acme-codepipeline-action");
    const prodRole = roleArn(TARGET_ACCOUNT_B, "acme-codepipeline-action");
    const p = buildPipeline(
      [
        [
          act("DeployDevEuWest", { roleArn: devRole }),
          act("DeployDevUsEast", { roleArn: devRole, region: "us-east-1" }),
          act("DeployProd", { roleArn: prodRole, region: "eu-central-1", runOrder: 2 }),
        ],
      ],
      { artifactStores: stores("us-east-1", "eu-central-1") },
    );

    it("sets role_arn and region on the actions", () => {
      expect(p.action("DeployDevUsEast")).toMatchObject({ role_arn: devRole, region: "us-east-1" });
      expect(p.action("DeployProd")).toMatchObject({ role_arn: prodRole, region: "eu-central-1" });
      expect(p.action("DeployDevEuWest").region).toBeUndefined();
    });

    it("has one artifact store per region used: that region's bucket and key", () => {
      const byRegion = stores("us-east-1", "eu-central-1");
      expect(p.pipeline.artifact_store).toEqual(
        ["eu-central-1", "eu-west-1", "us-east-1"].map((region) => ({
          region,
          location: byRegion[region]!.bucketName,
          type: "S3",
          encryption_key: { id: byRegion[region]!.keyArn, type: "KMS" },
        })),
      );
    });

    it("lets the pipeline role assume exactly the action roles, and keeps their permissions out of it", () => {
      const assume = p.rolePolicy.Statement.filter((s) => list(s.Action).includes("sts:AssumeRole"));
      expect(assume).toHaveLength(1);
      expect(list(assume[0]!.Resource)).toEqual([devRole, prodRole].sort());
      expect(p.rolePolicy.Statement.flatMap((s) => list(s.Action))).not.toContain("test:Run");
      expect(p.construct.assumedRoleArns).toEqual([devRole, prodRole]);
    });

    it("rejects an action in a region without an artifact store, naming the region", () => {
      expect(() => buildPipeline([[act("Far", { region: "ap-southeast-2" })]])).toThrow(
        /region "ap-southeast-2" has no artifact store; add it to the tools account's replica regions/,
      );
    });
  });

  describe("stages", () => {
    it("rejects fewer than two stages", () => {
      expect(() => buildPipeline([])).toThrow(/needs at least two stages/);
    });

    it("rejects a non-source action in the first stage", () => {
      expect(() => buildPipeline([[act("Build")]], { sources: [sourceAction(), act("Early", { inputs: [] })] })).toThrow(
        /first stage "Source" may hold only source actions; move "Early"/,
      );
    });

    it("rejects a source action outside the first stage", () => {
      expect(() => buildPipeline([[sourceAction({ actionName: "Late", output: "Late", namespace: "Late" })]])).toThrow(
        /source action "Late" must be in the first stage/,
      );
    });

    it("rejects duplicate stage and action names", () => {
      expect(() => buildPipeline([{ name: "Source", actions: [act("A")] }])).toThrow(/stage "Source" appears twice/);
      expect(() => buildPipeline([[act("A"), act("A")]])).toThrow(/two actions named "A"/);
    });

    it("runs actions with the same runOrder in parallel and keeps higher runOrders after them", () => {
      const p = buildPipeline([[act("Unit"), act("Integration"), act("Package", { runOrder: 2 })]]);
      expect([p.action("Unit").run_order, p.action("Integration").run_order, p.action("Package").run_order]).toEqual([1, 1, 2]);
    });

    it("splits a stage of more than 50 actions into consecutive waves instead of failing", () => {
      const many = Array.from({ length: 120 }, (_, i) => act(`Deploy${i}`, { runOrder: 1 + (i % 3) }));
      const p = buildPipeline([{ name: "Fanout", actions: many }]);
      const stages = p.pipeline.stage as { name: string; action: { name: string; run_order: number }[] }[];
      expect(stages.map((s) => s.name)).toEqual(["Source", "Fanout-1", "Fanout-2", "Fanout-3"]);
      expect(stages.slice(1).map((s) => s.action.length)).toEqual([50, 50, 20]);
      const orders = stages.slice(1).flatMap((s) => s.action.map((a) => a.run_order));
      expect(orders).toEqual([...orders].sort((a, b) => a - b));
      expect(new Set(stages.slice(1).flatMap((s) => s.action.map((a) => a.name))).size).toBe(120);
    });

    it("refuses to split a stage with conditions", () => {
      const many = Array.from({ length: 51 }, (_, i) => act(`D${i}`));
      expect(() => buildPipeline([{ name: "Big", actions: many, onFailure: { result: "RETRY" } }])).toThrow(/stage "Big" has 51 actions and conditions/);
    });
  });

  describe("artifacts", () => {
    it("rejects an input no earlier action produces", () => {
      expect(() => buildPipeline([[act("Build", { inputs: ["Missing"] })]])).toThrow(/reads artifact "Missing", which no earlier action produces/);
    });

    it("rejects an input produced by a parallel action of the same runOrder", () => {
      expect(() => buildPipeline([[act("Build", { outputs: ["Built"] }), act("Test", { inputs: ["Built"] })]])).toThrow(/reads artifact "Built"/);
    });

    it("accepts an input produced by a lower runOrder of the same stage", () => {
      expect(() => buildPipeline([[act("Build", { outputs: ["Built"] }), act("Test", { inputs: ["Built"], runOrder: 2 })]])).not.toThrow();
    });

    it("rejects two producers of one artifact name", () => {
      expect(() => buildPipeline([[act("A", { outputs: ["Out"] })], [act("B", { outputs: ["Out"] })]])).toThrow(
        /artifact "Out" is produced by both "A" and "B"/,
      );
    });

    it("enforces the action type's artifact bounds", () => {
      expect(() => act("TooMany", { inputs: ["a", "b", "c", "d", "e", "f"] })).toThrow(/TestProvider takes 0 to 5 input artifact\(s\), got 6/);
    });
  });

  describe("variables and namespaces", () => {
    it("emits pipeline variables", () => {
      const p = buildPipeline([[act("Build", { value: "#{variables.env}" })]], {
        variables: [{ name: "env", defaultValue: "dev", description: "target environment" }],
      });
      expect(p.pipeline.variable).toEqual([{ name: "env", default_value: "dev", description: "target environment" }]);
    });

    it("rejects a reference to an undeclared pipeline variable", () => {
      expect(() => buildPipeline([[act("Build", { value: "#{variables.missing}" })]])).toThrow(
        /uses #\{variables.missing\}, but the pipeline declares no variable "missing"/,
      );
    });

    it("resolves a namespace reference to an earlier action's variable", () => {
      expect(() => buildPipeline([[act("Build", { value: "#{SourceVars.CommitId}" })]])).not.toThrow();
    });

    it("rejects an unknown namespace", () => {
      expect(() => buildPipeline([[act("Build", { value: "#{Nope.CommitId}" })]])).toThrow(/uses #\{Nope.CommitId\}, but no action has namespace "Nope"/);
    });

    it("rejects a variable the namespace's action does not emit", () => {
      expect(() => buildPipeline([[act("Build", { value: "#{SourceVars.Sha}" })]])).toThrow(
        /uses #\{SourceVars.Sha\}, but "Source" emits only AuthorDate, BranchName/,
      );
    });

    it("rejects a reference to an action that does not run earlier", () => {
      expect(() => buildPipeline([[act("A", { namespace: "A", emits: ["X"] }), act("B", { value: "#{A.X}" })]])).toThrow(
        /uses #\{A.X\} from "A", which does not run before it/,
      );
    });

    it("rejects duplicate namespaces and duplicate variables", () => {
      expect(() => buildPipeline([[act("A", { namespace: "N" }), act("B", { namespace: "N" })]])).toThrow(/namespace "N" is used by two actions/);
      expect(() => buildPipeline([[act("A")]], { variables: [{ name: "v" }, { name: "v" }] })).toThrow(/variable "v" is declared twice/);
    });
  });

  describe("V1 and V2", () => {
    it("emits V1 only when asked", () => {
      expect(buildPipeline([[act("A")]], { pipelineType: "V1" }).pipeline.pipeline_type).toBe("V1");
    });

    it.each([
      ["triggers", { triggers: [{ sourceActionName: "Source", push: [{ branches: { includes: ["main"] } }] }] }, /triggers need pipelineType "V2"/],
      ["variables", { variables: [{ name: "v", defaultValue: "1" }] }, /variables need pipelineType "V2"/],
      ["QUEUED", { executionMode: "QUEUED" as const }, /executionMode QUEUED need pipelineType "V2"/],
      ["PARALLEL", { executionMode: "PARALLEL" as const }, /executionMode PARALLEL need pipelineType "V2"/],
    ])("rejects %s on a V1 pipeline", (_name, props, message) => {
      expect(() => buildPipeline([[act("A")]], { pipelineType: "V1", ...props })).toThrow(message);
    });

    it("rejects stage conditions on a V1 pipeline", () => {
      expect(() => buildPipeline([{ name: "Deploy", actions: [act("A")], onFailure: { result: "RETRY" } }], { pipelineType: "V1" })).toThrow(
        /stage conditions need pipelineType "V2"/,
      );
    });

    it.each(["QUEUED", "SUPERSEDED", "PARALLEL"] as const)("emits execution mode %s", (mode) => {
      expect(buildPipeline([[act("A")]], { executionMode: mode }).pipeline.execution_mode).toBe(mode);
    });

    it("rejects rollback in PARALLEL mode", () => {
      expect(() => buildPipeline([{ name: "Deploy", actions: [act("A")], onFailure: { result: "ROLLBACK" } }], { executionMode: "PARALLEL" })).toThrow(
        /rolls back, which PARALLEL execution mode does not allow/,
      );
    });
  });

  describe("triggers", () => {
    const trigger = (t: object) => buildPipeline([[act("A")]], { triggers: [{ sourceActionName: "Source", ...t }] });

    it("emits push and pull-request filters on the connection source and turns its own change detection off", () => {
      const p = trigger({
        push: [{ branches: { includes: ["main"] }, filePaths: { includes: ["services/api/**"], excludes: ["**/*.md"] } }, { tags: { includes: ["v*"] } }],
        pullRequest: [{ events: ["OPEN", "UPDATED"], branches: { includes: ["main"] } }],
      });
      expect(p.pipeline.trigger).toEqual([
        {
          provider_type: "CodeStarSourceConnection",
          git_configuration: {
            source_action_name: "Source",
            push: [{ branches: { includes: ["main"] }, file_paths: { includes: ["services/api/**"], excludes: ["**/*.md"] } }, { tags: { includes: ["v*"] } }],
            pull_request: [{ events: ["OPEN", "UPDATED"], branches: { includes: ["main"] } }],
          },
        },
      ]);
      expect(p.action("Source").configuration.DetectChanges).toBe("false");
    });

    it("leaves DetectChanges on without a trigger", () => {
      expect(buildPipeline([[act("A")]]).action("Source").configuration.DetectChanges).toBe("true");
    });

    it.each([
      ["an unknown source action", { sourceActionName: "Nope", push: [{ branches: { includes: ["main"] } }] }, /no source action of that name/],
      ["no filter", {}, /give at least one push or pullRequest filter/],
      ["four push filters", { push: Array.from({ length: 4 }, () => ({ branches: { includes: ["main"] } })) }, /4 push filters; at most 3/],
      [
        "four pull-request filters",
        { pullRequest: Array.from({ length: 4 }, () => ({ branches: { includes: ["main"] } })) },
        /4 pullRequest filters; at most 3/,
      ],
      [
        "nine branch patterns",
        { push: [{ branches: { includes: Array.from({ length: 9 }, (_, i) => `b${i}`) } }] },
        /branches.includes: 9 patterns; at most 8/,
      ],
      [
        "tags with branches",
        { push: [{ tags: { includes: ["v*"] }, branches: { includes: ["main"] } }] },
        /tags cannot be combined with branches or filePaths/,
      ],
      ["file paths alone", { push: [{ filePaths: { includes: ["src/**"] } }] }, /give branches or tags/],
      ["an empty pattern list", { push: [{ branches: {} }] }, /branches: give includes or excludes/],
      ["a bad pull-request event", { pullRequest: [{ events: ["MERGED"], branches: { includes: ["main"] } }] }, /"MERGED" is not OPEN, UPDATED or CLOSED/],
      ["a pull-request filter without branches", { pullRequest: [{ filePaths: { includes: ["src/**"] } }] }, /give branches/],
    ])("rejects %s", (_name, t, message) => {
      expect(() => trigger(t)).toThrow(message);
    });

    it("rejects a trigger on a source that is not a CodeStarSourceConnection", () => {
      const fakeSource = new (class extends TestAction {
        constructor() {
          super({ actionName: "S3Src", outputs: ["Other"] });
          (this as { type: unknown }).type = { ...this.type, category: "Source", provider: "S3" };
        }
      })();
      expect(() =>
        buildPipeline([[act("A")]], {
          sources: [sourceAction(), fakeSource],
          triggers: [{ sourceActionName: "S3Src", push: [{ branches: { includes: ["main"] } }] }],
        }),
      ).toThrow(/triggers work only on CodeStarSourceConnection sources, not S3/);
    });
  });

  describe("stage conditions", () => {
    it("emits beforeEntry, onSuccess and onFailure with retry mode", () => {
      const p = buildPipeline([
        {
          name: "Prod",
          actions: [act("A")],
          beforeEntry: { result: "FAIL", rules: [{ name: "Window", provider: "DeploymentWindow", configuration: { Cron: "0 9-17 ? * MON-FRI *" } }] },
          onSuccess: {
            result: "ROLLBACK",
            rules: [{ name: "Alarm", provider: "CloudWatchAlarm", configuration: { AlarmName: "errors", AlarmStates: "ALARM" } }],
          },
          onFailure: { result: "RETRY", retryMode: "ALL_ACTIONS" },
        },
      ]);
      const stage = (p.pipeline.stage as Record<string, unknown>[])[1]!;
      expect(stage.before_entry).toEqual({
        condition: {
          result: "FAIL",
          rule: [
            {
              name: "Window",
              rule_type_id: { category: "Rule", owner: "AWS", provider: "DeploymentWindow", version: "1" },
              configuration: { Cron: "0 9-17 ? * MON-FRI *" },
            },
          ],
        },
      });
      expect((stage.on_success as { condition: { result: string } }).condition.result).toBe("ROLLBACK");
      expect(stage.on_failure).toEqual({ result: "RETRY", retry_configuration: { retry_mode: "ALL_ACTIONS" } });
    });

    it("rejects a result that does not fit the condition", () => {
      expect(() =>
        buildPipeline([
          {
            name: "Prod",
            actions: [act("A")],
            beforeEntry: { result: "ROLLBACK", rules: [{ name: "W", provider: "DeploymentWindow", configuration: { Cron: "x" } }] },
          },
        ]),
      ).toThrow(/beforeEntry: result "ROLLBACK" is not allowed here; use FAIL or SKIP/);
    });

    it("follows AWS's rules per condition: SKIP only with LambdaInvoke or VariableCheck rules, ROLLBACK only on failure, no retry with conditions", () => {
      const alarm = { name: "Alarm", provider: "CloudWatchAlarm" as const, configuration: { AlarmName: "prod-5xx" } };
      const variable = { name: "Flag", provider: "VariableCheck" as const, configuration: { Variable: "#{variables.deploy}", Value: "yes", Operator: "EQ" } };
      expect(() => buildPipeline([{ name: "Prod", actions: [act("A")], beforeEntry: { result: "SKIP", rules: [variable, alarm] } }])).toThrow(
        /beforeEntry: result SKIP supports only LambdaInvoke and VariableCheck rules; rule "Alarm" is CloudWatchAlarm/,
      );
      expect(() => buildPipeline([{ name: "Prod", actions: [act("A")], beforeEntry: { result: "SKIP", rules: [variable] } }])).not.toThrow();
      expect(() =>
        buildPipeline([{ name: "Prod", actions: [act("A")], onFailure: { result: "ROLLBACK", conditions: { result: "FAIL", rules: [alarm] } } }]),
      ).toThrow(/onFailure: result "FAIL" is not allowed here; use ROLLBACK/);
      expect(() =>
        buildPipeline([{ name: "Prod", actions: [act("A")], onFailure: { result: "RETRY", conditions: { result: "ROLLBACK", rules: [alarm] } } }]),
      ).toThrow(/onFailure: automatic stage retry cannot be combined with conditions/);
      expect(() =>
        buildPipeline([{ name: "Prod", actions: [act("A")], onFailure: { result: "ROLLBACK", conditions: { result: "ROLLBACK", rules: [alarm] } } }]),
      ).not.toThrow();
    });

    it("grants the pipeline role what each rule reads, on exactly the rule's resource", () => {
      const p = buildPipeline([
        {
          name: "Prod",
          actions: [act("A")],
          beforeEntry: {
            result: "FAIL",
            rules: [
              { name: "Window", provider: "DeploymentWindow", configuration: { Cron: "0 9-17 ? * MON-FRI *" } },
              { name: "Check", provider: "LambdaInvoke", configuration: { FunctionName: "gate" } },
              { name: "Smoke", provider: "CodeBuild", configuration: { ProjectName: "smoke" }, inputArtifacts: ["Source"] },
              { name: "Shell", provider: "Commands", commands: ["make check"], inputArtifacts: ["Source"] },
            ],
          },
          onSuccess: {
            result: "ROLLBACK",
            rules: [{ name: "Alarm", provider: "CloudWatchAlarm", configuration: { AlarmName: "errors" }, region: "us-east-1" }],
          },
        },
      ]);
      const got = identityPairs(p.rolePolicy);
      const at = (service: string, region = PROVIDER_REGION) => `arn:aws:${service}:${region}:${TOOLS_ACCOUNT}`;
      expect(got).toEqual(
        expect.arrayContaining([
          `cloudwatch:DescribeAlarms ${at("cloudwatch", "us-east-1")}:alarm:errors`,
          `lambda:InvokeFunction ${at("lambda")}:function:gate`,
          `codebuild:StartBuild ${at("codebuild")}:project/smoke`,
          `codebuild:BatchGetBuilds ${at("codebuild")}:project/smoke`,
          `logs:PutLogEvents ${at("logs")}:log-group:/aws/codepipeline/service:*`,
        ]),
      );
      expect(got.filter((g) => /^(cloudwatch|lambda|codebuild|logs):/.test(g))).toHaveLength(10);
      const plain = identityPairs(buildPipeline([[act("A")]]).rolePolicy);
      expect(plain.filter((g) => /^(cloudwatch|lambda|codebuild|logs):/.test(g))).toEqual([]);
    });

    it("rejects a rule whose configuration lacks the resource it reads", () => {
      expect(() =>
        buildPipeline([
          { name: "Prod", actions: [act("A")], onSuccess: { result: "FAIL", rules: [{ name: "Alarm", provider: "CloudWatchAlarm", configuration: {} }] } },
        ]),
      ).toThrow(/stage "Prod" onSuccess: CloudWatchAlarm rule "Alarm" needs configuration.AlarmName/);
    });

    it("rejects more than five rules and a Commands rule without commands", () => {
      const rule = { name: "W", provider: "DeploymentWindow" as const, configuration: { Cron: "x" } };
      expect(() =>
        buildPipeline([
          { name: "Prod", actions: [act("A")], beforeEntry: { result: "FAIL", rules: Array.from({ length: 6 }, (_, i) => ({ ...rule, name: `W${i}` })) } },
        ]),
      ).toThrow(/give 1 to 5 rules, got 6/);
      expect(() =>
        buildPipeline([{ name: "Prod", actions: [act("A")], beforeEntry: { result: "FAIL", rules: [{ name: "C", provider: "Commands" }] } }]),
      ).toThrow(/Commands rule "C" needs commands/);
    });
  });

  describe("names", () => {
    it.each([
      [() => buildPipeline([[act("A")]], { pipelineName: "bad name" }), /pipelineName must be 1-100/],
      [() => act("bad name"), /actionName must be 1-100/],
      [() => act("A", { namespace: "bad.ns" }), /namespace "bad.ns" must be/],
      [() => act("A", { runOrder: 0 }), /runOrder 0 must be a whole number from 1 to 999/],
      [() => act("A", { roleArn: "*" }), /roleArn "\*" is not an IAM role ARN/],
    ])("rejects %#", (build, message) => {
      expect(build).toThrow(message);
    });
  });
});

describe("mergeStatements", () => {
  it("joins statements with the same actions and conditions and keeps resources sorted and unique", () => {
    expect(
      mergeStatements([
        { Effect: "Allow", Action: ["b", "a"], Resource: "r2" },
        { Effect: "Allow", Action: ["a", "b"], Resource: ["r1", "r2"] },
        { Effect: "Allow", Action: "c", Resource: "r3", Condition: { StringEquals: { k: "v" } } },
      ]),
    ).toEqual([
      { Effect: "Allow", Action: ["a", "b"], Resource: ["r1", "r2"] },
      { Effect: "Allow", Action: ["c"], Resource: ["r3"], Condition: { StringEquals: { k: "v" } } },
    ]);
  });
});

describe("Pipeline service role", () => {
  it("gets a role of its own by default, trusted by CodePipeline, using exactly the stores of its regions", () => {
    const stack = newStack();
    const p = new Pipeline(stack, "p", {
      pipelineName: "orders",
      accountId: TOOLS_ACCOUNT,
      region: PROVIDER_REGION,
      artifactStores: stores("us-east-1", "eu-central-1"),
      stages: [
        { name: "Source", actions: [sourceAction()] },
        { name: "Deploy", actions: [act("Far", { region: "us-east-1" })] },
      ],
    });
    const out = synth(stack);
    const role = out.only("aws_iam_role").body;
    expect(role.name).toBe("orders-codepipeline");
    expect(parsePolicy(role.assume_role_policy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "codepipeline.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    expect(p.roleArn).toBe(`arn:aws:iam::${TOOLS_ACCOUNT}:role/orders-codepipeline`);
    const policy = parsePolicy(out.only("aws_iam_role_policy").body.policy);
    const keys = policy.Statement.filter((s) => list(s.Action).includes("kms:Decrypt")).flatMap((s) => list(s.Resource));
    const all = stores("us-east-1", "eu-central-1");
    expect(keys.sort()).toEqual([all["eu-west-1"]!.keyArn, all["us-east-1"]!.keyArn].sort());
    // Its first execution starts on creation: the policy must exist by then.
    expect(out.only("aws_codepipeline").body.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\./)]);
  });

  it("rejects both an existing role and a role name", () => {
    expect(() => buildPipeline([[act("A")]], { roleName: "x" })).toThrow(/give role \(an existing role\) or roleName\/rolePath/);
  });

  it("creates its role under an IAM path when asked, with the path in its ARN", () => {
    const stack = newStack();
    const p = new Pipeline(stack, "p", {
      pipelineName: "orders",
      roleName: "acme-pipeline-orders",
      rolePath: "/codepipeline/acme/",
      accountId: TOOLS_ACCOUNT,
      region: PROVIDER_REGION,
      artifactStores: stores(),
      stages: [
        { name: "Source", actions: [sourceAction()] },
        { name: "Build", actions: [act("A")] },
      ],
    });
    expect(synth(stack).only("aws_iam_role").body.path).toBe("/codepipeline/acme/");
    expect(p.roleArn).toBe(`arn:aws:iam::${TOOLS_ACCOUNT}:role/codepipeline/acme/acme-pipeline-orders`);
  });
});

// Every limit the pipeline enforces, at the limit (accepted) and one past it (the error names the field).
describe("Pipeline limits at their edge", () => {
  const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
  const sources = (n: number) => many(n, (i) => sourceAction({ actionName: `Src${i}`, output: `Out${i}`, namespace: `Vars${i}` }));
  const trigger = (name: string, t: object = { push: [{ branches: { includes: ["main"] } }] }) => ({ sourceActionName: name, ...t });
  const branchFilter = { branches: { includes: ["main"] } };
  const rule = (i: number) => ({ name: `W${i}`, provider: "DeploymentWindow" as const, configuration: { Cron: "0 9-17 ? * MON-FRI *" } });

  it("takes 50 triggers (one per connection source) and rejects 51", () => {
    const p = buildPipeline([[act("A", { inputs: ["Out0"] })]], { sources: sources(50), triggers: many(50, (i) => trigger(`Src${i}`)) });
    expect(p.pipeline.trigger).toHaveLength(50);
    expect(() => buildPipeline([[act("A", { inputs: ["Out0"] })]], { sources: sources(50), triggers: many(51, (i) => trigger(`Src${i}`)) })).toThrow(
      /pipeline "service": 51 triggers; at most 50$/,
    );
  });

  it.each(["push", "pullRequest"])("takes 3 %s filters in a trigger and rejects 4", (field) => {
    const p = buildPipeline([[act("A")]], { triggers: [trigger("Source", { [field]: many(3, () => branchFilter) })] });
    const git = (p.pipeline.trigger as { git_configuration: Record<string, unknown[]> }[])[0]!.git_configuration;
    expect(git[field === "push" ? "push" : "pull_request"]).toHaveLength(3);
    expect(() => buildPipeline([[act("A")]], { triggers: [trigger("Source", { [field]: many(4, () => branchFilter) })] })).toThrow(
      new RegExp(`trigger on "Source": 4 ${field} filters; at most 3$`),
    );
  });

  it("takes 8 patterns of 255 characters in an includes list and rejects a 9th or a 256th character", () => {
    const at = (includes: string[]) => buildPipeline([[act("A")]], { triggers: [trigger("Source", { push: [{ branches: { includes } }] })] });
    const p = at(many(8, (i) => `${i}`.padEnd(255, "b")));
    const push = (p.pipeline.trigger as { git_configuration: { push: { branches: { includes: string[] } }[] } }[])[0]!.git_configuration.push[0]!;
    expect(push.branches.includes).toHaveLength(8);
    expect(() => at(many(9, (i) => `b${i}`))).toThrow(/trigger on "Source" push\[0\]\.branches\.includes: 9 patterns; at most 8$/);
    expect(() => at(["b".repeat(256)])).toThrow(/trigger on "Source" push\[0\]\.branches\.includes: patterns must be 1-255 characters$/);
  });

  it("takes 50 stages and rejects 51", () => {
    const p = buildPipeline(many(49, (i) => [act(`A${i}`)]));
    expect(p.pipeline.stage).toHaveLength(50);
    expect(() => buildPipeline(many(50, (i) => [act(`A${i}`)]))).toThrow(/pipeline "service": 51 stages; at most 50$/);
  });

  it("keeps 50 actions in one stage, splits 51 into two waves, and rejects 51 in a stage with conditions", () => {
    const at50 = buildPipeline([many(50, (i) => act(`A${i}`))]);
    expect((at50.pipeline.stage as { name: string; action: unknown[] }[]).map((s) => [s.name, s.action.length])).toEqual([
      ["Source", 1],
      ["Stage2", 50],
    ]);
    const at51 = buildPipeline([many(51, (i) => act(`A${i}`))]);
    expect((at51.pipeline.stage as { name: string; action: unknown[] }[]).map((s) => [s.name, s.action.length])).toEqual([
      ["Source", 1],
      ["Stage2-1", 50],
      ["Stage2-2", 1],
    ]);
    expect(() => buildPipeline([{ name: "Prod", actions: many(51, (i) => act(`A${i}`)), beforeEntry: { result: "FAIL", rules: [rule(0)] } }])).toThrow(
      /stage "Prod" has 51 actions and conditions; split it yourself/,
    );
  });

  it("takes 1 to 5 rules in a condition and rejects 0 and 6", () => {
    const at = (n: number) => buildPipeline([{ name: "Prod", actions: [act("A")], beforeEntry: { result: "FAIL", rules: many(n, rule) } }]);
    const rules = (p: PipelineUnderTestLike) => (p.pipeline.stage as { before_entry?: { condition: { rule: unknown[] } } }[])[1]!.before_entry!.condition.rule;
    expect(rules(at(5))).toHaveLength(5);
    expect(rules(at(1))).toHaveLength(1);
    expect(() => at(6)).toThrow(/stage "Prod" beforeEntry: give 1 to 5 rules, got 6$/);
    expect(() => at(0)).toThrow(/stage "Prod" beforeEntry: give 1 to 5 rules, got 0$/);
  });

  it("takes variable names of 128 characters, defaults of 1000 and descriptions of 200, and rejects one more", () => {
    const at = (v: { name: string; defaultValue?: string; description?: string }) => buildPipeline([[act("A")]], { variables: [v] });
    const p = at({ name: "v".repeat(128), defaultValue: "d".repeat(1000), description: "x".repeat(200) });
    expect(p.pipeline.variable).toEqual([{ name: "v".repeat(128), default_value: "d".repeat(1000), description: "x".repeat(200) }]);
    expect(() => at({ name: "v".repeat(129) })).toThrow(/variable name "v{129}" must be 1-128 letters, digits or @-_$/);
    expect(() => at({ name: "v", defaultValue: "d".repeat(1001) })).toThrow(/variable "v" defaultValue must be 1-1000 characters$/);
    expect(() => at({ name: "v", description: "x".repeat(201) })).toThrow(/variable "v" description is longer than 200 characters$/);
  });

  it("takes stage names of 100 characters and rejects 101", () => {
    const p = buildPipeline([{ name: "S".repeat(100), actions: [act("A")] }]);
    expect((p.pipeline.stage as { name: string }[])[1]!.name).toBe("S".repeat(100));
    expect(() => buildPipeline([{ name: "S".repeat(101), actions: [act("A")] }])).toThrow(/stage name "S{101}" must be 1-100 letters, digits or \.@-_$/);
  });

  it("takes action names and namespaces of 100 characters and rejects 101", () => {
    const name = "A".repeat(100);
    const namespace = "N".repeat(100);
    const p = buildPipeline([[act(name, { namespace })]]);
    expect([p.action(name).name, p.action(name).namespace]).toEqual([name, namespace]);
    expect(() => act("A".repeat(101))).toThrow(/^action "A{101}": actionName must be 1-100 letters, digits or \.@-_ characters$/);
    expect(() => act("A", { namespace: "N".repeat(101) })).toThrow(/^action "A": namespace "N{101}" must be 1-100 letters, digits or @-_ characters$/);
  });

  it("takes runOrder 1 to 999 and rejects 0 and 1000", () => {
    const p = buildPipeline([[act("A", { runOrder: 999 }), act("B", { runOrder: 1 })]]);
    expect([p.action("A").run_order, p.action("B").run_order]).toEqual([999, 1]);
    expect(() => act("A", { runOrder: 1000 })).toThrow(/action "A": runOrder 1000 must be a whole number from 1 to 999$/);
    expect(() => act("A", { runOrder: 0 })).toThrow(/action "A": runOrder 0 must be a whole number from 1 to 999$/);
  });
});

type PipelineUnderTestLike = { pipeline: Record<string, unknown> };
