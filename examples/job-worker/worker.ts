/**
 * The job worker of the example landing zone's custom action type Build/AcmeLegacyBuild/1
 * (config/example/landing-zone.json): it hands the source to Acme's legacy build system and
 * reports back. A build takes longer than one poll cycle, so the first job starts it and answers
 * "in progress" with the run id as continuation token; CodePipeline then issues a new job carrying
 * that token, which checks the run and finishes. Type-checked by `npm test`, run against a mocked
 * CodePipeline client by test/examples.test.ts; main.ts wires it to the AWS SDK.
 */
import {
  type ActionTypeId,
  type ArtifactCredentials,
  type ArtifactS3Client,
  type HeartbeatClient,
  heartbeatNamespace,
  type JobHandler,
  type JobWorkerClient,
  type WorkerEvent,
  type WorkerSummary,
  runJobWorker,
} from "@acme-platform/codepipeline-landing-zone/job-worker";

/** The action type, as customActionTypes[0] of the example landing zone declares it. */
export const ACME_LEGACY_BUILD: ActionTypeId = { category: "Build", owner: "Custom", provider: "AcmeLegacyBuild", version: "1" };

/** The landing zone publishes this namespace per type (its name, then CodePipelineJobWorker). */
export const ACME_HEARTBEAT_NAMESPACE = heartbeatNamespace("acme/CodePipelineJobWorker", ACME_LEGACY_BUILD);

/** What the worker needs from the legacy build system. */
export interface LegacyBuildSystem {
  /** Starts a build of the project from a source zip; returns the run id. */
  start(projectId: string, source: Uint8Array): Promise<string>;
  /** The run's state, and its output zip once it succeeded. */
  status(runId: string): Promise<{ state: "running" } | { state: "succeeded"; output: Uint8Array } | { state: "failed"; reason: string }>;
}

/** The handler: start the build on the first job, check it on the jobs that carry its run id. */
export function legacyBuildHandler(legacy: LegacyBuildSystem): JobHandler {
  return async (job) => {
    const projectId = job.configuration.ProjectId;
    if (!projectId) throw new Error("the action has no ProjectId configuration; set it in the pipeline's action");
    if (job.continuationToken === undefined) {
      const runId = await legacy.start(projectId, await job.artifacts.download());
      return {
        continuationToken: runId,
        executionDetails: { externalExecutionId: runId, summary: `legacy build of ${projectId} started`, percentComplete: 0 },
      };
    }
    const runId = job.continuationToken;
    const run = await legacy.status(runId);
    if (run.state === "running") return { continuationToken: runId, executionDetails: { externalExecutionId: runId, summary: "legacy build running" } };
    if (run.state === "failed") throw new Error(`legacy build ${runId} of ${projectId} failed: ${run.reason}`);
    // The output artifact is optional for this type (0-1).
    if (job.outputArtifacts.length === 1) await job.artifacts.upload(run.output);
    return { outputVariables: { RunId: runId }, executionDetails: { externalExecutionId: runId, summary: `legacy build of ${projectId} succeeded` } };
  };
}

export interface AcmeWorkerDeps {
  readonly codePipeline: JobWorkerClient;
  readonly cloudWatch: HeartbeatClient;
  readonly s3: (credentials: ArtifactCredentials) => ArtifactS3Client;
  readonly legacy: LegacyBuildSystem;
  readonly stopSignal: AbortSignal;
  /** The legacy system's project this worker serves (the type's queryable property). @default every project */
  readonly projectId?: string;
  /** @default 2 */
  readonly concurrency?: number;
  readonly onEvent?: (event: WorkerEvent) => void;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Runs the worker until the stop signal; resolves once every held job is reported. */
export function runAcmeLegacyBuildWorker(deps: AcmeWorkerDeps): Promise<WorkerSummary> {
  return runJobWorker(legacyBuildHandler(deps.legacy), {
    client: deps.codePipeline,
    actionTypeId: ACME_LEGACY_BUILD,
    ...(deps.projectId ? { queryParam: { ProjectId: deps.projectId } } : {}),
    concurrency: deps.concurrency ?? 2,
    stopSignal: deps.stopSignal,
    heartbeat: { client: deps.cloudWatch, namespace: ACME_HEARTBEAT_NAMESPACE },
    artifactS3Client: deps.s3,
    ...(deps.onEvent ? { onEvent: deps.onEvent } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
}
