/**
 * Evaluates the proof's checks on every core: this thread and worker threads take batches from one
 * queue. Each check is independent, so only the wall time changes; verdicts come back in check order.
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

/** Checks handed out at a time: small enough to balance the threads and bound a worker's copy. */
export const BATCH = 500;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
require("tsx/cjs");
const { evaluate } = require(workerData.simulate);
parentPort.on("message", async (checks) => {
  const out = [];
  for (const c of checks) out.push(await evaluate(c));
  parentPort.postMessage(out);
});
`;

/** The outcome of every check, in order, over `workers` threads beside this one, taking batches from one queue. */
export async function evaluateAll(checks: readonly AccessCheck[], workers = workerCount(checks.length)): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array<Outcome>(checks.length);
  let next = 0;
  const take = (): [number, readonly AccessCheck[]] | undefined => {
    if (next >= checks.length) return undefined;
    const from = next;
    next = Math.min(checks.length, next + BATCH);
    return [from, checks.slice(from, next)];
  };
  const local = async () => {
    for (let batch = take(); batch; batch = take()) {
      const [from, list] = batch;
      for (let i = 0; i < list.length; i++) outcomes[from + i] = await evaluate(list[i]!);
      // Let the workers' replies in between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const remote = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { simulate: path.join(__dirname, "simulate") } });
      let current: [number, readonly AccessCheck[]] | undefined;
      const send = () => {
        current = take();
        if (current) worker.postMessage(current[1]);
        else void worker.terminate().then(() => resolve());
      };
      worker.on("message", (out: Outcome[]) => {
        out.forEach((o, i) => (outcomes[current![0] + i] = o));
        send();
      });
      worker.once("error", reject);
      worker.once("exit", (code) => {
        if (current) reject(new Error(`an access-proof worker thread stopped (exit code ${code}) with checks in hand`));
      });
      send();
    });
  await Promise.all([local(), ...Array.from({ length: workers }, remote)]);
  return outcomes;
}
