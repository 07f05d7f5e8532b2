// The history endpoint's chart parameters: an x range (zoom), incremental polls (since), and
// min/max downsampling within what those leave.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { startUi, type UiServer } from "../../../src/ui/server/index.js";
import { tempDir } from "../helpers/temp-store.js";
import { getJson } from "./http-client.js";

const T0 = 1_700_000_000_000;
const N = 10_000;
let dir: string;
let ui: UiServer;
let client: MlflowClient;
let runId: string;

const history = (query: string) => getJson(ui.url, `/api/runs/${runId}/metrics/loss?${query}`);

beforeAll(async () => {
  dir = tempDir("mlruns-ui-history-");
  client = new MlflowClient(path.join(dir, "mlruns"));
  runId = (await client.createRun(await client.createExperiment("h"))).info.runId;
  // Step i at T0 + 10*i ms; value i, except a spike at step 7,777 and a NaN at step 5,000.
  for (let i = 0; i < N; i++) client.logMetric(runId, "loss", i === 7777 ? 1e9 : i === 5000 ? NaN : i, T0 + 10 * i, i);
  await client.flush();
  ui = await startUi({ store: client.store, port: 0 });
});
afterAll(async () => {
  await ui?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("history x range (minX, maxX)", () => {
  it("keeps the steps inside the range, both ends included, at full resolution", async () => {
    const { status, json } = await history("minX=100&maxX=199&maxPoints=1000");
    expect(status).toBe(200);
    expect(json).toMatchObject({ total: N, matched: 100, downsampled: false, firstTimestamp: T0 });
    expect(json.points.map((p: any) => p.step)).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
  });

  it("downsamples within the range, not over the whole history", async () => {
    const { json } = await history("minX=7000&maxX=8999&maxPoints=50");
    expect(json.matched).toBe(2000);
    expect(json.downsampled).toBe(true);
    expect(json.points.length).toBeLessThanOrEqual(100);
    expect(json.points.length).toBeGreaterThan(50);
    const steps = json.points.map((p: any) => p.step);
    expect(Math.min(...steps)).toBe(7000);
    expect(Math.max(...steps)).toBe(8999);
    // The spike inside the range survives; 40-step buckets would each keep their two ends.
    expect(json.points.some((p: any) => p.step === 7777 && p.value === 1e9)).toBe(true);
  });

  it("x=timestamp puts the range on wall time", async () => {
    const { json } = await history(`x=timestamp&minX=${T0 + 10 * 300}&maxX=${T0 + 10 * 304}`);
    expect(json.points.map((p: any) => p.step)).toEqual([300, 301, 302, 303, 304]);
  });

  it("x=relative puts the range on seconds since the history's first point", async () => {
    // Step i is 10*i ms after the first point: seconds 2.0..2.04 are steps 200..204.
    const { json } = await history("x=relative&minX=2&maxX=2.04");
    expect(json.points.map((p: any) => p.step)).toEqual([200, 201, 202, 203, 204]);
  });

  it("an open-ended range and an empty one", async () => {
    expect((await history("minX=9995")).json.points.map((p: any) => p.step)).toEqual([9995, 9996, 9997, 9998, 9999]);
    expect((await history("maxX=2")).json.points.map((p: any) => p.step)).toEqual([0, 1, 2]);
    const none = (await history("minX=20000")).json;
    expect(none).toMatchObject({ total: N, matched: 0, points: [] });
  });

  it("keeps NaN in the answer as the string 'NaN'", async () => {
    expect((await history("minX=5000&maxX=5000")).json.points).toEqual([{ step: 5000, value: "NaN", timestamp: T0 + 50_000 }]);
  });

  it("refuses a bad range or axis with a message that says what to send", async () => {
    for (const [query, message] of [
      ["minX=abc", /minX must be a finite number/],
      ["maxX=Infinity", /maxX must be a finite number/],
      ["minX=5&maxX=4", /minX \(5\) must not be greater than maxX \(4\)/],
      ["x=epoch", /x must be one of step, timestamp, relative/],
      ["since=-1", /since must be an integer of at least 0/],
      ["maxPoints=0", /maxPoints must be an integer of at least 1/],
      ["maxPoints=100001", /maxPoints must be at most 100000/],
    ] as const) {
      const r = await history(query);
      expect(r.status, query).toBe(400);
      expect(r.json.error_code).toBe("INVALID_PARAMETER_VALUE");
      expect(r.json.message).toMatch(message);
    }
  });
});

describe("incremental history (since)", () => {
  it("a poll with since = the last total gets only the new points, downsampled on their own", async () => {
    const live = (await client.createRun((await client.getRun(runId)).info.experimentId)).info.runId;
    for (let i = 0; i < 100; i++) client.logMetric(live, "acc", i / 100, T0 + i, i);
    await client.flush();
    const first = (await getJson(ui.url, `/api/runs/${live}/metrics/acc?maxPoints=1000`)).json;
    expect(first.total).toBe(100);

    for (let i = 100; i < 5100; i++) client.logMetric(live, "acc", i === 4242 ? -5 : i / 100, T0 + i, i);
    await client.flush();
    const next = (await getJson(ui.url, `/api/runs/${live}/metrics/acc?maxPoints=100&since=${first.total}`)).json;
    expect(next).toMatchObject({ total: 5100, matched: 5000, downsampled: true, firstTimestamp: T0 });
    expect(next.points.length).toBeLessThanOrEqual(200);
    expect(Math.min(...next.points.map((p: any) => p.step))).toBe(100);
    expect(next.points.some((p: any) => p.step === 4242 && p.value === -5)).toBe(true);

    const idle = (await getJson(ui.url, `/api/runs/${live}/metrics/acc?maxPoints=100&since=${next.total}`)).json;
    expect(idle).toMatchObject({ total: 5100, matched: 0, points: [] });
  });

  it("since counts points in file order, so a point re-logged at an old step is not missed", async () => {
    const run = (await client.createRun((await client.getRun(runId)).info.experimentId)).info.runId;
    client.logMetric(run, "m", 1, T0, 5);
    await client.flush();
    client.logMetric(run, "m", 2, T0 + 1, 3);
    await client.flush();
    const r = (await getJson(ui.url, `/api/runs/${run}/metrics/m?since=1`)).json;
    expect(r.points).toEqual([{ step: 3, value: 2, timestamp: T0 + 1 }]);
  });
});
