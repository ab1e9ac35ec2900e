import { customActionSchema } from "../../../config/pipeline/approval-invoke-custom";
import { CustomActionType, CustomActionTypeDefinition } from "../../../modules/custom-action-type";
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CustomAction, CustomActionProps } from "../../../modules/pipeline/actions/custom";
import { Pipeline } from "../../../modules/pipeline/pipeline";
import { identityPairs, newStack, PROVIDER_REGION, roleArn, synth, TARGET_ACCOUNT_A, TOOLS_ACCOUNT } from "../helpers";
import { buildPipeline, CONNECTION_ARN, PIPELINE_ROLE, sourceAction, stores } from "./harness";

const SCANNER: CustomActionTypeDefinition = {
  actionTypeId: { category: "Test", owner: "Custom", provider: "AcmeScanner", version: "2" },
  configurationProperties: [
    { name: "ProjectName", required: true, queryable: true },
    { name: "Severity", required: false },
    { name: "ApiToken", required: true, secret: true },
  ],
  inputArtifactDetails: { minimumCount: 1, maximumCount: 2 },
  outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
};

const SCANNER_WITHOUT_INPUTS: CustomActionTypeDefinition = {
  ...SCANNER,
  configurationProperties: [],
  inputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
};

const custom = (over: Partial<CustomActionProps> = {}) =>
  new CustomAction({
    actionName: "Scan",
    actionType: SCANNER,
    configuration: { ProjectName: "service", ApiToken: "#{variables.token}" },
    inputs: ["Source"],
    ...over,
  });

const variables = [{ name: "token", defaultValue: "t" }];

describe("CustomAction", () => {
  it("emits the custom action type and its configuration", () => {
    const p = buildPipeline([[custom({ configuration: { ProjectName: "service", Severity: "HIGH", ApiToken: "#{variables.token}" }, outputs: ["Report"] })]], {
      variables,
    });
    const a = p.action("Scan");
    expect([a.category, a.owner, a.provider, a.version]).toEqual(["Test", "Custom", "AcmeScanner", "2"]);
    expect(a.configuration).toEqual({ ProjectName: "service", Severity: "HIGH", ApiToken: "#{variables.token}" });
    expect(a.input_artifacts).toEqual(["Source"]);
    expect(a.output_artifacts).toEqual(["Report"]);
  });

  it("works with a CustomActionType construct", () => {
    const type = new CustomActionType(newStack("types"), "scanner", {
      category: "Build",
      providerName: "AcmeBuilder",
      version: "1",
      configurationProperties: [{ name: "Target", required: true }],
      inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
      outputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
      workerRoleName: "acme-builder-worker",
      workerPrincipal: { service: "ec2.amazonaws.com" },
    });
    const p = buildPipeline([
      [new CustomAction({ actionName: "Build", actionType: type, configuration: { Target: "prod" }, inputs: ["Source"], outputs: ["Built"] })],
    ]);
    const a = p.action("Build");
    expect([a.category, a.owner, a.provider, a.version]).toEqual(["Build", "Custom", "AcmeBuilder", "1"]);
    expect(a.configuration).toEqual({ Target: "prod" });
  });

  describe("waits for the type it uses", () => {
    const builder = (stack: TerraformStack, version: string) =>
      new CustomActionType(stack, `builder-${version}`, {
        category: "Build",
        providerName: "AcmeBuilder",
        version,
        workerRoleName: `acme-builder-worker-${version}`,
        workerPrincipal: { service: "ec2.amazonaws.com" },
      });
    const pipelineIn = (stack: TerraformStack, ...types: CustomActionTypeDefinition[]) =>
      new Pipeline(stack, "pipeline", {
        pipelineName: "service",
        role: PIPELINE_ROLE,
        accountId: TOOLS_ACCOUNT,
        region: PROVIDER_REGION,
        artifactStores: stores(),
        stages: [
          { name: "Source", actions: [sourceAction()] },
          { name: "Build", actions: types.map((t, i) => new CustomAction({ actionName: `Build${i}`, actionType: t })) },
        ],
      });
    const typeDependencies = (out: ReturnType<typeof synth>) =>
      ((out.only("aws_codepipeline").body.depends_on as string[]) ?? []).filter((d) => d.startsWith("aws_codepipeline_custom_action_type."));

    it("depends on the types of its stack that its actions use, and on no other", () => {
      const stack = newStack();
      const used = builder(stack, "1");
      builder(stack, "2");
      pipelineIn(stack, used, used);
      const out = synth(stack);
      const [usedName] = Object.entries(out.resources("aws_codepipeline_custom_action_type")).find(([, b]) => b.version === "1")!;
      expect(typeDependencies(out)).toEqual([`aws_codepipeline_custom_action_type.${usedName}`]);
    });

    it("depends on no type when the definition names none (the type exists already)", () => {
      const stack = newStack();
      pipelineIn(stack, SCANNER_WITHOUT_INPUTS);
      expect(typeDependencies(synth(stack))).toEqual([]);
    });

    it("follows the type's stack when the type is in another stack, since depends_on cannot cross stacks", () => {
      const typesStack = newStack("types");
      const type = builder(typesStack, "1");
      const pipelineStack = new TerraformStack(typesStack.node.root, "pipelines");
      new AwsProvider(pipelineStack, "aws", { region: PROVIDER_REGION });
      pipelineIn(pipelineStack, type);
      expect(typeDependencies(synth(pipelineStack))).toEqual([]);
      expect(pipelineStack.dependencies).toEqual([typesStack]);
    });
  });

  it("enforces the type's artifact counts", () => {
    expect(() => custom({ inputs: [] })).toThrow('action "Scan": AcmeScanner takes 1 to 2 input artifact(s), got 0');
    expect(() => custom({ inputs: ["A", "B", "C"] })).toThrow('action "Scan": AcmeScanner takes 1 to 2 input artifact(s), got 3');
    const strict: CustomActionTypeDefinition = { ...SCANNER, outputArtifactDetails: { minimumCount: 1, maximumCount: 1 } };
    expect(() => custom({ actionType: strict })).toThrow('action "Scan": AcmeScanner produces exactly 1 output artifact(s), got 0');
    expect(() => custom({ actionType: strict, outputs: ["A", "B"] })).toThrow('action "Scan": AcmeScanner produces exactly 1 output artifact(s), got 2');
  });

  it("adds nothing to the pipeline role", () => {
    const p = buildPipeline([[custom()]], { variables });
    // Only the connection source's grant remains.
    expect(identityPairs(p.rolePolicy)).toEqual([`codeconnections:UseConnection ${CONNECTION_ARN}`]);
    expect(custom().runnerPermissions()).toEqual([]);
  });

  it.each([
    [
      "an unknown key",
      { configuration: { ProjectName: "service", ApiToken: "t", Projectname: "x" } },
      'action "Scan": configuration key(s) "Projectname" are not properties of custom action type Test/AcmeScanner/2; it defines ProjectName, Severity, ApiToken',
    ],
    [
      "a missing required property",
      { configuration: { ProjectName: "service" } },
      'action "Scan": custom action type Test/AcmeScanner/2 requires configuration "ApiToken"; set them',
    ],
    [
      "a queryable value with a dot",
      { configuration: { ProjectName: "my.service", ApiToken: "t" } },
      'action "Scan": configuration "ProjectName" is queryable, so its value "my.service" must be 1-20 letters, digits, _ or -',
    ],
    ["a queryable value over 20 characters", { configuration: { ProjectName: "x".repeat(21), ApiToken: "t" } }, 'configuration "ProjectName" is queryable'],
    [
      "a value over 1000 characters",
      { configuration: { ProjectName: "service", ApiToken: "t".repeat(1001) } },
      'action "Scan": configuration "ApiToken" is 1001 characters; at most 1000',
    ],
    ["a roleArn", { roleArn: roleArn(TARGET_ACCOUNT_A, "x") }, 'action "Scan": custom actions run where their action type is defined'],
    ["a region", { region: "us-east-1" }, 'action "Scan": custom actions run where their action type is defined'],
    ["timeoutInMinutes", { timeoutInMinutes: 30 }, 'action "Scan": timeoutInMinutes is only accepted by manual approval actions'],
  ])("rejects %s", (_label, over, message) => {
    expect(() => custom(over as Partial<CustomActionProps>)).toThrow(message);
  });

  describe("config schema", () => {
    it("parses a valid entry", () => {
      const r = customActionSchema.safeParse({
        type: "custom",
        name: "Scan",
        actionType: { category: "Test", provider: "AcmeScanner", version: "2" },
        configuration: { ProjectName: "service" },
        inputs: ["Source"],
      });
      expect(r.success).toBe(true);
    });

    it("rejects a bad version and placement", () => {
      const r = customActionSchema.safeParse({
        type: "custom",
        name: "Scan",
        actionType: { category: "Test", provider: "AcmeScanner", version: "1.0" },
        region: "us-east-1",
      });
      expect(r.success).toBe(false);
      const messages = r.error!.issues.map((i) => i.message).join("\n");
      expect(messages).toContain('"1.0" is not a valid action type version (1-9 letters, digits, - or _)');
      expect(messages).toMatch(/Unrecognized key.*region/);
    });
  });
});

// Every limit the custom action enforces on its configuration, at the limit (accepted, and emitted) and one past it (the error names the key).
describe("custom action limits at their edge", () => {
  it("takes a configuration value of 1000 characters and rejects 1001", () => {
    const p = buildPipeline([[custom({ configuration: { ProjectName: "service", ApiToken: "t".repeat(1000) } })]]);
    expect(p.action("Scan").configuration.ApiToken).toBe("t".repeat(1000));
    expect(() => custom({ configuration: { ProjectName: "service", ApiToken: "t".repeat(1001) } })).toThrow(
      'action "Scan": configuration "ApiToken" is 1001 characters; at most 1000',
    );
  });

  it("takes a queryable value of 20 characters and rejects 21", () => {
    const p = buildPipeline([[custom({ configuration: { ProjectName: "q".repeat(20), ApiToken: "t" } })]]);
    expect(p.action("Scan").configuration.ProjectName).toBe("q".repeat(20));
    expect(() => custom({ configuration: { ProjectName: "q".repeat(21), ApiToken: "t" } })).toThrow(
      `action "Scan": configuration "ProjectName" is queryable, so its value "${"q".repeat(21)}" must be 1-20 letters, digits, _ or -`,
    );
  });
});
