/**
 * `/api/runs-brief?runs=ID,ID`: what a chart or a live table needs of a few runs, by id, without
 * knowing their experiments: name, status, times and latest metric values. One getRun per id
 * (the store caches latest values while the metric files are unchanged), so a poll every 2 s stays
 * cheap even in a store of 10,000 runs, where listing experiments would read every run's meta.yaml.
 */
import type { TrackingStore } from "../../store/tracking-store.js";
import { InvalidParameterError, ResourceNotFoundError } from "../../errors.js";
import { runIdList } from "./query.js";

export async function runsBrief(store: TrackingStore, q: URLSearchParams) {
  const ids = runIdList(q, "Pass one or more run ids: /api/runs-brief?runs=ID,ID");
  const runs = [];
  const missing = [];
  for (const id of ids) {
    try {
      const { info, data } = await store.getRun(id);
      runs.push({ runId: info.runId, runName: info.runName, experimentId: info.experimentId, status: info.status, startTime: info.startTime, endTime: info.endTime, lifecycleStage: info.lifecycleStage, metrics: data.metrics });
    } catch (err) {
      // A malformed id (a parent tag set by hand, say) names no run either: one such id must not cost the others.
      if (!(err instanceof ResourceNotFoundError || err instanceof InvalidParameterError)) throw err;
      missing.push(id);
    }
  }
  return { runs, missing };
}
