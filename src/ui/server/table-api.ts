/**
 * Endpoints of the runs table, the compare page and the run page's extras (datasets, logged
 * models), read through the TrackingStore like the rest of /api.
 */
import fs from "node:fs";
import type { ServerResponse } from "node:http";
import type { LoggedModel, Run } from "../../entities.js";
import { ResourceNotFoundError } from "../../errors.js";
import { compareRuns } from "../../compare/compare-runs.js";
import { DIRECTION_LEGEND } from "../../compare/metric-direction.js";
import { collectPages } from "../../store/paged-list.js";
import type { TrackingStore } from "../../store/tracking-store.js";
import { resolveInside, serveArtifacts } from "./artifact-file.js";
import { commaList, runIdList } from "./query.js";
import { HttpError, sendJson } from "./respond.js";

/** An MLmodel file is a few hundred bytes; a larger one is shown cut. */
const MLMODEL_BYTES = 64 * 1024;

/** Answers the endpoints this module owns; false when the path is not one of them. */
export async function handleTableApi(store: TrackingStore, res: ServerResponse, parts: string[], q: URLSearchParams): Promise<boolean> {
  if (parts.length === 1 && parts[0] === "compare") sendJson(res, 200, await compare(store, q));
  else if (parts.length === 1 && parts[0] === "keys") sendJson(res, 200, await keys(store, q));
  else if (parts[0] === "runs" && parts.length === 3 && parts[2] === "io") sendJson(res, 200, await runIo(store, parts[1]!));
  else if (parts[0] === "models" && parts.length === 3 && (parts[2] === "artifacts" || parts[2] === "artifact")) {
    await serveArtifacts(res, async () => store.loggedModelArtifactRepository(await store.getLoggedModel(parts[1]!, true)), parts[2], q);
  } else return false;
  return true;
}

/** `mlruns compare` as JSON: the same params diff and best-metric rule. */
async function compare(store: TrackingStore, q: URLSearchParams) {
  const ids = runIdList(q, "Pass the runs to compare: /api/compare?runs=ID,ID");
  const higher = commaList(q, "higherIsBetter");
  const lower = commaList(q, "lowerIsBetter");
  const both = higher.find((k) => lower.includes(k));
  if (both !== undefined) throw new HttpError(400, "INVALID_PARAMETER_VALUE", `Metric '${both}' is in both higherIsBetter and lowerIsBetter; keep one.`);
  const runs: Run[] = [];
  for (const id of ids) runs.push(await store.getRun(id));
  const cmp = compareRuns(runs, { higher, lower });
  return {
    runs: runs.map((r) => ({ runId: r.info.runId, runName: r.info.runName, experimentId: r.info.experimentId, status: r.info.status, startTime: r.info.startTime, endTime: r.info.endTime })),
    params: cmp.params,
    metrics: cmp.metrics,
    legend: DIRECTION_LEGEND,
  };
}

/**
 * Every metric, param and tag key of the experiments' runs, for the column picker. Only folder
 * listings: the chooser records the keys and asks for none of their values.
 */
async function keys(store: TrackingStore, q: URLSearchParams) {
  const experimentIds = commaList(q, "experiments");
  if (!experimentIds.length) throw new HttpError(400, "INVALID_PARAMETER_VALUE", "Pass one or more experiment ids: /api/keys?experiments=0,1");
  const seen = { metrics: new Set<string>(), params: new Set<string>(), tags: new Set<string>() };
  const record = (kind: keyof typeof seen) => (keysByRun: ReadonlyArray<readonly string[]>) => {
    for (const ks of keysByRun) for (const k of ks) seen[kind].add(k);
    return [];
  };
  const select = { metrics: record("metrics"), params: record("params"), tags: record("tags"), inputs: false };
  await collectPages((pageToken) => store.searchRuns({ experimentIds, runViewType: "ALL", maxResults: 50_000, pageToken, select }));
  const sorted = (s: Set<string>) => [...s].sort();
  return { metrics: sorted(seen.metrics), params: sorted(seen.params), tags: sorted(seen.tags) };
}

/** The run's datasets (inputs) and its logged models: the ones it output, used, or is the source run of. */
async function runIo(store: TrackingStore, runId: string) {
  const run = await store.getRun(runId);
  const datasets = (run.inputs?.datasetInputs ?? []).map((d) => ({ ...d.dataset, tags: d.tags }));
  const relation = new Map<string, { relation: string; step: number | null }>();
  for (const o of run.outputs?.modelOutputs ?? []) relation.set(o.modelId, { relation: "output", step: o.step });
  for (const i of run.inputs?.modelInputs ?? []) if (!relation.has(i.modelId)) relation.set(i.modelId, { relation: "input", step: null });
  const models = new Map<string, LoggedModel>();
  const filterString = `source_run_id = '${runId.replace(/'/g, "")}'`;
  for (const m of await collectPages((pageToken) => store.searchLoggedModels({ experimentIds: [run.info.experimentId], filterString, pageToken }))) {
    models.set(m.modelId, m);
    if (!relation.has(m.modelId)) relation.set(m.modelId, { relation: "source", step: null });
  }
  const loggedModels = [];
  for (const [modelId, rel] of relation) {
    let model = models.get(modelId);
    if (!model) {
      try {
        model = await store.getLoggedModel(modelId, true);
      } catch (e) {
        if (!(e instanceof ResourceNotFoundError)) throw e;
        loggedModels.push({ modelId, missing: true, ...rel });
        continue;
      }
    }
    loggedModels.push({
      modelId,
      name: model.name,
      status: model.status,
      modelType: model.modelType,
      sourceRunId: model.sourceRunId,
      artifactLocation: model.artifactLocation,
      creationTimestamp: model.creationTimestamp,
      ...rel,
      mlmodel: readMlmodel(store, model),
    });
  }
  return { datasets, loggedModels };
}

/**
 * The model's MLmodel text (cut at MLMODEL_BYTES), or null when it is missing or not a regular
 * file (a folder would make the read throw EISDIR); a symlink out of the model's folder is not followed.
 */
function readMlmodel(store: TrackingStore, model: LoggedModel): string | null {
  let file: string;
  try {
    file = resolveInside(store.loggedModelArtifactRepository(model), "MLmodel");
  } catch (e) {
    if (e instanceof HttpError) return null;
    throw e;
  }
  if (!fs.statSync(file).isFile()) return null;
  const head = Buffer.alloc(MLMODEL_BYTES);
  const fd = fs.openSync(file, "r");
  try {
    return head.subarray(0, fs.readSync(fd, head, 0, MLMODEL_BYTES, 0)).toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}
