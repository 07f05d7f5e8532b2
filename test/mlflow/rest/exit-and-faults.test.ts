/**
 * Points buffered by the REST store reach the server when the process ends without flushing
 * (real child processes), and a server stopped mid-run: points logged while it was down
 * arrive once it is back, or the error says they did not.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TrackingServerUnavailableError } from "../../../src/errors.js";
import { RestStore } from "../../../src/store/rest/rest-store.js";
import { collect } from "../../unit/helpers/processes.js";
import { startMlflowServer, type MlflowServer } from "../servers/mlflow-server.js";

const CHILD = path.join(import.meta.dirname, "children", "rest-logger.mjs");
let server: MlflowServer;
let reader: RestStore;

beforeAll(async () => {
  server = await startMlflowServer();
  reader = new RestStore(server.uri);
});
afterAll(async () => {
  await server?.remove();
});

function child(mode: string, points: number, env: Record<string, string> = {}) {
  const p = spawn(process.execPath, [CHILD, server.uri, mode, String(points)], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  const stdout = collect(p.stdout);
  const stderr = collect(p.stderr);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => p.on("exit", (code, signal) => resolve({ code, signal })));
  let seen = "";
  p.stdout.on("data", (d) => (seen += d));
  /** Resolves once the child printed `text` (output may come in any chunks). */
  const printed = async (text: string): Promise<void> => {
    while (!seen.includes(text)) await new Promise((r) => setTimeout(r, 20));
  };
  const firstLine = printed("\n").then(() => seen.split("\n")[0]!);
  return { p, stdout, stderr, exit, firstLine, printed };
}

describe("exit flush to a server", () => {
  it("the fluent API's points and run end reach the server when the script just ends", async () => {
    const c = child("fluent-exit", 2500);
    const { code } = await c.exit;
    expect(code, await c.stderr).toBe(0);
    const runId = (await c.stdout).trim();
    expect(await reader.getMetricHistory(runId, "loss")).toHaveLength(2500);
    expect((await reader.getRun(runId)).info.status).toBe("FINISHED");
  });

  it("MlflowClient's points reach the server on process.exit without flush (store-level exit flush)", async () => {
    const c = child("client-exit", 1500);
    expect((await c.exit).code, await c.stderr).toBe(0);
    const runId = (await c.stdout).trim();
    const history = await reader.getMetricHistory(runId, "loss");
    expect(history).toHaveLength(1500);
    expect(history.at(-1)).toEqual({ key: "loss", value: 149.9, timestamp: 2499, step: 1499 });
  });

  it("SIGTERM: points are sent and the run ends KILLED, the signal kept", async () => {
    const c = child("sigterm", 800);
    const runId = await c.firstLine;
    await c.printed("logged\n");
    c.p.kill("SIGTERM");
    expect((await c.exit).signal).toBe("SIGTERM");
    expect(await reader.getMetricHistory(runId, "loss")).toHaveLength(800);
    expect((await reader.getRun(runId)).info.status).toBe("KILLED");
  });

  it("points that cannot be sent at exit are named on stderr and the exit code is 1", async () => {
    const c = child("after-stop", 300, { MLFLOW_HTTP_REQUEST_MAX_RETRIES: "1", MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: "0" });
    const runId = await c.firstLine;
    await server.stop();
    c.p.stdin.write("go\n");
    const { code } = await c.exit;
    const stderr = await c.stderr;
    await server.restart();
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`mlruns: not written before exit: 300 metric point\\(s\\) of run ${runId} were not sent before exit: .*ECONNREFUSED`));
    expect(await reader.getMetricHistory(runId, "loss")).toEqual([]);
  });
});

describe("server stopped mid-run", () => {
  it("points logged while it is down are kept, flush() says so, and they arrive once it is back", async () => {
    const store = new RestStore(server.uri, { flushIntervalMs: 20, maxRetries: 0 });
    const exp = await store.createExperiment(`fault-${Date.now()}`);
    const { info } = await store.createRun({ experimentId: exp, userId: "u", startTime: 1, tags: [] });
    store.queueMetrics(info.runId, [{ key: "m", value: 0, timestamp: 1, step: 0 }]);
    await store.flush();
    await server.stop();
    for (let i = 1; i <= 1500; i++) store.queueMetrics(info.runId, [{ key: "m", value: i, timestamp: 1 + i, step: i }]);
    const err = await store.flush().catch((e) => e);
    expect(err).toBeInstanceOf(TrackingServerUnavailableError);
    expect(err.message).toMatch(/metric point\(s\) of run .* are kept in memory and sent again at the next flush: Could not reach the MLflow tracking server/);
    await server.restart();
    await store.flush();
    const history = await store.getMetricHistory(info.runId, "m");
    expect(history.map((p) => p.step)).toEqual(Array.from({ length: 1501 }, (_, i) => i));
    await store.updateRunInfo(info.runId, "FINISHED", 2);
  });
});
