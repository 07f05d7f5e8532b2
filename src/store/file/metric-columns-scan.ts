/**
 * A run's metric file read into columns (see ../metric-columns.ts) by the same in-place scanner
 * as getMetricHistory, so the two agree point for point, damage warnings included.
 */
import type { MetricColumns } from "../metric-columns.js";
import { scanMetricText } from "./run-metric-scan.js";

/** A metric line is at least 6 bytes ("0 0 0\n"); the first guess at the point count errs high, then the arrays shrink. */
const MIN_LINE_BYTES = 6;
const MAX_FIRST_GUESS = 1 << 16;

export function scanMetricColumns(key: string, text: string, onDamage?: (problem: string) => void): MetricColumns {
  let cap = Math.max(16, Math.min(MAX_FIRST_GUESS, Math.ceil(text.length / MIN_LINE_BYTES)));
  let steps = new Float64Array(cap);
  let timestamps = new Float64Array(cap);
  let values = new Float64Array(cap);
  let n = 0;
  const push = (timestamp: number, value: number, step: number) => {
    if (n === cap) {
      cap *= 2;
      steps = grown(steps, cap);
      timestamps = grown(timestamps, cap);
      values = grown(values, cap);
    }
    steps[n] = step;
    timestamps[n] = timestamp;
    values[n] = value;
    n++;
  };
  scanMetricText(key, text, onDamage, { point: push, general: (m) => push(m.timestamp, m.value, m.step) });
  return { steps: steps.slice(0, n), timestamps: timestamps.slice(0, n), values: values.slice(0, n) };
}

function grown(a: Float64Array<ArrayBuffer>, cap: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}
