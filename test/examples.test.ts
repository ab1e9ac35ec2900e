import { Testing } from "cdktf";
import { OrdersPipelineStack } from "../examples/pipeline-in-code";
import { checkTerraformJson, loadProviderSchema } from "../verify/schema-check";
import * as fs from "node:fs";
import * as path from "node:path";

describe("examples/pipeline-in-code.ts", () => {
  const json = JSON.parse(Testing.synth(new OrdersPipelineStack(Testing.app(), "orders-pipeline")));
  const pipeline = Object.values(json.resource.aws_codepipeline as Record<string, Record<string, unknown>>)[0]!;

  it("builds a cross-account, cross-region change-set pipeline from remote-state outputs", () => {
    const actions = (pipeline.stage as { action: { name: string; region?: string; role_arn?: string }[] }[]).flatMap((s) => s.action);
    const execute = actions.find((a) => a.name === "Execute")!;
    expect(execute.region).toBe("us-east-1");
    expect(execute.role_arn).toMatch(/^\$\{data\.terraform_remote_state\.prod_state_\w+\.outputs\.action_role_arn\}$/);
    expect((pipeline.artifact_store as unknown[]).length).toBe(2);
  });

  it("encrypts the build's log group with its own key, whose policy names exactly that log group", () => {
    const [group] = Object.values(json.resource.aws_cloudwatch_log_group as Record<string, Record<string, string>>);
    const [[keyName, key]] = Object.entries(json.resource.aws_kms_key as Record<string, Record<string, string | boolean>>);
    expect(group!.kms_key_id).toBe(`\${aws_kms_key.${keyName}.arn}`);
    expect(key!.enable_key_rotation).toBe(true);
    const grant = JSON.parse(String(key!.policy)).Statement.find((s: { Sid?: string }) => s.Sid === "CloudWatchLogsUseKey");
    expect(grant.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).toEqual([`arn:aws:logs:eu-west-1:111111111111:log-group:${group!.name}`]);
  });

  const schema = path.resolve(__dirname, "../../shared/reference/aws-provider-schema-6.47.0.json");
  (fs.existsSync(schema) ? it : it.skip)("passes the provider schema check", () => {
    expect(checkTerraformJson(json, loadProviderSchema(schema)).findings.filter((f) => f.severity === "error")).toEqual([]);
  });
});

describe("lambda-handler", () => {
  it("imports nothing, so a Lambda bundle of it stays small", () => {
    const source = fs.readFileSync(path.resolve(__dirname, "../lambda-handler/index.ts"), "utf8");
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(/);
  });
});
