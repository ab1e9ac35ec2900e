/**
 * Jest globalSetup / globalTeardown: the suite runs with TMPDIR pointing at a folder of its own
 * (so other processes on the machine cannot disturb the count), and fails when that folder is not
 * empty at the end, listing what was left. The folder is removed either way.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const KEY = "LZ_TEST_TMPDIR";
// Compile caches kept in <tmp>, reused across runs: tsx's (one per user), and Node.js's own, which
// module.enableCompileCache() writes on Node.js >= 22.1 (TypeScript 5's tsc calls it; npm run compat:cdktn runs on 22).
const CACHES = [`tsx-${process.geteuid?.() ?? os.userInfo().username}`, "node-compile-cache"];

export function setup(): void {
  const system = os.tmpdir();
  const dir = fs.mkdtempSync(path.join(system, "lz-jest-"));
  process.env[KEY] = dir;
  process.env.TMPDIR = dir;
  // Keep using the caches of the system temp folder.
  for (const name of CACHES) {
    const cache = path.join(system, name);
    fs.mkdirSync(cache, { recursive: true });
    fs.symlinkSync(cache, path.join(dir, name));
  }
}

export function teardown(): void {
  const dir = process.env[KEY];
  if (!dir) return;
  const left = fs
    .readdirSync(dir)
    .filter((e) => !CACHES.includes(e))
    .sort();
  fs.rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(`the tests left ${left.length} entries in the temp folder (remove them in afterAll or pass an outdir): ${left.join(", ")}`);
  }
}
