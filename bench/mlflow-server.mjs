// What the benchmarks that talk to a real `mlflow server` share: a free port, the server itself
// (SQLite backend, served artifacts, up once /health answers) and a child run for its JSON answer.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/** A TCP port nothing listens on now (on 127.0.0.1). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `mlflow server` of the venv whose python is `python`, keeping its database and artifacts in
 * `dir` (its log in dir/server.log), resolved once /health answers. `stop()` ends it (also
 * called when this process exits).
 */
export async function startMlflowServer(python, { dir, workers = 1, timeoutMs = 180_000 }) {
  const port = await freePort();
  const uri = `http://127.0.0.1:${port}`;
  const log = path.join(dir, "server.log");
  const args = ["server", "--backend-store-uri", `sqlite:///${dir}/db.sqlite`, "--serve-artifacts", "--artifacts-destination", `${dir}/artifacts`, "--host", "127.0.0.1", "--port", String(port), "--workers", String(workers)];
  const child = spawn(path.join(path.dirname(python), "mlflow"), args, { cwd: dir, detached: true, stdio: ["ignore", fs.openSync(log, "a"), fs.openSync(log, "a")] });
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  };
  process.on("exit", stop);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${uri}/health`, { signal: AbortSignal.timeout(2000) })).ok) return { uri, stop };
    } catch {}
    if (Date.now() > deadline) {
      stop();
      throw new Error(`mlflow server did not come up (${log}):\n${fs.readFileSync(log, "utf8").slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs `cmd argv` and resolves with the JSON of the last line it printed; rejects with its stderr's end when it fails. */
export function runJson(cmd, argv, env = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${path.basename(cmd)} exited ${code}:\n${err.slice(-2000)}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1)));
    });
  });
}
