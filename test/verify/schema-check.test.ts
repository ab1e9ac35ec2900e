import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, DataTerraformRemoteStateS3, Fn, TerraformStack, Testing } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import {
  checkSynthOutput,
  checkTerraformJson,
  formatReport,
  loadProviderSchema,
  parseProviderSchema,
  type ProviderSchema,
  type SchemaFinding,
  type SchemaReport,
} from "../../verify/schema-check";
import { runSchemaCheckCli } from "../../scripts/schema-check";
import { providerSchemaPath } from "../fixtures/provider-schema";

// Throws (failing the file) when the dump is missing, saying how to get one.
const SCHEMA_PATH = providerSchemaPath();

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "schema-check-"));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const err = (p: string, message: string): SchemaFinding => ({ severity: "error", path: p, message });
const warn = (p: string, message: string): SchemaFinding => ({ severity: "warning", path: p, message });
const errors = (r: SchemaReport) => r.findings.filter((f) => f.severity === "error");

describe("loadProviderSchema", () => {
  it("throws a clear error for a missing file", () => {
    expect(() => loadProviderSchema("/nonexistent/schema.json")).toThrow("provider schema file not found: /nonexistent/schema.json");
  });

  it("throws a clear error for a non-JSON file", () => {
    const f = path.join(tmpDir(), "bad.json");
    fs.writeFileSync(f, "{ not json");
    expect(() => loadProviderSchema(f)).toThrow(/provider schema file is not valid JSON: .*bad\.json/);
  });

  it("throws a clear error for JSON of the wrong shape or provider", () => {
    const f = path.join(tmpDir(), "shape.json");
    fs.writeFileSync(f, JSON.stringify({ resources: {} }));
    expect(() => loadProviderSchema(f)).toThrow(/no "provider_schemas" object/);
    fs.writeFileSync(f, JSON.stringify({ provider_schemas: { "registry.terraform.io/hashicorp/google": {} } }));
    expect(() => loadProviderSchema(f)).toThrow('has no provider "registry.terraform.io/hashicorp/aws" (has: registry.terraform.io/hashicorp/google)');
  });
});

// Hand-written protocol-6 schema: the reference dump has no `nested_type` attributes.
describe("nested_type attributes", () => {
  const schema = parseProviderSchema({
    format_version: "1.0",
    provider_schemas: {
      "registry.terraform.io/hashicorp/aws": {
        resource_schemas: {
          aws_thing: {
            version: 0,
            block: {
              attributes: {
                name: { type: "string", required: true },
                rules: {
                  nested_type: {
                    nesting_mode: "list",
                    max_items: 2,
                    attributes: {
                      port: { type: "number", required: true },
                      proto: { type: "string", optional: true },
                      rule_id: { type: "string", computed: true },
                    },
                  },
                  optional: true,
                },
                settings: {
                  nested_type: { nesting_mode: "single", attributes: { enabled: { type: "bool", optional: true } } },
                  optional: true,
                },
              },
            },
          },
        },
      },
    },
  });

  it("checks nested attribute objects like block bodies", () => {
    const r = checkTerraformJson(
      {
        resource: {
          aws_thing: {
            t: {
              name: "x",
              rules: [{ port: "80" }, { proto: "tcp", rule_id: "r1", protoc: 1 }, { port: 1 }],
              settings: { enabled: "maybe" },
            },
          },
        },
      },
      schema,
    );
    expect(r.findings).toEqual([
      err("aws_thing.t.rules", "attribute allows at most 2 item(s) (max_items), got 3"),
      err("aws_thing.t.rules[1].rule_id", "attribute `rule_id` is read-only (computed) and cannot be set"),
      err("aws_thing.t.rules[1].protoc", "unknown attribute `protoc` (did you mean `proto`?)"),
      err("aws_thing.t.rules[1]", "missing required attribute `port`"),
      err("aws_thing.t.settings.enabled", 'expected bool, got string "maybe"'),
    ]);
  });

  it("accepts a whole nested attribute given as an expression", () => {
    const r = checkTerraformJson({ resource: { aws_thing: { t: { name: "x", rules: "${local.rules}" } } } }, schema);
    expect(r.findings).toEqual([]);
  });
});

describe("checkTerraformJson against the reference AWS dump", () => {
  let schema: ProviderSchema;
  beforeAll(() => {
    schema = loadProviderSchema(SCHEMA_PATH);
  });

  it("loads the 5 MB dump once and caches it per path", () => {
    // The same object back: the second load parsed nothing (no timing: tests assert no durations).
    expect(loadProviderSchema(SCHEMA_PATH)).toBe(schema);
    expect(Object.keys(schema.resources).length).toBeGreaterThan(1000);
    expect(schema.missing.resources.has("aws_wafv2_web_acl")).toBe(true);
  });

  describe("check 1: resource / data source types", () => {
    it("reports an unknown resource type with a suggestion", () => {
      const r = checkTerraformJson({ resource: { aws_s3_bukcet: { logs: { bucket: "x" } } } }, schema, "app");
      expect(r.findings).toEqual([
        {
          severity: "error",
          stack: "app",
          path: "aws_s3_bukcet",
          message: "unknown resource type `aws_s3_bukcet` for provider registry.terraform.io/hashicorp/aws (did you mean `aws_s3_bucket`?)",
        },
      ]);
      expect(r.checked.resources).toBe(0);
    });

    it("reports an unknown data source type (a resource-only type used as data)", () => {
      const r = checkTerraformJson({ data: { aws_s3_bucket_versioning: { v: { bucket: "x" } }, aws_caler_identity: { me: {} } } }, schema);
      expect(r.findings).toEqual([
        err("data.aws_s3_bucket_versioning", "unknown data source type `aws_s3_bucket_versioning` for provider registry.terraform.io/hashicorp/aws"),
        err(
          "data.aws_caler_identity",
          "unknown data source type `aws_caler_identity` for provider registry.terraform.io/hashicorp/aws (did you mean `aws_caller_identity`?)",
        ),
      ]);
    });

    it("validates terraform_remote_state against the builtin schema", () => {
      const r = checkTerraformJson(
        { data: { terraform_remote_state: { net: { config: { bucket: "b" }, workspac: "w" }, ok: { backend: "s3", config: "${local.c}" } } } },
        schema,
      );
      expect(r.findings).toEqual([
        err("data.terraform_remote_state.net.workspac", "unknown attribute `workspac` (did you mean `workspace`?)"),
        err("data.terraform_remote_state.net", "missing required attribute `backend`"),
      ]);
      expect(r.checked.dataSources).toBe(2);
    });

    it("skips other providers' types without failing", () => {
      const r = checkTerraformJson(
        { resource: { random_id: { suffix: { byte_length: 4 } }, terraform_data: { d: {} } }, data: { http: { ip: { url: "x" } } } },
        schema,
        "app",
      );
      expect(r.findings).toEqual([]);
      expect(r.skipped).toEqual(["app: random_id.suffix", "app: terraform_data.d", "app: data.http.ip"]);
    });
  });

  describe("check 2: unknown attributes and blocks", () => {
    it("reports an unknown attribute with a suggestion", () => {
      const r = checkTerraformJson({ resource: { aws_s3_bucket: { logs: { bukcet: "my-logs" } } } }, schema);
      expect(r.findings).toEqual([err("aws_s3_bucket.logs.bukcet", "unknown attribute `bukcet` (did you mean `bucket`?)")]);
    });

    it("reports an unknown nested block with a suggestion, and none when nothing is close", () => {
      const r = checkTerraformJson({ resource: { aws_s3_bucket: { logs: { versionin: [{ enabled: true }], zzzzzzzz: "x" } } } }, schema);
      expect(r.findings).toEqual([
        err("aws_s3_bucket.logs.versionin", "unknown nested block `versionin` (did you mean `versioning`?)"),
        err("aws_s3_bucket.logs.zzzzzzzz", "unknown attribute `zzzzzzzz`"),
      ]);
    });

    it("reports unknown attributes inside nested blocks with the JSON path", () => {
      const r = checkTerraformJson(
        {
          resource: {
            aws_s3_bucket_lifecycle_configuration: {
              lc: { bucket: "b", rule: [{ id: "r", status: "Enabled", expiration: { dayz: 30 } }] },
            },
          },
        },
        schema,
      );
      expect(r.findings).toEqual([err("aws_s3_bucket_lifecycle_configuration.lc.rule[0].expiration.dayz", "unknown attribute `dayz` (did you mean `days`?)")]);
    });
  });

  describe("check 3: required and read-only attributes", () => {
    it("reports a missing required attribute", () => {
      const r = checkTerraformJson({ resource: { aws_iam_role: { deploy: { name: "deploy" } } } }, schema);
      expect(r.findings).toEqual([err("aws_iam_role.deploy", "missing required attribute `assume_role_policy`")]);
    });

    it("treats null as unset for required attributes", () => {
      const r = checkTerraformJson({ resource: { aws_s3_bucket_policy: { p: { bucket: "b", policy: null } } } }, schema);
      expect(r.findings).toEqual([err("aws_s3_bucket_policy.p", "missing required attribute `policy`")]);
    });

    it("reports a computed-only attribute that is set as read-only", () => {
      const r = checkTerraformJson({ resource: { aws_iam_role: { deploy: { assume_role_policy: "{}", arn: "arn:aws:iam::1:role/x" } } } }, schema);
      expect(r.findings).toEqual([err("aws_iam_role.deploy.arn", "attribute `arn` is read-only (computed) and cannot be set")]);
    });
  });

  describe("check 4: block item counts", () => {
    it("reports max_items violations", () => {
      const r = checkTerraformJson(
        {
          resource: {
            aws_s3_bucket_server_side_encryption_configuration: {
              artifacts_sse_1234: {
                bucket: "b",
                rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "AES256" }, { sse_algorithm: "aws:kms" }] }],
              },
            },
          },
        },
        schema,
      );
      expect(r.findings).toEqual([
        err(
          "aws_s3_bucket_server_side_encryption_configuration.artifacts_sse_1234.rule[0].apply_server_side_encryption_by_default",
          "block allows at most 1 item(s) (max_items), got 2",
        ),
      ]);
    });

    it("reports min_items violations", () => {
      const stage = { name: "Source", action: [{ name: "s", category: "Source", owner: "AWS", provider: "S3", version: "1" }] };
      const r = checkTerraformJson(
        {
          resource: {
            aws_codepipeline: {
              release: { name: "p", role_arn: "r", artifact_store: [{ location: "b", type: "S3" }], stage: [stage] },
            },
          },
        },
        schema,
      );
      expect(r.findings).toEqual([err("aws_codepipeline.release.stage", "block needs at least 2 item(s) (min_items), got 1")]);
    });

    it("reports an absent required block and an empty required block list", () => {
      const r = checkTerraformJson(
        {
          resource: {
            aws_s3_bucket_versioning: { v: { bucket: "b" } },
            aws_s3_bucket_server_side_encryption_configuration: { e: { bucket: "b", rule: [] } },
          },
        },
        schema,
      );
      expect(r.findings).toEqual([
        err("aws_s3_bucket_versioning.v", "missing required block `versioning_configuration` (min_items 1)"),
        err("aws_s3_bucket_server_side_encryption_configuration.e.rule", "block needs at least 1 item(s) (min_items), got 0"),
      ]);
    });

    it("accepts a single-nested block as an object or a one-element array, but not two", () => {
      const ok = checkTerraformJson({ resource: { aws_sqs_queue: { a: { timeouts: { create: "5m" } }, b: { timeouts: [{ create: "5m" }] } } } }, schema);
      expect(ok.findings).toEqual([]);
      const bad = checkTerraformJson({ resource: { aws_sqs_queue: { c: { timeouts: [{}, {}] } } } }, schema);
      expect(bad.findings).toEqual([err("aws_sqs_queue.c.timeouts", "block allows at most 1 item(s) (max_items), got 2")]);
    });
  });

  describe("check 5: primitive and collection types", () => {
    it("reports string given a number, bool or object", () => {
      const r = checkTerraformJson(
        { resource: { aws_iam_role: { a: { assume_role_policy: { Version: "2012-10-17" }, description: 42, path: true } } } },
        schema,
      );
      expect(r.findings).toEqual([
        err("aws_iam_role.a.assume_role_policy", "expected string, got an object"),
        err("aws_iam_role.a.description", "expected string, got number 42"),
        err("aws_iam_role.a.path", "expected string, got boolean true"),
      ]);
    });

    it("accepts numeric strings for numbers and rejects non-numeric ones", () => {
      const r = checkTerraformJson(
        { resource: { aws_sqs_queue: { q: { delay_seconds: "30", visibility_timeout_seconds: 1.5e2, max_message_size: "big" } } } },
        schema,
      );
      expect(r.findings).toEqual([err("aws_sqs_queue.q.max_message_size", 'expected number, got string "big"')]);
    });

    it('accepts "true"/"false" for bools and rejects other strings', () => {
      const r = checkTerraformJson({ resource: { aws_sqs_queue: { q: { fifo_queue: "true", content_based_deduplication: "yes" } } } }, schema);
      expect(r.findings).toEqual([err("aws_sqs_queue.q.content_based_deduplication", 'expected bool, got string "yes"')]);
    });

    it("reports list/set given a non-array and map given a non-object, and recurses into elements", () => {
      const r = checkTerraformJson(
        {
          resource: {
            aws_iam_role: { a: { assume_role_policy: "{}", managed_policy_arns: "arn:aws:iam::aws:policy/x", tags: ["a"] } },
            aws_s3_bucket_lifecycle_configuration: {
              lc: {
                bucket: "b",
                rule: [{ id: "r", status: "Enabled", filter: [{ and: [{ tags: { team: "ci", cost: { a: 1 } } }] }] }],
              },
            },
            aws_codepipeline: {
              p: {
                name: "p",
                role_arn: "r",
                artifact_store: [{ location: "b", type: "S3" }],
                stage: [
                  { name: "a", action: [{ name: "a", category: "Source", owner: "AWS", provider: "S3", version: "1", output_artifacts: ["src", 7] }] },
                  { name: "b", action: [{ name: "b", category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" }] },
                ],
              },
            },
          },
        },
        schema,
      );
      expect(r.findings).toEqual([
        warn("aws_iam_role.a.managed_policy_arns", "attribute `managed_policy_arns` is deprecated"),
        err("aws_iam_role.a.managed_policy_arns", 'expected set(string), got string "arn:aws:iam::aws:policy/x"'),
        err("aws_iam_role.a.tags", "expected map(string), got an array"),
        err("aws_s3_bucket_lifecycle_configuration.lc.rule[0].filter[0].and[0].tags.cost", "expected string, got an object"),
        err("aws_codepipeline.p.stage[0].action[0].output_artifacts[1]", "expected string, got number 7"),
      ]);
    });

    it("accepts a Terraform expression for any attribute type, including whole collections", () => {
      const r = checkTerraformJson(
        {
          resource: {
            aws_sqs_queue: { q: { delay_seconds: "${var.delay}", fifo_queue: "${var.fifo}", tags: "${local.tags}" } },
            aws_iam_role: { a: { assume_role_policy: "${data.aws_iam_policy_document.x.json}", managed_policy_arns: ["${aws_iam_policy.p.arn}"] } },
          },
        },
        schema,
      );
      expect(errors(r)).toEqual([]);
    });

    it("rejects an expression string where a block is required", () => {
      const r = checkTerraformJson({ resource: { aws_s3_bucket_versioning: { v: { bucket: "b", versioning_configuration: "${local.v}" } } } }, schema);
      expect(r.findings).toEqual([
        err(
          "aws_s3_bucket_versioning.v.versioning_configuration",
          'block must be an object or an array of objects, got string "${local.v}" (use a dynamic block for computed values)',
        ),
      ]);
    });
  });

  describe("check 6 and deprecations: warnings", () => {
    it("warns (not errors) for types the dump declares missing", () => {
      const r = checkTerraformJson({ resource: { aws_wafv2_web_acl: { acl: { name: "x", whatever: 1 } } } }, schema);
      expect(r.findings).toEqual([warn("aws_wafv2_web_acl.acl", "resource type `aws_wafv2_web_acl` is not in schema dump (cannot verify)")]);
      expect(r.checked.resources).toBe(0);
    });

    it("warns for deprecated attributes and blocks in use", () => {
      const r = checkTerraformJson(
        {
          resource: {
            aws_s3_bucket_versioning: { v: { bucket: "b", expected_bucket_owner: "123", versioning_configuration: { status: "Enabled" } } },
            aws_iam_role: { r: { assume_role_policy: "{}", inline_policy: [{ name: "p", policy: "{}" }] } },
          },
        },
        schema,
      );
      expect(r.findings).toEqual([
        warn("aws_s3_bucket_versioning.v.expected_bucket_owner", "attribute `expected_bucket_owner` is deprecated"),
        warn("aws_iam_role.r.inline_policy", "block is deprecated"),
      ]);
    });
  });

  it("accepts meta-arguments, the cdktf `//` key and dynamic blocks", () => {
    const r = checkTerraformJson(
      {
        "//": { metadata: { backend: "local" } },
        terraform: { required_providers: { aws: { source: "aws" } } },
        provider: { aws: [{ region: "eu-west-1" }] },
        output: { x: { value: "${aws_s3_bucket.b.arn}" } },
        resource: {
          aws_s3_bucket: {
            b: {
              "//": { metadata: { path: "app/b", uniqueId: "b" } },
              count: 2,
              depends_on: ["aws_iam_role.r"],
              provider: "aws.eu",
              lifecycle: { prevent_destroy: true, ignore_changes: ["tags"] },
              provisioner: [{ "local-exec": { command: "echo" } }],
              connection: { type: "ssh" },
            },
          },
          aws_s3_bucket_lifecycle_configuration: {
            lc: { bucket: "b", for_each: "${toset(var.x)}", dynamic: { rule: { for_each: "${var.rules}", content: { id: "${rule.key}" } } } },
          },
        },
        data: { aws_caller_identity: { me: { depends_on: [], lifecycle: { postcondition: [] } } } },
      },
      schema,
    );
    expect(r.findings).toEqual([]);
    expect(r.checked).toEqual({ resources: 2, dataSources: 1, blocks: 0 });
  });

  it("formatReport lists errors before warnings, skipped types and a summary line", () => {
    const r = checkTerraformJson(
      {
        resource: {
          aws_wafv2_web_acl: { acl: {} },
          aws_s3_bucket: { b: { bukcet: "x" } },
          random_id: { r: {} },
        },
      },
      schema,
      "app",
    );
    expect(formatReport(r).split("\n")).toEqual([
      "ERROR   [app] aws_s3_bucket.b.bukcet: unknown attribute `bukcet` (did you mean `bucket`?)",
      "WARNING [app] aws_wafv2_web_acl.acl: resource type `aws_wafv2_web_acl` is not in schema dump (cannot verify)",
      "skipped (not provider-checked): app: random_id.r",
      "schema check: 1 resource, 0 data sources, 0 blocks checked; 1 error, 1 warning",
    ]);
  });
});

describe("real cdktf stacks", () => {
  function buildStack(scope: App, id: string): TerraformStack {
    const stack = new TerraformStack(scope, id);
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const net = new DataTerraformRemoteStateS3(stack, "network", { bucket: "tf-state", key: "network.tfstate", region: "eu-west-1" });
    const bucket = new S3Bucket(stack, "artifacts", {
      bucketPrefix: "artifacts-",
      forceDestroy: false,
      tags: { vpc: net.getString("vpc_id") },
    });
    new S3BucketServerSideEncryptionConfigurationA(stack, "sse", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
    });
    new S3BucketLifecycleConfiguration(stack, "lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "expire-logs",
          status: "Enabled",
          filter: [{ prefix: "logs/" }],
          expiration: [{ days: 30 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 7 }],
        },
      ],
    });
    const role = new IamRole(stack, "pipeline_role", {
      name: "pipeline",
      assumeRolePolicy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "codepipeline.amazonaws.com" } }],
      }),
      maxSessionDuration: 3600,
    });
    new IamRolePolicy(stack, "pipeline_policy", {
      role: role.name,
      policy: Fn.jsonencode({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: bucket.arn }] }),
    });
    return stack;
  }

  it("a valid stack synthesized with the provider classes has no findings", () => {
    const schema = loadProviderSchema(SCHEMA_PATH);
    const tf: unknown = JSON.parse(Testing.synth(buildStack(Testing.app({ outdir: tmpDir() }), "valid")));
    const r = checkTerraformJson(tf, schema, "valid");
    expect(r.findings).toEqual([]);
    expect(r.skipped).toEqual([]);
    expect(r.checked).toEqual({ resources: 5, dataSources: 1, blocks: 6 });
  });

  it("checkSynthOutput and the CLI check every stack under cdktf.out/stacks", () => {
    const schema = loadProviderSchema(SCHEMA_PATH);
    const outdir = tmpDir();
    const app = new App({ outdir });
    buildStack(app, "alpha");
    const broken = buildStack(app, "beta");
    broken.addOverride("resource.aws_s3_bucket.artifacts.acl_policy", "private");
    app.synth();

    const r = checkSynthOutput(outdir, schema);
    expect(r.findings).toEqual([{ severity: "error", stack: "beta", path: "aws_s3_bucket.artifacts.acl_policy", message: "unknown attribute `acl_policy`" }]);
    expect(r.checked).toEqual({ resources: 10, dataSources: 2, blocks: 12 });

    const fail = runSchemaCheckCli(["--schema", SCHEMA_PATH, "--out", outdir], {});
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain("ERROR   [beta] aws_s3_bucket.artifacts.acl_policy: unknown attribute `acl_policy`");
    expect(fail.stdout).toContain("schema check: 10 resources, 2 data sources, 12 blocks checked; 1 error, 0 warnings");

    fs.rmSync(path.join(outdir, "stacks", "beta"), { recursive: true });
    const pass = runSchemaCheckCli(["--out", outdir], { PROVIDER_SCHEMA: SCHEMA_PATH });
    expect(pass).toEqual({ code: 0, stdout: "schema check: 5 resources, 1 data source, 6 blocks checked; 0 errors, 0 warnings", stderr: "" });
  });
});

describe("CLI input errors", () => {
  it("the tests' schema checks fail, naming the file and how to get one, when the dump is missing", () => {
    expect(() => providerSchemaPath({ PROVIDER_SCHEMA: "/nonexistent/schema.json" })).toThrow(
      "AWS provider schema dump not found: /nonexistent/schema.json (PROVIDER_SCHEMA). The schema checks of the tests need it: " +
        "put the shared reference dump aws-provider-schema-6.47.0.json in ../shared/reference/ beside the repository, " +
        "or set PROVIDER_SCHEMA to the output of `terraform providers schema -json` run where hashicorp/aws is initialised.",
    );
    expect(providerSchemaPath({ PROVIDER_SCHEMA: SCHEMA_PATH })).toBe(SCHEMA_PATH);
  });

  it("exits 2 naming the flag/env var when the schema file is missing", () => {
    const r = runSchemaCheckCli(["--out", tmpDir()], { PROVIDER_SCHEMA: "/nonexistent/schema.json" });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "schema file not found: /nonexistent/schema.json (from PROVIDER_SCHEMA); pass --schema FILE or set PROVIDER_SCHEMA to a `terraform providers schema -json` dump",
    );
  });

  it("exits 2 naming --out when the synth output dir is missing", () => {
    const schemaFile = path.join(tmpDir(), "s.json");
    fs.writeFileSync(schemaFile, "{}");
    const r = runSchemaCheckCli(["--schema", schemaFile, "--out", "/nonexistent/cdktf.out"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("synth output directory not found: /nonexistent/cdktf.out; run `cdktf synth` first or pass --out DIR");
  });

  it("exits 2 on an unknown flag", () => {
    const r = runSchemaCheckCli(["--shema", "x"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("usage: npx tsx scripts/schema-check.ts [--schema FILE] [--out DIR]");
  });
});
