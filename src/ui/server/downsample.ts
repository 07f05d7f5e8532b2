/**
 * Min/max downsampling for metric histories: a chart `maxPoints` pixels wide can show at most
 * the lowest and the highest value in each pixel column, so a history of any length becomes at
 * most 2 × maxPoints points that draw the same envelope (uPlot's and Grafana's approach).
 */
import { columnsFromMetrics, type MetricColumns } from "../../store/metric-columns.js";

export interface HistoryPoint {
  step: number;
  value: number;
  timestamp: number;
}

/**
 * Splits the step range into `maxPoints` equal buckets and keeps, per bucket, the point with the
 * lowest and the one with the highest value, in step order. NaN never wins a bucket unless it is
 * all the bucket holds (one NaN is kept so the gap still shows). Input need not be sorted.
 * The very same point objects come back: downsampleColumnsMinMax's indices into `points`.
 */
export function downsampleMinMax<T extends HistoryPoint>(points: readonly T[], maxPoints: number): T[] {
  return Array.from(downsampleColumnsMinMax(columnsFromMetrics(points), maxPoints), (i) => points[i]!);
}

/**
 * Min/max downsampling on columns: `rows` are the indices of the points to consider (in the
 * store's order; every row when left out), and the answer is the indices kept, in step order
 * (ties by step and timestamp keep the store's order).
 */
export function downsampleColumnsMinMax(cols: MetricColumns, maxPoints: number, rows: Uint32Array = allRows(cols.steps.length)): Uint32Array {
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError(`maxPoints must be a positive integer, got ${maxPoints}`);
  const { steps, timestamps, values } = cols;
  const before = (a: number, b: number) => steps[a]! - steps[b]! || timestamps[a]! - timestamps[b]!;
  let sorted = rows;
  for (let i = 1; i < rows.length; i++) {
    if (before(rows[i - 1]!, rows[i]!) > 0) {
      // The row index breaks ties: the stable order Array.prototype.sort gives the objects.
      sorted = Uint32Array.from(rows).sort((a, b) => before(a, b) || a - b);
      break;
    }
  }
  if (sorted.length <= 2 * maxPoints) return sorted === rows ? rows.slice() : sorted;
  const n = sorted.length;
  const first = steps[sorted[0]!]!;
  const span = steps[sorted[n - 1]!]! - first;
  const out = new Uint32Array(2 * maxPoints);
  let kept = 0;
  let bucket = -1;
  let lo = -1;
  let hi = -1;
  let nan = -1;
  const emit = () => {
    if (lo >= 0) {
      if (lo === hi) out[kept++] = lo;
      else if (before(lo, hi) <= 0) (out[kept++] = lo), (out[kept++] = hi);
      else (out[kept++] = hi), (out[kept++] = lo);
    } else if (nan >= 0) out[kept++] = nan;
  };
  for (let i = 0; i < n; i++) {
    const r = sorted[i]!;
    const b = span > 0 ? Math.min(maxPoints - 1, Math.floor(((steps[r]! - first) / span) * maxPoints)) : Math.floor((i * maxPoints) / n);
    if (b !== bucket) {
      emit();
      bucket = b;
      lo = hi = nan = -1;
    }
    const v = values[r]!;
    if (Number.isNaN(v)) {
      if (nan < 0) nan = r;
      continue;
    }
    if (lo < 0 || v < values[lo]!) lo = r;
    if (hi < 0 || v > values[hi]!) hi = r;
  }
  emit();
  return out.slice(0, kept);
}

/** Every row of a history: 0 .. n-1. */
export function allRows(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}
