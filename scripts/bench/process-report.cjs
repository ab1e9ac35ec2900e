/**
 * Preloaded into every Node.js process of a measured command (NODE_OPTIONS=--require): at exit,
 * appends one JSON line to BENCH_PROCESS_LOG with the process's command line, start and end times
 * (ms since the epoch) and peak resident memory (process.resourceUsage().maxRSS, in KB). The bench
 * reads the lines to report the peak of every process and where the wall time went.
 */
"use strict";
const fs = require("node:fs");
const { performance } = require("node:perf_hooks");

const file = process.env.BENCH_PROCESS_LOG;
if (file) {
  process.on("exit", () => {
    const record = {
      pid: process.pid,
      argv: process.argv.slice(1),
      start: performance.timeOrigin,
      end: performance.timeOrigin + performance.now(),
      maxRssKb: process.resourceUsage().maxRSS,
    };
    try {
      fs.appendFileSync(file, `${JSON.stringify(record)}\n`);
    } catch {
      // A report must never change the measured command's outcome.
    }
  });
}
