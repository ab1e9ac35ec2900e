/**
 * Evaluates the proof's checks on every core: this thread takes a share, worker threads the rest.
 * Each check is independent, so only the wall time changes; verdicts come back in check order.
 * Workers load the evaluator through tsx's require hook (a devDependency, as the evaluator is), so
 * this works under tsx, jest and plain Node alike.
 */
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { AccessCheck, evaluate, Outcome } from "./simulate";

/** Below this many checks a worker's start-up (loading the evaluator, about 0.3 s) is not repaid. */
export const PARALLEL_MIN_CHECKS = 2_000;

/** Worker threads to use beside this one: one per further core, none below the threshold. */
export function workerCount(checks: number, cores = os.availableParallelism()): number {
  return checks < PARALLEL_MIN_CHECKS ? 0 : Math.max(0, Math.min(cores, 8) - 1);
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
require("tsx/cjs");
const { evaluate } = require(workerData.simulate);
parentPort.once("message", async (checks) => {
  const out = [];
  for (const c of checks) out.push(await evaluate(c));
  parentPort.postMessage(out);
});
`;

function inWorker(checks: readonly AccessCheck[]): Promise<Outcome[]> {
  return new Promise((resolve, reject) => {
    // One message: structured cloning keeps a policy shared by many checks as one copy.
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { simulate: path.join(__dirname, "simulate") } });
    worker.once("message", (out: Outcome[]) => {
      resolve(out);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`an access-proof worker thread exited with code ${code}`));
    });
    worker.postMessage(checks);
  });
}

/** The outcome of every check, in order, spread over `workers` threads beside this one. */
export async function evaluateAll(checks: readonly AccessCheck[], workers = workerCount(checks.length)): Promise<Outcome[]> {
  const shares = workers + 1;
  // Interleaved shares: neighbouring checks often hit the same large policy, so each share gets some.
  const share = (k: number) => checks.filter((_, i) => i % shares === k);
  const remote = Array.from({ length: workers }, (_, w) => inWorker(share(w + 1)));
  const local: Outcome[] = [];
  for (const c of share(0)) local.push(await evaluate(c));
  const results = [local, ...(await Promise.all(remote))];
  return checks.map((_, i) => results[i % shares]![Math.floor(i / shares)]!);
}
