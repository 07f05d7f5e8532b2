/**
 * The metric history endpoint's answer: `/api/runs/ID/metrics/KEY?maxPoints=N&x=step|timestamp
 * &minX=A&maxX=B&since=I`. A chart asks for about two points per pixel column (maxPoints), for the
 * x range it shows (minX..maxX on the step axis, the timestamp axis in ms, or `relative`: seconds
 * since the history's earliest timestamp; both ends included: a zoom asks
 * for its range at full resolution), and a live chart asks only for what was logged since its last
 * poll (since = the previous answer's `total`). Min/max downsampling applies to the points left
 * after the range and `since` filters, so an answer always holds at most 2 × maxPoints points.
 */
import type { MetricColumns } from "../../store/metric-columns.js";
import { allRows, downsampleColumnsMinMax } from "./downsample.js";
import { badRequest as bad, integerParam } from "./query.js";

/** The most a chart asks for: far more than any screen has pixel columns. */
export const MAX_POINTS_LIMIT = 100_000;
const X_AXES = ["step", "timestamp", "relative"] as const;
type XAxis = (typeof X_AXES)[number];

export interface HistoryQuery {
  maxPoints?: number;
  x: XAxis;
  minX?: number;
  maxX?: number;
  /** Skip the first `since` points in the store's order (a metric file is append-only). */
  since: number;
}

export function parseHistoryQuery(q: URLSearchParams): HistoryQuery {
  const maxPoints = integerParam(q, "maxPoints", 1);
  if (maxPoints !== undefined && maxPoints > MAX_POINTS_LIMIT) throw bad(`maxPoints must be at most ${MAX_POINTS_LIMIT}, got ${maxPoints}.`);
  const x = (q.get("x") || "step") as XAxis;
  if (!X_AXES.includes(x)) throw bad(`x must be one of ${X_AXES.join(", ")} (the axis minX and maxX are on), got '${q.get("x")}'.`);
  const minX = numberParam(q, "minX");
  const maxX = numberParam(q, "maxX");
  if (minX !== undefined && maxX !== undefined && minX > maxX) throw bad(`minX (${minX}) must not be greater than maxX (${maxX}).`);
  return { maxPoints, x, minX, maxX, since: integerParam(q, "since", 0) ?? 0 };
}

/**
 * `total` counts every point of the history (the next poll's `since`), `matched` those inside the
 * range and after `since`, `points` what is sent of them. `firstTimestamp` is the earliest
 * timestamp of the whole history: the origin of a chart's relative-time axis.
 */
export function historyAnswer(key: string, cols: MetricColumns, query: HistoryQuery) {
  const { steps, timestamps, values } = cols;
  const n = steps.length;
  const { x, minX, maxX, since, maxPoints } = query;
  let firstTimestamp: number | null = null;
  for (let i = 0; i < n; i++) if (firstTimestamp === null || timestamps[i]! < firstTimestamp) firstTimestamp = timestamps[i]!;
  const filtered = since > 0 || minX !== undefined || maxX !== undefined;
  let matched: Uint32Array;
  if (filtered) {
    matched = new Uint32Array(Math.max(0, n - since));
    let m = 0;
    for (let i = since; i < n; i++) {
      const at = x === "step" ? steps[i]! : x === "timestamp" ? timestamps[i]! : (timestamps[i]! - firstTimestamp!) / 1000;
      if ((minX !== undefined && at < minX) || (maxX !== undefined && at > maxX)) continue;
      matched[m++] = i;
    }
    matched = matched.subarray(0, m);
  } else matched = allRows(n);
  const shown = maxPoints === undefined ? matched : downsampleColumnsMinMax(cols, maxPoints, matched);
  const points = Array.from(shown, (i) => ({ step: steps[i]!, value: values[i]!, timestamp: timestamps[i]! }));
  return { key, total: n, matched: matched.length, downsampled: points.length < matched.length, firstTimestamp, points };
}

function numberParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw bad(`${name} must be a finite number (a step, a timestamp in milliseconds or, with x=relative, seconds), got '${v}'.`);
  return n;
}
