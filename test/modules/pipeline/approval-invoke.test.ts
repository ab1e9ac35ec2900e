import { Lazy } from "cdktf";
import { lambdaInvokeSchema, manualApprovalSchema, stepFunctionsInvokeSchema } from "../../../config/pipeline/approval-invoke-custom";
import { ManualApprovalAction, ManualApprovalProps } from "../../../modules/pipeline/actions/approval";
import { LambdaInvokeAction, LambdaInvokeProps, StepFunctionsInvokeAction, StepFunctionsInvokeProps } from "../../../modules/pipeline/actions/invoke";
import { identityPairs, list, pairs, parsePolicy, PROVIDER_REGION, ref, roleArn, roleGrants, sorted, TARGET_ACCOUNT_A, TOOLS_ACCOUNT } from "../helpers";
import type { Action } from "../../../modules/pipeline/action";
import { buildPipeline, PIPELINE_ROLE, stores } from "./harness";

const KEY_ARN = stores()[PROVIDER_REGION]!.keyArn;
const TARGET_ROLE = roleArn(TARGET_ACCOUNT_A, "codepipeline-action");
const TOPIC_ARN = `arn:aws:sns:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:release-approvals`;
const SM_ARN = `arn:aws:states:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:stateMachine:release`;

const approval = (over: Partial<ManualApprovalProps> = {}) => new ManualApprovalAction({ actionName: "Approve", ...over });
const lambda = (over: Partial<LambdaInvokeProps> = {}) => new LambdaInvokeAction({ actionName: "Invoke", functionName: "smoke-test", ...over });
const sfn = (over: Partial<StepFunctionsInvokeProps> = {}) => new StepFunctionsInvokeAction({ actionName: "Sfn", stateMachineArn: SM_ARN, ...over });

/** Pairs the pipeline role's inline policy grants. */
const grantedPairs = (p: ReturnType<typeof buildPipeline>) => identityPairs(p.rolePolicy);

describe("ManualApprovalAction", () => {
  it("creates an encrypted topic and wires it into the configuration", () => {
    const p = buildPipeline([
      [approval({ customData: "Check #{SourceVars.CommitId}", externalEntityLink: "https://staging.example.com", timeoutInMinutes: 60 })],
    ]);
    const topic = p.only("aws_sns_topic");
    expect(topic.body.name).toBe("service-Approve-approval");
    expect(topic.body.kms_master_key_id).toBe(KEY_ARN);
    const a = p.action("Approve");
    expect([a.category, a.owner, a.provider, a.version]).toEqual(["Approval", "AWS", "Manual", "1"]);
    expect(a.configuration).toEqual({
      NotificationArn: ref("aws_sns_topic", topic.name, "arn"),
      CustomData: "Check #{SourceVars.CommitId}",
      ExternalEntityLink: "https://staging.example.com",
    });
    expect(a.timeout_in_minutes).toBe(60);
    expect(a.input_artifacts).toBeUndefined();
    expect(a.output_artifacts).toBeUndefined();
  });

  it("lets only the pipeline role publish, over TLS", () => {
    const p = buildPipeline([[approval()]]);
    const topicArn = ref("aws_sns_topic", p.only("aws_sns_topic").name, "arn");
    const policy = p.only("aws_sns_topic_policy").body;
    expect(policy.arn).toBe(topicArn);
    const doc = parsePolicy(policy.policy);
    const grants = roleGrants(doc);
    expect([...grants.keys()]).toEqual([PIPELINE_ROLE.arn]);
    expect(sorted(grants.get(PIPELINE_ROLE.arn)!.pairs)).toEqual([`sns:Publish ${topicArn}`]);
    const denies = doc.Statement.filter((s) => s.Effect === "Deny");
    expect(denies.map((s) => s.Condition)).toEqual([{ ArnNotEquals: { "aws:PrincipalArn": PIPELINE_ROLE.arn } }, { Bool: { "aws:SecureTransport": "false" } }]);
    for (const d of denies) expect(list(d.Resource)).toEqual([topicArn]);
  });

  it("grants the pipeline role publish on exactly the created topic and use of the artifact key", () => {
    const p = buildPipeline([[approval()]]);
    const topicArn = ref("aws_sns_topic", p.only("aws_sns_topic").name, "arn");
    const granted = grantedPairs(p);
    expect(granted).toEqual(expect.arrayContaining([`sns:Publish ${topicArn}`, ...pairs(["kms:Decrypt", "kms:GenerateDataKey*"], [KEY_ARN])]));
    expect(granted.filter((g) => g.startsWith("sns:"))).toEqual([`sns:Publish ${topicArn}`]);
  });

  it("subscribes the given email addresses", () => {
    const p = buildPipeline([[approval({ notification: { create: true, emailSubscribers: ["a@example.com", "b@example.com"] } })]]);
    const subs = Object.values(p.resources("aws_sns_topic_subscription"));
    expect(subs.map((s) => [s.protocol, s.endpoint]).sort()).toEqual([
      ["email", "a@example.com"],
      ["email", "b@example.com"],
    ]);
  });

  it("names the created topic as told (the landing zone puts its name first)", () => {
    const p = buildPipeline([[approval({ notification: { create: true, topicName: "acme-service-Approve-approval" } })]]);
    expect(p.only("aws_sns_topic").body.name).toBe("acme-service-Approve-approval");
  });

  it("uses an existing topic without creating one and grants publish on exactly it", () => {
    const p = buildPipeline([[approval({ notification: { topicArn: TOPIC_ARN, kmsKeyArn: KEY_ARN } })]]);
    expect(p.resources("aws_sns_topic")).toEqual({});
    expect(p.action("Approve").configuration).toEqual({ NotificationArn: TOPIC_ARN });
    expect(grantedPairs(p)).toEqual(expect.arrayContaining([`sns:Publish ${TOPIC_ARN}`, ...pairs(["kms:Decrypt", "kms:GenerateDataKey*"], [KEY_ARN])]));
  });

  it("takes no input or output artifacts", () => {
    expect(() => approval({ inputs: ["Source"] } as Partial<ManualApprovalProps>)).toThrow('action "Approve": Manual takes exactly 0 input artifact(s), got 1');
    expect(() => approval({ outputs: ["Out"] } as Partial<ManualApprovalProps>)).toThrow(
      'action "Approve": Manual produces exactly 0 output artifact(s), got 1',
    );
  });

  it.each([
    ["timeout below 5", { timeoutInMinutes: 4 }, 'action "Approve": timeoutInMinutes 4 must be a whole number from 5 to 86400'],
    ["timeout above 86400", { timeoutInMinutes: 86401 }, 'action "Approve": timeoutInMinutes 86401 must be a whole number from 5 to 86400'],
    ["customData too long", { customData: "x".repeat(1001) }, 'action "Approve": customData is 1001 characters; shorten it to at most 1000'],
    ["http link", { externalEntityLink: "http://example.com" }, 'action "Approve": externalEntityLink "http://example.com" must be an https:// URL'],
    ["link not a URL", { externalEntityLink: "not a url" }, 'action "Approve": externalEntityLink "not a url" must be an https:// URL'],
    [
      "topic name instead of ARN",
      { notification: { topicArn: "release-approvals" } },
      'action "Approve": notification.topicArn "release-approvals" is not an SNS topic ARN',
    ],
    [
      "key alias",
      { notification: { topicArn: TOPIC_ARN, kmsKeyArn: "alias/sns" } },
      'action "Approve": notification.kmsKeyArn "alias/sns" is not a KMS key ARN',
    ],
    [
      "bad topic name",
      { notification: { create: true, topicName: "release.approvals" } },
      'action "Approve": notification.topicName "release.approvals" must be 1-256 letters, digits, "-" or "_"',
    ],
    [
      "bad email",
      { notification: { create: true, emailSubscribers: ["ops"] } },
      'action "Approve": notification.emailSubscribers entry "ops" is not an email address',
    ],
    [
      "duplicate email",
      { notification: { create: true, emailSubscribers: ["a@example.com", "a@example.com"] } },
      'action "Approve": notification.emailSubscribers lists an address twice',
    ],
    ["roleArn", { roleArn: TARGET_ROLE }, 'action "Approve": a manual approval runs in the pipeline\'s account and region; remove roleArn and region'],
    ["region", { region: "us-east-1" }, 'action "Approve": a manual approval runs in the pipeline\'s account and region; remove roleArn and region'],
  ])("rejects %s", (_label, over, message) => {
    expect(() => approval(over as Partial<ManualApprovalProps>)).toThrow(message);
  });

  it("rejects an existing topic in another region", () => {
    const arn = `arn:aws:sns:us-east-1:${TOOLS_ACCOUNT}:release-approvals`;
    expect(() => buildPipeline([[approval({ notification: { topicArn: arn } })]])).toThrow(
      'action "Approve": notification.topicArn is in us-east-1, but approval topics must be in the pipeline\'s region eu-west-1',
    );
  });

  it("rejects two approvals with the same name, which would share a topic name", () => {
    expect(() => buildPipeline([[approval()], [approval()]])).toThrow(
      'action "Approve": another approval action named "Approve" in pipeline "service" already creates its topic',
    );
  });

  it("accepts any output variable name (none verified)", () => {
    expect(approval().outputVariables()).toBeUndefined();
  });

  describe("config schema", () => {
    it("parses a valid entry", () => {
      const r = manualApprovalSchema.safeParse({
        type: "manual-approval",
        name: "Approve",
        notification: { create: true, emailSubscribers: ["ops@example.com"] },
        customData: "Please review",
        externalEntityLink: "https://example.com",
        timeoutInMinutes: 120,
      });
      expect(r.success).toBe(true);
    });

    it("rejects a plain-http link and placement fields", () => {
      const r = manualApprovalSchema.safeParse({ type: "manual-approval", name: "Approve", externalEntityLink: "http://example.com", account: "dev" });
      expect(r.success).toBe(false);
      const messages = r.error!.issues.map((i) => i.message).join("\n");
      expect(messages).toContain('"http://example.com" is not an https:// URL');
      expect(messages).toMatch(/Unrecognized key.*account/);
    });
  });
});

describe("LambdaInvokeAction", () => {
  it("emits FunctionName and JSON UserParameters", () => {
    const p = buildPipeline([[lambda({ userParameters: { env: "staging", commit: "#{SourceVars.CommitId}" }, inputs: ["Source"], outputs: ["Report"] })]]);
    const a = p.action("Invoke");
    expect([a.category, a.owner, a.provider, a.version]).toEqual(["Invoke", "AWS", "Lambda", "1"]);
    expect(a.configuration).toEqual({ FunctionName: "smoke-test", UserParameters: '{"env":"staging","commit":"#{SourceVars.CommitId}"}' });
    expect(a.input_artifacts).toEqual(["Source"]);
    expect(a.output_artifacts).toEqual(["Report"]);
  });

  it("passes a string UserParameters unchanged and omits it when unset", () => {
    expect(buildPipeline([[lambda({ userParameters: "plain text" })]]).action("Invoke").configuration).toEqual({
      FunctionName: "smoke-test",
      UserParameters: "plain text",
    });
    expect(buildPipeline([[lambda()]]).action("Invoke").configuration).toEqual({ FunctionName: "smoke-test" });
  });

  it("enforces 0-5 input and output artifacts", () => {
    const six = ["A", "B", "C", "D", "E", "F"];
    expect(() => lambda({ inputs: six })).toThrow('action "Invoke": Lambda takes 0 to 5 input artifact(s), got 6');
    expect(() => lambda({ outputs: six })).toThrow('action "Invoke": Lambda produces 0 to 5 output artifact(s), got 6');
  });

  it("grants the pipeline role InvokeFunction on exactly the function, and only ListFunctions (no resource type) on *", () => {
    const p = buildPipeline([[lambda()]]);
    const fn = `arn:aws:lambda:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:function:smoke-test`;
    const lambdaPairs = grantedPairs(p).filter((g) => g.startsWith("lambda:"));
    expect(lambdaPairs).toEqual([`lambda:InvokeFunction ${fn}`, "lambda:ListFunctions *"]);
  });

  it("grants a function given by ARN (qualified) as is", () => {
    const arn = `arn:aws:lambda:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:function:smoke-test:live`;
    const p = buildPipeline([[lambda({ functionName: arn })]]);
    expect(grantedPairs(p).filter((g) => g.startsWith("lambda:"))).toEqual([`lambda:InvokeFunction ${arn}`, "lambda:ListFunctions *"]);
  });

  it("leaves a cross-account action's permissions to its role: only sts:AssumeRole lands in the pipeline role", () => {
    const action = lambda({ roleArn: TARGET_ROLE, region: "us-east-1" });
    const p = buildPipeline([[action]], { artifactStores: stores("us-east-1") });
    expect(grantedPairs(p).filter((g) => g.startsWith("lambda:"))).toEqual([]);
    expect(grantedPairs(p)).toContain(`sts:AssumeRole ${TARGET_ROLE}`);
    expect(p.action("Invoke").role_arn).toBe(TARGET_ROLE);
    expect(p.action("Invoke").region).toBe("us-east-1");
    expect(action.runnerPermissions({ account: TARGET_ACCOUNT_A, region: "us-east-1" })).toEqual([
      { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: `arn:aws:lambda:us-east-1:${TARGET_ACCOUNT_A}:function:smoke-test` },
      { Effect: "Allow", Action: ["lambda:ListFunctions"], Resource: "*" },
    ]);
  });

  it("takes a token function name to be an ARN", () => {
    const arn = `arn:aws:lambda:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:function:smoke-test`;
    const p = buildPipeline([[lambda({ functionName: Lazy.stringValue({ produce: () => arn }) })]]);
    expect(p.action("Invoke").configuration).toEqual({ FunctionName: arn });
    expect(grantedPairs(p).filter((g) => g.startsWith("lambda:"))).toEqual([`lambda:InvokeFunction ${arn}`, "lambda:ListFunctions *"]);
  });

  it("attaches the job-result policy to the function's role, once per role", () => {
    const p = buildPipeline([[lambda({ functionRoleName: "smoke-test-fn" }), lambda({ actionName: "Invoke2", functionRoleName: "smoke-test-fn" })]]);
    const policies = Object.values(p.resources("aws_iam_role_policy")).filter((x) => x.role === "smoke-test-fn");
    expect(policies).toHaveLength(1);
    expect(policies[0]!.name).toBe("codepipeline-job-result-service");
    const doc = parsePolicy(policies[0]!.policy);
    expect(identityPairs(doc)).toEqual(pairs(["codepipeline:PutJobFailureResult", "codepipeline:PutJobSuccessResult"], ["*"]));
  });

  it("checks output variable references against the declared outputVariables", () => {
    const producer = lambda({ namespace: "LambdaVars", outputVariables: ["Version"] });
    const ok = lambda({ actionName: "Use", userParameters: "#{LambdaVars.Version}" });
    expect(() => buildPipeline([[producer], [ok]])).not.toThrow();
    const bad = lambda({ actionName: "Use", userParameters: "#{LambdaVars.Other}" });
    expect(() => buildPipeline([[lambda({ namespace: "LambdaVars", outputVariables: ["Version"] })], [bad]])).toThrow(
      'action "Use" uses #{LambdaVars.Other}, but "Invoke" emits only Version',
    );
    expect(lambda().outputVariables()).toBeUndefined();
  });

  it.each([
    ["bad function name", { functionName: "bad name" }, 'action "Invoke": functionName "bad name" must be a function name'],
    [
      "ARN with bad account",
      { functionName: "arn:aws:lambda:eu-west-1:1:function:x" },
      'action "Invoke": functionName "arn:aws:lambda:eu-west-1:1:function:x" must be a function name',
    ],
    [
      "userParameters string too long",
      { userParameters: "x".repeat(1001) },
      'action "Invoke": userParameters is 1001 characters once serialised; CodePipeline allows 1000',
    ],
    ["userParameters JSON too long", { userParameters: { v: "x".repeat(1000) } }, 'action "Invoke": userParameters is 1008 characters once serialised'],
    ["duplicate output variable", { outputVariables: ["A", "A"] }, 'action "Invoke": outputVariables lists a name twice'],
    ["bad output variable name", { outputVariables: ["has space"] }, 'action "Invoke": outputVariables entry "has space" must be letters, digits or @-_.'],
    ["bad role name", { functionRoleName: "role/with/path" }, 'action "Invoke": functionRoleName: "role/with/path" is not a valid IAM role name'],
    ["timeoutInMinutes", { timeoutInMinutes: 10 }, 'action "Invoke": timeoutInMinutes is only accepted by manual approval actions; remove it'],
  ])("rejects %s", (_label, over, message) => {
    expect(() => lambda(over as Partial<LambdaInvokeProps>)).toThrow(message);
  });

  it("rejects a function ARN of another region than the action's", () => {
    const arn = `arn:aws:lambda:us-east-1:${TOOLS_ACCOUNT}:function:smoke-test`;
    expect(() => buildPipeline([[lambda({ functionName: arn })]])).toThrow(
      'action "Invoke": functionName is a function in us-east-1, but the action runs in eu-west-1; set region "us-east-1" on the action',
    );
  });

  it("rejects functionRoleName for a function outside the pipeline's account", () => {
    expect(() => buildPipeline([[lambda({ roleArn: TARGET_ROLE, functionRoleName: "fn-role" })]])).toThrow(
      `action "Invoke": functionRoleName only works for functions in the pipeline's account ${TOOLS_ACCOUNT}, not ${TARGET_ACCOUNT_A}`,
    );
  });

  describe("config schema", () => {
    it("parses a valid entry", () => {
      const r = lambdaInvokeSchema.safeParse({
        type: "lambda",
        name: "Invoke",
        account: "dev",
        region: "us-east-1",
        functionName: "smoke-test:live",
        userParameters: { env: "dev" },
        outputVariables: ["Version"],
        inputs: ["Source"],
      });
      expect(r.success).toBe(true);
    });

    it("rejects a bad function name and timeoutInMinutes", () => {
      const r = lambdaInvokeSchema.safeParse({ type: "lambda", name: "Invoke", functionName: "no spaces allowed", timeoutInMinutes: 10 });
      expect(r.success).toBe(false);
      const messages = r.error!.issues.map((i) => i.message).join("\n");
      expect(messages).toContain('"no spaces allowed" is not a Lambda function name (optionally :alias) or function ARN');
      expect(messages).toMatch(/Unrecognized key.*timeoutInMinutes/);
    });
  });
});

describe("StepFunctionsInvokeAction", () => {
  it("emits the configuration with a Literal object input", () => {
    const p = buildPipeline([[sfn({ executionNamePrefix: "release", input: { commit: "#{SourceVars.CommitId}" }, outputs: ["Result"] })]]);
    const a = p.action("Sfn");
    expect([a.category, a.owner, a.provider, a.version]).toEqual(["Invoke", "AWS", "StepFunctions", "1"]);
    expect(a.configuration).toEqual({
      StateMachineArn: SM_ARN,
      ExecutionNamePrefix: "release",
      InputType: "Literal",
      Input: '{"commit":"#{SourceVars.CommitId}"}',
    });
  });

  it("reads input from a file of its one input artifact", () => {
    const p = buildPipeline([[sfn({ inputType: "FilePath", input: "sfn/input.json", inputs: ["Source"] })]]);
    expect(p.action("Sfn").configuration).toEqual({ StateMachineArn: SM_ARN, InputType: "FilePath", Input: "sfn/input.json" });
    expect(p.action("Sfn").input_artifacts).toEqual(["Source"]);
  });

  it("enforces 0-1 input and output artifacts", () => {
    expect(() => sfn({ inputs: ["A", "B"] })).toThrow('action "Sfn": StepFunctions takes 0 to 1 input artifact(s), got 2');
    expect(() => sfn({ outputs: ["A", "B"] })).toThrow('action "Sfn": StepFunctions produces 0 to 1 output artifact(s), got 2');
  });

  it("grants start/describe on the state machine and describe on its executions only", () => {
    const p = buildPipeline([[sfn()]]);
    const executions = `arn:aws:states:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:execution:release:*`;
    expect(grantedPairs(p).filter((g) => g.startsWith("states:"))).toEqual(
      sorted([`states:DescribeStateMachine ${SM_ARN}`, `states:StartExecution ${SM_ARN}`, `states:DescribeExecution ${executions}`]),
    );
  });

  it("scopes DescribeExecution through stateMachineName when the ARN is a token", () => {
    const token = Lazy.stringValue({ produce: () => SM_ARN });
    expect(() => sfn({ stateMachineArn: token })).toThrow('action "Sfn": stateMachineArn is a Terraform token; also give stateMachineName');
    const p = buildPipeline([[sfn({ stateMachineArn: token, stateMachineName: "release" })]]);
    expect(grantedPairs(p)).toContain(`states:DescribeExecution arn:aws:states:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:execution:release:*`);
  });

  it("leaves a cross-account action's permissions to its role", () => {
    const p = buildPipeline([[sfn({ roleArn: TARGET_ROLE })]]);
    expect(grantedPairs(p).filter((g) => g.startsWith("states:"))).toEqual([]);
    expect(grantedPairs(p)).toContain(`sts:AssumeRole ${TARGET_ROLE}`);
  });

  it("emits StateMachineArn and ExecutionArn and nothing else", () => {
    const ok = lambda({ actionName: "Use", userParameters: "#{SfnVars.ExecutionArn}" });
    expect(() => buildPipeline([[sfn({ namespace: "SfnVars" })], [ok]])).not.toThrow();
    const bad = lambda({ actionName: "Use", userParameters: "#{SfnVars.Output}" });
    expect(() => buildPipeline([[sfn({ namespace: "SfnVars" })], [bad]])).toThrow('"Sfn" emits only StateMachineArn, ExecutionArn');
  });

  it.each([
    ["bad ARN", { stateMachineArn: "release" }, 'action "Sfn": stateMachineArn "release" is not a state machine ARN'],
    ["stateMachineName not in the ARN", { stateMachineName: "other" }, 'action "Sfn": stateMachineName "other" is not the name in stateMachineArn'],
    ["bad prefix", { executionNamePrefix: "has space" }, 'action "Sfn": executionNamePrefix "has space" must be 1-80 letters, digits, - or _'],
    [
      "FilePath without input",
      { inputType: "FilePath", inputs: ["Source"] },
      'action "Sfn": inputType "FilePath" needs input: the path of the input file in the input artifact',
    ],
    [
      "FilePath without artifact",
      { inputType: "FilePath", input: "input.json" },
      'action "Sfn": inputType "FilePath" reads the file from the action\'s input artifact; give exactly one input',
    ],
    ["invalid JSON literal", { input: "{not json" }, 'action "Sfn": input is not valid JSON'],
    ["input too long", { input: { v: "x".repeat(1000) } }, 'action "Sfn": input is 1008 characters; CodePipeline allows 1000'],
    ["timeoutInMinutes", { timeoutInMinutes: 10 }, 'action "Sfn": timeoutInMinutes is only accepted by manual approval actions; remove it'],
  ])("rejects %s", (_label, over, message) => {
    expect(() => sfn(over as Partial<StepFunctionsInvokeProps>)).toThrow(message);
  });

  it("rejects a state machine of another region than the action's", () => {
    const arn = `arn:aws:states:us-east-1:${TOOLS_ACCOUNT}:stateMachine:release`;
    expect(() => buildPipeline([[sfn({ stateMachineArn: arn })]])).toThrow(
      'action "Sfn": stateMachineArn is in us-east-1, but the action runs in eu-west-1; set region "us-east-1" on the action',
    );
  });

  describe("config schema", () => {
    it("parses a valid entry", () => {
      const r = stepFunctionsInvokeSchema.safeParse({
        type: "step-functions",
        name: "Sfn",
        stateMachineArn: SM_ARN,
        inputType: "Literal",
        input: { a: 1 },
        region: "eu-west-1",
      });
      expect(r.success).toBe(true);
    });

    it("rejects a bad state machine ARN and input type", () => {
      const r = stepFunctionsInvokeSchema.safeParse({ type: "step-functions", name: "Sfn", stateMachineArn: "release", inputType: "Url" });
      expect(r.success).toBe(false);
      const messages = r.error!.issues.map((i) => i.message).join("\n");
      expect(messages).toContain('"release" is not a state machine ARN');
      expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["stateMachineArn", "inputType"]));
    });
  });
});

// Every limit the approval and invoke actions enforce, at the limit (accepted, and emitted) and one past it (the error names the field).
describe("approval and invoke limits at their edge", () => {
  const n = (count: number, c = "x") => c.repeat(count);
  const link = (length: number) => `https://e.example.com/${n(length - 22, "p")}`;
  const smArn = (name: string) => `arn:aws:states:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:stateMachine:${name}`;
  // [limit, action at the limit, what it emits, action one past it, message]
  const cases: [string, () => Action, (p: ReturnType<typeof buildPipeline>) => unknown, unknown, () => Action, string][] = [
    [
      "approval customData (1000 characters)",
      () => approval({ customData: n(1000) }),
      (p) => p.action("Approve").configuration.CustomData,
      n(1000),
      () => approval({ customData: n(1001) }),
      'action "Approve": customData is 1001 characters; shorten it to at most 1000',
    ],
    [
      "approval externalEntityLink (1000 characters)",
      () => approval({ externalEntityLink: link(1000) }),
      (p) => p.action("Approve").configuration.ExternalEntityLink,
      link(1000),
      () => approval({ externalEntityLink: link(1001) }),
      'action "Approve": externalEntityLink is longer than 1000 characters; shorten it',
    ],
    [
      "approval timeoutInMinutes (86400)",
      () => approval({ timeoutInMinutes: 86400 }),
      (p) => p.action("Approve").timeout_in_minutes,
      86400,
      () => approval({ timeoutInMinutes: 86401 }),
      'action "Approve": timeoutInMinutes 86401 must be a whole number from 5 to 86400',
    ],
    [
      "approval timeoutInMinutes (at least 5)",
      () => approval({ timeoutInMinutes: 5 }),
      (p) => p.action("Approve").timeout_in_minutes,
      5,
      () => approval({ timeoutInMinutes: 4 }),
      'action "Approve": timeoutInMinutes 4 must be a whole number from 5 to 86400',
    ],
    [
      "approval topicName (256 characters)",
      () => approval({ notification: { create: true, topicName: n(256, "t") } }),
      (p) => p.only("aws_sns_topic").body.name,
      n(256, "t"),
      () => approval({ notification: { create: true, topicName: n(257, "t") } }),
      `action "Approve": notification.topicName "${n(257, "t")}" must be 1-256 letters, digits, "-" or "_"`,
    ],
    [
      "Lambda userParameters (1000 characters)",
      () => lambda({ userParameters: n(1000) }),
      (p) => p.action("Invoke").configuration.UserParameters,
      n(1000),
      () => lambda({ userParameters: n(1001) }),
      'action "Invoke": userParameters is 1001 characters once serialised; CodePipeline allows 1000',
    ],
    [
      "Lambda userParameters as JSON (1000 characters serialised)",
      () => lambda({ userParameters: { v: n(992) } }),
      (p) => String(p.action("Invoke").configuration.UserParameters).length,
      1000,
      () => lambda({ userParameters: { v: n(993) } }),
      'action "Invoke": userParameters is 1001 characters once serialised; CodePipeline allows 1000',
    ],
    [
      "Lambda functionName (64 characters)",
      () => lambda({ functionName: n(64, "f") }),
      (p) => p.action("Invoke").configuration.FunctionName,
      n(64, "f"),
      () => lambda({ functionName: n(65, "f") }),
      `action "Invoke": functionName "${n(65, "f")}" must be a function name (1-64 letters`,
    ],
    [
      "Step Functions input (1000 characters serialised)",
      () => sfn({ input: { v: n(992) } }),
      (p) => String(p.action("Sfn").configuration.Input).length,
      1000,
      () => sfn({ input: { v: n(993) } }),
      'action "Sfn": input is 1001 characters; CodePipeline allows 1000',
    ],
    [
      "Step Functions stateMachineName (80 characters)",
      () => sfn({ stateMachineArn: smArn(n(80, "s")), stateMachineName: n(80, "s") }),
      (p) => p.action("Sfn").configuration.StateMachineArn,
      smArn(n(80, "s")),
      () => sfn({ stateMachineArn: smArn(n(80, "s")), stateMachineName: n(81, "s") }),
      `action "Sfn": stateMachineName "${n(81, "s")}" must be 1-80 letters, digits, - or _`,
    ],
    [
      "Step Functions executionNamePrefix (80 characters)",
      () => sfn({ executionNamePrefix: n(80, "e") }),
      (p) => p.action("Sfn").configuration.ExecutionNamePrefix,
      n(80, "e"),
      () => sfn({ executionNamePrefix: n(81, "e") }),
      `action "Sfn": executionNamePrefix "${n(81, "e")}" must be 1-80 letters, digits, - or _`,
    ],
  ];
  it.each(cases)("%s: accepted at the limit, rejected one past it", (_label, atLimit, emitted, value, past, message) => {
    expect(emitted(buildPipeline([[atLimit()]]))).toBe(value);
    expect(past).toThrow(message);
  });
});
