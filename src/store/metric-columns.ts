/**
 * A metric history as three parallel columns instead of one object per point: a 1,000,000-point
 * history read this way is three typed arrays rather than a million `Metric` objects, which is
 * what a viewer that downsamples them away wants (docs/internals.md, "Metric columns").
 *
 * Steps and timestamps are int64 in MLflow. A double holds every integer up to 2^53
 * (9,007,199,254,740,992) exactly; beyond that a value is rounded to the nearest double, exactly
 * as getMetricHistory's `number` fields round it, so the two reads always agree.
 */
import type { Metric } from "../entities.js";
import { isLaterPoint } from "./latest-point.js";
import type { TrackingStore } from "./tracking-store.js";

export interface MetricColumns {
  /** Point i is (steps[i], timestamps[i], values[i]), in the store's order (file order: as logged). */
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
}

/** The columns of a history read as objects. */
export function columnsFromMetrics(history: readonly Pick<Metric, "step" | "timestamp" | "value">[]): MetricColumns {
  const n = history.length;
  const cols = { steps: new Float64Array(n), timestamps: new Float64Array(n), values: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const m = history[i]!;
    cols.steps[i] = m.step;
    cols.timestamps[i] = m.timestamp;
    cols.values[i] = m.value;
  }
  return cols;
}

/** The store's own column read when it has one, else its getMetricHistory (e.g. the REST store) turned into columns. */
export async function historyColumns(store: TrackingStore, runId: string, key: string): Promise<MetricColumns> {
  if (store.getMetricHistoryColumns) return store.getMetricHistoryColumns(runId, key);
  return columnsFromMetrics(await store.getMetricHistory(runId, key));
}

/** latestMetric (latest-point.ts) on columns: the latest point's value; undefined when empty. */
export function latestColumnValue({ steps, timestamps, values }: MetricColumns): number | undefined {
  if (steps.length === 0) return undefined;
  let best = 0;
  for (let i = 1; i < steps.length; i++) {
    if (isLaterPoint(steps[i]!, timestamps[i]!, values[i]!, steps[best]!, timestamps[best]!, values[best]!)) best = i;
  }
  return values[best];
}
