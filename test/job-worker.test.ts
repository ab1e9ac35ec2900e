import {
  ActionTypeId,
  ArtifactS3Client,
  HeartbeatClient,
  heartbeatNamespace,
  isThrottlingError,
  JobHandler,
  JobWorkerClient,
  JobWorkerOptions,
  MAX_FAILURE_MESSAGE,
  PolledJob,
  runJobWorker,
  stopOnSignals,
  WorkerEvent,
  WorkerJob,
} from "../job-worker";

const TYPE: ActionTypeId = { category: "Build", owner: "Custom", provider: "AcmeLegacyBuild", version: "1" };
const id = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, "0")}`;

function polled(n: number, over: Partial<NonNullable<PolledJob["data"]>> = {}): PolledJob {
  return {
    id: id(n),
    nonce: `nonce-${n}`,
    accountId: "111111111111",
    data: {
      actionConfiguration: { configuration: { ProjectId: "legacy-app" } },
      pipelineContext: {
        pipelineName: "orders-service",
        pipelineExecutionId: "exec-1",
        stage: { name: "Build" },
        action: { name: "LegacyBuild", actionExecutionId: "ae-1" },
      },
      inputArtifacts: [
        { name: "Source", revision: "abc", location: { type: "S3", s3Location: { bucketName: "store", objectKey: "orders-service/Source/in.zip" } } },
      ],
      outputArtifacts: [{ name: "LegacyBuil", location: { type: "S3", s3Location: { bucketName: "store", objectKey: "orders-service/LegacyBuil/out.zip" } } }],
      artifactCredentials: { accessKeyId: "ASIA", secretAccessKey: "secret", sessionToken: "token" },
      encryptionKey: { id: "arn:aws:kms:eu-west-1:111111111111:key/k", type: "KMS" },
      ...over,
    },
  };
}

/**
 * A structural fake of AWS SDK v3's CodePipeline client: PollForJobs answers from a script (one
 * entry per call: jobs, or an error to throw); when the script is used up the worker is stopped.
 */
function fakeClient(script: (PolledJob[] | Error)[], stop: AbortController) {
  const queue = [...script];
  const client = {
    pollForJobs: jest.fn(async (_input: Parameters<JobWorkerClient["pollForJobs"]>[0]) => {
      const next = queue.shift();
      if (next === undefined) {
        stop.abort();
        return { jobs: [] };
      }
      if (next instanceof Error) throw next;
      return { jobs: next.slice(0, _input.maxBatchSize ?? 1) };
    }),
    acknowledgeJob: jest.fn(async (_input: { jobId: string; nonce: string }): Promise<{ status?: string }> => ({ status: "InProgress" })),
    putJobSuccessResult: jest.fn(async (_input: Parameters<JobWorkerClient["putJobSuccessResult"]>[0]) => ({})),
    putJobFailureResult: jest.fn(async (_input: Parameters<JobWorkerClient["putJobFailureResult"]>[0]) => ({})),
  };
  const typed: JobWorkerClient = client; // the fake has the client's shape
  return Object.assign(client, { typed });
}

const throttled = () => Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400 } });

function setup(script: (PolledJob[] | Error)[], over: Partial<JobWorkerOptions> = {}) {
  const stop = new AbortController();
  const client = fakeClient(script, stop);
  const sleeps: number[] = [];
  const events: WorkerEvent[] = [];
  const options: JobWorkerOptions = {
    client: client.typed,
    actionTypeId: TYPE,
    stopSignal: stop.signal,
    sleep: async (ms) => void sleeps.push(ms),
    onEvent: (e) => void events.push(e),
    ...over,
  };
  return { stop, client, sleeps, events, options };
}

describe("runJobWorker", () => {
  afterEach(() => jest.useRealTimers());

  it("polls for its action type, acknowledges with the job's nonce before the handler runs, and reports success", async () => {
    const { client, options } = setup([[polled(1)]], { queryParam: { ProjectId: "legacy-app" } });
    const order: string[] = [];
    client.acknowledgeJob.mockImplementation(async () => (order.push("ack"), { status: "InProgress" }));
    let seen: WorkerJob | undefined;
    const summary = await runJobWorker((job) => {
      order.push("handler");
      seen = job;
      return { outputVariables: { BuildId: "b-7" }, executionDetails: { summary: "built", externalExecutionId: "b-7" } };
    }, options);

    expect(client.pollForJobs.mock.calls[0]![0]).toEqual({ actionTypeId: TYPE, maxBatchSize: 1, queryParam: { ProjectId: "legacy-app" } });
    expect(client.acknowledgeJob.mock.calls).toEqual([[{ jobId: id(1), nonce: "nonce-1" }]]);
    expect(order).toEqual(["ack", "handler"]);
    expect(seen).toMatchObject({
      jobId: id(1),
      accountId: "111111111111",
      configuration: { ProjectId: "legacy-app" },
      pipeline: { name: "orders-service", executionId: "exec-1", stage: "Build", action: "LegacyBuild", actionExecutionId: "ae-1" },
      inputArtifacts: [{ name: "Source", revision: "abc", bucketName: "store", objectKey: "orders-service/Source/in.zip" }],
      outputArtifacts: [{ name: "LegacyBuil", bucketName: "store", objectKey: "orders-service/LegacyBuil/out.zip" }],
      artifactCredentials: { accessKeyId: "ASIA", secretAccessKey: "secret", sessionToken: "token" },
      encryptionKey: { id: "arn:aws:kms:eu-west-1:111111111111:key/k", type: "KMS" },
    });
    expect(seen!.continuationToken).toBeUndefined();
    expect(client.putJobSuccessResult.mock.calls).toEqual([
      [{ jobId: id(1), outputVariables: { BuildId: "b-7" }, executionDetails: { summary: "built", externalExecutionId: "b-7" } }],
    ]);
    expect(client.putJobFailureResult).not.toHaveBeenCalled();
    expect(summary).toMatchObject({ succeeded: 1, failed: 0, skipped: 0 });
  });

  it("never runs a job whose acknowledgement fails or does not answer InProgress, and reports nothing for it", async () => {
    const { client, options, events } = setup([[polled(1)], [polled(2)], [polled(3)]]);
    client.acknowledgeJob
      .mockRejectedValueOnce(Object.assign(new Error("nonce mismatch"), { name: "InvalidNonceException" }))
      .mockResolvedValueOnce({ status: "TimedOut" })
      .mockResolvedValueOnce({ status: "InProgress" });
    const handler = jest.fn<ReturnType<JobHandler>, Parameters<JobHandler>>();
    const summary = await runJobWorker(handler, options);
    expect(handler.mock.calls.map(([j]) => j.jobId)).toEqual([id(3)]);
    expect(client.putJobSuccessResult.mock.calls.map(([i]) => i.jobId)).toEqual([id(3)]);
    expect(client.putJobFailureResult).not.toHaveBeenCalled();
    expect(events.filter((e) => e.type === "ack-failed")).toEqual([
      { type: "ack-failed", jobId: id(1), error: "nonce mismatch" },
      { type: "ack-failed", jobId: id(2), error: "AcknowledgeJob returned status TimedOut, not InProgress" },
    ]);
    expect(summary.skipped).toBe(2);
  });

  it("fails the job when the handler throws, with the message cut to the API's 5000 characters", async () => {
    const { client, options } = setup([[polled(1)], [polled(2)]]);
    let n = 0;
    await runJobWorker(() => {
      n++;
      if (n === 1) throw new Error("legacy build failed: exit 2");
      return Promise.reject(new Error("x".repeat(6000)));
    }, options);
    expect(client.putJobSuccessResult).not.toHaveBeenCalled();
    const [first, second] = client.putJobFailureResult.mock.calls.map(([i]) => i);
    expect(first).toEqual({ jobId: id(1), failureDetails: { type: "JobFailed", message: "legacy build failed: exit 2" } });
    expect(second!.failureDetails.message).toHaveLength(MAX_FAILURE_MESSAGE);
    expect(second!.failureDetails.message.endsWith("[truncated]")).toBe(true);
  });

  it("fails the job when the handler returns an outcome CodePipeline would reject", async () => {
    const { client, options } = setup([[polled(1)]]);
    await runJobWorker(() => ({ continuationToken: "t", outputVariables: { A: "b" } }) as never, options);
    expect(client.putJobSuccessResult).not.toHaveBeenCalled();
    expect(client.putJobFailureResult.mock.calls[0]![0].failureDetails.message).toContain("both continuationToken and outputVariables");
  });

  it("round-trips a continuation token: in progress first, then the job that carries the token finishes", async () => {
    const { client, options } = setup([[polled(1)], [polled(2, { continuationToken: "legacy-run-42" })]]);
    const tokens: (string | undefined)[] = [];
    const summary = await runJobWorker((job) => {
      tokens.push(job.continuationToken);
      return job.continuationToken
        ? { outputVariables: { RunId: job.continuationToken } }
        : { continuationToken: "legacy-run-42", executionDetails: { percentComplete: 10 } };
    }, options);
    expect(tokens).toEqual([undefined, "legacy-run-42"]);
    expect(client.putJobSuccessResult.mock.calls.map(([i]) => i)).toEqual([
      { jobId: id(1), continuationToken: "legacy-run-42", executionDetails: { percentComplete: 10 } },
      { jobId: id(2), outputVariables: { RunId: "legacy-run-42" } },
    ]);
    expect(summary).toMatchObject({ inProgress: 1, succeeded: 1 });
  });

  it("backs off on throttling and when idle (doubling to the cap), and polls again at once after jobs", async () => {
    const t = throttled();
    const { sleeps, options, events } = setup([t, t, t, t, t, t, [], [polled(1)], []], { minPollIntervalMs: 500, maxPollIntervalMs: 8000 });
    await runJobWorker(() => undefined, options);
    // 6 throttled polls, 1 empty poll, 1 job (no sleep, delay reset), then 2 empty polls (the second stops the worker).
    expect(sleeps).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000, 500, 1000]);
    const failures = events.filter((e): e is Extract<WorkerEvent, { type: "poll-failed" }> => e.type === "poll-failed");
    expect(failures).toHaveLength(6);
    expect(failures.every((e) => e.throttled)).toBe(true);
  });

  it("recognises throttling errors by name and HTTP status, and nothing else", () => {
    expect(isThrottlingError(throttled())).toBe(true);
    expect(isThrottlingError({ name: "TooManyRequestsException" })).toBe(true);
    expect(isThrottlingError({ name: "Error", $metadata: { httpStatusCode: 429 } })).toBe(true);
    expect(isThrottlingError(Object.assign(new Error("denied"), { name: "AccessDeniedException" }))).toBe(false);
    expect(isThrottlingError(undefined)).toBe(false);
  });

  it("fails a job whose handler passes the deadline, aborts its signal, and ignores its late result", async () => {
    jest.useFakeTimers();
    const stop = new AbortController();
    const client = fakeClient([[polled(1)]], stop);
    let finish: (() => void) | undefined;
    let signal: AbortSignal | undefined;
    const run = runJobWorker(
      (job) => {
        signal = job.signal;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      { client: client.typed, actionTypeId: TYPE, stopSignal: stop.signal, jobTimeoutMs: 60_000, onEvent: () => undefined },
    );
    await jest.advanceTimersByTimeAsync(59_999);
    expect(client.putJobFailureResult).not.toHaveBeenCalled();
    expect(signal!.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(client.putJobFailureResult.mock.calls).toEqual([
      [{ jobId: id(1), failureDetails: { type: "JobFailed", message: "timed out: the job worker's handler did not finish within 60000 ms" } }],
    ]);
    expect(signal!.aborted).toBe(true);
    finish!();
    await jest.advanceTimersByTimeAsync(120_000);
    await run;
    expect(client.putJobSuccessResult).not.toHaveBeenCalled();
    expect(client.putJobFailureResult).toHaveBeenCalledTimes(1);
  });

  it("defaults the deadline to 59 minutes, inside CodePipeline's one hour for custom actions", async () => {
    jest.useFakeTimers();
    const stop = new AbortController();
    const client = fakeClient([[polled(1)]], stop);
    let deadline = 0;
    const started = Date.now();
    const run = runJobWorker((job) => ((deadline = job.deadline), new Promise<void>(() => undefined)), {
      client: client.typed,
      actionTypeId: TYPE,
      stopSignal: stop.signal,
      onEvent: () => undefined,
    });
    await jest.advanceTimersByTimeAsync(59 * 60_000);
    expect(deadline - started).toBe(59 * 60_000);
    expect(client.putJobFailureResult).toHaveBeenCalledTimes(1);
    await run;
  });

  it("on SIGTERM stops polling, lets held jobs finish within the grace period, fails the rest, then resolves", async () => {
    jest.useFakeTimers();
    const stop = stopOnSignals(["SIGTERM"]);
    const never = new AbortController(); // the script never stops the worker: only the signal does
    const client = fakeClient([[polled(1), polled(2)]], never);
    client.pollForJobs.mockImplementation(async (input) =>
      client.pollForJobs.mock.calls.length === 1 ? { jobs: [polled(1), polled(2)].slice(0, input.maxBatchSize) } : { jobs: [] },
    );
    const finishers = new Map<string, () => void>();
    const signals = new Map<string, AbortSignal>();
    let resolved = false;
    const run = runJobWorker(
      (job) => {
        signals.set(job.jobId, job.signal);
        return new Promise<void>((resolve) => finishers.set(job.jobId, resolve));
      },
      { client: client.typed, actionTypeId: TYPE, stopSignal: stop, concurrency: 2, shutdownGraceMs: 10_000, onEvent: () => undefined },
    ).then((s) => ((resolved = true), s));
    await jest.advanceTimersByTimeAsync(0);
    expect(finishers.size).toBe(2);
    process.emit("SIGTERM");
    await jest.advanceTimersByTimeAsync(1000);
    finishers.get(id(1))!();
    await jest.advanceTimersByTimeAsync(0);
    expect(resolved).toBe(false);
    await jest.advanceTimersByTimeAsync(9000);
    const summary = await run;
    expect(client.putJobSuccessResult.mock.calls.map(([i]) => i.jobId)).toEqual([id(1)]);
    expect(client.putJobFailureResult.mock.calls).toEqual([
      [{ jobId: id(2), failureDetails: { type: "JobFailed", message: "the job worker stopped (SIGTERM) before the job finished; retry the action" } }],
    ]);
    expect(signals.get(id(2))!.aborted).toBe(true);
    expect(client.pollForJobs).toHaveBeenCalledTimes(1);
    expect(summary).toMatchObject({ succeeded: 1, failed: 1 });
    expect(process.listenerCount("SIGTERM")).toBe(0);
  });

  it("runs at most `concurrency` jobs at once and asks only for as many jobs as it has free slots", async () => {
    const stop = new AbortController();
    const client = fakeClient([], stop);
    const backlog = [1, 2, 3, 4, 5].map((n) => polled(n));
    client.pollForJobs.mockImplementation(async (input) => {
      if (backlog.length === 0) {
        stop.abort();
        return { jobs: [] };
      }
      return { jobs: backlog.splice(0, input.maxBatchSize ?? 1) };
    });
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const run = runJobWorker(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => release.push(r));
        running--;
      },
      { client: client.typed, actionTypeId: TYPE, stopSignal: stop.signal, concurrency: 2, sleep: async () => undefined, onEvent: () => undefined },
    );
    // Let the loop fill its slots, then free one job at a time.
    for (let i = 0; i < 10 && client.putJobSuccessResult.mock.calls.length < 5; i++) {
      await new Promise((r) => setImmediate(r));
      release.shift()?.();
    }
    await run;
    expect(peak).toBe(2);
    expect(client.putJobSuccessResult).toHaveBeenCalledTimes(5);
    const sizes = client.pollForJobs.mock.calls.map(([i]) => i.maxBatchSize);
    expect(sizes[0]).toBe(2);
    expect(Math.max(...sizes.map(Number))).toBe(2);
    expect(sizes.slice(1, -1).every((s) => s === 1 || s === 2)).toBe(true);
  });

  it("publishes the heartbeat after successful polls only, at most once per interval, in its action type's namespace", async () => {
    jest.useFakeTimers();
    const metrics = {
      putMetricData: jest.fn<ReturnType<HeartbeatClient["putMetricData"]>, Parameters<HeartbeatClient["putMetricData"]>>().mockResolvedValue({}),
    };
    const namespace = heartbeatNamespace("acme/CodePipelineJobWorker", TYPE);
    const t = throttled();
    const stop = new AbortController();
    const client = fakeClient([t, [], [], [], t], stop);
    const run = runJobWorker(() => undefined, {
      client: client.typed,
      actionTypeId: TYPE,
      stopSignal: stop.signal,
      minPollIntervalMs: 20_000,
      maxPollIntervalMs: 20_000,
      heartbeat: { client: metrics, namespace, intervalMs: 30_000 },
      onEvent: () => undefined,
    });
    await jest.advanceTimersByTimeAsync(200_000);
    await run;
    // Polls at 0 (throttled), 20 s (beat), 40 s (within 30 s: no beat), 60 s (beat), 80 s (throttled), 100 s (stop, beat).
    expect(metrics.putMetricData).toHaveBeenCalledTimes(3);
    expect(metrics.putMetricData.mock.calls[0]![0]).toEqual({
      Namespace: "acme/CodePipelineJobWorker/Build/AcmeLegacyBuild/1",
      MetricData: [
        {
          MetricName: "Heartbeat",
          Dimensions: [
            { Name: "Category", Value: "Build" },
            { Name: "Provider", Value: "AcmeLegacyBuild" },
            { Name: "Version", Value: "1" },
          ],
          Value: 1,
          Unit: "Count",
        },
      ],
    });
  });

  it("keeps polling when the heartbeat cannot be published, and says so", async () => {
    const metrics = { putMetricData: jest.fn().mockRejectedValue(new Error("AccessDenied")) };
    const { options, events, client } = setup([[], [polled(1)]], { heartbeat: { client: metrics, namespace: "acme/x", intervalMs: 0 } });
    await runJobWorker(() => undefined, options);
    expect(client.putJobSuccessResult).toHaveBeenCalledTimes(1);
    expect(events.filter((e) => e.type === "heartbeat-failed").length).toBeGreaterThanOrEqual(2);
  });

  it("downloads inputs and uploads outputs with the job's credentials, uploads carrying SSE-KMS with the job's key", async () => {
    const { options } = setup([[polled(1)]]);
    const s3 = {
      getObject: jest.fn(async (_i: Parameters<ArtifactS3Client["getObject"]>[0]) => ({
        Body: { transformToByteArray: async () => new Uint8Array([1, 2, 3]) },
      })),
      putObject: jest.fn(async (_i: Parameters<ArtifactS3Client["putObject"]>[0]) => ({})),
    };
    const made: unknown[] = [];
    let got: Uint8Array | undefined;
    await runJobWorker(
      async (job) => {
        got = await job.artifacts.download();
        await job.artifacts.upload("built", "LegacyBuil");
      },
      { ...options, artifactS3Client: (credentials) => (made.push(credentials), s3) },
    );
    expect(made).toEqual([{ accessKeyId: "ASIA", secretAccessKey: "secret", sessionToken: "token" }]);
    expect([...got!]).toEqual([1, 2, 3]);
    expect(s3.getObject.mock.calls).toEqual([[{ Bucket: "store", Key: "orders-service/Source/in.zip" }]]);
    expect(s3.putObject.mock.calls).toEqual([
      [
        {
          Bucket: "store",
          Key: "orders-service/LegacyBuil/out.zip",
          Body: "built",
          ServerSideEncryption: "aws:kms",
          SSEKMSKeyId: "arn:aws:kms:eu-west-1:111111111111:key/k",
        },
      ],
    ]);
  });

  it("fails the job with the fix when an artifact is unknown or no S3 client is configured", async () => {
    const { options, client } = setup([[polled(1)], [polled(2)]]);
    let n = 0;
    await runJobWorker(async (job) => {
      n++;
      if (n === 1) await job.artifacts.download("Nope");
      else await job.artifacts.upload("x");
    }, options);
    const messages = client.putJobFailureResult.mock.calls.map(([i]) => i.failureDetails.message);
    expect(messages).toEqual([
      `job ${id(1)}: no input artifact "Nope"; it has Source`,
      "job artifacts: set options.artifactS3Client, e.g. (credentials) => new S3({ region, credentials })",
    ]);
    const s3 = { getObject: jest.fn(), putObject: jest.fn() };
    const again = setup([[polled(3)]]);
    await runJobWorker(async (job) => void (await job.artifacts.upload("x", "Report")), { ...again.options, artifactS3Client: () => s3 });
    expect(again.client.putJobFailureResult.mock.calls[0]![0].failureDetails.message).toBe(`job ${id(3)}: no output artifact "Report"; it has LegacyBuil`);
    expect(s3.putObject).not.toHaveBeenCalled();
  });

  it("rejects options it cannot run with, naming the field", async () => {
    const { options } = setup([]);
    await expect(runJobWorker(() => undefined, { ...options, concurrency: 0 })).rejects.toThrow("options.concurrency 0 must be a whole number of at least 1");
    await expect(runJobWorker(() => undefined, { ...options, actionTypeId: { ...TYPE, owner: "AWS" as "Custom" } })).rejects.toThrow('owner "Custom"');
    await expect(runJobWorker(() => undefined, { ...options, minPollIntervalMs: 5000, maxPollIntervalMs: 1000 })).rejects.toThrow(
      "maxPollIntervalMs 1000 is below minPollIntervalMs 5000",
    );
    await expect(
      runJobWorker(() => undefined, { ...options, heartbeat: { client: { putMetricData: async () => ({}) }, namespace: "AWS/CodePipeline" } }),
    ).rejects.toThrow('must not start with "AWS/"');
  });
});

describe("job-worker", () => {
  it("imports nothing but the lambda-handler's dependency-free helpers", () => {
    const fs = require("node:fs") as typeof import("node:fs");
    const source = fs.readFileSync(require.resolve("../job-worker/index.ts"), "utf8");
    const imports = [...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(["../lambda-handler"]));
    expect(source).not.toMatch(/\brequire\(/);
  });
});
