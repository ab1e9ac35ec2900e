import { CustomActionType, CustomActionTypeProps } from "../../modules/custom-action-type";
import { identityPairs, list, newStack, pairs, parsePolicy, ref, roleArn, rootArn, sorted, synth, TOOLS_ACCOUNT } from "./helpers";

const base: CustomActionTypeProps = {
  category: "Test",
  providerName: "AcmeScanner",
  version: "1",
  configurationProperties: [
    { name: "ProjectName", required: true, queryable: true, description: "Project to scan", type: "String" },
    { name: "ApiToken", required: true, secret: true },
    { name: "Strict", type: "Boolean" },
  ],
  inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
  outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
  settings: {
    entityUrlTemplate: "https://scanner.example.com/projects/{Config:ProjectName}",
    executionUrlTemplate: "https://scanner.example.com/runs/{ExternalExecutionId}",
  },
  workerRoleName: "acme-scanner-worker",
  workerPrincipal: { service: "ec2.amazonaws.com" },
  tags: { team: "platform" },
};

function build(over: Partial<CustomActionTypeProps> = {}) {
  const stack = newStack();
  const type = new CustomActionType(stack, "scanner", { ...base, ...over });
  return { type, out: synth(stack) };
}

describe("CustomActionType", () => {
  const { type, out } = build();
  const resource = out.only("aws_codepipeline_custom_action_type");
  const typeArn = ref("aws_codepipeline_custom_action_type", resource.name, "arn");

  it("declares the action type with its properties, artifacts and settings", () => {
    const b = resource.body;
    expect([b.category, b.provider_name, b.version]).toEqual(["Test", "AcmeScanner", "1"]);
    expect(b.configuration_property).toEqual([
      { name: "ProjectName", key: false, required: true, secret: false, queryable: true, description: "Project to scan", type: "String" },
      { name: "ApiToken", key: false, required: true, secret: true, queryable: false },
      { name: "Strict", key: false, required: false, secret: false, queryable: false, type: "Boolean" },
    ]);
    expect(b.input_artifact_details).toEqual({ minimum_count: 1, maximum_count: 1 });
    expect(b.output_artifact_details).toEqual({ minimum_count: 0, maximum_count: 1 });
    expect(b.settings).toEqual({
      entity_url_template: "https://scanner.example.com/projects/{Config:ProjectName}",
      execution_url_template: "https://scanner.example.com/runs/{ExternalExecutionId}",
    });
    expect(b.tags).toEqual({ team: "platform" });
  });

  it("exposes the action type id and definitions for pipelines", () => {
    expect(type.actionTypeId).toEqual({ category: "Test", owner: "Custom", provider: "AcmeScanner", version: "1" });
    expect(type.configurationProperties.map((p) => p.name)).toEqual(["ProjectName", "ApiToken", "Strict"]);
    expect(type.inputArtifactDetails).toEqual({ minimumCount: 1, maximumCount: 1 });
  });

  it("lets only the given service assume the worker role", () => {
    const role = out.only("aws_iam_role").body;
    expect(role.name).toBe("acme-scanner-worker");
    const trust = parsePolicy(role.assume_role_policy);
    expect(trust.Statement).toEqual([{ Sid: "JobWorker", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
  });

  it("polls for exactly this action type and works on jobs where no resource scoping exists", () => {
    const policy = out.only("aws_iam_role_policy").body;
    expect(policy.role).toBe(ref("aws_iam_role", out.only("aws_iam_role").name, "name"));
    const doc = parsePolicy(policy.policy);
    expect(identityPairs(doc)).toEqual(
      sorted([
        `codepipeline:PollForJobs ${typeArn}`,
        ...pairs(["codepipeline:AcknowledgeJob", "codepipeline:GetJobDetails", "codepipeline:PutJobFailureResult", "codepipeline:PutJobSuccessResult"], ["*"]),
      ]),
    );
    const star = doc.Statement.filter((s) => list(s.Resource).includes("*"));
    expect(star.flatMap((s) => list(s.Action))).not.toContain("codepipeline:PollForJobs");
    expect(type.actionTypeArn).toContain("TfToken");
  });

  it("gives EC2 workers an instance profile of the worker role, and role workers none", () => {
    const { out: ec2 } = build({});
    const profile = ec2.only("aws_iam_instance_profile").body;
    expect(profile.role).toBe(ref("aws_iam_role", ec2.only("aws_iam_role").name, "name"));
    const { out: byRole } = build({ workerPrincipal: { roleArn: roleArn(TOOLS_ACCOUNT, "scanner-host") } });
    expect(Object.keys(byRole.resources("aws_iam_instance_profile"))).toEqual([]);
  });

  it("trusts one role through its account root and aws:PrincipalArn", () => {
    const worker = roleArn(TOOLS_ACCOUNT, "scanner-host");
    const { out: o } = build({ workerPrincipal: { roleArn: worker } });
    const trust = parsePolicy(o.only("aws_iam_role").body.assume_role_policy);
    expect(trust.Statement).toEqual([
      {
        Sid: "JobWorker0",
        Effect: "Allow",
        Principal: { AWS: rootArn(TOOLS_ACCOUNT) },
        Action: "sts:AssumeRole",
        Condition: { ArnEquals: { "aws:PrincipalArn": [worker] } },
      },
    ]);
  });

  describe("heartbeat", () => {
    const topic = "arn:aws:sns:eu-west-1:111111111111:alarms";
    const withBeat = () => {
      const stack = newStack();
      const t = new CustomActionType(stack, "scanner", { ...base, heartbeatNamespacePrefix: "acme/CodePipelineJobWorker" });
      t.alarmOnMissingHeartbeat({ alarmName: "acme-scanner-no-heartbeat", alarmTopicArn: topic, missingMinutes: 15, region: "eu-west-1" });
      return { t, o: synth(stack) };
    };

    it("lets the worker role publish metrics in exactly its own type's namespace", () => {
      const { t, o } = withBeat();
      expect(t.heartbeatNamespace).toBe("acme/CodePipelineJobWorker/Test/AcmeScanner/1");
      const doc = parsePolicy(o.only("aws_iam_role_policy").body.policy);
      const beat = doc.Statement.filter((st) => list(st.Action).includes("cloudwatch:PutMetricData"));
      expect(beat).toEqual([
        {
          Sid: "PublishHeartbeat",
          Effect: "Allow",
          Action: "cloudwatch:PutMetricData",
          Resource: "*",
          Condition: { StringEquals: { "cloudwatch:namespace": "acme/CodePipelineJobWorker/Test/AcmeScanner/1" } },
        },
      ]);
      // Without a prefix the role publishes nothing.
      expect(JSON.stringify(out.only("aws_iam_role_policy").body.policy)).not.toContain("cloudwatch:");
    });

    it("alarms when no heartbeat arrived for missingMinutes whole minutes, missing data breaching, to the topic", () => {
      const { o } = withBeat();
      expect(o.only("aws_cloudwatch_metric_alarm").body).toMatchObject({
        alarm_name: "acme-scanner-no-heartbeat",
        namespace: "acme/CodePipelineJobWorker/Test/AcmeScanner/1",
        metric_name: "Heartbeat",
        dimensions: { Category: "Test", Provider: "AcmeScanner", Version: "1" },
        statistic: "SampleCount",
        period: 60,
        evaluation_periods: 15,
        datapoints_to_alarm: 15,
        threshold: 1,
        comparison_operator: "LessThanThreshold",
        treat_missing_data: "breaching",
        alarm_actions: [topic],
        ok_actions: [topic],
        region: "eu-west-1",
      });
    });

    it.each([
      ["no namespace prefix", {}, 15, "set heartbeatNamespacePrefix to alarm on the heartbeat"],
      ["2 minutes", { heartbeatNamespacePrefix: "acme/w" }, 2, "missingMinutes 2 must be a whole number from 3 to 1440"],
      ["1441 minutes", { heartbeatNamespacePrefix: "acme/w" }, 1441, "missingMinutes 1441 must be a whole number from 3 to 1440"],
    ])("rejects an alarm with %s", (_label, over, minutes, message) => {
      const t = new CustomActionType(newStack(), "t", { ...base, ...over });
      expect(() => t.alarmOnMissingHeartbeat({ alarmName: "a", alarmTopicArn: topic, missingMinutes: minutes })).toThrow(message);
    });

    it.each([
      ["an AWS/ prefix", "AWS/CodePipeline"],
      ["an empty prefix", ""],
      ["a namespace over 255 characters", "n".repeat(240)],
    ])("rejects %s", (_label, prefix) => {
      expect(() => new CustomActionType(newStack(), "t", { ...base, heartbeatNamespacePrefix: prefix })).toThrow(
        `heartbeatNamespacePrefix "${prefix}" must be non-empty, not start with "AWS/", and keep the namespace within 255 characters`,
      );
    });
  });

  const where = 'custom action type "Test/AcmeScanner/1"';
  const props = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `P${i}` }));
  it.each([
    [
      "an unknown category",
      { category: "Compute" },
      'custom action type "Compute/AcmeScanner/1": category must be one of Source, Build, Test, Deploy, Approval, Invoke',
    ],
    ["a provider name over 35 characters", { providerName: "x".repeat(36) }, "providerName must be 1-35 characters"],
    ["an empty provider name", { providerName: "" }, "providerName must be 1-35 characters"],
    ["a version over 9 characters", { version: "1234567890" }, "version must be 1-9 letters, digits, - or _"],
    ["a version with a dot", { version: "1.0" }, "version must be 1-9 letters, digits, - or _"],
    [
      "11 configuration properties",
      { configurationProperties: props(11), settings: {} },
      `${where}: 11 configurationProperties; an action type has at most 10`,
    ],
    [
      "a duplicate property",
      { configurationProperties: [{ name: "A" }, { name: "A" }], settings: {} },
      `${where}: configuration property "A" is defined twice`,
    ],
    ["a property name over 50 characters", { configurationProperties: [{ name: "x".repeat(51) }], settings: {} }, "must be 1-50 characters"],
    [
      "a description over 160 characters",
      { configurationProperties: [{ name: "A", description: "d".repeat(161) }], settings: {} },
      `${where}: configuration property "A" description must be 1-160 characters`,
    ],
    [
      "a bad property type",
      { configurationProperties: [{ name: "A", type: "Json" }], settings: {} },
      `${where}: configuration property "A" type must be String, Number or Boolean`,
    ],
    [
      "two queryable properties",
      {
        configurationProperties: [
          { name: "A", required: true, queryable: true },
          { name: "B", required: true, queryable: true },
        ],
        settings: {},
      },
      `${where}: "A" and "B" are queryable; an action type may have at most one queryable property`,
    ],
    [
      "an optional queryable property",
      { configurationProperties: [{ name: "A", queryable: true }], settings: {} },
      `${where}: queryable property "A" must be required and not secret`,
    ],
    [
      "a secret queryable property",
      { configurationProperties: [{ name: "A", required: true, secret: true, queryable: true }], settings: {} },
      `${where}: queryable property "A" must be required and not secret`,
    ],
    [
      "more than 5 input artifacts",
      { inputArtifactDetails: { minimumCount: 0, maximumCount: 6 } },
      `${where}: inputArtifactDetails.maximumCount 6 must be a whole number from 0 to 5`,
    ],
    [
      "minimum above maximum",
      { outputArtifactDetails: { minimumCount: 2, maximumCount: 1 } },
      `${where}: outputArtifactDetails.minimumCount 2 is above maximumCount 1`,
    ],
    [
      "a template naming an unknown property",
      { settings: { revisionUrlTemplate: "https://x.example.com/{Config:Nope}" } },
      `${where}: settings.revisionUrlTemplate references {Config:Nope}, which is no configuration property`,
    ],
    [
      "a template naming a secret property",
      { settings: { entityUrlTemplate: "https://x.example.com/{Config:ApiToken}" } },
      `${where}: settings.entityUrlTemplate references {Config:ApiToken}; URL templates may only use properties that are required and not secret`,
    ],
    [
      "a template naming an optional property",
      { settings: { entityUrlTemplate: "https://x.example.com/{Config:Strict}" } },
      "URL templates may only use properties that are required and not secret",
    ],
    ["a bad worker role name", { workerRoleName: "a/b" }, `${where}: workerRoleName: "a/b" is not a valid IAM role name`],
    ["a non-service principal", { workerPrincipal: { service: "*" } }, `${where}: workerPrincipal.service "*" is not an AWS service principal`],
    ["a wildcard role", { workerPrincipal: { roleArn: "*" } }, `${where}: workerPrincipal.roleArn "*" is not an IAM role ARN`],
    ["an account root", { workerPrincipal: { roleArn: rootArn(TOOLS_ACCOUNT) } }, "is not an IAM role ARN"],
  ])("rejects %s", (_label, over, message) => {
    expect(() => new CustomActionType(newStack(), "t", { ...base, ...(over as Partial<CustomActionTypeProps>) })).toThrow(message);
  });

  // Every limit the module enforces, at the limit (accepted) and one past it (rejected naming the field).
  describe("limits at their edge", () => {
    const topic = "arn:aws:sns:eu-west-1:111111111111:alarms";
    const noTemplates = { settings: {} };
    const cases: [string, Partial<CustomActionTypeProps>, Partial<CustomActionTypeProps>, string][] = [
      ["providerName (35 characters)", { providerName: "p".repeat(35) }, { providerName: "p".repeat(36) }, "providerName must be 1-35 characters"],
      ["providerName (at least 1 character)", { providerName: "p" }, { providerName: "" }, "providerName must be 1-35 characters"],
      ["version (9 characters)", { version: "v".repeat(9) }, { version: "v".repeat(10) }, "version must be 1-9 letters, digits, - or _"],
      [
        "configurationProperties (10)",
        { configurationProperties: props(10), ...noTemplates },
        { configurationProperties: props(11), ...noTemplates },
        "11 configurationProperties; an action type has at most 10",
      ],
      [
        "property name (50 characters)",
        { configurationProperties: [{ name: "n".repeat(50) }], ...noTemplates },
        { configurationProperties: [{ name: "n".repeat(51) }], ...noTemplates },
        `configuration property name "${"n".repeat(51)}" must be 1-50 characters`,
      ],
      [
        "property description (160 characters)",
        { configurationProperties: [{ name: "A", description: "d".repeat(160) }], ...noTemplates },
        { configurationProperties: [{ name: "A", description: "d".repeat(161) }], ...noTemplates },
        'configuration property "A" description must be 1-160 characters',
      ],
      [
        "property description (at least 1 character)",
        { configurationProperties: [{ name: "A", description: "d" }], ...noTemplates },
        { configurationProperties: [{ name: "A", description: "" }], ...noTemplates },
        'configuration property "A" description must be 1-160 characters',
      ],
      [
        "input artifacts (5)",
        { inputArtifactDetails: { minimumCount: 0, maximumCount: 5 } },
        { inputArtifactDetails: { minimumCount: 0, maximumCount: 6 } },
        "inputArtifactDetails.maximumCount 6 must be a whole number from 0 to 5",
      ],
      [
        "output artifacts (at least 0)",
        { outputArtifactDetails: { minimumCount: 0, maximumCount: 0 } },
        { outputArtifactDetails: { minimumCount: -1, maximumCount: 0 } },
        "outputArtifactDetails.minimumCount -1 must be a whole number from 0 to 5",
      ],
      [
        // "n/" + 240 + "/Test/AcmeScanner/1" (19) = 255 characters.
        "heartbeat namespace (255 characters)",
        { heartbeatNamespacePrefix: `n/${"n".repeat(234)}` },
        { heartbeatNamespacePrefix: `n/${"n".repeat(235)}` },
        `heartbeatNamespacePrefix "n/${"n".repeat(235)}" must be non-empty, not start with "AWS/", and keep the namespace within 255 characters`,
      ],
    ];
    it.each(cases)("%s: accepted at the limit, rejected one past it", (_label, at, past, message) => {
      const { out: o } = build(at);
      expect(o.only("aws_codepipeline_custom_action_type").body).toMatchObject({ provider_name: at.providerName ?? "AcmeScanner" });
      expect(() => build(past)).toThrow(`: ${message}`);
    });

    const alarm = (missingMinutes: number, alarmName = "a") => {
      const stack = newStack();
      const t = new CustomActionType(stack, "t", { ...base, heartbeatNamespacePrefix: "acme/w" });
      t.alarmOnMissingHeartbeat({ alarmName, alarmTopicArn: topic, missingMinutes });
      return synth(stack).only("aws_cloudwatch_metric_alarm").body;
    };
    it("takes missingMinutes 3 to 1440 and rejects 2 and 1441", () => {
      expect([alarm(3).evaluation_periods, alarm(1440).evaluation_periods]).toEqual([3, 1440]);
      expect(() => alarm(2)).toThrow("missingMinutes 2 must be a whole number from 3 to 1440");
      expect(() => alarm(1441)).toThrow("missingMinutes 1441 must be a whole number from 3 to 1440");
    });
    it("takes an alarm name of 255 characters and rejects 256 or none", () => {
      expect(alarm(15, "a".repeat(255)).alarm_name).toBe("a".repeat(255));
      expect(() => alarm(15, "a".repeat(256))).toThrow(`alarmName "${"a".repeat(256)}" must be 1-255 characters`);
      expect(() => alarm(15, "")).toThrow('alarmName "" must be 1-255 characters');
    });
  });
});
