import { CodeBuildProject } from "../../modules/codebuild-project";
import { LogGroupKey } from "../../modules/log-group-key";
import { CodeBuildAction } from "../../modules/pipeline/actions/codebuild";
import { Pipeline } from "../../modules/pipeline/pipeline";
import { identityPairs, list, newStack, pairs, parsePolicy, PROVIDER_REGION, ref, roleArn, synth, TOOLS_ACCOUNT, type Synthesized } from "./helpers";
import { PIPELINE_ROLE, sourceAction, stores } from "./pipeline/harness";

const ADMIN = roleArn(TOOLS_ACCOUNT, "terraform-deploy");
// What "Encrypt log data in CloudWatch Logs using AWS KMS" (CloudWatch Logs user guide, step 2) grants the service.
const LOGS_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*"];
const logGroupArn = (region: string, name: string) => `arn:aws:logs:${region}:${TOOLS_ACCOUNT}:log-group:${name}`;

/** A pipeline with a build in the pipeline's region and one in us-east-1, each region with its shared log key. */
function pipelineWithKeys(): { out: Synthesized; keys: Record<string, LogGroupKey> } {
  const stack = newStack();
  const keys = Object.fromEntries(
    [PROVIDER_REGION, "us-east-1"].map((r) => [
      r,
      new LogGroupKey(stack, `log-key-${r}`, { region: r, accountId: TOOLS_ACCOUNT, keyAdministratorArns: [ADMIN], keyAlias: "alias/acme-codebuild-logs" }),
    ]),
  );
  new Pipeline(stack, "pipeline", {
    pipelineName: "service",
    role: PIPELINE_ROLE,
    accountId: TOOLS_ACCOUNT,
    region: PROVIDER_REGION,
    artifactStores: stores("us-east-1"),
    logEncryptionKeys: keys,
    stages: [
      { name: "Source", actions: [sourceAction()] },
      {
        name: "Build",
        actions: [
          new CodeBuildAction({ actionName: "Build", inputs: ["Source"], outputs: ["Out"], project: { buildspecFile: "buildspec.yml" } }),
          new CodeBuildAction({ actionName: "Test", category: "Test", inputs: ["Source"], project: { buildspecFile: "test.yml", logRetentionInDays: 90 } }),
          new CodeBuildAction({ actionName: "East", region: "us-east-1", inputs: ["Source"], project: { buildspecFile: "east.yml" } }),
        ],
      },
    ],
  });
  return { out: synth(stack), keys };
}

const keyOf = (out: Synthesized, region: string) => {
  const [name, body] = Object.entries(out.resources("aws_kms_key")).find(([, k]) => k.region === region)!;
  return { name, body, policy: parsePolicy(body.policy) };
};

describe("LogGroupKey and the CodeBuild log groups", () => {
  const { out, keys } = pipelineWithKeys();
  const groups = Object.values(out.resources("aws_cloudwatch_log_group"));
  const group = (name: string) => groups.find((g) => g.name === name)!;

  it("is one rotating customer-managed key per region, with its alias, shared by every log group of the region", () => {
    for (const r of [PROVIDER_REGION, "us-east-1"]) {
      const key = keyOf(out, r);
      expect(key.body.enable_key_rotation).toBe(true);
      expect(key.body.deletion_window_in_days).toBe(30);
      const aliases = Object.values(out.resources("aws_kms_alias")).filter((a) => a.region === r);
      expect(aliases.map((a) => [a.name, a.target_key_id])).toEqual([["alias/acme-codebuild-logs", ref("aws_kms_key", key.name, "key_id")]]);
    }
    expect(Object.keys(out.resources("aws_kms_key"))).toHaveLength(2);
    const west = ref("aws_kms_key", keyOf(out, PROVIDER_REGION).name, "arn");
    expect(group("/aws/codebuild/service-build").kms_key_id).toBe(west);
    expect(group("/aws/codebuild/service-test").kms_key_id).toBe(west);
    expect(group("/aws/codebuild/service-east")).toMatchObject({ region: "us-east-1", kms_key_id: ref("aws_kms_key", keyOf(out, "us-east-1").name, "arn") });
  });

  it("lets only CloudWatch Logs of its region use the key, and only for exactly the registered log groups", () => {
    const key = keyOf(out, PROVIDER_REGION);
    const logs = key.policy.Statement.filter((s) => s.Principal !== "*" && s.Principal?.Service !== undefined);
    expect(logs).toEqual([
      {
        Sid: "CloudWatchLogsUseKey",
        Effect: "Allow",
        Principal: { Service: `logs.${PROVIDER_REGION}.amazonaws.com` },
        Action: LOGS_ACTIONS,
        Resource: "*",
        Condition: {
          ArnEquals: {
            "kms:EncryptionContext:aws:logs:arn": [
              logGroupArn(PROVIDER_REGION, "/aws/codebuild/service-build"),
              logGroupArn(PROVIDER_REGION, "/aws/codebuild/service-test"),
            ],
          },
        },
      },
      // DescribeKey has no encryption context: a statement of its own, for this account only.
      {
        Sid: "CloudWatchLogsDescribeKey",
        Effect: "Allow",
        Principal: { Service: `logs.${PROVIDER_REGION}.amazonaws.com` },
        Action: "kms:DescribeKey",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": TOOLS_ACCOUNT } },
      },
    ]);
    const east = keyOf(out, "us-east-1").policy.Statement.find((s) => s.Sid === "CloudWatchLogsUseKey")!;
    expect(east.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(east.Condition).toEqual({ ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [logGroupArn("us-east-1", "/aws/codebuild/service-east")] } });
    expect(keys[PROVIDER_REGION]!.logGroupArns()).toHaveLength(2);
  });

  it("gives the administrators no data operation on the key", () => {
    const admin = keyOf(out, PROVIDER_REGION).policy.Statement.filter((s) => s.Sid?.startsWith("KeyAdministration"));
    expect(admin.length).toBeGreaterThan(0);
    for (const s of admin) expect(list(s.Action).filter((a) => /Encrypt|Decrypt|GenerateDataKey/.test(a))).toEqual([]);
  });

  it("keeps a retention on every log group", () => {
    expect(groups.map((g) => [g.name, g.retention_in_days]).sort()).toEqual([
      ["/aws/codebuild/service-build", 30],
      ["/aws/codebuild/service-east", 30],
      ["/aws/codebuild/service-test", 90],
    ]);
  });

  it("leaves the project roles' logs permissions exact: their own log streams, and nothing on the log key", () => {
    const west = ref("aws_kms_key", keyOf(out, PROVIDER_REGION).name, "arn");
    for (const policy of Object.values(out.resources("aws_iam_role_policy")).filter((p) => p.name === "codebuild-project")) {
      const got = identityPairs(parsePolicy(policy.policy));
      const logs = got.filter((p) => p.startsWith("logs:"));
      expect(logs).toHaveLength(2);
      const stream = logs[0]!.split(" ")[1]!;
      expect(stream).toMatch(/^arn:aws:logs:(eu-west-1|us-east-1):111111111111:log-group:\/aws\/codebuild\/service-(build|test|east):log-stream:\*$/);
      expect(logs).toEqual(pairs(["logs:CreateLogStream", "logs:PutLogEvents"], [stream]));
      expect(got.some((p) => p.includes(west) || p.includes("log-key"))).toBe(false);
    }
  });

  it("starts without a CloudWatch Logs grant: the policy names no log group until one registers", () => {
    const stack = newStack();
    new LogGroupKey(stack, "k", { region: PROVIDER_REGION, accountId: TOOLS_ACCOUNT, keyAdministratorArns: [ADMIN] });
    const policy = parsePolicy(synth(stack).only("aws_kms_key").body.policy);
    expect(policy.Statement.filter((s) => s.Sid === "CloudWatchLogsUseKey")).toEqual([]);
  });

  it("is not used when the project names a key of its own, which then encrypts the log group", () => {
    const stack = newStack();
    const key = new LogGroupKey(stack, "k", { region: PROVIDER_REGION, accountId: TOOLS_ACCOUNT, keyAdministratorArns: [ADMIN] });
    const own = `arn:aws:kms:${PROVIDER_REGION}:${TOOLS_ACCOUNT}:key/99999999-2222-3333-4444-555555555555`;
    new CodeBuildProject(stack, "p", {
      projectName: "own-key",
      accountId: TOOLS_ACCOUNT,
      artifactStore: stores()[PROVIDER_REGION]!,
      buildspecFile: "b.yml",
      logKmsKeyArn: own,
      logEncryptionKey: key,
    });
    expect(synth(stack).only("aws_cloudwatch_log_group").body.kms_key_id).toBe(own);
    expect(key.logGroupArns()).toEqual([]);
  });

  describe("validation", () => {
    it("rejects a key of another region than the log group", () => {
      const stack = newStack();
      const key = new LogGroupKey(stack, "k", { region: "us-east-1", accountId: TOOLS_ACCOUNT, keyAdministratorArns: [ADMIN] });
      expect(
        () =>
          new CodeBuildProject(stack, "p", {
            projectName: "p1",
            accountId: TOOLS_ACCOUNT,
            artifactStore: stores()[PROVIDER_REGION]!,
            buildspecFile: "b.yml",
            logEncryptionKey: key,
          }),
      ).toThrow(
        `CodeBuild project "p1": logEncryptionKey is in "us-east-1" but the log group in "eu-west-1"; CloudWatch Logs uses only a key of the log group's region`,
      );
    });

    it("rejects a missing administrator, a bad alias, region or account", () => {
      const stack = newStack();
      const base = { region: PROVIDER_REGION, accountId: TOOLS_ACCOUNT, keyAdministratorArns: [ADMIN] };
      expect(() => new LogGroupKey(stack, "a", { ...base, keyAdministratorArns: [] })).toThrow(/keyAdministratorArns: give at least one role/);
      expect(() => new LogGroupKey(stack, "b", { ...base, keyAlias: "codebuild-logs" })).toThrow(/keyAlias: "codebuild-logs" is not a valid key alias/);
      expect(() => new LogGroupKey(stack, "c", { ...base, region: "europe" })).toThrow(/region: "europe" is not an AWS region code/);
      expect(() => new LogGroupKey(stack, "d", { ...base, accountId: "1" })).toThrow(/accountId: "1" is not a 12-digit AWS account id/);
    });
  });
});
