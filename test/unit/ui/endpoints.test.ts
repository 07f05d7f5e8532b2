/** The JSON endpoints of `mlruns ui` on a store mlruns wrote: what a script (and the app) reads. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { startUi, type UiServer } from "../../../src/ui/server/index.js";
import { tempDir } from "../helpers/temp-store.js";
import { getJson, request } from "./http-client.js";
import { writeSweepStore, type SweepStore } from "./ui-store.js";

let dir: string;
let store: SweepStore;
let ui: UiServer;

beforeAll(async () => {
  dir = tempDir("mlruns-ui-api-");
  store = await writeSweepStore(path.join(dir, "mlruns"));
  ui = await startUi({ store: store.root, port: 0 });
});
afterAll(async () => {
  await ui?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("mlruns ui endpoints", () => {
  it("lists experiments with their run counts and last activity", async () => {
    const { status, json } = await getJson(ui.url, "/api/experiments");
    expect(status).toBe(200);
    const sweep = json.experiments.find((e: any) => e.name === "sweep");
    const created = (await new MlflowClient(store.root).getExperiment(store.experimentId)).lastUpdateTime!;
    // The latest of the experiment's own time and its runs' start and end times (as `mlruns experiments`).
    expect(sweep).toMatchObject({ experimentId: store.experimentId, runCount: 3, deletedRunCount: 0, lastActivityTime: Math.max(created, 1_700_000_000_000 + 2000 + 65_000) });
    expect(json.experiments.find((e: any) => e.name === "other").runCount).toBe(3);
  });

  it("runCounts=false lists the experiments without reading a single run (what the runs page asks for its title)", async () => {
    const real = new MlflowClient(store.root).store;
    let searches = 0;
    const counting = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === "searchRuns") searches++;
        const v = Reflect.get(target, prop, receiver);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    const own = await startUi({ store: counting, port: 0 });
    try {
      const { status, json } = await getJson(own.url, "/api/experiments?view=ALL&runCounts=false");
      expect(status).toBe(200);
      const sweep = json.experiments.find((e: any) => e.name === "sweep");
      expect(sweep.experimentId).toBe(store.experimentId);
      expect(sweep.runCount).toBeUndefined();
      expect(searches).toBe(0);
      expect((await getJson(own.url, "/api/experiments?view=ALL")).json.experiments.find((e: any) => e.name === "sweep").runCount).toBe(3);
      expect(searches).toBeGreaterThan(0);
      const bad = await getJson(own.url, "/api/experiments?runCounts=maybe");
      expect(bad.status).toBe(400);
      expect(bad.json.message).toBe("runCounts must be true or false, got 'maybe'.");
    } finally {
      await own.close();
    }
  });

  it("deleted experiments appear only with view=ALL", async () => {
    const client = new MlflowClient(store.root);
    const id = await client.createExperiment("gone");
    await client.deleteExperiment(id);
    const active = (await getJson(ui.url, "/api/experiments")).json.experiments.map((e: any) => e.name);
    const all = (await getJson(ui.url, "/api/experiments?view=ALL")).json.experiments.map((e: any) => e.name);
    expect(active).not.toContain("gone");
    expect(all).toContain("gone");
  });

  it("lists runs with params and latest metrics, newest first", async () => {
    const { status, json } = await getJson(ui.url, `/api/runs?experiments=${store.experimentId}`);
    expect(status).toBe(200);
    expect(json.runs.map((r: any) => r.info.runName)).toEqual(["lr-0.001", "lr-0.01", "lr-0.1"]);
    expect(json.runs[2].data.params).toEqual({ lr: "0.1", model: "lgbm" });
    expect(json.runs[2].data.metrics.loss).toBeCloseTo(0.2);
    expect(json.nextPageToken).toBeNull();
  });

  it("a filter narrows the runs and orderBy sorts them", async () => {
    const q = new URLSearchParams({ experiments: store.experimentId, filter: "params.model = 'lgbm' and metrics.rmse < 0.45", orderBy: "metrics.rmse ASC" });
    const { json } = await getJson(ui.url, `/api/runs?${q}`);
    expect(json.runs.map((r: any) => r.info.runName)).toEqual(["lr-0.01"]);
    const sorted = await getJson(ui.url, `/api/runs?experiments=${store.experimentId}&orderBy=${encodeURIComponent("metrics.rmse ASC")}`);
    expect(sorted.json.runs.map((r: any) => r.info.runName)).toEqual(["lr-0.001", "lr-0.01", "lr-0.1"]);
  });

  it("pages with maxResults and pageToken, as search_runs does", async () => {
    const first = await getJson(ui.url, `/api/runs?experiments=${store.experimentId}&maxResults=2`);
    expect(first.json.runs).toHaveLength(2);
    expect(first.json.nextPageToken).toEqual(expect.any(String));
    const second = await getJson(ui.url, `/api/runs?experiments=${store.experimentId}&maxResults=2&pageToken=${encodeURIComponent(first.json.nextPageToken)}`);
    expect(second.json.runs.map((r: any) => r.info.runName)).toEqual(["lr-0.1"]);
    expect(second.json.nextPageToken).toBeNull();
  });

  it("a bad filter is a 400 with MLflow's message and the CLI's column pointer", async () => {
    const filter = "metrics.rmse <> 1";
    const r = await getJson(ui.url, `/api/runs?experiments=${store.experimentId}&filter=${encodeURIComponent(filter)}`);
    expect(r.status).toBe(400);
    expect(r.json.error_code).toBe("INVALID_PARAMETER_VALUE");
    expect(r.json.message).toContain(`  ${filter}\n`);
    expect(r.json.message).toMatch(/\n {2}\s*\^/);
    expect(r.json.input).toBe(filter);
    expect(r.json.position).toEqual(expect.any(Number));
  });

  it("a run's details: metrics with last/min/max/steps, parent and children", async () => {
    const { json } = await getJson(ui.url, `/api/runs/${store.runIds[0]}`);
    expect(json.run.info.runName).toBe("lr-0.1");
    expect(json.experiment).toEqual({ experimentId: store.experimentId, name: "sweep" });
    const loss = json.metrics.find((m: any) => m.key === "loss");
    expect(loss).toMatchObject({ steps: 10, max: 1.1 });
    expect(loss.min).toBeCloseTo(0.2);
    const parent = (await getJson(ui.url, `/api/runs/${store.parentId}`)).json;
    expect(parent.children.map((c: any) => c.runName).sort()).toEqual(["child-1", "child-2"]);
    const child = (await getJson(ui.url, `/api/runs/${store.childIds[0]}`)).json;
    expect(child.parent).toMatchObject({ runId: store.parentId, runName: "parent" });
  });

  it("an unknown run is a 404 with MLflow's error code", async () => {
    const r = await getJson(ui.url, "/api/runs/0123456789abcdef0123456789abcdef");
    expect(r.status).toBe(404);
    expect(r.json.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
  });

  it("a metric history in full, and downsampled with maxPoints", async () => {
    const full = (await getJson(ui.url, `/api/runs/${store.runIds[0]}/metrics/loss`)).json;
    expect(full).toMatchObject({ key: "loss", total: 10, downsampled: false });
    expect(full.points.map((p: any) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const small = (await getJson(ui.url, `/api/runs/${store.runIds[0]}/metrics/loss?maxPoints=2`)).json;
    expect(small.downsampled).toBe(true);
    expect(small.points.length).toBeLessThanOrEqual(4);
    expect(small.points[0]).toMatchObject({ step: 0, value: 1.1 });
  });

  it("lists artifacts by folder and previews a file", async () => {
    const root = (await getJson(ui.url, `/api/runs/${store.runIds[0]}/artifacts`)).json;
    expect(root.files).toEqual([
      { path: "config.json", isDir: false, fileSize: expect.any(Number) },
      { path: "data", isDir: true, fileSize: null },
      { path: "notes", isDir: true, fileSize: null },
    ]);
    const notes = (await getJson(ui.url, `/api/runs/${store.runIds[0]}/artifacts?path=notes`)).json;
    expect(notes.files.map((f: any) => f.path)).toEqual(["notes/readme.txt"]);
    const file = await request(new URL(`/api/runs/${store.runIds[0]}/artifact?path=notes/readme.txt`, ui.url).toString());
    expect(file.status).toBe(200);
    expect(file.body).toBe("hello from 0.1");
    expect(file.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(file.headers["content-disposition"]).toMatch(/^inline/);
    const download = await request(new URL(`/api/runs/${store.runIds[0]}/artifact?path=config.json&download=1`, ui.url).toString());
    expect(download.headers["content-disposition"]).toBe("attachment; filename*=UTF-8''config.json");
    expect(JSON.parse(download.body)).toEqual({ lr: 0.1, layers: [64, 32] });
  });

  it("a run whose artifact folder does not exist lists no artifacts (not an error)", async () => {
    const client = new MlflowClient(store.root);
    const run = (await client.createRun(store.experimentId, undefined, undefined, "no-artifacts")).info;
    fs.rmSync(client.store.artifactRepository(run).rootDir!, { recursive: true, force: true });
    const r = await getJson(ui.url, `/api/runs/${run.runId}/artifacts`);
    expect(r).toEqual({ status: 200, json: { files: [] } });
    expect((await getJson(ui.url, `/api/runs/${run.runId}/artifacts?path=sub`)).status).toBe(404);
  });

  it("serves the app: index.html loads one script file and no inline script", async () => {
    const page = await request(ui.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/app.js"></script>');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const js = await request(new URL("/app.js", ui.url).toString());
    expect(js.status).toBe(200);
    expect(js.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(js.body.length).toBeGreaterThan(1000);
    expect((await request(new URL("/nothing-here", ui.url).toString())).status).toBe(404);
  });
});

describe("a 1,000,000-point history", () => {
  it("comes back as at most 2 × maxPoints points, spikes kept (its speed: bench/ui-history.mjs)", async () => {
    const client = new MlflowClient(store.root);
    const runId = (await client.createRun(store.experimentId, undefined, undefined, "long")).info.runId;
    for (let step = 0; step < 1_000_000; step++) client.logMetric(runId, "loss", Math.sin(step / 1000) + (step === 123_457 ? 100 : 0), 1_700_000_000_000 + step, step);
    await client.flush();
    const { status, json } = await getJson(ui.url, `/api/runs/${runId}/metrics/loss?maxPoints=1000`);
    expect(status).toBe(200);
    expect(json.total).toBe(1_000_000);
    expect(json.points.length).toBeLessThanOrEqual(2000);
    // The spike survives downsampling: min/max keeps every bucket's extremes.
    expect(Math.max(...json.points.map((p: any) => p.value))).toBeGreaterThan(98);
  }, 120_000);
});

describe("metric summaries", () => {
  it("NaN is never a run's min or max; a history of only NaN has neither", async () => {
    const client = new MlflowClient(store.root);
    const runId = (await client.createRun(store.experimentId, undefined, undefined, "nan")).info.runId;
    client.logMetric(runId, "only_nan", Number.NaN, 1, 0);
    client.logMetric(runId, "mixed", Number.NaN, 1, 0);
    client.logMetric(runId, "mixed", 2, 2, 1);
    client.logMetric(runId, "mixed", -Infinity, 3, 2);
    await client.flush();
    const { json } = await getJson(ui.url, `/api/runs/${runId}`);
    expect(json.metrics.map(({ spark, ...summary }: { spark: unknown }) => summary)).toEqual([
      { key: "mixed", last: "-Infinity", min: "-Infinity", max: 2, steps: 3 },
      { key: "only_nan", last: "NaN", min: null, max: null, steps: 1 },
    ]);
    expect(json.metrics.map((m: { spark: unknown }) => m.spark)).toEqual([
      [[0, "NaN"], [1, 2], [2, "-Infinity"]],
      [[0, "NaN"]],
    ]);
  });
});
