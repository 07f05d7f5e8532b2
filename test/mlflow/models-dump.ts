/** The same shape as test/mlflow/py/dump_models.py, read through mlruns. */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MlflowClient, downloadArtifacts, setTrackingUri, type LinkedMetric, type LoggedModel, type Run } from "../../src/index.js";
import type { DatasetFilter, LoggedModelOrderBy } from "../../src/index.js";

export interface ModelQuery {
  experimentIds: string[];
  filterString?: string;
  datasets?: DatasetFilter[];
  orderBy?: LoggedModelOrderBy[];
  maxResults?: number;
}
export interface RunQuery {
  runs: { experimentIds: string[]; filterString?: string };
}

const enc = (v: number): number | string =>
  Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : Object.is(v, -0) ? "-0" : v;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function metric(m: LinkedMetric) {
  return {
    key: m.key, value: enc(m.value), timestamp: m.timestamp, step: m.step,
    modelId: m.modelId ?? null, runId: m.runId ?? null, datasetName: m.datasetName ?? null, datasetDigest: m.datasetDigest ?? null,
  };
}

function files(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(root, full).split(path.sep).join("/")] = createHash("sha256").update(fs.readFileSync(full)).digest("hex");
    }
  };
  walk(root);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => cmp(a, b)));
}

async function modelView(client: MlflowClient, modelId: string) {
  const m: LoggedModel = await client.getLoggedModel(modelId);
  const local = await downloadArtifacts({ artifactUri: `models:/${modelId}`, dstPath: fs.mkdtempSync(path.join(os.tmpdir(), "dump-models-")) });
  return {
    experimentId: m.experimentId, modelId: m.modelId, name: m.name,
    creationTimestamp: m.creationTimestamp, lastUpdatedTimestamp: m.lastUpdatedTimestamp,
    modelType: m.modelType, sourceRunId: m.sourceRunId, status: m.status, statusMessage: m.statusMessage,
    tags: m.tags, params: m.params,
    metrics: m.metrics.map(metric).sort((a, b) =>
      cmp(a.key, b.key) || cmp(a.datasetName ?? "", b.datasetName ?? "") || cmp(a.datasetDigest ?? "", b.datasetDigest ?? "") || a.timestamp - b.timestamp || a.step - b.step),
    modelUri: m.modelUri,
    files: files(local),
  };
}

async function runView(client: MlflowClient, run: Run) {
  const histories: Record<string, unknown[]> = {};
  for (const key of Object.keys(run.data.metrics)) {
    histories[key] = (await client.getMetricHistory(run.info.runId, key)).map((h: LinkedMetric) => [
      h.timestamp, enc(h.value), h.step, h.datasetName ?? null, h.datasetDigest ?? null,
    ]);
  }
  return {
    runId: run.info.runId,
    datasetInputs: (run.inputs?.datasetInputs ?? [])
      .map((d) => ({ dataset: d.dataset, tags: d.tags.map((t) => [t.key, t.value]).sort((a, b) => cmp(a[0]!, b[0]!) || cmp(a[1]!, b[1]!)) }))
      .sort((a, b) => cmp(a.dataset.name, b.dataset.name) || cmp(a.dataset.digest, b.dataset.digest)),
    modelInputs: (run.inputs?.modelInputs ?? []).map((m) => m.modelId).sort(cmp),
    modelOutputs: (run.outputs?.modelOutputs ?? []).map((o) => [o.modelId, o.step] as [string, number]).sort((a, b) => cmp(a[0], b[0]) || a[1] - b[1]),
    histories,
  };
}

export async function dumpModels(root: string, queries: (ModelQuery | RunQuery)[] = []) {
  const client = new MlflowClient(root);
  setTrackingUri(root);
  const experiments = [];
  for (const e of (await client.searchExperiments({ viewType: "ALL" })).items.sort((a, b) => cmp(a.experimentId, b.experimentId))) {
    const models: LoggedModel[] = [];
    let token: string | null | undefined;
    do {
      const page = await client.searchLoggedModels([e.experimentId], undefined, undefined, 100, undefined, token);
      models.push(...page.items);
      token = page.nextPageToken;
    } while (token);
    const runs = (await client.searchRuns([e.experimentId], "", "ALL", 50000)).items;
    experiments.push({
      experimentId: e.experimentId,
      models: (await Promise.all(models.map((m) => modelView(client, m.modelId)))).sort((a, b) => cmp(a.modelId, b.modelId)),
      runs: (await Promise.all(runs.map((r) => runView(client, r)))).sort((a, b) => cmp(a.runId, b.runId)),
    });
  }
  const results: unknown[] = [];
  for (const q of queries) {
    try {
      if ("runs" in q) {
        results.push((await client.searchRuns(q.runs.experimentIds, q.runs.filterString ?? "", "ACTIVE_ONLY", 50000)).items.map((r) => r.info.runId));
        continue;
      }
      const found: LoggedModel[] = [];
      let token: string | null | undefined;
      do {
        const page = await client.searchLoggedModels(q.experimentIds, q.filterString, q.datasets, q.maxResults, q.orderBy, token);
        found.push(...page.items);
        token = page.nextPageToken;
      } while (token && (q.maxResults === undefined || found.length < q.maxResults));
      results.push((q.maxResults === undefined ? found : found.slice(0, q.maxResults)).map((m) => m.modelId));
    } catch (err) {
      results.push({ error: (err as Error).name });
    }
  }
  return { experiments, queries: results };
}
