/** The endpoints behind the runs table's column picker, the compare page and the run page's datasets, models and sparklines. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { startUi, type UiServer } from "../../../src/ui/server/index.js";
import { tempDir } from "../helpers/temp-store.js";
import { getJson, request } from "./http-client.js";
import { MLMODEL, writeTableStore, type TableStore } from "./table-store.js";

let dir: string;
let store: TableStore;
let ui: UiServer;

beforeAll(async () => {
  dir = tempDir("mlruns-ui-table-");
  store = await writeTableStore(path.join(dir, "mlruns"));
  ui = await startUi({ store: store.root, port: 0 });
});
afterAll(async () => {
  await ui?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("/api/compare", () => {
  it("marks the params that differ and the best run of each metric, as `mlruns compare --json`", async () => {
    const { status, json } = await getJson(ui.url, `/api/compare?runs=${store.runIds.join(",")}`);
    expect(status).toBe(200);
    expect(json.runs.map((r: any) => r.runName)).toEqual(["sweep-0.1", "sweep-0.01", "sweep-0.001"]);
    const param = (k: string) => json.params.find((p: any) => p.key === k);
    expect(param("lr")).toEqual({ key: "lr", values: ["0.1", "0.01", "0.001"], differs: true });
    expect(param("optimizer").differs).toBe(false);
    expect(param("batch size").values).toEqual(["32", "64", "96"]);
    const metric = (k: string) => json.metrics.find((m: any) => m.key === k);
    // "loss" in the name: lower is better; accuracy: higher.
    expect(metric("val loss")).toMatchObject({ better: "lower", best: [store.runIds[2]] });
    expect(metric("accuracy")).toMatchObject({ better: "higher", best: [store.runIds[2]] });
    expect(json.legend).toContain("lower is better");
  });

  it("takes direction overrides and refuses a metric given both directions", async () => {
    const { json } = await getJson(ui.url, `/api/compare?runs=${store.runIds.join(",")}&lowerIsBetter=accuracy`);
    expect(json.metrics.find((m: any) => m.key === "accuracy")).toMatchObject({ better: "lower", best: [store.runIds[0]] });
    const both = await getJson(ui.url, `/api/compare?runs=${store.runIds.join(",")}&lowerIsBetter=accuracy&higherIsBetter=accuracy`);
    expect(both.status).toBe(400);
    expect(both.json.message).toContain("'accuracy'");
  });

  it("without runs is a 400 that says what to pass; an unknown run is a 404", async () => {
    const none = await getJson(ui.url, "/api/compare");
    expect(none).toMatchObject({ status: 400, json: { error_code: "INVALID_PARAMETER_VALUE" } });
    expect(none.json.message).toContain("?runs=");
    const unknown = await getJson(ui.url, `/api/compare?runs=${store.runIds[0]},0123456789abcdef0123456789abcdef`);
    expect(unknown.status).toBe(404);
  });
});

describe("/api/keys", () => {
  it("lists every metric, param and tag key of the experiments' runs, sorted", async () => {
    const { status, json } = await getJson(ui.url, `/api/keys?experiments=${store.experimentId}`);
    expect(status).toBe(200);
    expect(json.metrics).toEqual(["accuracy", "val loss"]);
    expect(json.params).toEqual(["batch size", "fold", "lr", "optimizer"]);
    expect(json.tags).toEqual(expect.arrayContaining(["team", "mlflow.parentRunId", "mlflow.note.content", "mlflow.runName"]));
    expect([...json.tags].sort()).toEqual(json.tags);
  });

  it("without experiments is a 400", async () => {
    expect((await getJson(ui.url, "/api/keys")).status).toBe(400);
  });
});

describe("/api/runs/ID/io", () => {
  it("lists the run's datasets with their context and its logged model with the MLmodel text", async () => {
    const { status, json } = await getJson(ui.url, `/api/runs/${store.runIds[2]}/io`);
    expect(status).toBe(200);
    expect(json.datasets).toEqual([
      expect.objectContaining({ name: "train.csv", digest: "1a2b3c4d", sourceType: "local", profile: '{"num_rows": 100}', tags: [{ key: "mlflow.data.context", value: "training" }] }),
    ]);
    expect(json.loggedModels).toEqual([
      expect.objectContaining({ modelId: store.modelId, name: "sweep-model", status: "READY", relation: "output", step: 19, sourceRunId: store.runIds[2], mlmodel: MLMODEL }),
    ]);
  });

  it("a run with neither has empty lists", async () => {
    const { json } = await getJson(ui.url, `/api/runs/${store.runIds[0]}/io`);
    expect(json).toEqual({ datasets: [], loggedModels: [] });
  });

  it("a model whose MLmodel is a symlink out of its folder is listed without it", async () => {
    const client = new MlflowClient(store.root);
    const run = await client.createRun(store.experimentId, undefined, undefined, "symlinked-model");
    const model = await client.createLoggedModel(store.experimentId, "escape", run.info.runId);
    const modelDir = client.store.loggedModelArtifactRepository(model).rootDir!;
    fs.mkdirSync(modelDir, { recursive: true });
    const secret = path.join(dir, "secret.txt");
    fs.writeFileSync(secret, "SECRET");
    fs.symlinkSync(secret, path.join(modelDir, "MLmodel"));
    const { json } = await getJson(ui.url, `/api/runs/${run.info.runId}/io`);
    expect(json.loggedModels).toEqual([expect.objectContaining({ modelId: model.modelId, relation: "source", mlmodel: null })]);
    const served = await request(new URL(`/api/models/${model.modelId}/artifact?path=MLmodel`, ui.url).toString());
    expect(served.status).toBe(403);
    expect(served.body).not.toContain("SECRET");
  });

  it("a model whose MLmodel is a folder is listed without it (the answer is not a 500)", async () => {
    const client = new MlflowClient(store.root);
    const run = await client.createRun(store.experimentId, undefined, undefined, "folder-mlmodel");
    const model = await client.createLoggedModel(store.experimentId, "folder", run.info.runId);
    fs.mkdirSync(path.join(client.store.loggedModelArtifactRepository(model).rootDir!, "MLmodel"), { recursive: true });
    const { status, json } = await getJson(ui.url, `/api/runs/${run.info.runId}/io`);
    expect(status).toBe(200);
    expect(json.loggedModels).toEqual([expect.objectContaining({ modelId: model.modelId, relation: "source", mlmodel: null })]);
  });
});

describe("/api/models/ID/artifacts", () => {
  it("lists a logged model's files and serves one", async () => {
    const { json } = await getJson(ui.url, `/api/models/${store.modelId}/artifacts`);
    expect(json.files.map((f: any) => f.path)).toEqual(["MLmodel", "model.pkl"]);
    const file = await request(new URL(`/api/models/${store.modelId}/artifact?path=MLmodel&preview=1`, ui.url).toString());
    expect(file.status).toBe(200);
    expect(file.body).toBe(MLMODEL);
    expect(file.headers["content-security-policy"]).toMatch(/^sandbox/);
  });

  it("refuses a path out of the model's folder and an unknown model", async () => {
    expect((await request(new URL(`/api/models/${store.modelId}/artifact?path=..%2F..%2Fmeta.yaml`, ui.url).toString())).status).toBe(400);
    expect((await getJson(ui.url, "/api/models/m-0123456789abcdef0123456789abcdef/artifacts")).status).toBe(404);
  });
});

/** The run page's sparklines, per metric key: part of /api/runs/ID, made from the same read as min and max. */
async function sparklinesOf(runId: string): Promise<Record<string, number[][]>> {
  const { json } = await getJson(ui.url, `/api/runs/${runId}`);
  return Object.fromEntries(json.metrics.map((m: { key: string; spark: number[][] }) => [m.key, m.spark]));
}

describe("/api/runs/ID: each metric's sparkline", () => {
  it("sends each metric's history downsampled to a few dozen [step, value] points", async () => {
    const metrics = await sparklinesOf(store.runIds[0]!);
    expect(Object.keys(metrics)).toEqual(["accuracy", "val loss"]);
    expect(metrics["val loss"]).toHaveLength(20);
    expect(metrics["val loss"]![0]).toEqual([0, 1.3]);
    expect(metrics.accuracy).toEqual([[0, 0.8]]);
  });

  it("a long history is cut to at most 40 points that keep its extremes", async () => {
    const client = new MlflowClient(store.root);
    const run = await client.createRun(store.experimentId, undefined, undefined, "long");
    for (let step = 0; step < 5000; step++) client.logMetric(run.info.runId, "x", step === 2500 ? 99 : step % 7, 0, step);
    await client.flush();
    const metrics = await sparklinesOf(run.info.runId);
    expect(metrics.x!.length).toBeLessThanOrEqual(40);
    expect(Math.max(...metrics.x!.map((p: number[]) => p[1]!))).toBe(99);
  });
});

describe("/api/experiments?runCounts=false", () => {
  it("lists the experiments without counting their runs (the runs table needs only names)", async () => {
    const { json } = await getJson(ui.url, "/api/experiments?view=ALL&runCounts=false");
    const table = json.experiments.find((e: any) => e.name === "table");
    expect(table).toMatchObject({ experimentId: store.experimentId, name: "table", lifecycleStage: "active" });
    expect(table).not.toHaveProperty("runCount");
    const counted = (await getJson(ui.url, "/api/experiments?view=ALL")).json.experiments.find((e: any) => e.name === "table");
    expect(counted.runCount).toBeGreaterThan(0);
  });
});
