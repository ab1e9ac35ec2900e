import { synthExample } from "../../fixtures/synth";
import { exampleLandingZone, minimalLandingZone } from "../../../verify/landing-zones";
import { analyseWiring, SynthesizedStack, TerraformJson } from "../../../synth/wiring";
import {
  CI_ACCOUNT,
  emulatorDiff,
  planStack,
  prerequisites,
  prerequisitesModule,
  references,
  rehearsalOverride,
  UNSUPPORTED_TYPES,
} from "../../../verify/engines/rehearsal-model";

const backend = (key: string) => ({
  backend: { s3: { bucket: "state", key, region: "eu-west-1", assume_role: { role_arn: "arn:aws:iam::111111111111:role/state" } } },
});
function stack(id: string, dependencies: string[], json: Partial<TerraformJson>): SynthesizedStack {
  return { id, dependencies, json: { terraform: backend(`${id}.tfstate`), ...json } as TerraformJson };
}

describe("references", () => {
  it("finds resources, data sources, remote-state outputs and depends_on in nested values", () => {
    const refs = references({
      a: "${aws_iam_role.r.arn}",
      b: ['{"x":"${data.aws_caller_identity.me.account_id}"}', { c: "${data.terraform_remote_state.tools.outputs.role_arn}" }],
      depends_on: ["aws_kms_key.k"],
    });
    expect([...refs].sort()).toEqual(["aws_iam_role.r", "aws_kms_key.k", "data.aws_caller_identity.me", "data.terraform_remote_state.tools.outputs.role_arn"]);
  });
});

describe("planStack", () => {
  const tools = stack("tools", [], {
    resource: {
      aws_codepipeline_custom_action_type: { t: { provider_name: "x" } },
      aws_iam_role: { worker: { name: "w", description: "${aws_codepipeline_custom_action_type.t.id}" }, plain: { name: "p" } },
      aws_iam_role_policy: { worker: { role: "${aws_iam_role.worker.name}" } },
      aws_sns_topic: { t: { name: "t", depends_on: ["aws_iam_role_policy.worker"] } },
    },
    output: { worker_arn: { value: "${aws_iam_role.worker.arn}" }, plain_arn: { value: "${aws_iam_role.plain.arn}" } },
  });

  it("excludes unsupported types and, transitively, whatever refers to them", () => {
    const plan = planStack(tools, [], new Map());
    expect(plan.included).toEqual(["aws_iam_role.plain"]);
    expect(plan.excluded).toEqual([
      {
        address: "aws_codepipeline_custom_action_type.t",
        reason: `aws_codepipeline_custom_action_type: ${UNSUPPORTED_TYPES.aws_codepipeline_custom_action_type!.reason}`,
      },
      { address: "aws_iam_role.worker", reason: "depends on excluded aws_codepipeline_custom_action_type.t" },
      { address: "aws_iam_role_policy.worker", reason: "depends on excluded aws_iam_role.worker" },
      { address: "aws_sns_topic.t", reason: "depends on excluded aws_iam_role_policy.worker" },
    ]);
    expect(plan.missingOutputs).toEqual(["worker_arn"]);
  });

  it("excludes a resource of a later stack that reads an output an earlier stack could not produce", () => {
    const consumer = stack("target", ["tools"], {
      data: { terraform_remote_state: { tools: { backend: "s3", config: { bucket: "state", key: "tools.tfstate" } } } },
      resource: {
        aws_iam_role: {
          a: { name: "a", assume_role_policy: "${data.terraform_remote_state.tools.outputs.worker_arn}" },
          b: { name: "b", assume_role_policy: "${data.terraform_remote_state.tools.outputs.plain_arn}" },
        },
      },
    });
    const wiring = analyseWiring([tools, consumer]);
    const first = planStack(tools, wiring.reads, new Map());
    const plan = planStack(consumer, wiring.reads, new Map([["tools", first.missingOutputs]]));
    expect(plan.included).toEqual(["aws_iam_role.b"]);
    expect(plan.excluded).toEqual([{ address: "aws_iam_role.a", reason: "reads output worker_arn of tools, which the emulator could not produce" }]);
  });

  it("applies everything of a stack with no unsupported type", () => {
    const plan = planStack(tools, [], new Map(), {});
    expect(plan.excluded).toEqual([]);
    expect(plan.included).toHaveLength(5);
  });

  it("applies the example's tools and target stacks whole, and leaves out of its pipelines stack only unsupported types and their dependents", () => {
    const { stacks } = synthExample();
    const wiring = analyseWiring(stacks);
    const missing = new Map<string, readonly string[]>();
    const plans = wiring.waves.flat().map((id) => {
      const plan = planStack(stacks.find((s) => s.id === id)!, wiring.reads, missing);
      missing.set(id, plan.missingOutputs);
      return plan;
    });
    for (const plan of plans.filter((p) => !p.stack.startsWith("pipelines-"))) {
      expect({ stack: plan.stack, excluded: plan.excluded, missingOutputs: plan.missingOutputs }).toEqual({
        stack: plan.stack,
        excluded: [],
        missingOutputs: [],
      });
    }
    const pipelines = plans.find((p) => p.stack === "pipelines-eu-west-1")!;
    expect(pipelines.included.length).toBeGreaterThan(50);
    for (const e of pipelines.excluded) {
      const type = e.address.split(".")[0]!;
      expect(UNSUPPORTED_TYPES[type] ? e.reason : e.reason.replace(/excluded \S+$/, "excluded X")).toBe(
        UNSUPPORTED_TYPES[type] ? `${type}: ${UNSUPPORTED_TYPES[type]!.reason}` : "depends on excluded X",
      );
    }
  });
});

describe("emulatorDiff", () => {
  it("excuses an update that only touches attributes moto does not keep", () => {
    expect(emulatorDiff("aws_s3_bucket", ["update"], ["tags_all"])).toBe(true);
    expect(emulatorDiff("aws_s3_bucket", ["update"], ["tags_all", "bucket"])).toBe(false);
    expect(emulatorDiff("aws_s3_bucket", ["delete", "create"], ["tags_all"])).toBe(false);
    expect(emulatorDiff("aws_sqs_queue", ["update"], ["tags_all"])).toBe(false);
    expect(emulatorDiff("aws_s3_bucket", ["update"], [])).toBe(false);
  });
});

describe("rehearsalOverride", () => {
  const json = {
    terraform: backend("x.tfstate"),
    data: { terraform_remote_state: { tools: { backend: "s3", config: { bucket: "state", key: "tools.tfstate", region: "eu-west-1" } } } },
  } as unknown as TerraformJson;
  const override = rehearsalOverride(json, "http://127.0.0.1:5000") as any;

  it("copies the whole backend (an override replaces it whole) and adds only test settings", () => {
    expect(override.terraform.backend.s3).toEqual({
      ...backend("x.tfstate").backend.s3,
      endpoints: { s3: "http://127.0.0.1:5000", sts: "http://127.0.0.1:5000", iam: "http://127.0.0.1:5000" },
      use_path_style: true,
      access_key: "rehearsal",
      secret_key: "rehearsal",
      skip_metadata_api_check: true,
      skip_region_validation: true,
    });
  });

  it("points every remote-state read at the emulator with its own config kept", () => {
    expect(override.data.terraform_remote_state.tools.config).toMatchObject({
      bucket: "state",
      key: "tools.tfstate",
      region: "eu-west-1",
      use_path_style: true,
    });
  });

  it("points the provider's services at the emulator and keeps its assume role and allowed account", () => {
    const provider = override.provider.aws[0];
    expect(provider.endpoints[0].sts).toBe("http://127.0.0.1:5000");
    expect(provider.endpoints[0].codepipeline).toBe("http://127.0.0.1:5000");
    expect(provider).not.toHaveProperty("assume_role");
    expect(provider).not.toHaveProperty("allowed_account_ids");
  });

  it("refuses a stack without an S3 backend", () => {
    expect(() => rehearsalOverride({} as TerraformJson, "http://x")).toThrow("the stack has no S3 backend; the rehearsal keeps state in the emulator's S3");
  });
});

describe("prerequisites", () => {
  it("has the state bucket, the deploy role in every account and every role, policy and function the example names", () => {
    const p = prerequisites(exampleLandingZone() as any);
    expect(p.stateBucket).toEqual({ account: "111111111111", region: "eu-west-1", name: "acme-terraform-state-111111111111" });
    const deploy = p.roles.filter((r) => r.name === "acme-terraform-deploy");
    expect(deploy.map((r) => r.account).sort()).toEqual(["111111111111", "222222222222", "333333333333", "444444444444"]);
    expect(deploy.every((r) => r.admin)).toBe(true);
    expect(p.roles).toContainEqual({ account: "111111111111", path: "/", name: "acme-terraform-state", admin: true });
    expect(p.roles).toContainEqual({ account: "333333333333", path: "/", name: "payments-task", admin: false });
    expect(p.policies).toEqual([
      { account: "222222222222", path: "/", name: "acme-dev-cloudformation-deploy" },
      { account: "333333333333", path: "/", name: "acme-staging-cloudformation-deploy" },
      { account: "444444444444", path: "/", name: "acme-prod-cloudformation-deploy" },
    ]);
    expect(p.functions).toEqual([
      { account: "111111111111", region: "eu-west-1", name: "acme-release-tracker" },
      // A Lambda action's functionRoleName is its function's execution role, which the pipeline grants PutJob*Result.
      { account: "111111111111", region: "eu-west-1", name: "acme-data-jobs-validate", roleName: "acme-data-jobs-validate" },
    ]);
    expect(p.roles).toContainEqual({ account: "111111111111", path: "/", name: "acme-data-jobs-validate", admin: false });
  });

  it("creates each role in its own account through that account's provider, trusted by the CI account only", () => {
    const module = prerequisitesModule(prerequisites(minimalLandingZone() as any), "http://127.0.0.1:1", "/tmp/f.zip", "6.0.0-test") as any;
    const roles = Object.values(module.resource.aws_iam_role) as any[];
    expect(roles.map((r) => [r.provider, r.name])).toEqual([
      ["aws.a111111111111_eu_west_1", "mini-terraform-deploy"],
      ["aws.a444444444444_eu_west_1", "mini-terraform-deploy"],
    ]);
    for (const r of roles) expect(JSON.parse(r.assume_role_policy).Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::${CI_ACCOUNT}:root` });
    const providers = module.provider.aws as any[];
    expect(providers.map((p) => p.allowed_account_ids[0]).sort()).toEqual(["111111111111", "444444444444"]);
    expect(module.resource.aws_s3_bucket.state.bucket).toBe("mini-terraform-state-111111111111");
    expect(module.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: "6.0.0-test" });
  });
});
