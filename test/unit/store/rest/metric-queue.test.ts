/**
 * The REST store's metric buffer against a scripted 127.0.0.1 server: queued points go out in
 * runs/log-batch requests of at most 1,000 (MLflow's MAX_METRICS_PER_BATCH), a full batch at
 * once and the rest after the interval; a refusal is thrown by flush() and the run's end.
 */
import { afterEach, describe, expect, it } from "vitest";
import { InvalidParameterError, TrackingServerUnavailableError } from "../../../../src/errors.js";
import { MetricQueue } from "../../../../src/store/rest/metric-queue.js";
import { RestStore } from "../../../../src/store/rest/rest-store.js";
import { closeServers, readBody, serve } from "./local-server.js";

afterEach(closeServers);

async function recording(answer: (path: string, body: any) => { status: number; body: unknown }, delayMs = 0) {
  const batches: Array<{ at: number; body: any }> = [];
  const { uri } = await serve(async (req, res) => {
    const text = await readBody(req);
    const body = text ? JSON.parse(text) : {};
    if (req.url!.endsWith("/runs/log-batch")) batches.push({ at: Date.now(), body });
    const a = answer(req.url!, body);
    setTimeout(() => {
      res.writeHead(a.status, { "content-type": "application/json" });
      res.end(JSON.stringify(a.body));
    }, delayMs);
  });
  return { uri, batches };
}

const OK = () => ({ status: 200, body: {} });
const point = (i: number) => ({ key: `m${i % 3}`, value: i, timestamp: 1000 + i, step: i });

describe("REST metric queue", () => {
  it("sends 2,500 points as 1,000 + 1,000 + 500, full batches without waiting for the interval", async () => {
    const { uri, batches } = await recording(OK);
    const store = new RestStore(uri, { flushIntervalMs: 60_000, maxRetries: 0 });
    for (let i = 0; i < 2500; i++) store.queueMetrics("run1", [point(i)]);
    // The two full batches go on their own (however long a busy machine takes to send them);
    // the remaining 500 wait for the (long) interval: a while later, still only two batches.
    await expect.poll(() => batches.length, { timeout: 10_000 }).toBe(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(batches.map((b) => b.body.metrics.length)).toEqual([1000, 1000]);
    await store.flush();
    expect(batches.map((b) => b.body.metrics.length)).toEqual([1000, 1000, 500]);
    expect(batches.every((b) => b.body.run_id === "run1")).toBe(true);
    const sent = batches.flatMap((b) => b.body.metrics.map((m: any) => m.step));
    expect(sent).toEqual(Array.from({ length: 2500 }, (_, i) => i));
  });

  it("flush() while a full batch is on the wire also sends the partial rest before it resolves", async () => {
    const { uri, batches } = await recording(OK, 200);
    const store = new RestStore(uri, { flushIntervalMs: 60_000, maxRetries: 0 });
    for (let i = 0; i < 1500; i++) store.queueMetrics("run1", [point(i)]);
    await store.flush();
    expect(batches.map((b) => b.body.metrics.length)).toEqual([1000, 500]);
  });

  it("a few points go out after flushIntervalMs, with no flush()", async () => {
    const { uri, batches } = await recording(OK);
    const store = new RestStore(uri, { flushIntervalMs: 100, maxRetries: 0 });
    const queuedAt = Date.now();
    store.queueMetrics("run1", [point(0), point(1)]);
    for (let i = 0; i < 50 && batches.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(batches).toHaveLength(1);
    expect(batches[0]!.at - queuedAt).toBeGreaterThanOrEqual(90);
  });

  it("points the server refuses are dropped and the refusal is thrown once, by flush() or by the run's end", async () => {
    const { uri } = await recording((path) =>
      path.endsWith("/runs/log-batch")
        ? { status: 400, body: { error_code: "INVALID_PARAMETER_VALUE", message: "The run run1 must be in the 'active' state." } }
        : { status: 200, body: { run_info: { run_id: "run1", experiment_id: "0", status: "FINISHED" } } },
    );
    const store = new RestStore(uri, { flushIntervalMs: 10, maxRetries: 0 });
    store.queueMetrics("run1", [point(0)]);
    const err = await store.flush().catch((e) => e);
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect(err.message).toMatch(/must be in the 'active' state/);
    // Reported once: the next flush has nothing to say.
    await store.flush();
    store.queueMetrics("run1", [point(1)]);
    await expect(store.updateRunInfo("run1", "FINISHED", 5)).rejects.toBeInstanceOf(InvalidParameterError);
    await store.flush();
  });
});

describe("REST metric queue at exit", () => {
  it("reports every point a failed exit send lost, not only the last batch's", async () => {
    const down = new TrackingServerUnavailableError("down", "http://127.0.0.1:9");
    const queue = new MetricQueue(() => Promise.reject(down), (batches) => batches.map(() => "HTTP 503: down"), 60_000);
    for (let i = 0; i < 3000; i++) queue.push("run1", [point(i)]);
    for (let i = 0; i < 10; i++) queue.push("run2", [point(i)]);
    await queue.flush(); // the outage keeps all of them queued
    queue.flushSync(); // 3 batches of run1 and 1 of run2, all refused by the exit sender
    const unwritten = queue.describeUnwritten();
    expect(unwritten).toHaveLength(2);
    expect(unwritten.find((s) => s.includes("run run1"))).toMatch(/^3000 metric point\(s\) of run run1 were not sent before exit/);
    expect(unwritten.find((s) => s.includes("run run2"))).toMatch(/^10 metric point\(s\) of run run2/);
    queue.takeFailures(); // hand them over, so this worker's exit flush has nothing to report
  });
});
