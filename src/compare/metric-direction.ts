/** Which way is better for a metric, judged from its name. */

/** Lower is better for names containing one of these (case-insensitive), higher otherwise. */
export const LOWER_IS_BETTER = /loss|rmse|mae|mse|error|err/i;

/** Metrics the user named with --higher-is-better / --lower-is-better: these win over the name rule. */
export interface DirectionOverrides {
  higher: readonly string[];
  lower: readonly string[];
}

export function lowerIsBetter(metricKey: string, overrides?: DirectionOverrides): boolean {
  if (overrides?.lower.includes(metricKey)) return true;
  if (overrides?.higher.includes(metricKey)) return false;
  return LOWER_IS_BETTER.test(metricKey);
}

export const DIRECTION_LEGEND =
  "lower is better for metrics whose name contains loss, rmse, mae, mse, error or err; higher is better for the others";

/**
 * Indexes of the best values (ties all win). NaN and missing values never win; a metric
 * present in fewer than two runs has no best.
 */
export function bestIndexes(values: Array<number | undefined>, lower: boolean): number[] {
  const present = values.map((v, i) => ({ v, i })).filter((x): x is { v: number; i: number } => x.v !== undefined && !Number.isNaN(x.v));
  if (values.filter((v) => v !== undefined).length < 2 || present.length === 0) return [];
  const target = lower ? Math.min(...present.map((x) => x.v)) : Math.max(...present.map((x) => x.v));
  return present.filter((x) => x.v === target).map((x) => x.i);
}
