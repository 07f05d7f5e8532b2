/**
 * The point MLflow reports as a metric's latest (FileStore._get_metric, get_latest_metrics and
 * the logged-model metric groups): Python's max(points, key=(step, timestamp, value)). max keeps
 * the first of equal keys, and NaN never compares greater, so a NaN value never wins a tie and a
 * NaN that came first keeps it.
 */
import type { Metric } from "../entities.js";

type Point = Pick<Metric, "step" | "timestamp" | "value">;

/** Whether (step, timestamp, value) is later than (bestStep, bestTimestamp, bestValue): numbers, so columns need no object per point. */
export function isLaterPoint(step: number, timestamp: number, value: number, bestStep: number, bestTimestamp: number, bestValue: number): boolean {
  return step > bestStep || (step === bestStep && (timestamp > bestTimestamp || (timestamp === bestTimestamp && value > bestValue)));
}

export function isLaterMetric(p: Point, best: Point): boolean {
  return isLaterPoint(p.step, p.timestamp, p.value, best.step, best.timestamp, best.value);
}

/** The latest of `points`; undefined when there are none. */
export function latestMetric<T extends Point>(points: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const p of points) if (!best || isLaterMetric(p, best)) best = p;
  return best;
}
