/**
 * A dependency-free wrapper for Lambda functions invoked by a CodePipeline Lambda invoke action.
 *
 * The function MUST report back with PutJobSuccessResult or PutJobFailureResult: neither a return
 * value nor an exception signals CodePipeline, and an unreported job hangs until the action times
 * out. `codePipelineHandler` reports exactly once: success, "in progress" (continuation token),
 * failure on an error, or failure shortly before the function itself would time out.
 *
 * No AWS SDK is imported; pass a client with the two methods, e.g. AWS SDK v3's aggregated
 * `new CodePipeline({})` from `@aws-sdk/client-codepipeline`, or
 * `{ putJobSuccessResult: (i) => client.send(new PutJobSuccessResultCommand(i)), ... }`.
 *
 * Never log the raw event: its `artifactCredentials` are live credentials.
 */

/** ExecutionDetails of PutJobSuccessResult. */
export interface JobExecutionDetails {
  /** Shown in the console, up to 2048 characters. */
  readonly summary?: string;
  /** An id of the run in the external system (here the Lambda request id by default). */
  readonly externalExecutionId?: string;
  /** 0-100. */
  readonly percentComplete?: number;
}

/** Input of PutJobSuccessResult (the subset a Lambda invoke action uses). */
export interface PutJobSuccessResultInput {
  readonly jobId: string;
  /** Set while the work continues; CodePipeline invokes the function again with it. */
  readonly continuationToken?: string;
  /** Only allowed without a continuation token. */
  readonly outputVariables?: Record<string, string>;
  readonly executionDetails?: JobExecutionDetails;
}

export type JobFailureType = "JobFailed" | "ConfigurationError" | "PermissionError" | "RevisionOutOfSync" | "RevisionUnavailable" | "SystemUnavailable";

/** Input of PutJobFailureResult. */
export interface PutJobFailureResultInput {
  readonly jobId: string;
  readonly failureDetails: {
    readonly type: JobFailureType;
    /** At most 5000 characters. */
    readonly message: string;
    readonly externalExecutionId?: string;
  };
}

/** The two CodePipeline calls the handler makes; structurally compatible with AWS SDK v3's `CodePipeline`. */
export interface CodePipelineJobClient {
  putJobSuccessResult(input: PutJobSuccessResultInput): Promise<unknown>;
  putJobFailureResult(input: PutJobFailureResultInput): Promise<unknown>;
}

export interface S3ArtifactLocation {
  readonly bucketName: string;
  readonly objectKey: string;
}

export interface JobArtifact {
  readonly name: string;
  readonly revision?: string | null;
  readonly location: { readonly type: string; readonly s3Location: S3ArtifactLocation };
}

/** Temporary credentials for the artifact bucket (never log them). */
export interface ArtifactCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expirationTime?: number;
}

/** What the user function receives. */
export interface CodePipelineJob<P = unknown> {
  readonly jobId: string;
  /** `UserParameters` parsed as JSON when it parses, else the raw string; undefined when unset. */
  readonly userParameters: P | string | undefined;
  /** Set when an earlier invocation answered "in progress" with this token. */
  readonly continuationToken?: string;
  readonly inputArtifacts: readonly JobArtifact[];
  readonly outputArtifacts: readonly JobArtifact[];
  readonly artifactCredentials?: ArtifactCredentials;
}

/** Finished: reported with PutJobSuccessResult, with output variables if given. */
export interface JobSucceeded {
  readonly outputVariables?: Record<string, string>;
  readonly executionDetails?: JobExecutionDetails;
  readonly continuationToken?: undefined;
}

/** Still running: reported with a continuation token; the function is invoked again with it. */
export interface JobInProgress {
  readonly continuationToken: string;
  readonly executionDetails?: JobExecutionDetails;
}

// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing (`async () => {}`) succeeds; `undefined` would reject it.
export type JobOutcome = JobSucceeded | JobInProgress | void;

/** The parts of the Lambda context the handler uses. */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
  readonly awsRequestId?: string;
}

export interface CodePipelineHandlerOptions {
  readonly client: CodePipelineJobClient;
  /**
   * Report failure this many milliseconds before the function's own timeout, leaving time for
   * the report itself. @default 5000
   */
  readonly safetyMarginMs?: number;
}

/** PutJobFailureResult's message limit (FailureDetails.message, 1-5000: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_FailureDetails.html). */
export const MAX_FAILURE_MESSAGE = 5000;
export const MAX_CONTINUATION_TOKEN = 2048;

/**
 * Wraps `userFn` into a Lambda handler for a CodePipeline Lambda invoke action. Throws (so Lambda
 * logs and retries) when the event is no CodePipeline job or when the report itself fails.
 */
export function codePipelineHandler<P = unknown>(
  userFn: (job: CodePipelineJob<P>) => JobOutcome | Promise<JobOutcome>,
  options: CodePipelineHandlerOptions,
): (event: unknown, context: LambdaContextLike) => Promise<void> {
  const margin = options.safetyMarginMs ?? 5000;
  if (!Number.isFinite(margin) || margin < 0) throw new Error(`codePipelineHandler: safetyMarginMs ${margin} must be 0 or more`);
  if (!options.client) throw new Error("codePipelineHandler: options.client is required");
  const client = options.client;

  return async (event, context) => {
    const job = extractJob<P>(event);
    const requestId = context.awsRequestId;
    const budget = Math.max(0, context.getRemainingTimeInMillis() - margin);

    type Settled = { kind: "done"; value: JobOutcome } | { kind: "error"; error: unknown } | { kind: "timeout" };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<Settled>((resolve) => {
      timer = setTimeout(() => resolve({ kind: "timeout" }), budget);
    });
    const ran: Promise<Settled> = Promise.resolve()
      .then(() => userFn(job))
      .then(
        (value): Settled => ({ kind: "done", value }),
        (error: unknown): Settled => ({ kind: "error", error }),
      );
    // The race settles once: a userFn that finishes after the timeout report is ignored.
    const outcome = await Promise.race([ran, timedOut]);
    clearTimeout(timer);

    const fail = (message: string): Promise<unknown> =>
      client.putJobFailureResult({
        jobId: job.jobId,
        failureDetails: { type: "JobFailed", message: truncateFailureMessage(message), ...(requestId ? { externalExecutionId: requestId } : {}) },
      });

    try {
      if (outcome.kind === "timeout") {
        await fail(`timed out: the function did not finish within ${budget} ms (its remaining time less a ${margin} ms safety margin)`);
        return;
      }
      if (outcome.kind === "error") {
        await fail(errorMessage(outcome.error));
        return;
      }
      const problem = invalidOutcome(outcome.value);
      if (problem) {
        await fail(problem);
        return;
      }
      const value = outcome.value ?? {};
      const details = { ...(requestId ? { externalExecutionId: requestId } : {}), ...(value.executionDetails ?? {}) };
      await client.putJobSuccessResult({
        jobId: job.jobId,
        ...(value.continuationToken !== undefined ? { continuationToken: value.continuationToken } : {}),
        ...("outputVariables" in value && value.outputVariables !== undefined ? { outputVariables: value.outputVariables } : {}),
        ...(Object.keys(details).length ? { executionDetails: details } : {}),
      });
    } catch (e) {
      // Reporting failed: rethrow so Lambda logs it and retries the asynchronous invocation.
      throw new Error(`codePipelineHandler: reporting the result of job ${job.jobId} to CodePipeline failed: ${errorMessage(e)}`, { cause: e });
    }
  };
}

function extractJob<P>(event: unknown): CodePipelineJob<P> {
  const raw = (event as Record<string, unknown> | null | undefined)?.["CodePipeline.job"] as Record<string, any> | undefined;
  if (!raw || typeof raw !== "object") {
    throw new Error('codePipelineHandler: the event has no "CodePipeline.job"; this handler only serves CodePipeline Lambda invoke actions');
  }
  if (typeof raw.id !== "string" || raw.id.length === 0) {
    throw new Error('codePipelineHandler: "CodePipeline.job" has no id; cannot report a result');
  }
  const data = (raw.data ?? {}) as Record<string, any>;
  const rawParameters = data.actionConfiguration?.configuration?.UserParameters as string | undefined;
  return {
    jobId: raw.id,
    userParameters: parseParameters<P>(rawParameters),
    ...(typeof data.continuationToken === "string" ? { continuationToken: data.continuationToken } : {}),
    inputArtifacts: Array.isArray(data.inputArtifacts) ? data.inputArtifacts : [],
    outputArtifacts: Array.isArray(data.outputArtifacts) ? data.outputArtifacts : [],
    ...(data.artifactCredentials ? { artifactCredentials: data.artifactCredentials } : {}),
  };
}

function parseParameters<P>(value: string | undefined): P | string | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as P;
  } catch {
    return value;
  }
}

/** Why an outcome cannot be reported (also used by the job worker), or undefined. */
export function invalidOutcome(value: JobOutcome): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null) return `the function returned ${typeof value}; return nothing, { outputVariables } or { continuationToken }`;
  const token = value.continuationToken;
  if (token !== undefined) {
    if (typeof token !== "string" || token.length < 1 || token.length > MAX_CONTINUATION_TOKEN) {
      return `the function returned a continuationToken that is not a string of 1-${MAX_CONTINUATION_TOKEN} characters`;
    }
    if ((value as { outputVariables?: unknown }).outputVariables !== undefined) {
      return "the function returned both continuationToken and outputVariables; CodePipeline takes output variables only with the final result (no token)";
    }
  }
  const vars = (value as { outputVariables?: Record<string, unknown> }).outputVariables;
  if (vars !== undefined) {
    const bad = Object.entries(vars).find(([, v]) => typeof v !== "string");
    if (bad) return `output variable "${bad[0]}" is a ${typeof bad[1]}; output variable values must be strings`;
  }
  return undefined;
}

/** The text of a thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === "string" ? error : (JSON.stringify(error) ?? String(error));
}

/** Cuts a failure message to {@link MAX_FAILURE_MESSAGE}, marking the cut. */
export function truncateFailureMessage(message: string): string {
  if (message.length <= MAX_FAILURE_MESSAGE) return message;
  const marker = " [truncated]";
  return message.slice(0, MAX_FAILURE_MESSAGE - marker.length) + marker;
}
