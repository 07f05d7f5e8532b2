/**
 * Real `mlflow server` processes for the REST-store suites: matrix/mlflow-env.ts's startMlflow
 * on the pinned venv (.ci/mlflow-version), serving artifacts, with their data in a temporary
 * folder, and restartable on the same port. A server that does not come up fails the suite
 * loudly.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pinnedVenv, startMlflow, type MlflowServer as Started } from "../matrix/mlflow-env.js";

export interface MlflowServer {
  /** http://127.0.0.1:<port> */
  uri: string;
  port: number;
  /** Its temporary folder: db.sqlite, artifacts/. */
  dir: string;
  /** Stops the process (and its workers); the data stays until `remove`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data (after stop). */
  restart(): Promise<void>;
  /** Stops it and deletes its folder. */
  remove(): Promise<void>;
  /** The server's output so far (every start), for failure messages. */
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

export async function startMlflowServer(options: MlflowServerOptions = {}): Promise<MlflowServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-server-"));
  const venv = pinnedVenv();
  const start = (port?: number): Promise<Started> =>
    startMlflow(venv, {
      backendStoreUri: options.backendStoreUri ?? `sqlite:///${path.join(dir, "db.sqlite")}`,
      cwd: dir,
      env: options.env,
      port,
      stopGraceMs: 10_000,
      args: [
        "--serve-artifacts",
        "--artifacts-destination",
        path.join(dir, "artifacts"),
        ...(options.appName ? ["--app-name", options.appName] : []),
        ...(options.args ?? []),
      ],
    });
  let server: Started;
  try {
    server = await start();
  } catch (err) {
    // A server that never came up leaves no folder behind (its log is in the error).
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let earlierLogs = "";
  return {
    uri: server.url,
    port: server.port,
    dir,
    stop: () => server.stop(),
    restart: async () => {
      earlierLogs += server.log();
      server = await start(server.port);
    },
    remove: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => earlierLogs + server.log(),
  };
}
