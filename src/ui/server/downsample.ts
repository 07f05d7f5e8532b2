/**
 * Min/max downsampling for metric histories: a chart `maxPoints` pixels wide can show at most
 * the lowest and the highest value in each pixel column, so a history of any length becomes at
 * most 2 × maxPoints points that draw the same envelope (uPlot's and Grafana's approach).
 */

export interface HistoryPoint {
  step: number;
  value: number;
  timestamp: number;
}

/**
 * Splits the step range into `maxPoints` equal buckets and keeps, per bucket, the point with the
 * lowest and the one with the highest value, in step order. NaN never wins a bucket unless it is
 * all the bucket holds (one NaN is kept so the gap still shows). Input need not be sorted.
 */
export function downsampleMinMax<T extends HistoryPoint>(points: readonly T[], maxPoints: number): T[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError(`maxPoints must be a positive integer, got ${maxPoints}`);
  const sorted = isSortedByStep(points) ? points : [...points].sort(byStepThenTime);
  if (sorted.length <= 2 * maxPoints) return [...sorted];
  const first = sorted[0]!.step;
  const span = sorted[sorted.length - 1]!.step - first;
  const out: T[] = [];
  let bucket = -1;
  let lo: T | undefined;
  let hi: T | undefined;
  let nan: T | undefined;
  const emit = () => {
    if (lo && hi) {
      if (lo === hi) out.push(lo);
      else out.push(...(order(lo, hi) ? [lo, hi] : [hi, lo]));
    } else if (nan) out.push(nan);
  };
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!;
    // Equal steps (span 0) or a history whose steps are all one value fall back to index buckets.
    const b = span > 0 ? Math.min(maxPoints - 1, Math.floor(((p.step - first) / span) * maxPoints)) : Math.floor((i * maxPoints) / sorted.length);
    if (b !== bucket) {
      emit();
      bucket = b;
      lo = hi = nan = undefined;
    }
    if (Number.isNaN(p.value)) {
      nan ??= p;
      continue;
    }
    if (!lo || p.value < lo.value) lo = p;
    if (!hi || p.value > hi.value) hi = p;
  }
  emit();
  return out;
}

function order(a: HistoryPoint, b: HistoryPoint): boolean {
  return byStepThenTime(a, b) <= 0;
}

function byStepThenTime(a: HistoryPoint, b: HistoryPoint): number {
  return a.step - b.step || a.timestamp - b.timestamp;
}

function isSortedByStep(points: readonly HistoryPoint[]): boolean {
  for (let i = 1; i < points.length; i++) if (byStepThenTime(points[i - 1]!, points[i]!) > 0) return false;
  return true;
}
