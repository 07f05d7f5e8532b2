import { logMetrics } from "../api/fluent.js";
import { InvalidParameterError } from "../errors.js";

export interface CvSummary {
  mean: number;
  std: number;
  min: number;
  max: number;
  folds: number[];
}

export interface CvOptions {
  /** The score's name: "rmse" gives `cv_rmse_mean`, `cv_rmse_fold_0`, … */
  metric: string;
  /** Key prefix, "cv" by default. */
  prefix?: string;
  /**
   * Delta degrees of freedom of the standard deviation. 0 (the default) is the population
   * standard deviation, sqrt(Σ(x-mean)²/n): what numpy's `np.std(scores)` and the usual
   * `scores.std()` in Kaggle notebooks print, so numbers logged here match numbers
   * people already compare against. 1 gives the sample standard deviation (pandas' `.std()`).
   */
  ddof?: 0 | 1;
}

/** Mean, standard deviation (population by default, see `CvOptions.ddof`), min and max of fold scores. */
export function summarizeScores(scores: readonly number[], ddof: 0 | 1 = 0): CvSummary {
  if (!Array.isArray(scores) || scores.length === 0) {
    throw new InvalidParameterError("Cross-validation scores must be a non-empty array of numbers.");
  }
  for (const [i, s] of scores.entries()) {
    if (typeof s !== "number") throw new InvalidParameterError(`Fold ${i} score is not a number: ${JSON.stringify(s)}`);
  }
  if (ddof !== 0 && ddof !== 1) throw new InvalidParameterError(`ddof must be 0 or 1, got ${String(ddof)}`);
  const n = scores.length;
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  const ss = scores.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  // A single fold has no spread; with ddof=1 that would be 0/0, report 0 rather than NaN.
  const std = n - ddof > 0 ? Math.sqrt(ss / (n - ddof)) : 0;
  return { mean, std, min: Math.min(...scores), max: Math.max(...scores), folds: [...scores] };
}

/** The metric keys logCvResults writes, in order: mean, std, min, max, then one per fold. */
export function cvMetricKeys(nFolds: number, options: CvOptions): string[] {
  const base = `${options.prefix ?? "cv"}_${options.metric}`;
  return [`${base}_mean`, `${base}_std`, `${base}_min`, `${base}_max`, ...Array.from({ length: nFolds }, (_, i) => `${base}_fold_${i}`)];
}

/**
 * Logs `{prefix}_{metric}_mean|std|min|max` and `{prefix}_{metric}_fold_{i}` for every fold to
 * the active run (buffered like logMetrics; needs an active run) and returns the summary.
 */
export function logCvResults(scores: readonly number[], options: CvOptions): CvSummary {
  if (!options || typeof options.metric !== "string" || options.metric === "") {
    throw new InvalidParameterError('logCvResults needs a metric name, e.g. { metric: "rmse" }.');
  }
  const summary = summarizeScores(scores, options.ddof ?? 0);
  const keys = cvMetricKeys(scores.length, options);
  const values = [summary.mean, summary.std, summary.min, summary.max, ...summary.folds];
  logMetrics(Object.fromEntries(keys.map((k, i) => [k, values[i]!])));
  return summary;
}
