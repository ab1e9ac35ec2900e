/**
 * Entry point of the example worker on EC2 (the worker role's instance profile), ECS or on
 * premises. Needs the AWS SDK v3 clients, which this repository does not depend on:
 *
 *   npm install @aws-sdk/client-codepipeline @aws-sdk/client-cloudwatch @aws-sdk/client-s3
 *   AWS_REGION=eu-west-1 LEGACY_BUILD_URL=https://builds.acme.example npx tsx examples/job-worker/main.ts
 *
 * The legacy build system's API here (POST /runs, GET /runs/<id>) stands for whatever yours is.
 */
import { stopOnSignals } from "@acme-platform/codepipeline-landing-zone/job-worker";
import { type LegacyBuildSystem, runAcmeLegacyBuildWorker } from "./worker";

// Loaded by name so that type-checking this repository does not need the SDK installed.
const load = (name: string) => require(name);

function httpLegacyBuild(baseUrl: string): LegacyBuildSystem {
  return {
    async start(projectId, source) {
      const res = await fetch(`${baseUrl}/projects/${encodeURIComponent(projectId)}/runs`, { method: "POST", body: source });
      if (!res.ok) throw new Error(`legacy build system: POST runs answered ${res.status}`);
      return String(((await res.json()) as { id: string }).id);
    },
    async status(runId) {
      const res = await fetch(`${baseUrl}/runs/${encodeURIComponent(runId)}`);
      if (!res.ok) throw new Error(`legacy build system: GET run ${runId} answered ${res.status}`);
      const run = (await res.json()) as { state: string; reason?: string; outputUrl?: string };
      if (run.state === "running") return { state: "running" };
      if (run.state !== "succeeded") return { state: "failed", reason: run.reason ?? run.state };
      const output = run.outputUrl ? new Uint8Array(await (await fetch(run.outputUrl)).arrayBuffer()) : new Uint8Array();
      return { state: "succeeded", output };
    },
  };
}

async function main(): Promise<void> {
  const region = process.env.AWS_REGION;
  const url = process.env.LEGACY_BUILD_URL;
  if (!region || !url) throw new Error("set AWS_REGION (the pipelines' region) and LEGACY_BUILD_URL");
  const { CodePipeline } = load("@aws-sdk/client-codepipeline");
  const { CloudWatch } = load("@aws-sdk/client-cloudwatch");
  const { S3 } = load("@aws-sdk/client-s3");
  const summary = await runAcmeLegacyBuildWorker({
    codePipeline: new CodePipeline({ region }),
    cloudWatch: new CloudWatch({ region }),
    // Each job's own temporary credentials: they reach exactly that pipeline's artifacts.
    s3: (credentials) => new S3({ region, credentials }),
    legacy: httpLegacyBuild(url),
    stopSignal: stopOnSignals(),
    ...(process.env.PROJECT_ID ? { projectId: process.env.PROJECT_ID } : {}),
  });
  process.stderr.write(`${JSON.stringify({ worker: "acme-legacy-build", summary })}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
