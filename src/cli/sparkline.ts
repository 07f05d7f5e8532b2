/** Terminal sparklines from block characters. */

export const SPARK_BARS = "▁▂▃▄▅▆▇█";

/** Averages of `values` in `width` consecutive buckets (NaN when a bucket holds only NaN). */
export function resample(values: number[], width: number): number[] {
  if (width <= 0) return [];
  if (values.length <= width) return values.slice();
  const out: number[] = [];
  for (let i = 0; i < width; i++) {
    const from = Math.floor((i * values.length) / width);
    const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / width));
    let sum = 0;
    let n = 0;
    for (let j = from; j < to; j++) {
      const v = values[j]!;
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    out.push(n === 0 ? NaN : sum / n);
  }
  return out;
}

/**
 * One character per value (after resampling to at most `width`): ▁ for the lowest finite
 * value, █ for the highest, a space for NaN; +inf is drawn as █ and -inf as ▁. A flat
 * series is drawn at mid height.
 */
export function sparkline(values: number[], width = values.length): string {
  const points = resample(values, width);
  const finite = points.filter((v) => Number.isFinite(v));
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 0;
  const top = SPARK_BARS.length - 1;
  return points
    .map((v) => {
      if (Number.isNaN(v)) return " ";
      if (v === Infinity) return SPARK_BARS[top];
      if (v === -Infinity) return SPARK_BARS[0];
      if (hi === lo) return SPARK_BARS[3];
      return SPARK_BARS[Math.round(((v - lo) / (hi - lo)) * top)];
    })
    .join("");
}
