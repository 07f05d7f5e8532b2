/**
 * The REST store against a real `mlflow server` (SQLite backend, artifacts served by the
 * server): every verb, then what MLflow's own Python client reads back.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/api/client.js";
import { InvalidParameterError, ResourceAlreadyExistsError, ResourceNotFoundError } from "../../../src/errors.js";
import { openStore } from "../../../src/store/registry.js";
import { RestStore } from "../../../src/store/rest/rest-store.js";
import { runPythonCode } from "../python.js";
import { startMlflowServer, type MlflowServer } from "../servers/mlflow-server.js";

let server: MlflowServer;
let store: RestStore;
let tmp: string;

beforeAll(async () => {
  server = await startMlflowServer();
  store = new RestStore(server.uri, { flushIntervalMs: 50 });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-rest-"));
});

afterAll(async () => {
  await server?.remove();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("RestStore on a SQLite mlflow server", () => {
  it("opens for http:// tracking URIs", () => {
    expect(openStore(server.uri)).toBeInstanceOf(RestStore);
    expect(new MlflowClient(server.uri).store).toBeInstanceOf(RestStore);
  });

  it("creates, reads, renames, tags, deletes and restores experiments", async () => {
    const id = await store.createExperiment("exp-a", undefined, [{ key: "team", value: "ml" }]);
    const exp = await store.getExperiment(id);
    expect(exp).toMatchObject({ experimentId: id, name: "exp-a", lifecycleStage: "active", tags: { team: "ml" } });
    expect(exp.artifactLocation).toBe(`mlflow-artifacts:/${id}`);
    expect((await store.getExperimentByName("exp-a"))?.experimentId).toBe(id);
    expect(await store.getExperimentByName("no-such")).toBeNull();
    await store.renameExperiment(id, "exp-b");
    await store.setExperimentTag(id, { key: "k", value: "v" });
    expect(await store.getExperiment(id)).toMatchObject({ name: "exp-b", tags: { team: "ml", k: "v" } });
    await store.deleteExperiment(id);
    expect((await store.getExperiment(id)).lifecycleStage).toBe("deleted");
    const deleted = await store.searchExperiments({ viewType: "DELETED_ONLY" });
    expect(deleted.map((e) => e.experimentId)).toContain(id);
    await store.restoreExperiment(id);
    expect((await store.getExperiment(id)).lifecycleStage).toBe("active");
  });

  it("maps the server's error codes to the file store's error classes", async () => {
    await store.createExperiment("dup");
    await expect(store.createExperiment("dup")).rejects.toBeInstanceOf(ResourceAlreadyExistsError);
    await expect(store.getRun("0123456789abcdef0123456789abcdef")).rejects.toBeInstanceOf(ResourceNotFoundError);
    await expect(store.getExperiment("987654")).rejects.toThrow(/No Experiment with id=987654/);
    await expect(store.createExperiment("")).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it("logs a run's params, tags and metrics, and reads them back", async () => {
    const exp = await store.createExperiment("runs");
    const run = await store.createRun({ experimentId: exp, userId: "me", startTime: 1_700_000_000_000, tags: [{ key: "t", value: "1" }], runName: "first" });
    expect(run.info).toMatchObject({ experimentId: exp, runName: "first", status: "RUNNING", userId: "me", startTime: 1_700_000_000_000 });
    const runId = run.info.runId;
    await store.logBatch(runId, {
      params: [{ key: "lr", value: "0.1" }],
      tags: [{ key: "phase", value: "train" }],
      metrics: [
        { key: "loss", value: 1.5, timestamp: 1_700_000_000_001, step: 0 },
        { key: "loss", value: NaN, timestamp: 1_700_000_000_002, step: 1n },
      ],
    });
    await expect(store.logBatch(runId, { params: [{ key: "lr", value: "0.2" }] })).rejects.toBeInstanceOf(InvalidParameterError);
    store.queueMetrics(runId, [
      { key: "acc", value: 0.5, timestamp: 1, step: 2 },
      { key: "acc", value: 0.75, timestamp: 2, step: 3 },
    ]);
    const got = await store.getRun(runId);
    expect(got.data.params).toEqual({ lr: "0.1" });
    expect(got.data.tags).toMatchObject({ t: "1", phase: "train", "mlflow.runName": "first" });
    expect(got.data.metrics).toEqual({ loss: NaN, acc: 0.75 });
    const history = await store.getMetricHistory(runId, "loss");
    expect(history).toEqual([
      { key: "loss", value: 1.5, timestamp: 1_700_000_000_001, step: 0 },
      { key: "loss", value: NaN, timestamp: 1_700_000_000_002, step: 1 },
    ]);
    await store.deleteTag(runId, "phase");
    expect((await store.getRun(runId)).data.tags.phase).toBeUndefined();
    const ended = await store.updateRunInfo(runId, "FINISHED", 1_700_000_100_000);
    expect(ended).toMatchObject({ status: "FINISHED", endTime: 1_700_000_100_000 });
    await store.deleteRun(runId);
    expect((await store.getRun(runId)).info.lifecycleStage).toBe("deleted");
    // A run this store deleted is refused at the call, as the file store does.
    expect(() => store.queueMetrics(runId, [{ key: "late", value: 1, timestamp: 1, step: 0 }])).toThrow(/must be in the 'active' state/);
    await store.restoreRun(runId);
    expect((await store.getRun(runId)).info.lifecycleStage).toBe("active");
  });

  it("searches runs with a filter, order and pages", async () => {
    const exp = await store.createExperiment("search");
    for (let i = 0; i < 5; i++) {
      const r = await store.createRun({ experimentId: exp, userId: "u", startTime: 1000 + i, tags: [], runName: `r${i}` });
      await store.logBatch(r.info.runId, { metrics: [{ key: "score", value: i, timestamp: 1, step: 0 }], params: [{ key: "i", value: String(i) }] });
    }
    const page1 = await store.searchRuns({ experimentIds: [exp], filterString: "metrics.score >= 1", orderBy: ["metrics.score DESC"], maxResults: 2 });
    expect(page1.map((r) => r.data.params.i)).toEqual(["4", "3"]);
    expect(page1.token).toBeTruthy();
    const page2 = await store.searchRuns({ experimentIds: [exp], filterString: "metrics.score >= 1", orderBy: ["metrics.score DESC"], maxResults: 2, pageToken: page1.token });
    expect(page2.map((r) => r.data.params.i)).toEqual(["2", "1"]);
    await expect(store.searchRuns({ experimentIds: [exp], filterString: "metrics.score >>> 1" })).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it("sends 12,000 queued points in batches within MLflow's limits, none lost", async () => {
    const exp = await store.createExperiment("many");
    const { info } = await store.createRun({ experimentId: exp, userId: "u", startTime: 1, tags: [] });
    for (let step = 0; step < 1200; step++) {
      store.queueMetrics(
        info.runId,
        Array.from({ length: 10 }, (_, k) => ({ key: `m${k}`, value: step * k, timestamp: 1000 + step, step })),
      );
    }
    await store.flush();
    for (const k of [0, 9]) {
      const history = await store.getMetricHistory(info.runId, `m${k}`);
      expect(history).toHaveLength(1200);
      expect(history.at(-1)).toEqual({ key: `m${k}`, value: 1199 * k, timestamp: 2199, step: 1199 });
    }
  });

  it("uploads, lists and downloads artifacts through the server's proxy, and Python reads the same", async () => {
    const exp = await store.createExperiment("artifacts");
    const { info } = await store.createRun({ experimentId: exp, userId: "u", startTime: 1, tags: [] });
    const src = path.join(tmp, "src");
    fs.mkdirSync(path.join(src, "sub"), { recursive: true });
    fs.writeFileSync(path.join(src, "a.txt"), "hello");
    fs.writeFileSync(path.join(src, "sub", "b.bin"), crypto.randomBytes(300_000));
    const repo = store.artifactRepository(info);
    await repo.logArtifact(path.join(src, "a.txt"));
    await repo.logArtifacts(src, "dir");
    await repo.writeArtifact("notes/x y.txt", "spaced name");
    expect(await repo.listArtifacts()).toEqual([
      { path: "a.txt", isDir: false, fileSize: 5 },
      { path: "dir", isDir: true, fileSize: null },
      { path: "notes", isDir: true, fileSize: null },
    ]);
    expect((await repo.listArtifacts("dir/sub")).map((f) => f.path)).toEqual(["dir/sub/b.bin"]);
    const out = await repo.downloadArtifacts("dir", path.join(tmp, "down"));
    expect(sha256(path.join(out, "sub", "b.bin"))).toBe(sha256(path.join(src, "sub", "b.bin")));
    await expect(repo.downloadArtifacts("nope.txt", path.join(tmp, "down2"))).rejects.toBeInstanceOf(ResourceNotFoundError);

    const py = await runPythonCode(
      `import json, hashlib, mlflow, os, tempfile
c = mlflow.tracking.MlflowClient(tracking_uri=${JSON.stringify(server.uri)})
d = c.download_artifacts(${JSON.stringify(info.runId)}, "", tempfile.mkdtemp())
out = {}
for root, _, files in os.walk(d):
    for f in files:
        p = os.path.join(root, f)
        out[os.path.relpath(p, d)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
print(json.dumps(out))`,
    );
    expect(py).toEqual({
      "a.txt": sha256(path.join(src, "a.txt")),
      "dir/a.txt": sha256(path.join(src, "a.txt")),
      "dir/sub/b.bin": sha256(path.join(src, "sub", "b.bin")),
      "notes/x y.txt": crypto.createHash("sha256").update("spaced name").digest("hex"),
    });
  });

  it("logs datasets, logged models and linked metrics through the 3.x endpoints", async () => {
    const exp = await store.createExperiment("models");
    const { info } = await store.createRun({ experimentId: exp, userId: "u", startTime: 1, tags: [] });
    const dataset = { name: "train", digest: "abc12345", sourceType: "local", source: '{"uri": "/data/train.csv"}', schema: null, profile: '{"num_rows": 10}' };
    await store.logInputs(info.runId, [{ dataset, tags: [{ key: "mlflow.data.context", value: "training" }] }]);
    const model = await store.createLoggedModel({ experimentId: exp, name: "net", sourceRunId: info.runId, params: [{ key: "layers", value: "3" }], tags: [{ key: "kind", value: "mlp" }] });
    expect(model).toMatchObject({ name: "net", status: "PENDING", params: { layers: "3" }, tags: { kind: "mlp" }, sourceRunId: info.runId });
    await store.logOutputs(info.runId, [{ modelId: model.modelId, step: 7 }]);
    store.queueMetrics(info.runId, [{ key: "acc", value: 0.9, timestamp: 5, step: 7, modelId: model.modelId, datasetName: "train", datasetDigest: "abc12345" }]);
    await store.setLoggedModelTags(model.modelId, [{ key: "stage", value: "dev" }]);
    await store.logLoggedModelParams(model.modelId, [{ key: "opt", value: "adam" }]);
    await store.deleteLoggedModelTag(model.modelId, "kind");
    const ready = await store.finalizeLoggedModel(model.modelId, "READY");
    expect(ready.status).toBe("READY");
    const got = await store.getLoggedModel(model.modelId);
    expect(got.tags).toEqual({ stage: "dev" });
    expect(got.params).toEqual({ layers: "3", opt: "adam" });
    expect(got.metrics).toEqual([{ key: "acc", value: 0.9, timestamp: 5, step: 7, modelId: model.modelId, datasetName: "train", datasetDigest: "abc12345", runId: info.runId }]);
    const run = await store.getRun(info.runId);
    expect(run.inputs?.datasetInputs).toEqual([{ dataset: { ...dataset, schema: null }, tags: [{ key: "mlflow.data.context", value: "training" }] }]);
    expect(run.outputs?.modelOutputs).toEqual([{ modelId: model.modelId, step: 7 }]);
    const found = await store.searchLoggedModels({ experimentIds: [exp], filterString: "metrics.acc > 0.5" });
    expect(found.map((m) => m.modelId)).toEqual([model.modelId]);
    const failed = await store.createLoggedModel({ experimentId: exp, name: "broken" });
    expect((await store.finalizeLoggedModel(failed.modelId, "FAILED")).status).toBe("FAILED");
    expect((await store.getLoggedModel(failed.modelId)).status).toBe("FAILED");
    await store.deleteLoggedModel(model.modelId);
    await expect(store.getLoggedModel(model.modelId)).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

function sha256(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}
