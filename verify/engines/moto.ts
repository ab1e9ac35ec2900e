/**
 * The AWS API emulator of the rehearsal: moto in server mode, installed from the pinned requirements
 * (toolchain/requirements.txt) into a virtual environment in the cache, listening on 127.0.0.1 only.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { elapsed, REPO_ROOT, ToolchainError, type Log } from "./toolchain";

const REQUIREMENTS = path.join(REPO_ROOT, "toolchain", "requirements.txt");

/** Python of a virtual environment with the pinned moto, created once per requirements file content. */
export function ensureMotoEnv(cacheDir: string, log: Log): string {
  const digest = createHash("sha256").update(fs.readFileSync(REQUIREMENTS)).digest("hex").slice(0, 16);
  const venv = path.join(cacheDir, "moto", digest);
  const python = path.join(venv, "bin", "python");
  const ready = path.join(venv, ".installed");
  if (fs.existsSync(ready)) {
    log(`[moto] reusing ${venv}`);
    return python;
  }
  const started = Date.now();
  const base = ["python3", "python"].find((p) => spawnSync(p, ["--version"]).status === 0);
  if (!base) throw new ToolchainError("[moto] cannot be installed: no python3 on PATH; install Python >= 3.9 and run again");
  fs.rmSync(venv, { recursive: true, force: true });
  log(`[moto] creating ${venv} from toolchain/requirements.txt`);
  const mk = spawnSync(base, ["-m", "venv", venv], { encoding: "utf8" });
  if (mk.status !== 0) throw new ToolchainError(`[moto] python -m venv failed: ${mk.stderr.trim()}`);
  // --require-hashes: every package is the one the requirements file pins, byte for byte.
  const pip = spawnSync(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--require-hashes", "-r", REQUIREMENTS], {
    encoding: "utf8",
    env: { ...process.env, PIP_FIND_LINKS: "" },
  });
  if (pip.status !== 0) throw new ToolchainError(`[moto] pip install -r toolchain/requirements.txt failed: ${(pip.stderr || pip.stdout).trim().slice(-2000)}`);
  fs.writeFileSync(ready, new Date().toISOString());
  log(`[moto] installed in ${elapsed(started)}`);
  return python;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface MotoServer {
  readonly endpoint: string;
  readonly logFile: string;
  stop(): void;
}

/** Starts moto on a free loopback port and waits until it answers. */
export async function startMoto(python: string, logFile: string): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const out = fs.openSync(logFile, "w");
  const child: ChildProcess = spawn(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", out, out],
    // AWS managed policies (AdministratorAccess, PowerUserAccess, ...) exist in every real account.
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
  });
  const stop = () => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.once("exit", stop);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new ToolchainError(`[moto] the server exited at start (code ${child.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      stop();
      throw new ToolchainError(`[moto] no answer on ${endpoint} within 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { endpoint, logFile, stop };
}
