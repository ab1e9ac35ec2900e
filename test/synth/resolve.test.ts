import { blocks, SynthIndex } from "../../synth/resolve";
import type { SynthesizedStack, TerraformJson } from "../../synth/wiring";

const TOOLS = "111111111111";
const TARGET = "222222222222";
const OTHER = "333333333333";

function stack(id: string, json: Partial<TerraformJson>): SynthesizedStack {
  return { id, dependencies: [], json: { terraform: { backend: { s3: { bucket: "state", key: `${id}.tfstate` } } }, ...json } as TerraformJson };
}
const read = (id: string) => ({ backend: "s3", config: { bucket: "state", key: `${id}.tfstate` } });

const tools = stack("tools", {
  provider: { aws: [{ region: "eu-west-1", allowed_account_ids: [TOOLS] }] },
  resource: {
    aws_kms_key: { k: {} },
    aws_s3_bucket: { b: { bucket: "artifacts" } },
  },
  output: {
    stores: { value: { "eu-central-1": { bucket_name: "${aws_s3_bucket.b.bucket}", key_arn: "${aws_kms_key.k.arn}" } } },
    roles: { value: ["arn:aws:iam::111111111111:role/first", "arn:aws:iam::111111111111:role/second"] },
    config: { value: "${aws_s3_bucket.b.id}" },
  },
});

const target = stack("target", {
  provider: {
    aws: [
      { region: "eu-central-1", allowed_account_ids: [TARGET] },
      { alias: "use1", region: "us-east-1", allowed_account_ids: [TARGET] },
      { alias: "other", region: "ap-southeast-2", assume_role: [{ role_arn: `arn:aws:iam::${OTHER}:role/deploy` }] },
    ],
  },
  data: {
    terraform_remote_state: { tools: read("tools") },
    aws_caller_identity: { me: {}, there: { provider: "aws.other" } },
    aws_region: { here: {}, east: { provider: "aws.use1" }, pinned: { region: "sa-east-1" } },
    aws_iam_policy_document: {
      d: {
        statement: [
          {
            sid: "Send",
            actions: ["sqs:SendMessage"],
            resources: ["${aws_sqs_queue.q.arn}"],
            principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
            condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: ["${aws_cloudwatch_event_rule.r.arn}"] }],
          },
        ],
      },
    },
  },
  resource: {
    aws_sqs_queue: { q: { name: "dlq" }, east: { name: "east", provider: "aws.use1" }, far: { name: "far", provider: "aws.other" } },
    aws_cloudwatch_event_rule: { r: { name: "on-change" } },
    aws_ssm_parameter: {
      p: {
        indexed: '${data.terraform_remote_state.tools.outputs.stores["eu-central-1"].key_arn}',
        escaped: '{"Resource":"${data.terraform_remote_state.tools.outputs.stores[\\"eu-central-1\\"].bucket_name}"}',
        element: "${data.terraform_remote_state.tools.outputs.roles[1]}",
        whole: "${data.terraform_remote_state.tools.outputs.stores}",
        chained: "${data.terraform_remote_state.tools.outputs.config}",
        missing: '${data.terraform_remote_state.tools.outputs.stores["us-east-1"].key_arn}',
        block: "${aws_ssm_parameter.q.settings[0].mode}",
      },
      q: { settings: { mode: "fast" } },
    },
  },
});

const index = new SynthIndex([tools, target]);
const param = (key: string) => index.resolveValue("target", index.resources("target", "aws_ssm_parameter").p![key]);

describe("SynthIndex: traversals and indexed remote-state outputs", () => {
  it("follows an indexed output into the stack that writes it", () => {
    expect(param("indexed")).toBe(`arn:aws:kms:eu-west-1:${TOOLS}:key/<tools:aws_kms_key.k>`);
  });

  it("reads the escaped quotes of an index inside a JSON policy string", () => {
    expect(param("escaped")).toBe('{"Resource":"artifacts"}');
  });

  it("takes a list element by number", () => {
    expect(param("element")).toBe(`arn:aws:iam::${TOOLS}:role/second`);
  });

  it("returns a whole expression as the object it stands for, resolved in the writing stack", () => {
    expect(param("whole")).toEqual({ "eu-central-1": { bucket_name: "artifacts", key_arn: `arn:aws:kms:eu-west-1:${TOOLS}:key/<tools:aws_kms_key.k>` } });
  });

  it("follows an output that is itself a reference", () => {
    expect(param("chained")).toBe("artifacts");
  });

  it("takes [0] of a block cdktf wrote as an object", () => {
    expect(param("block")).toBe("fast");
  });

  it("marks a key the output does not have with the reading stack", () => {
    expect(param("missing")).toBe('${target:data.terraform_remote_state.tools.outputs.stores["us-east-1"].key_arn}');
  });

  it("does not resolve a marked reference again", () => {
    expect(index.resolveString("target", "${tools:aws_kms_key.k.arn}")).toBe("${tools:aws_kms_key.k.arn}");
  });
});

describe("SynthIndex: provider aliases, account and region", () => {
  it("gives a block the account and region of its aliased provider", () => {
    expect(index.providerOf("target", { provider: "aws.use1" })).toEqual({ account: TARGET, region: "us-east-1" });
    expect(index.regionOf("target", { provider: "aws.use1" })).toBe("us-east-1");
  });

  it("takes the account of a provider that assumes a role from the role ARN", () => {
    expect(index.providerOf("target", { provider: "aws.other" })).toEqual({ account: OTHER, region: "ap-southeast-2" });
  });

  it("uses the default provider without an alias, and a resource's own region first", () => {
    expect(index.providerOf("target")).toEqual({ account: TARGET, region: "eu-central-1" });
    expect(index.accountOf("target")).toBe(TARGET);
    expect(index.regionOf("target", { region: "eu-north-1", provider: "aws.use1" })).toBe("eu-north-1");
  });

  it("computes ARNs in the account and region of the resource's provider", () => {
    expect(index.arnOf("target", "aws_sqs_queue", "q")).toBe(`arn:aws:sqs:eu-central-1:${TARGET}:dlq`);
    expect(index.arnOf("target", "aws_sqs_queue", "east")).toBe(`arn:aws:sqs:us-east-1:${TARGET}:east`);
    expect(index.arnOf("target", "aws_sqs_queue", "far")).toBe(`arn:aws:sqs:ap-southeast-2:${OTHER}:far`);
    expect(index.resolveString("target", "${aws_sqs_queue.east.region}")).toBe("us-east-1");
  });

  it("throws for the account of a stack whose provider is not pinned", () => {
    const loose = new SynthIndex([stack("loose", { provider: { aws: [{ region: "eu-west-1" }] } })]);
    expect(() => loose.accountOf("loose")).toThrow(/loose: provider has no allowed_account_ids/);
    expect(loose.providerOf("loose").account).toBeUndefined();
  });
});

describe("SynthIndex: data sources", () => {
  it("answers aws_caller_identity and aws_region with the data source's provider", () => {
    expect(index.resolveString("target", "${data.aws_caller_identity.me.account_id}")).toBe(TARGET);
    expect(index.resolveString("target", "${data.aws_caller_identity.there.account_id}")).toBe(OTHER);
    expect(index.resolveString("target", "${data.aws_region.here.name}")).toBe("eu-central-1");
    expect(index.resolveString("target", "${data.aws_region.east.region}")).toBe("us-east-1");
    expect(index.resolveString("target", "${data.aws_region.pinned.id}")).toBe("sa-east-1");
    expect(index.resolveString("target", "${data.aws_partition.p.partition}")).toBe("aws");
    expect(index.resolveString("target", "${data.aws_partition.p.id}")).toBe("aws");
  });

  it("renders an aws_iam_policy_document with its references resolved", () => {
    expect(JSON.parse(index.resolveString("target", "${data.aws_iam_policy_document.d.json}"))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Send",
          Effect: "Allow",
          Principal: { Service: ["events.amazonaws.com"] },
          Action: ["sqs:SendMessage"],
          Resource: [`arn:aws:sqs:eu-central-1:${TARGET}:dlq`],
          Condition: { ArnEquals: { "aws:SourceArn": [`arn:aws:events:eu-central-1:${TARGET}:rule/on-change`] } },
        },
      ],
    });
  });

  it("renders minified_json like json", () => {
    expect(index.resolveString("target", "${data.aws_iam_policy_document.d.minified_json}")).toBe(
      index.resolveString("target", "${data.aws_iam_policy_document.d.json}"),
    );
    expect(index.resolveString("target", "${data.aws_iam_policy_document.d.minified_json}")).toContain('"Sid":"Send"');
  });

  it("leaves a data source the stack does not declare unresolved", () => {
    expect(index.resolveString("target", "${data.aws_iam_policy_document.nope.json}")).toBe("${target:data.aws_iam_policy_document.nope.json}");
  });
});

describe("SynthIndex: the ARN table", () => {
  const arns = stack("arns", {
    provider: { aws: [{ region: "eu-west-1", allowed_account_ids: [TOOLS] }] },
    resource: {
      aws_iam_role: { r: { name: "pipeline", path: "/ci/" }, nameless: {} },
      aws_iam_policy: { p: { name: "deploy", path: "/ci/" } },
      aws_s3_bucket: { b: { bucket: "artifacts" }, nameless: {} },
      aws_kms_key: { k: {} },
      aws_kms_alias: {
        a: { name: "alias/artifacts", target_key_id: "${aws_kms_key.k.key_id}" },
        byArn: { name: "alias/x", target_key_id: "${aws_kms_key.k.arn}" },
      },
      aws_sqs_queue: { q: { name: "dlq" } },
      aws_sns_topic: { t: { name: "alarms" }, nameless: {} },
      aws_lambda_function: { f: { function_name: "validate" } },
      aws_sfn_state_machine: { s: { name: "deploy" } },
      aws_cloudwatch_event_rule: {
        r: { name: "on-change" },
        custom: { name: "on-change", event_bus_name: "ci" },
        byArn: { name: "on-change", event_bus_name: `arn:aws:events:eu-west-1:${TOOLS}:event-bus/ci` },
      },
      aws_cloudwatch_event_bus: { bus: { name: "ci" } },
      aws_cloudwatch_log_group: { l: { name: "/aws/codebuild/app" } },
      aws_codepipeline: { p: { name: "app" } },
      aws_codepipeline_custom_action_type: { c: { category: "Build", provider_name: "Legacy", version: "1" }, partial: { category: "Build" } },
      aws_codebuild_project: { c: { name: "app-build" } },
      aws_codestarnotifications_notification_rule: { n: { name: "notify" } },
    },
  });
  const arnIndex = new SynthIndex([arns]);
  const ref = (expression: string) => arnIndex.resolveString("arns", `\${${expression}}`);
  const placeholder = (address: string) => `<arns:${address}>`;

  it.each([
    ["aws_iam_role.r.arn", `arn:aws:iam::${TOOLS}:role/ci/pipeline`],
    ["aws_iam_role.r.id", "pipeline"],
    ["aws_iam_role.nameless.arn", `arn:aws:iam::${TOOLS}:role/${placeholder("aws_iam_role.nameless")}`],
    ["aws_iam_role.nameless.name", placeholder("aws_iam_role.nameless")],
    ["aws_iam_policy.p.arn", `arn:aws:iam::${TOOLS}:policy/ci/deploy`],
    ["aws_iam_policy.p.id", `arn:aws:iam::${TOOLS}:policy/ci/deploy`],
    ["aws_s3_bucket.b.arn", "arn:aws:s3:::artifacts"],
    ["aws_s3_bucket.b.id", "artifacts"],
    ["aws_s3_bucket.nameless.bucket", placeholder("aws_s3_bucket.nameless")],
    ["aws_s3_bucket.nameless.arn", `arn:aws:s3:::${placeholder("aws_s3_bucket.nameless")}`],
    ["aws_kms_key.k.arn", `arn:aws:kms:eu-west-1:${TOOLS}:key/${placeholder("aws_kms_key.k")}`],
    ["aws_kms_key.k.key_id", placeholder("aws_kms_key.k")],
    ["aws_kms_key.k.id", placeholder("aws_kms_key.k")],
    ["aws_kms_alias.a.arn", `arn:aws:kms:eu-west-1:${TOOLS}:alias/artifacts`],
    ["aws_kms_alias.a.id", "alias/artifacts"],
    ["aws_kms_alias.a.target_key_arn", `arn:aws:kms:eu-west-1:${TOOLS}:key/${placeholder("aws_kms_key.k")}`],
    ["aws_kms_alias.byArn.target_key_arn", `arn:aws:kms:eu-west-1:${TOOLS}:key/${placeholder("aws_kms_key.k")}`],
    ["aws_sqs_queue.q.arn", `arn:aws:sqs:eu-west-1:${TOOLS}:dlq`],
    ["aws_sqs_queue.q.url", `https://sqs.eu-west-1.amazonaws.com/${TOOLS}/dlq`],
    ["aws_sqs_queue.q.id", `https://sqs.eu-west-1.amazonaws.com/${TOOLS}/dlq`],
    ["aws_sns_topic.t.arn", `arn:aws:sns:eu-west-1:${TOOLS}:alarms`],
    ["aws_sns_topic.t.id", `arn:aws:sns:eu-west-1:${TOOLS}:alarms`],
    ["aws_sns_topic.nameless.arn", `arn:aws:sns:eu-west-1:${TOOLS}:${placeholder("aws_sns_topic.nameless")}`],
    ["aws_lambda_function.f.arn", `arn:aws:lambda:eu-west-1:${TOOLS}:function:validate`],
    ["aws_lambda_function.f.id", "validate"],
    ["aws_sfn_state_machine.s.arn", `arn:aws:states:eu-west-1:${TOOLS}:stateMachine:deploy`],
    ["aws_sfn_state_machine.s.id", `arn:aws:states:eu-west-1:${TOOLS}:stateMachine:deploy`],
    ["aws_cloudwatch_event_rule.r.arn", `arn:aws:events:eu-west-1:${TOOLS}:rule/on-change`],
    ["aws_cloudwatch_event_rule.custom.arn", `arn:aws:events:eu-west-1:${TOOLS}:rule/ci/on-change`],
    ["aws_cloudwatch_event_rule.byArn.arn", `arn:aws:events:eu-west-1:${TOOLS}:rule/ci/on-change`],
    ["aws_cloudwatch_event_rule.custom.id", "ci/on-change"],
    ["aws_cloudwatch_event_bus.bus.arn", `arn:aws:events:eu-west-1:${TOOLS}:event-bus/ci`],
    ["aws_cloudwatch_event_bus.bus.id", "ci"],
    ["aws_cloudwatch_event_rule.r.id", "on-change"],
    ["aws_cloudwatch_log_group.l.arn", `arn:aws:logs:eu-west-1:${TOOLS}:log-group:/aws/codebuild/app`],
    ["aws_codepipeline.p.arn", `arn:aws:codepipeline:eu-west-1:${TOOLS}:app`],
    ["aws_codepipeline.p.id", "app"],
    ["aws_codepipeline_custom_action_type.c.arn", `arn:aws:codepipeline:eu-west-1:${TOOLS}:actiontype:Custom/Build/Legacy/1`],
    ["aws_codebuild_project.c.arn", `arn:aws:codebuild:eu-west-1:${TOOLS}:project/app-build`],
    ["aws_codebuild_project.c.id", `arn:aws:codebuild:eu-west-1:${TOOLS}:project/app-build`],
    [
      "aws_codestarnotifications_notification_rule.n.arn",
      `arn:aws:codestar-notifications:eu-west-1:${TOOLS}:notificationrule/${placeholder("aws_codestarnotifications_notification_rule.n")}`,
    ],
    [
      "aws_codestarnotifications_notification_rule.n.id",
      `arn:aws:codestar-notifications:eu-west-1:${TOOLS}:notificationrule/${placeholder("aws_codestarnotifications_notification_rule.n")}`,
    ],
    ["aws_sqs_queue.q.region", "eu-west-1"],
  ])("%s is %s", (expression, expected) => {
    expect(ref(expression)).toBe(expected);
  });

  it("leaves a custom action type ARN unresolved without all of its parts", () => {
    expect(arnIndex.arnOf("arns", "aws_codepipeline_custom_action_type", "partial")).toBeUndefined();
  });

  it("prefers an argument the resource sets over the computed value", () => {
    const literal = new SynthIndex([
      stack("lit", { provider: arns.json.provider!, resource: { aws_sqs_queue: { q: { name: "dlq", arn: "arn:aws:sqs:eu-west-1:999999999999:given" } } } }),
    ]);
    expect(literal.arnOf("lit", "aws_sqs_queue", "q")).toBe("arn:aws:sqs:eu-west-1:999999999999:given");
  });
});

describe("blocks", () => {
  it("reads a single block written as an object and a list of blocks alike", () => {
    expect(blocks({ a: 1 })).toEqual([{ a: 1 }]);
    expect(blocks([{ a: 1 }, "x", { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(blocks(undefined)).toEqual([]);
  });
});
