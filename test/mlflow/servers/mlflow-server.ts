/**
 * Real `mlflow server` processes for the REST-store suites, started from the venv the MLflow
 * suites use (the version pinned in .ci/mlflow-version), on 127.0.0.1 and a free port, with
 * their data in a temporary folder. A server that does not come up fails the suite loudly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pythonPath } from "../python.js";

export interface MlflowServer {
  /** http://127.0.0.1:<port> */
  uri: string;
  port: number;
  /** Its temporary folder: db.sqlite, artifacts/, server.log. */
  dir: string;
  /** Stops the process (and its workers); the data stays until `remove`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data (after stop). */
  restart(): Promise<void>;
  /** Stops it and deletes its folder. */
  remove(): Promise<void>;
  /** The server's output so far, for failure messages. */
  log(): string;
}

export interface MlflowServerOptions {
  /** Default: sqlite:///<dir>/db.sqlite */
  backendStoreUri?: string;
  /** e.g. "basic-auth" */
  appName?: string;
  env?: Record<string, string>;
  /** Extra arguments to `mlflow server`. */
  args?: string[];
}

const START_TIMEOUT_MS = 120_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startMlflowServer(options: MlflowServerOptions = {}): Promise<MlflowServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-server-"));
  const port = await freePort();
  const mlflow = path.join(path.dirname(pythonPath()), "mlflow");
  const args = [
    "server",
    "--backend-store-uri",
    options.backendStoreUri ?? `sqlite:///${path.join(dir, "db.sqlite")}`,
    "--serve-artifacts",
    "--artifacts-destination",
    path.join(dir, "artifacts"),
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--workers",
    "1",
    ...(options.appName ? ["--app-name", options.appName] : []),
    ...(options.args ?? []),
  ];
  let child: ChildProcess | undefined;
  let output = "";
  const logFile = path.join(dir, "server.log");

  const start = async (): Promise<void> => {
    // Its own process group: uvicorn's workers are stopped with it.
    child = spawn(mlflow, args, { cwd: dir, env: { ...process.env, ...options.env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const append = (d: Buffer): void => {
      output += d.toString();
      fs.appendFileSync(logFile, d);
    };
    child.stdout!.on("data", append);
    child.stderr!.on("data", append);
    const exited = new Promise<number | null>((resolve) => child!.once("exit", resolve));
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const early = await Promise.race([exited, new Promise<"waiting">((r) => setTimeout(() => r("waiting"), 250))]);
      if (early !== "waiting") throw new Error(`mlflow server exited (${early}) before it answered /health:\n${output.slice(-3000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`mlflow server did not answer /health on port ${port} within ${START_TIMEOUT_MS / 1000} s:\n${output.slice(-3000)}`);
      }
    }
  };

  const stop = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once("exit", () => resolve()));
    killGroup(c.pid!, "SIGTERM");
    const timer = setTimeout(() => killGroup(c.pid!, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    // Workers of the group may outlive the parent for a moment.
    killGroup(c.pid!, "SIGKILL");
  };

  try {
    await start();
  } catch (err) {
    // A server that never came up leaves no folder behind (its log is in the error).
    await stop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    uri: `http://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    restart: start,
    remove: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => output,
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
