/**
 * The MLflow releases of the version matrix (.ci/mlflow-matrix), a venv per release
 * (test/mlflow/matrix/setup-venv.sh, cached in .venv-matrix/<version>/), and helpers to run
 * that release's Python, CLI and `mlflow server` / `mlflow ui` (127.0.0.1 only, bounded waits,
 * always killed).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { REPO_ROOT, mlflowPin, pythonPath } from "../python.js";

export interface MatrixEntry {
  /** Why this release is in the matrix: `last-2.x`, `last-before-guard`, `current`. */
  label: string;
  version: string;
}

/** Reads .ci/mlflow-matrix: `<label> <version>` lines; `#` starts a comment. */
export function matrixVersions(): MatrixEntry[] {
  const file = path.join(REPO_ROOT, ".ci", "mlflow-matrix");
  const entries: MatrixEntry[] = [];
  for (const raw of fs.readFileSync(file, "utf8").split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) continue;
    const m = /^(\S+)\s+(\d+\.\d+\.\d+)$/.exec(line);
    if (!m) throw new Error(`.ci/mlflow-matrix: cannot read line '${raw}' (want '<label> <x.y.z>')`);
    entries.push({ label: m[1]!, version: m[2]! });
  }
  const current = entries.find((e) => e.label === "current");
  if (!current) throw new Error(".ci/mlflow-matrix has no 'current' line");
  if (current.version !== mlflowPin()) {
    throw new Error(`.ci/mlflow-matrix says current is ${current.version} but .ci/mlflow-version pins ${mlflowPin()}: update one of them`);
  }
  return entries;
}

export function currentVersion(): string {
  return matrixVersions().find((e) => e.label === "current")!.version;
}

/** MLflow 3.13 made FileStore raise unless MLFLOW_ALLOW_FILE_STORE=true. */
export function hasFileStoreGuard(version: string): boolean {
  const [major, minor] = version.split(".").map(Number) as [number, number];
  return major > 3 || (major === 3 && minor >= 13);
}

export interface MlflowVenv {
  version: string;
  python: string;
  /** The `mlflow` console script of this venv. */
  mlflowBin: string;
}

/**
 * Creates (or reuses) .venv-matrix/<version>. Asynchronous, so a cold install (minutes) does
 * not block the test worker's event loop.
 */
export async function ensureVenv(version: string): Promise<MlflowVenv> {
  const script = path.join(REPO_ROOT, "test", "mlflow", "matrix", "setup-venv.sh");
  const r = await exec("bash", [script, version], { env: process.env, timeoutMs: 15 * 60_000 });
  if (r.code !== 0) {
    throw new Error(`setup-venv.sh ${version} failed (${r.code ?? r.signal}):\n${r.stderr.slice(-4000)}`);
  }
  process.stderr.write(r.stderr);
  const python = r.stdout.trim().split("\n").pop()!;
  const mlflowBin = path.join(path.dirname(python), "mlflow");
  if (!fs.existsSync(python) || !fs.existsSync(mlflowBin)) throw new Error(`setup-venv.sh ${version}: no ${python} / ${mlflowBin}`);
  return { version, python, mlflowBin };
}

/** The pinned release's venv (.venv, or $MLRUNS_PYTHON: see ../python.ts), which the single-version suites use. */
export function pinnedVenv(): MlflowVenv {
  const python = pythonPath();
  return { version: mlflowPin(), python, mlflowBin: path.join(path.dirname(python), "mlflow") };
}

/** The environment every MLflow process gets: quiet, offline, and no file-store opt-in unless asked. */
export function mlflowEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PYTHONIOENCODING: "utf-8",
    PYTHONUTF8: "1",
    MLFLOW_DISABLE_TELEMETRY: "true",
    DO_NOT_TRACK: "true",
    PYTHONWARNINGS: "ignore::FutureWarning",
  };
  // Each call states the opt-in itself, so a test proves which commands need it.
  delete env.MLFLOW_ALLOW_FILE_STORE;
  delete env.MLFLOW_TRACKING_URI;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion, killing it after `timeoutMs`. */
export function exec(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? mlflowEnv(), cwd: opts.cwd ?? REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 300_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${cmd}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

/** Runs `<venv python> <script> ...args` and parses the last stdout line as JSON; throws on failure. */
export async function runPy(venv: MlflowVenv, script: string, args: string[], env: Record<string, string | undefined> = {}): Promise<any> {
  const r = await exec(venv.python, [script, ...args], { env: mlflowEnv(env) });
  const last = r.stdout.trim().split("\n").pop() ?? "";
  let parsed: any;
  try {
    parsed = JSON.parse(last);
  } catch {
    /* not JSON */
  }
  if (r.code !== 0 || parsed === undefined) {
    const e = new Error(
      `[mlflow ${venv.version}] python ${path.basename(script)} ${args.join(" ")} exited ${r.code ?? r.signal}\n--- stderr ---\n${r.stderr.slice(-6000)}\n--- stdout (last line) ---\n${last.slice(0, 4000)}`,
    ) as Error & { result?: any };
    e.result = parsed;
    throw e;
  }
  return parsed;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    // Detached: the server, its gunicorn/uvicorn workers and the huey consumers share one group.
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

// A crashed or interrupted test run must not leave servers behind.
process.on("exit", () => {
  for (const child of live) killGroup(child, "SIGKILL");
});

export interface MlflowServer {
  url: string;
  port: number;
  /** Everything the server printed so far. */
  log(): string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** `server` (the default) or `ui`. */
  command?: "server" | "ui";
  backendStoreUri: string;
  /** Extra environment, e.g. { MLFLOW_ALLOW_FILE_STORE: "true" }. */
  env?: Record<string, string | undefined>;
  cwd: string;
  /** How long to wait for /health (default 120 s). */
  startTimeoutMs?: number;
  /** How long `stop` waits after SIGTERM before SIGKILL (default 5 s). */
  stopGraceMs?: number;
  /** Default: a free one. */
  port?: number;
  /** Extra arguments to `mlflow server|ui`, e.g. ["--app-name", "basic-auth"]. */
  args?: string[];
}

/**
 * Starts `mlflow server|ui --backend-store-uri URI --host 127.0.0.1 --port <port|free> --workers 1
 * ...args` and waits (bounded) until GET /health answers. Rejects, with the server's output, when it
 * exits or does not answer in time; the process group is killed in every case but success.
 */
export async function startMlflow(venv: MlflowVenv, opts: ServeOptions): Promise<MlflowServer> {
  const port = opts.port ?? (await freePort());
  const args = [opts.command ?? "server", "--backend-store-uri", opts.backendStoreUri, "--host", "127.0.0.1", "--port", String(port), "--workers", "1", ...(opts.args ?? [])];
  const child = spawn(venv.mlflowBin, args, { env: mlflowEnv(opts.env), cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
  live.add(child);
  const chunks: string[] = [];
  child.stdout!.on("data", (b: Buffer) => chunks.push(b.toString("utf8")));
  child.stderr!.on("data", (b: Buffer) => chunks.push(b.toString("utf8")));
  let exited: string | undefined;
  const closed = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      exited = `exited with ${code ?? signal}`;
      live.delete(child);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const log = () => chunks.join("");
  const stop = async () => {
    if (exited) return;
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), opts.stopGraceMs ?? 5_000);
    await closed;
    clearTimeout(timer);
    // Workers may outlive the parent by a moment; make sure the whole group is gone.
    killGroup(child, "SIGKILL");
  };
  const deadline = Date.now() + (opts.startTimeoutMs ?? 120_000);
  const label = `mlflow ${venv.version} ${args.slice(0, 3).join(" ")}`;
  while (true) {
    if (exited) throw new Error(`${label} ${exited} before answering /health:\n${log().slice(-6000)}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${label} did not answer /health within ${(opts.startTimeoutMs ?? 120_000) / 1000}s:\n${log().slice(-6000)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { url, port, log, stop };
}

/** GET or POST a JSON endpoint of a running server; throws with the body on a non-2xx answer. */
export async function api(server: MlflowServer, method: "GET" | "POST", route: string, body?: Record<string, unknown>): Promise<any> {
  const res = await fetch(server.url + route, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} -> ${res.status}: ${text.slice(0, 2000)}`);
  return text ? JSON.parse(text) : {};
}

/** Downloads bytes (the artifact download route answers with the raw file). */
export async function download(server: MlflowServer, route: string): Promise<Buffer> {
  const res = await fetch(server.url + route, { signal: AbortSignal.timeout(60_000) });
  const buf = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new Error(`GET ${route} -> ${res.status}: ${buf.toString("utf8").slice(0, 2000)}`);
  return buf;
}
