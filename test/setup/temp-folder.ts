/**
 * Jest globalSetup / globalTeardown: the suite runs with TMPDIR pointing at a folder of its own
 * (so other processes on the machine cannot disturb the count), and fails when that folder is not
 * empty at the end, listing what was left. The folder is removed either way.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const KEY = "LZ_TEST_TMPDIR";
const TSX_CACHE = `tsx-${process.geteuid?.() ?? os.userInfo().username}`;

export function setup(): void {
  const system = os.tmpdir();
  const dir = fs.mkdtempSync(path.join(system, "lz-jest-"));
  process.env[KEY] = dir;
  process.env.TMPDIR = dir;
  // tsx keeps its compile cache in <tmp>/tsx-<uid>, one per user and reused across runs: keep using it.
  const cache = path.join(system, TSX_CACHE);
  fs.mkdirSync(cache, { recursive: true });
  fs.symlinkSync(cache, path.join(dir, TSX_CACHE));
}

export function teardown(): void {
  const dir = process.env[KEY];
  if (!dir) return;
  const left = fs
    .readdirSync(dir)
    .filter((e) => e !== TSX_CACHE)
    .sort();
  fs.rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(`the tests left ${left.length} entries in the temp folder (remove them in afterAll or pass an outdir): ${left.join(", ")}`);
  }
}
