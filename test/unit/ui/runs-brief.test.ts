// /api/runs-brief: a few runs by id, across experiments, for the charts page and its live polls.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { startUi, type UiServer } from "../../../src/ui/server/index.js";
import { tempDir } from "../helpers/temp-store.js";
import { getJson } from "./http-client.js";

let dir: string;
let ui: UiServer;
let client: MlflowClient;
let a: string;
let b: string;

beforeAll(async () => {
  dir = tempDir("mlruns-ui-brief-");
  client = new MlflowClient(path.join(dir, "mlruns"));
  a = (await client.createRun(await client.createExperiment("one"), undefined, undefined, "alpha")).info.runId;
  b = (await client.createRun(await client.createExperiment("two"), undefined, undefined, "beta")).info.runId;
  client.logMetric(a, "loss", 0.5, 1, 0);
  client.logMetric(a, "loss", 0.25, 2, 1);
  client.logMetric(b, "acc", 0.9, 1, 0);
  await client.setTerminated(b, "FINISHED");
  ui = await startUi({ store: client.store, port: 0 });
});
afterAll(async () => {
  await ui?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("/api/runs-brief", () => {
  it("answers runs of different experiments by id: name, status, latest metrics; unknown ids are listed as missing", async () => {
    const unknown = "0123456789abcdef0123456789abcdef";
    const { status, json } = await getJson(ui.url, `/api/runs-brief?runs=${b},${unknown},${a}`);
    expect(status).toBe(200);
    expect(json.runs).toEqual([
      expect.objectContaining({ runId: b, runName: "beta", status: "FINISHED", metrics: { acc: 0.9 } }),
      expect.objectContaining({ runId: a, runName: "alpha", status: "RUNNING", metrics: { loss: 0.25 } }),
    ]);
    expect(json.missing).toEqual([unknown]);
  });

  it("lists a malformed id (a parent tag set by hand) as missing and still answers the others", async () => {
    const { status, json } = await getJson(ui.url, `/api/runs-brief?runs=${a},${encodeURIComponent("my parent")}`);
    expect(status).toBe(200);
    expect(json.runs.map((r: { runId: string }) => r.runId)).toEqual([a]);
    expect(json.missing).toEqual(["my parent"]);
  });

  it("sees a status change and a new point at the next read (what a live poll relies on)", async () => {
    client.logMetric(a, "loss", 0.125, 3, 2);
    await client.setTerminated(a, "FAILED");
    const { json } = await getJson(ui.url, `/api/runs-brief?runs=${a}`);
    expect(json.runs[0]).toMatchObject({ status: "FAILED", metrics: { loss: 0.125 } });
  });

  it("needs ids, and at most 100 of them", async () => {
    expect((await getJson(ui.url, "/api/runs-brief")).json.message).toMatch(/Pass one or more run ids/);
    const many = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(32, "0")).join(",");
    const r = await getJson(ui.url, `/api/runs-brief?runs=${many}`);
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/At most 100 runs/);
  });
});
