/**
 * A dependency-light job worker for CodePipeline custom actions (owner "Custom").
 *
 * CodePipeline never pushes jobs to a custom action: a worker polls for them (PollForJobs),
 * acknowledges each with its nonce (AcknowledgeJob) before doing any work, and reports the result
 * (PutJobSuccessResult / PutJobFailureResult). A job nobody reports hangs until CodePipeline's own
 * timeout. {@link runJobWorker} is that loop, with backoff, a deadline per job, bounded
 * concurrency, a clean stop, and a heartbeat metric the landing zone alarms on.
 *
 * No AWS SDK is imported: pass clients with the methods used, e.g. AWS SDK v3's aggregated
 * `new CodePipeline({})` (`@aws-sdk/client-codepipeline`), `new CloudWatch({})`
 * (`@aws-sdk/client-cloudwatch`) and, for artifacts, `new S3({ credentials })` (`@aws-sdk/client-s3`).
 *
 * Never log a job as it is: its `artifactCredentials` are live credentials.
 */
import {
  type ArtifactCredentials,
  errorMessage,
  invalidOutcome,
  type JobExecutionDetails,
  type JobFailureType,
  type JobOutcome,
  type PutJobFailureResultInput,
  type PutJobSuccessResultInput,
  truncateFailureMessage,
} from "../lambda-handler";

export { MAX_FAILURE_MESSAGE } from "../lambda-handler";
export type { ArtifactCredentials, JobExecutionDetails, JobFailureType, JobOutcome, PutJobFailureResultInput, PutJobSuccessResultInput };

export type ActionCategory = "Source" | "Build" | "Test" | "Deploy" | "Approval" | "Invoke";

/** The action type a worker serves; the owner of a custom action type is always "Custom". */
export interface ActionTypeId {
  readonly category: ActionCategory;
  readonly owner: "Custom";
  readonly provider: string;
  readonly version: string;
}

// --- what the CodePipeline API returns (every field optional, as in AWS SDK v3) ----------------

export interface PolledArtifact {
  readonly name?: string;
  readonly revision?: string;
  readonly location?: { readonly type?: string; readonly s3Location?: { readonly bucketName?: string; readonly objectKey?: string } };
}

/** A job as PollForJobs returns it (API reference, Job / JobData). */
export interface PolledJob {
  readonly id?: string;
  readonly nonce?: string;
  readonly accountId?: string;
  readonly data?: {
    readonly actionConfiguration?: { readonly configuration?: Record<string, string> };
    readonly pipelineContext?: {
      readonly pipelineName?: string;
      readonly pipelineArn?: string;
      readonly pipelineExecutionId?: string;
      readonly stage?: { readonly name?: string };
      readonly action?: { readonly name?: string; readonly actionExecutionId?: string };
    };
    readonly inputArtifacts?: readonly PolledArtifact[];
    readonly outputArtifacts?: readonly PolledArtifact[];
    readonly artifactCredentials?: { readonly accessKeyId?: string; readonly secretAccessKey?: string; readonly sessionToken?: string };
    readonly continuationToken?: string;
    readonly encryptionKey?: { readonly id?: string; readonly type?: string };
  };
}

export interface PollForJobsInput {
  readonly actionTypeId: ActionTypeId;
  /** 1 or more: the worker asks for as many jobs as it has free slots. */
  readonly maxBatchSize?: number;
  /** Only jobs whose queryable configuration property has this value. */
  readonly queryParam?: Record<string, string>;
}

/** The CodePipeline calls the worker makes; structurally AWS SDK v3's `CodePipeline` client. */
export interface JobWorkerClient {
  pollForJobs(input: PollForJobsInput): Promise<{ readonly jobs?: readonly PolledJob[] }>;
  acknowledgeJob(input: { readonly jobId: string; readonly nonce: string }): Promise<{ readonly status?: string }>;
  putJobSuccessResult(input: PutJobSuccessResultInput): Promise<unknown>;
  putJobFailureResult(input: PutJobFailureResultInput): Promise<unknown>;
}

/** The CloudWatch call of the heartbeat; structurally AWS SDK v3's `CloudWatch` client. */
export interface HeartbeatClient {
  putMetricData(input: {
    readonly Namespace: string;
    readonly MetricData: {
      readonly MetricName: string;
      readonly Dimensions: { readonly Name: string; readonly Value: string }[];
      readonly Value: number;
      readonly Unit: "Count";
    }[];
  }): Promise<unknown>;
}

/** The S3 calls of the artifact helpers; structurally AWS SDK v3's `S3` client. */
export interface ArtifactS3Client {
  getObject(input: { readonly Bucket: string; readonly Key: string }): Promise<{ readonly Body?: { transformToByteArray(): Promise<Uint8Array> } | undefined }>;
  putObject(input: {
    readonly Bucket: string;
    readonly Key: string;
    readonly Body: Uint8Array | string;
    readonly ServerSideEncryption: "aws:kms";
    readonly SSEKMSKeyId?: string;
  }): Promise<unknown>;
}

// --- what the handler sees ------------------------------------------------------------------

export interface ArtifactLocation {
  readonly name: string;
  readonly revision?: string;
  readonly bucketName: string;
  readonly objectKey: string;
}

/** Reads the job's input artifacts and writes its outputs with the job's temporary credentials. */
export interface JobArtifacts {
  /** The input artifact's bytes (a zip for most producers). @param name default: the only input */
  download(name?: string): Promise<Uint8Array>;
  /** Writes an output artifact, SSE-KMS encrypted with the job's key. @param name default: the only output */
  upload(body: Uint8Array | string, name?: string): Promise<void>;
}

/** One job, as the handler receives it. */
export interface WorkerJob {
  readonly jobId: string;
  readonly accountId?: string;
  /** The action's configuration (secret properties included: never log it). */
  readonly configuration: Readonly<Record<string, string>>;
  readonly pipeline: {
    readonly name?: string;
    readonly executionId?: string;
    readonly stage?: string;
    readonly action?: string;
    readonly actionExecutionId?: string;
  };
  readonly inputArtifacts: readonly ArtifactLocation[];
  readonly outputArtifacts: readonly ArtifactLocation[];
  /** Temporary credentials for the artifact store (never log them). */
  readonly artifactCredentials?: ArtifactCredentials;
  /** The artifact store's KMS key, which uploads must name. */
  readonly encryptionKey?: { readonly id: string; readonly type: string };
  /** Set when an earlier job of the same action answered "in progress" with this token. */
  readonly continuationToken?: string;
  /** Aborted when the job's deadline passes or the worker stops: stop working, the job is failed for you. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds at which the worker fails the job. */
  readonly deadline: number;
  /** Artifact helpers; they throw when {@link JobWorkerOptions.artifactS3Client} is not set. */
  readonly artifacts: JobArtifacts;
}

export type JobHandler = (job: WorkerJob) => JobOutcome | Promise<JobOutcome>;

/** What the worker reports about itself (never credentials). */
export type WorkerEvent =
  | { readonly type: "poll-failed"; readonly throttled: boolean; readonly error: string; readonly retryInMs: number }
  | { readonly type: "ack-failed"; readonly jobId: string; readonly error: string }
  | { readonly type: "job-started"; readonly jobId: string }
  | { readonly type: "job-reported"; readonly jobId: string; readonly result: "succeeded" | "in-progress" | "failed"; readonly message?: string }
  | { readonly type: "report-failed"; readonly jobId: string; readonly error: string }
  | { readonly type: "heartbeat-failed"; readonly error: string }
  | { readonly type: "stopping"; readonly heldJobs: number }
  | { readonly type: "stopped" };

export interface JobWorkerOptions {
  readonly client: JobWorkerClient;
  readonly actionTypeId: ActionTypeId;
  /** Value of the action type's queryable property this worker serves. @default none */
  readonly queryParam?: Record<string, string>;
  /** Jobs run at once. @default 1 */
  readonly concurrency?: number;
  /** First wait after an empty poll or an error; doubles up to maxPollIntervalMs. @default 1000 */
  readonly minPollIntervalMs?: number;
  /** @default 30000 */
  readonly maxPollIntervalMs?: number;
  /**
   * A job whose handler runs longer is failed, before CodePipeline's own timeout for custom
   * actions (1 hour, "all other actions": https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html).
   * @default 3540000 (59 minutes)
   */
  readonly jobTimeoutMs?: number;
  /** After the stop signal: how long held jobs may still finish before they are failed. @default 20000 */
  readonly shutdownGraceMs?: number;
  /** Stops the worker (e.g. {@link stopOnSignals}); run() resolves once every held job is reported. */
  readonly stopSignal?: AbortSignal;
  /** Publishes the heartbeat metric after each successful poll, at most once per intervalMs. @default none */
  readonly heartbeat?: {
    readonly client: HeartbeatClient;
    /** The landing zone's namespace for this action type (see {@link heartbeatNamespace}). */
    readonly namespace: string;
    /** @default 60000 */
    readonly intervalMs?: number;
  };
  /** Makes the S3 client of a job from its temporary credentials (e.g. `(c) => new S3({ region, credentials: c })`). @default none */
  readonly artifactS3Client?: (credentials: ArtifactCredentials) => ArtifactS3Client;
  /** @default JSON lines on stderr */
  readonly onEvent?: (event: WorkerEvent) => void;
  /** Waits; must resolve early when the signal aborts. @default setTimeout-based */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** What a stopped worker did. */
export interface WorkerSummary {
  readonly polls: number;
  readonly succeeded: number;
  readonly inProgress: number;
  readonly failed: number;
  readonly skipped: number;
}

// --- the heartbeat metric: one namespace per action type, so IAM can pin it ------------------

export const HEARTBEAT_METRIC_NAME = "Heartbeat";

/**
 * `<prefix>/<Category>/<Provider>/<Version>`: PutMetricData's only condition key is
 * `cloudwatch:namespace` (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html),
 * so a namespace per action type is what lets a worker role publish exactly its own heartbeat.
 */
export function heartbeatNamespace(prefix: string, type: Pick<ActionTypeId, "category" | "provider" | "version">): string {
  return `${prefix}/${type.category}/${type.provider}/${type.version}`;
}

/** The heartbeat's dimensions: the action type. */
export function heartbeatDimensions(type: Pick<ActionTypeId, "category" | "provider" | "version">): { Name: string; Value: string }[] {
  return [
    { Name: "Category", Value: type.category },
    { Name: "Provider", Value: type.provider },
    { Name: "Version", Value: type.version },
  ];
}

// --- the loop ------------------------------------------------------------------------------

const DEFAULTS = {
  concurrency: 1,
  minPollIntervalMs: 1000,
  maxPollIntervalMs: 30_000,
  jobTimeoutMs: 59 * 60_000,
  shutdownGraceMs: 20_000,
  heartbeatIntervalMs: 60_000,
};
const THROTTLING = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/i;

/** Whether an SDK error is a throttling error (ThrottlingException, HTTP 429, ...). */
export function isThrottlingError(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } } | null | undefined;
  if (!e || typeof e !== "object") return false;
  return e.$metadata?.httpStatusCode === 429 || THROTTLING.test(String(e.name ?? "")) || THROTTLING.test(String(e.code ?? ""));
}

/**
 * Polls for jobs of one custom action type until `stopSignal` aborts, runs `handler` on each
 * acknowledged job and reports its outcome exactly once. Resolves after the stop, once every held
 * job is reported (finished within the grace period, or failed).
 */
export async function runJobWorker(handler: JobHandler, options: JobWorkerOptions): Promise<WorkerSummary> {
  const o = checkOptions(options);
  const emit = options.onEvent ?? ((e: WorkerEvent) => process.stderr.write(`${JSON.stringify({ worker: "codepipeline-job-worker", ...e })}\n`));
  const sleep = options.sleep ?? abortableSleep;
  const stop = options.stopSignal ?? new AbortController().signal;
  const held = new Map<string, HeldJob>();
  const counts = { polls: 0, succeeded: 0, inProgress: 0, failed: 0, skipped: 0 };
  let delay = o.minPollIntervalMs;
  let lastBeat = -Infinity;

  const beat = async () => {
    const hb = options.heartbeat;
    if (!hb || Date.now() - lastBeat < (hb.intervalMs ?? DEFAULTS.heartbeatIntervalMs)) return;
    lastBeat = Date.now();
    try {
      await hb.client.putMetricData({
        Namespace: hb.namespace,
        MetricData: [{ MetricName: HEARTBEAT_METRIC_NAME, Dimensions: heartbeatDimensions(options.actionTypeId), Value: 1, Unit: "Count" }],
      });
    } catch (e) {
      emit({ type: "heartbeat-failed", error: errorMessage(e) });
    }
  };

  const start = (polled: PolledJob & { id: string }) => {
    const controller = new AbortController();
    const deadline = Date.now() + o.jobTimeoutMs;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const report = async (send: () => Promise<unknown>, result: "succeeded" | "in-progress" | "failed", message?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      controller.abort();
      try {
        await send();
        counts[result === "succeeded" ? "succeeded" : result === "in-progress" ? "inProgress" : "failed"]++;
        emit({ type: "job-reported", jobId: polled.id, result, ...(message ? { message } : {}) });
      } catch (e) {
        emit({ type: "report-failed", jobId: polled.id, error: errorMessage(e) });
      } finally {
        held.delete(polled.id);
        finished();
      }
    };
    const fail = (message: string, type: JobFailureType = "JobFailed") => {
      const text = truncateFailureMessage(message || "the job failed");
      return report(() => options.client.putJobFailureResult({ jobId: polled.id, failureDetails: { type, message: text } }), "failed", text);
    };
    const job = toWorkerJob(polled, controller.signal, deadline, options.artifactS3Client);
    held.set(polled.id, { done, fail });
    emit({ type: "job-started", jobId: polled.id });
    timer = setTimeout(() => void fail(`timed out: the job worker's handler did not finish within ${o.jobTimeoutMs} ms`), o.jobTimeoutMs);
    Promise.resolve()
      .then(() => handler(job))
      .then(
        (value) => {
          const problem = invalidOutcome(value);
          if (problem) return fail(problem);
          const v = value ?? {};
          const token = v.continuationToken;
          return report(
            () =>
              options.client.putJobSuccessResult({
                jobId: polled.id,
                ...(token !== undefined ? { continuationToken: token } : {}),
                ...("outputVariables" in v && v.outputVariables !== undefined ? { outputVariables: v.outputVariables } : {}),
                ...(v.executionDetails ? { executionDetails: v.executionDetails } : {}),
              }),
            token !== undefined ? "in-progress" : "succeeded",
          );
        },
        (error: unknown) => fail(errorMessage(error)),
      );
  };

  const stopped = aborted(stop);
  const slotFreed = () => Promise.race([...[...held.values()].map((h) => h.done), stopped]);

  while (!stop.aborted) {
    if (held.size >= o.concurrency) {
      await slotFreed();
      continue;
    }
    let jobs: readonly PolledJob[];
    try {
      counts.polls++;
      const out = await options.client.pollForJobs({
        actionTypeId: options.actionTypeId,
        maxBatchSize: o.concurrency - held.size,
        ...(options.queryParam ? { queryParam: options.queryParam } : {}),
      });
      jobs = out.jobs ?? [];
    } catch (e) {
      emit({ type: "poll-failed", throttled: isThrottlingError(e), error: errorMessage(e), retryInMs: delay });
      await sleep(delay, stop);
      delay = Math.min(delay * 2, o.maxPollIntervalMs);
      continue;
    }
    await beat();
    if (jobs.length === 0) {
      await sleep(delay, stop);
      delay = Math.min(delay * 2, o.maxPollIntervalMs);
      continue;
    }
    delay = o.minPollIntervalMs;
    let started = 0;
    for (const polled of jobs) {
      // Stopping: leave the rest unacknowledged, for another worker.
      if (stop.aborted) break;
      if (typeof polled.id !== "string" || typeof polled.nonce !== "string" || held.has(polled.id)) {
        counts.skipped++;
        continue;
      }
      try {
        // The nonce proves this worker received the job; only an acknowledged job may be worked on.
        const ack = await options.client.acknowledgeJob({ jobId: polled.id, nonce: polled.nonce });
        if (ack.status !== undefined && ack.status !== "InProgress") throw new Error(`AcknowledgeJob returned status ${ack.status}, not InProgress`);
      } catch (e) {
        counts.skipped++;
        emit({ type: "ack-failed", jobId: polled.id, error: errorMessage(e) });
        continue;
      }
      start(polled as PolledJob & { id: string });
      started++;
    }
    if (started === 0) {
      await sleep(delay, stop);
      delay = Math.min(delay * 2, o.maxPollIntervalMs);
    }
  }

  emit({ type: "stopping", heldJobs: held.size });
  if (held.size > 0) {
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, o.shutdownGraceMs)));
    await Promise.race([Promise.all([...held.values()].map((h) => h.done)), grace]);
    clearTimeout(graceTimer);
    await Promise.all([...held.values()].map((h) => h.fail("the job worker stopped (SIGTERM) before the job finished; retry the action")));
  }
  emit({ type: "stopped" });
  return { ...counts };
}

interface HeldJob {
  readonly done: Promise<void>;
  readonly fail: (message: string, type?: JobFailureType) => Promise<void>;
}

function checkOptions(options: JobWorkerOptions) {
  if (!options?.client) throw new Error("runJobWorker: options.client is required (e.g. new CodePipeline({}) from @aws-sdk/client-codepipeline)");
  const t = options.actionTypeId;
  if (t?.owner !== "Custom" || !t.category || !t.provider || !t.version) {
    throw new Error('runJobWorker: options.actionTypeId needs category, provider, version and owner "Custom"');
  }
  const int = (field: keyof typeof DEFAULTS, min: number) => {
    const v = (options as unknown as Record<string, number | undefined>)[field] ?? DEFAULTS[field];
    if (!Number.isInteger(v) || v < min) throw new Error(`runJobWorker: options.${field} ${v} must be a whole number of at least ${min}`);
    return v;
  };
  const o = {
    concurrency: int("concurrency", 1),
    minPollIntervalMs: int("minPollIntervalMs", 1),
    maxPollIntervalMs: int("maxPollIntervalMs", 1),
    jobTimeoutMs: int("jobTimeoutMs", 1),
    shutdownGraceMs: int("shutdownGraceMs", 0),
  };
  if (o.maxPollIntervalMs < o.minPollIntervalMs)
    throw new Error(`runJobWorker: options.maxPollIntervalMs ${o.maxPollIntervalMs} is below minPollIntervalMs ${o.minPollIntervalMs}`);
  if (options.heartbeat && (!options.heartbeat.namespace || options.heartbeat.namespace.startsWith("AWS/"))) {
    throw new Error('runJobWorker: options.heartbeat.namespace must be set and must not start with "AWS/" (reserved for AWS services)');
  }
  return o;
}

function toWorkerJob(p: PolledJob & { id: string }, signal: AbortSignal, deadline: number, s3: JobWorkerOptions["artifactS3Client"]): WorkerJob {
  const d = p.data ?? {};
  const ctx = d.pipelineContext ?? {};
  const locations = (list: readonly PolledArtifact[] | undefined): ArtifactLocation[] =>
    (list ?? []).flatMap((a) =>
      a.name && a.location?.s3Location?.bucketName && a.location.s3Location.objectKey
        ? [
            {
              name: a.name,
              ...(a.revision ? { revision: a.revision } : {}),
              bucketName: a.location.s3Location.bucketName,
              objectKey: a.location.s3Location.objectKey,
            },
          ]
        : [],
    );
  const c = d.artifactCredentials;
  const credentials =
    c?.accessKeyId && c.secretAccessKey && c.sessionToken
      ? { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken }
      : undefined;
  const key = d.encryptionKey?.id ? { id: d.encryptionKey.id, type: d.encryptionKey.type ?? "KMS" } : undefined;
  const base = {
    jobId: p.id,
    ...(p.accountId ? { accountId: p.accountId } : {}),
    configuration: { ...(d.actionConfiguration?.configuration ?? {}) },
    pipeline: {
      ...(ctx.pipelineName ? { name: ctx.pipelineName } : {}),
      ...(ctx.pipelineExecutionId ? { executionId: ctx.pipelineExecutionId } : {}),
      ...(ctx.stage?.name ? { stage: ctx.stage.name } : {}),
      ...(ctx.action?.name ? { action: ctx.action.name } : {}),
      ...(ctx.action?.actionExecutionId ? { actionExecutionId: ctx.action.actionExecutionId } : {}),
    },
    inputArtifacts: locations(d.inputArtifacts),
    outputArtifacts: locations(d.outputArtifacts),
    ...(credentials ? { artifactCredentials: credentials } : {}),
    ...(key ? { encryptionKey: key } : {}),
    ...(d.continuationToken ? { continuationToken: d.continuationToken } : {}),
    signal,
    deadline,
  };
  return { ...base, artifacts: jobArtifacts(base, s3) };
}

/**
 * Artifact helpers over one job: a client made from the job's temporary credentials, reads of its
 * input artifacts, and writes of its outputs with the SSE-KMS header naming the job's key (artifact
 * stores deny uploads without it).
 */
export function jobArtifacts(
  job: Pick<WorkerJob, "jobId" | "inputArtifacts" | "outputArtifacts" | "artifactCredentials" | "encryptionKey">,
  makeClient: ((credentials: ArtifactCredentials) => ArtifactS3Client) | undefined,
): JobArtifacts {
  let client: ArtifactS3Client | undefined;
  const s3 = () => {
    if (!makeClient) throw new Error("job artifacts: set options.artifactS3Client, e.g. (credentials) => new S3({ region, credentials })");
    if (!job.artifactCredentials) throw new Error(`job ${job.jobId}: CodePipeline gave no artifact credentials`);
    return (client ??= makeClient(job.artifactCredentials));
  };
  const pick = (list: readonly ArtifactLocation[], kind: "input" | "output", name: string | undefined) => {
    const names = list.map((a) => a.name);
    if (name === undefined) {
      if (list.length !== 1) throw new Error(`job ${job.jobId}: ${list.length} ${kind} artifacts (${names.join(", ") || "none"}); name the one you mean`);
      return list[0]!;
    }
    const found = list.find((a) => a.name === name);
    if (!found) throw new Error(`job ${job.jobId}: no ${kind} artifact "${name}"; it has ${names.join(", ") || "none"}`);
    return found;
  };
  return {
    async download(name) {
      const a = pick(job.inputArtifacts, "input", name);
      const out = await s3().getObject({ Bucket: a.bucketName, Key: a.objectKey });
      if (!out.Body) throw new Error(`job ${job.jobId}: input artifact "${a.name}" (s3://${a.bucketName}/${a.objectKey}) has no body`);
      return out.Body.transformToByteArray();
    },
    async upload(body, name) {
      const a = pick(job.outputArtifacts, "output", name);
      await s3().putObject({
        Bucket: a.bucketName,
        Key: a.objectKey,
        Body: body,
        ServerSideEncryption: "aws:kms",
        ...(job.encryptionKey ? { SSEKMSKeyId: job.encryptionKey.id } : {}),
      });
    },
  };
}

/** An AbortSignal that aborts on the first of the given process signals (SIGTERM from ECS, systemd, ...). */
export function stopOnSignals(signals: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"]): AbortSignal {
  const controller = new AbortController();
  const onSignal = () => {
    for (const s of signals) process.off(s, onSignal);
    controller.abort();
  };
  for (const s of signals) process.on(s, onSignal);
  return controller.signal;
}

function aborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
