import { AppModel } from "../../guardrails/model";
import { allows, parsePolicy, wildcardMatch } from "../../guardrails/policy";
import { doc, readState, stack, TARGET, TOOLS } from "./helpers";

describe("AppModel: resolving references across stacks", () => {
  const tools = stack("tools", {
    resources: {
      aws_s3_bucket: { b: { bucket: "artifacts" } },
      aws_kms_key: { k: {} },
      aws_iam_role: { r: { name: "pipeline", path: "/ci/" } },
    },
    outputs: {
      stores: { "eu-west-1": { bucket_name: "${aws_s3_bucket.b.bucket}", key_arn: "${aws_kms_key.k.arn}" } },
      role_arn: "${aws_iam_role.r.arn}",
    },
  });
  const consumer = stack("consumer", {
    account: TARGET,
    region: "eu-central-1",
    aliases: [{ alias: "use1", region: "us-east-1" }],
    data: {
      terraform_remote_state: { tools: readState("tools") },
      aws_caller_identity: { me: {} },
      aws_iam_policy_document: {
        d: {
          statement: [
            {
              sid: "A",
              actions: ["sqs:SendMessage"],
              resources: ["*"],
              principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
              condition: [
                { test: "ArnEquals", variable: "aws:SourceArn", values: ["arn:aws:events:eu-central-1:${data.aws_caller_identity.me.account_id}:rule/r"] },
              ],
            },
          ],
        },
      },
    },
    resources: {
      aws_sqs_queue: { q: { name: "dlq" }, east: { name: "east", provider: "aws.use1" } },
      aws_sqs_queue_policy: { p: { queue_url: "${aws_sqs_queue.q.url}", policy: "${data.aws_iam_policy_document.d.json}" } },
      aws_ssm_parameter: {
        s: {
          value: '${data.terraform_remote_state.tools.outputs.stores["eu-west-1"].key_arn}',
          other: "${data.terraform_remote_state.tools.outputs.role_arn}",
          missing: "${data.terraform_remote_state.tools.outputs.nope}",
          fn: "${upper(var.x)}",
        },
      },
    },
  });
  const model = new AppModel([tools, consumer]);
  const param = () => model.resources("aws_ssm_parameter")[0]!.values;

  it("follows an indexed remote-state output into the stack that writes it", () => {
    expect(param().value).toBe(`arn:aws:kms:eu-west-1:${TOOLS}:key/<tools:aws_kms_key.k>`);
  });

  it("computes a role ARN with its path, in the writing stack's account", () => {
    expect(param().other).toBe(`arn:aws:iam::${TOOLS}:role/ci/pipeline`);
  });

  it("marks what cannot be resolved with the stack that holds it", () => {
    expect(param().missing).toBe("${consumer:data.terraform_remote_state.tools.outputs.nope}");
    expect(param().fn).toBe("${consumer:upper(var.x)}");
  });

  it("gives resources the region and account of their provider, aliases included", () => {
    const [q, east] = model.resources("aws_sqs_queue");
    expect([q!.region, q!.account, model.arnOf(q!)]).toEqual(["eu-central-1", TARGET, `arn:aws:sqs:eu-central-1:${TARGET}:dlq`]);
    expect(model.arnOf(east!)).toBe(`arn:aws:sqs:us-east-1:${TARGET}:east`);
  });

  it("renders aws_iam_policy_document data sources and resolves the queue URL", () => {
    const p = model.resources("aws_sqs_queue_policy")[0]!;
    expect(p.values.queue_url).toBe(`https://sqs.eu-central-1.amazonaws.com/${TARGET}/dlq`);
    const parsed = parsePolicy(p.values.policy);
    expect(parsed.ok && parsed.statements[0]).toMatchObject({
      sid: "A",
      principal: { service: ["events.amazonaws.com"] },
      conditions: { ArnEquals: { "aws:SourceArn": [`arn:aws:events:eu-central-1:${TARGET}:rule/r`] } },
    });
  });

  it("finds resources by ARN and buckets by name", () => {
    expect(model.findByArn(`arn:aws:sqs:eu-central-1:${TARGET}:dlq`)?.address).toBe("aws_sqs_queue.q");
    expect(model.findByArn(`arn:aws:sqs:eu-central-1:${TARGET}:dlq`, ["aws_sns_topic"])).toBeUndefined();
    expect(model.bucketNamed("artifacts")?.stack).toBe("tools");
  });
});

describe("policy evaluation", () => {
  const parsed = parsePolicy(
    doc(
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${TARGET}:root` },
        Action: "s3:Get*",
        Resource: "arn:aws:s3:::b/*",
        Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${TARGET}:role/a` } },
      },
      { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ),
  );
  const statements = parsed.ok ? parsed.statements : [];
  const caller = (role: string) => ({ principalArn: `arn:aws:iam::${TARGET}:role/${role}`, account: TARGET });
  const ctx = (role: string, tls = "true") => ({ "aws:PrincipalArn": `arn:aws:iam::${TARGET}:role/${role}`, "aws:SecureTransport": tls });

  it("grants an account root narrowed by aws:PrincipalArn to that role only", () => {
    expect(allows(statements, { action: "s3:GetObject", resource: "arn:aws:s3:::b/k", caller: caller("a"), context: ctx("a") })).toBe(true);
    expect(allows(statements, { action: "s3:GetObject", resource: "arn:aws:s3:::b/k", caller: caller("x"), context: ctx("x") })).toBe(false);
  });

  it("applies a Deny whose condition holds, and not the actions the Allow lacks", () => {
    expect(allows(statements, { action: "s3:GetObject", resource: "arn:aws:s3:::b/k", caller: caller("a"), context: ctx("a", "false") })).toBe(false);
    expect(allows(statements, { action: "s3:PutObject", resource: "arn:aws:s3:::b/k", caller: caller("a"), context: ctx("a") })).toBe(false);
  });

  it("matches IAM wildcards", () => {
    expect(wildcardMatch("kms:GenerateDataKey*", "kms:generatedatakey", true)).toBe(true);
    expect(wildcardMatch("arn:aws:s3:::b/*", "arn:aws:s3:::c/k")).toBe(false);
  });

  it("reports a policy that is not JSON", () => {
    expect(parsePolicy("${jsonencode(local.p)}")).toMatchObject({ ok: false });
  });
});
