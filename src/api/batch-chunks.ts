import type { MetricPoint, Param, RunTag } from "../entities.js";
import { MAX_ENTITIES_PER_BATCH, MAX_METRICS_PER_BATCH, MAX_PARAMS_TAGS_PER_BATCH } from "../validation/limits.js";

export interface Batch {
  metrics: MetricPoint[];
  params: Param[];
  tags: RunTag[];
}

/**
 * The requests MLflow's client (TrackingServiceClient.log_batch) splits a batch into: params
 * and tags 100 at a time, side by side, each topped up with metrics to 1,000 entities; then
 * the remaining metrics 1,000 at a time. The store's per-request limits hold for each one.
 */
export function* batchChunks(metrics: MetricPoint[], params: Param[], tags: RunTag[]): Generator<Batch> {
  let rest = metrics;
  const rounds = Math.max(Math.ceil(params.length / MAX_PARAMS_TAGS_PER_BATCH), Math.ceil(tags.length / MAX_PARAMS_TAGS_PER_BATCH));
  for (let i = 0; i < rounds; i++) {
    const p = params.slice(i * MAX_PARAMS_TAGS_PER_BATCH, (i + 1) * MAX_PARAMS_TAGS_PER_BATCH);
    const t = tags.slice(i * MAX_PARAMS_TAGS_PER_BATCH, (i + 1) * MAX_PARAMS_TAGS_PER_BATCH);
    const room = Math.max(Math.min(MAX_ENTITIES_PER_BATCH - p.length - t.length, MAX_METRICS_PER_BATCH), 0);
    yield { metrics: rest.slice(0, room), params: p, tags: t };
    rest = rest.slice(room);
  }
  for (let i = 0; i < rest.length; i += MAX_METRICS_PER_BATCH) yield { metrics: rest.slice(i, i + MAX_METRICS_PER_BATCH), params: [], tags: [] };
}
