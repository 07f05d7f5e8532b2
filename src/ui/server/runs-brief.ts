/**
 * `/api/runs-brief?runs=ID,ID`: what a chart or a live table needs of a few runs, by id, without
 * knowing their experiments: name, status, times and latest metric values. One getRun per id
 * (the store caches latest values while the metric files are unchanged), so a poll every 2 s stays
 * cheap even in a store of 10,000 runs, where listing experiments would read every run's meta.yaml.
 */
import type { TrackingStore } from "../../store/tracking-store.js";
import { ResourceNotFoundError } from "../../errors.js";
import { HttpError } from "./respond.js";

/** A chart of more runs than this is unreadable anyway; the limit keeps one request bounded. */
export const MAX_BRIEF_RUNS = 100;

export async function runsBrief(store: TrackingStore, q: URLSearchParams) {
  const ids = [...new Set(q.getAll("runs").flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean))];
  if (!ids.length) throw new HttpError(400, "INVALID_PARAMETER_VALUE", "Pass one or more run ids: /api/runs-brief?runs=ID,ID");
  if (ids.length > MAX_BRIEF_RUNS) throw new HttpError(400, "INVALID_PARAMETER_VALUE", `At most ${MAX_BRIEF_RUNS} runs at once, got ${ids.length}.`);
  const runs = [];
  const missing = [];
  for (const id of ids) {
    try {
      const { info, data } = await store.getRun(id);
      runs.push({ runId: info.runId, runName: info.runName, experimentId: info.experimentId, status: info.status, startTime: info.startTime, endTime: info.endTime, lifecycleStage: info.lifecycleStage, metrics: data.metrics });
    } catch (err) {
      if (!(err instanceof ResourceNotFoundError)) throw err;
      missing.push(id);
    }
  }
  return { runs, missing };
}
