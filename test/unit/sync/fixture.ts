/**
 * A source store with one of everything sync copies, written through the store interface, and
 * a view of a store that two stores share when sync copied one into the other: run ids, model
 * ids and artifact locations differ, everything else must be equal.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { FileStore } from "../../../src/store/file/file-store.js";
import type { TrackingStore } from "../../../src/store/tracking-store.js";
import { listFiles } from "../../../src/sync/copy-artifacts.js";

export const SOURCE_RUN_TAG = "mlruns.sync.sourceRunId";
export const SOURCE_MODEL_TAG = "mlruns.sync.sourceModelId";

export function openFileStore(root: string): FileStore {
  return new FileStore(path.resolve(root));
}

export const dataset = (name: string, digest: string) => ({
  dataset: { name, digest, sourceType: "local", source: JSON.stringify({ uri: `/data/${name}.csv` }), schema: null, profile: JSON.stringify({ num_rows: 10 }) },
  tags: [{ key: "mlflow.data.context", value: "training" }],
});

/** Experiment "vision" (tagged) with a parent run, a nested child, a logged model; experiment "nlp" with one running run. */
export async function writeSource(store: TrackingStore): Promise<{ parent: string; child: string; running: string; model: string }> {
  const vision = await store.createExperiment("vision", undefined, [{ key: "team", value: "cv" }]);
  const parent = await store.createRun({ experimentId: vision, userId: "alice", startTime: 1_700_000_000_000, tags: [{ key: "mlflow.runName", value: "sweep" }, { key: "kind", value: "parent" }], runName: "sweep" });
  const pid = parent.info.runId;
  await store.logBatch(pid, {
    params: [{ key: "lr", value: "0.1" }, { key: "layers", value: "4" }],
    tags: [{ key: "note", value: "first" }],
    metrics: [
      { key: "loss", value: 1.5, timestamp: 1_700_000_000_100, step: 0 },
      { key: "loss", value: 0.75, timestamp: 1_700_000_000_200, step: 1 },
      { key: "loss", value: 0.75, timestamp: 1_700_000_000_200, step: 1 }, // a repeated point is a point too
      { key: "loss", value: Number.NaN, timestamp: 1_700_000_000_300, step: 2 },
      { key: "acc", value: 0.5, timestamp: 1_700_000_000_100, step: -3 },
      { key: "acc", value: Infinity, timestamp: 1_700_000_000_400, step: 9_007_199_254_740_991 },
    ],
  });
  const artifacts = store.artifactRepository(parent.info);
  await artifacts.writeArtifact("notes.txt", "hello\n");
  await artifacts.writeArtifact("plots/deep/curve.bin", crypto.randomBytes(70_000));
  await store.logInputs(pid, [dataset("train", "aaaa1111")]);

  const child = await store.createRun({ experimentId: vision, userId: "bob", startTime: 1_700_000_001_000, tags: [{ key: "mlflow.parentRunId", value: pid }, { key: "mlflow.runName", value: "fold-1" }], runName: "fold-1" });
  const cid = child.info.runId;
  await store.logBatch(cid, { params: [{ key: "fold", value: "1" }], metrics: [{ key: "val_loss", value: 0.3, timestamp: 1_700_000_001_500, step: 5 }] });

  const model = await store.createLoggedModel({ experimentId: vision, name: "ckpt", sourceRunId: pid, tags: [{ key: "stage", value: "dev" }], params: [{ key: "epoch", value: "3" }], modelType: "classifier" });
  await store.loggedModelArtifactRepository(model).writeArtifact("MLmodel", "artifact_path: model\n");
  await store.finalizeLoggedModel(model.modelId, "READY");
  await store.logOutputs(pid, [{ modelId: model.modelId, step: 1 }]);
  await store.logInputs(cid, [], [{ modelId: model.modelId }]);

  await store.updateRunInfo(cid, "FINISHED", 1_700_000_002_000);
  await store.updateRunInfo(pid, "FAILED", 1_700_000_003_000);

  const nlp = await store.createExperiment("nlp");
  const running = await store.createRun({ experimentId: nlp, userId: "carol", startTime: 1_700_000_004_000, tags: [{ key: "mlflow.runName", value: "live" }], runName: "live" });
  await store.logBatch(running.info.runId, { metrics: [{ key: "loss", value: 2, timestamp: 1_700_000_004_100, step: 0 }] });
  return { parent: pid, child: cid, running: running.info.runId, model: model.modelId };
}

async function fileHashes(repo: ReturnType<TrackingStore["artifactRepository"]>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const dir = fs.mkdtempSync(path.join(path.dirname(repo.rootDir ?? "/tmp"), ".view-"));
  try {
    for (const rel of (await listFiles(repo)).keys()) {
      const local = await repo.downloadArtifacts(rel, dir);
      out[rel] = crypto.createHash("sha256").update(fs.readFileSync(local)).digest("hex");
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/**
 * Everything about a store that sync must carry over, with ids replaced by stable names: runs
 * by run name, models by name. `origin` maps a target's ids back to the source's (via the
 * source-id tags) so a rewritten parent id reads the same as the original.
 */
export async function storeView(store: TrackingStore, { stripSyncTags = false } = {}): Promise<Record<string, unknown>> {
  const view: Record<string, unknown> = {};
  const experiments = await store.searchExperiments({ viewType: "ACTIVE_ONLY", maxResults: 1000 });
  const runName = new Map<string, string>();
  const modelName = new Map<string, string>();
  const allRuns = [];
  for (const e of experiments) {
    const runs = await store.searchRuns({ experimentIds: [e.experimentId], maxResults: 1000 });
    for (const r of runs) runName.set(r.info.runId, r.info.runName ?? r.info.runId);
    allRuns.push(...runs);
    for (const m of await store.searchLoggedModels({ experimentIds: [e.experimentId], maxResults: 100 })) modelName.set(m.modelId, m.name);
  }
  const strip = (tags: Record<string, string>) => {
    const out = { ...tags };
    if (stripSyncTags) {
      delete out[SOURCE_RUN_TAG];
      delete out[SOURCE_MODEL_TAG];
    }
    if (out["mlflow.parentRunId"]) out["mlflow.parentRunId"] = `run:${runName.get(out["mlflow.parentRunId"])}`;
    return out;
  };
  for (const e of experiments) {
    const runs: Record<string, unknown> = {};
    for (const r of allRuns.filter((x) => x.info.experimentId === e.experimentId)) {
      const histories: Record<string, unknown> = {};
      for (const key of Object.keys(r.data.metrics).sort()) histories[key] = await store.getMetricHistory(r.info.runId, key);
      runs[r.info.runName ?? "?"] = {
        info: { userId: r.info.userId, status: r.info.status, startTime: r.info.startTime, endTime: r.info.endTime, runName: r.info.runName },
        params: r.data.params,
        tags: strip(r.data.tags),
        histories,
        artifacts: await fileHashes(store.artifactRepository(r.info)),
        datasets: r.inputs?.datasetInputs,
        modelInputs: r.inputs?.modelInputs.map((m) => modelName.get(m.modelId)),
        modelOutputs: r.outputs?.modelOutputs.map((m) => ({ model: modelName.get(m.modelId), step: m.step })),
      };
    }
    const models: Record<string, unknown> = {};
    for (const m of await store.searchLoggedModels({ experimentIds: [e.experimentId], maxResults: 100 })) {
      models[m.name] = {
        status: m.status,
        modelType: m.modelType,
        params: m.params,
        tags: strip(m.tags),
        sourceRun: m.sourceRunId ? runName.get(m.sourceRunId) : null,
        artifacts: await fileHashes(store.loggedModelArtifactRepository(m)),
      };
    }
    view[e.name] = { tags: e.tags, runs, models };
  }
  return view;
}

/** Every file of a store folder with its content hash and mtime: proves a sync wrote nothing. */
export function snapshotFiles(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(root, full)] = `${crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex")} ${fs.statSync(full).mtimeMs}`;
    }
  };
  walk(root);
  return out;
}

/** How many lines the sync journal in a store's root holds (0 before it exists). */
export function journalLines(root: string): number {
  const file = fs.readdirSync(root).find((f) => f.endsWith(".journal"));
  return file ? fs.readFileSync(path.join(root, file), "utf8").split("\n").length - 1 : 0;
}
