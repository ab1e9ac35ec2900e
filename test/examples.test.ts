import { Testing } from "cdktf";
import { OrdersPipelineStack } from "../examples/pipeline-in-code";
import { ACME_HEARTBEAT_NAMESPACE, ACME_LEGACY_BUILD, runAcmeLegacyBuildWorker } from "../examples/job-worker/worker";
import { checkTerraformJson } from "../verify/schema-check";
import { providerSchema } from "./fixtures/provider-schema";
import { sharedOutdir, tempDir } from "./fixtures/temp";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

describe("examples/pipeline-in-code.ts", () => {
  const json = JSON.parse(Testing.synth(new OrdersPipelineStack(Testing.app({ outdir: sharedOutdir() }), "orders-pipeline")));
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
    const [keyName, key] = Object.entries(json.resource.aws_kms_key as Record<string, Record<string, string | boolean>>)[0] ?? [];
    expect(group!.kms_key_id).toBe(`\${aws_kms_key.${keyName}.arn}`);
    expect(key!.enable_key_rotation).toBe(true);
    const grant = JSON.parse(String(key!.policy)).Statement.find((s: { Sid?: string }) => s.Sid === "CloudWatchLogsUseKey");
    expect(grant.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).toEqual([`arn:aws:logs:eu-west-1:111111111111:log-group:${group!.name}`]);
  });

  it("passes the provider schema check", () => {
    expect(checkTerraformJson(json, providerSchema()).findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("run as the README says (npx tsx examples/pipeline-in-code.ts), writes to cdktf.out.examples/pipeline-in-code, never to the landing zone's cdktf.out", () => {
    // A working directory of its own stands for the repository root; the tsconfig maps the package name.
    const cwd = tempDir("pipeline-in-code-");
    const env: NodeJS.ProcessEnv = { ...process.env, DEBUG: "" };
    delete env.CDKTF_OUTDIR;
    const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
    const r = spawnSync(tsx, ["--tsconfig", path.join(ROOT, "tsconfig.json"), path.join(ROOT, "examples/pipeline-in-code.ts")], {
      cwd,
      env,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(fs.readdirSync(cwd)).toEqual(["cdktf.out.examples"]);
    const out = path.join(cwd, "cdktf.out.examples/pipeline-in-code");
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).stacks)).toEqual(["orders-pipeline"]);
    expect(fs.existsSync(path.join(out, "stacks/orders-pipeline/cdk.tf.json"))).toBe(true);
  }, 130_000);
});

describe("lambda-handler", () => {
  it("imports nothing, so a Lambda bundle of it stays small", () => {
    const source = fs.readFileSync(path.resolve(__dirname, "../lambda-handler/index.ts"), "utf8");
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(/);
  });
});

describe("examples/job-worker", () => {
  const lz = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../config/example/landing-zone.json"), "utf8"));
  const JOB = "11111111-2222-3333-4444-555555555555";
  const job = (n: number, continuationToken?: string) => ({
    id: JOB.slice(0, -1) + n,
    nonce: `nonce-${n}`,
    data: {
      actionConfiguration: { configuration: { ProjectId: "legacy-app" } },
      inputArtifacts: [{ name: "Source", location: { type: "S3", s3Location: { bucketName: "store", objectKey: "orders/Source/a" } } }],
      outputArtifacts: [{ name: "LegacyBuil", location: { type: "S3", s3Location: { bucketName: "store", objectKey: "orders/LegacyBuil/b" } } }],
      artifactCredentials: { accessKeyId: "ASIA", secretAccessKey: "s", sessionToken: "t" },
      encryptionKey: { id: "arn:aws:kms:eu-west-1:111111111111:key/k", type: "KMS" },
      ...(continuationToken ? { continuationToken } : {}),
    },
  });

  it("serves the example landing zone's AcmeLegacyBuild type", () => {
    const declared = lz.customActionTypes.find((t: { providerName: string }) => t.providerName === ACME_LEGACY_BUILD.provider);
    expect({ category: declared.category, provider: declared.providerName, version: declared.version }).toEqual({
      category: ACME_LEGACY_BUILD.category,
      provider: ACME_LEGACY_BUILD.provider,
      version: ACME_LEGACY_BUILD.version,
    });
  });

  it("starts a legacy build, reports it in progress, then finishes it from the continuation token, against a mocked client", async () => {
    const stop = new AbortController();
    const script = [[job(1)], [], [job(2, "run-9")], [job(3, "run-9")]];
    const codePipeline = {
      pollForJobs: jest.fn(async () => {
        const next = script.shift();
        if (!next) stop.abort();
        return { jobs: next ?? [] };
      }),
      acknowledgeJob: jest.fn(async () => ({ status: "InProgress" })),
      putJobSuccessResult: jest.fn(async () => ({})),
      putJobFailureResult: jest.fn(async () => ({})),
    };
    const cloudWatch = { putMetricData: jest.fn(async () => ({})) };
    const s3 = {
      getObject: jest.fn(async () => ({ Body: { transformToByteArray: async () => new Uint8Array([80, 75]) } })),
      putObject: jest.fn(async () => ({})),
    };
    const states = [{ state: "running" as const }, { state: "succeeded" as const, output: new Uint8Array([1]) }];
    const legacy = { start: jest.fn(async () => "run-9"), status: jest.fn(async () => states.shift()!) };

    const summary = await runAcmeLegacyBuildWorker({
      codePipeline,
      cloudWatch,
      s3: () => s3,
      legacy,
      stopSignal: stop.signal,
      projectId: "legacy-app",
      sleep: async () => undefined,
      onEvent: () => undefined,
    });

    expect((codePipeline.pollForJobs.mock.calls[0] as unknown[])[0]).toEqual({
      actionTypeId: ACME_LEGACY_BUILD,
      maxBatchSize: 2,
      queryParam: { ProjectId: "legacy-app" },
    });
    expect(legacy.start.mock.calls).toEqual([["legacy-app", new Uint8Array([80, 75])]]);
    expect(codePipeline.putJobSuccessResult.mock.calls.map((c) => (c as unknown[])[0])).toEqual([
      {
        jobId: job(1).id,
        continuationToken: "run-9",
        executionDetails: { externalExecutionId: "run-9", summary: "legacy build of legacy-app started", percentComplete: 0 },
      },
      { jobId: job(2).id, continuationToken: "run-9", executionDetails: { externalExecutionId: "run-9", summary: "legacy build running" } },
      {
        jobId: job(3).id,
        outputVariables: { RunId: "run-9" },
        executionDetails: { externalExecutionId: "run-9", summary: "legacy build of legacy-app succeeded" },
      },
    ]);
    expect(s3.putObject.mock.calls).toEqual([
      [
        {
          Bucket: "store",
          Key: "orders/LegacyBuil/b",
          Body: new Uint8Array([1]),
          ServerSideEncryption: "aws:kms",
          SSEKMSKeyId: "arn:aws:kms:eu-west-1:111111111111:key/k",
        },
      ],
    ]);
    expect(codePipeline.putJobFailureResult).not.toHaveBeenCalled();
    expect((cloudWatch.putMetricData.mock.calls[0] as unknown[])[0]).toMatchObject({ Namespace: ACME_HEARTBEAT_NAMESPACE });
    expect(summary).toMatchObject({ inProgress: 2, succeeded: 1, failed: 0 });
  });

  it("fails the job with the legacy system's reason when the build fails", async () => {
    const stop = new AbortController();
    const script = [[job(1, "run-3")]];
    const codePipeline = {
      pollForJobs: jest.fn(async () => ({ jobs: script.shift() ?? (stop.abort(), []) })),
      acknowledgeJob: jest.fn(async () => ({ status: "InProgress" })),
      putJobSuccessResult: jest.fn(async () => ({})),
      putJobFailureResult: jest.fn(async () => ({})),
    };
    await runAcmeLegacyBuildWorker({
      codePipeline,
      cloudWatch: { putMetricData: async () => ({}) },
      s3: () => ({ getObject: jest.fn(), putObject: jest.fn() }),
      legacy: { start: jest.fn(), status: async () => ({ state: "failed" as const, reason: "compiler error in Main.java" }) },
      stopSignal: stop.signal,
      sleep: async () => undefined,
      onEvent: () => undefined,
    });
    expect(codePipeline.putJobFailureResult.mock.calls.map((c) => (c as unknown[])[0])).toEqual([
      { jobId: job(1).id, failureDetails: { type: "JobFailed", message: "legacy build run-3 of legacy-app failed: compiler error in Main.java" } },
    ]);
  });
});
