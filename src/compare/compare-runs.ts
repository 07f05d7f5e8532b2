/**
 * Runs side by side: which params differ and which run holds the best value of each metric.
 * Pure (no store, no output), shared by `mlruns compare` and the UI's /api/compare.
 */
import type { Run } from "../entities.js";
import { bestIndexes, lowerIsBetter, type DirectionOverrides } from "./metric-direction.js";

export interface Comparison {
  runs: Run[];
  params: Array<{ key: string; values: Array<string | null>; differs: boolean }>;
  metrics: Array<{ key: string; values: Array<number | null>; better: "lower" | "higher"; best: string[] }>;
}

export function compareRuns(runs: Run[], overrides?: DirectionOverrides): Comparison {
  const keys = (kind: "params" | "metrics") => [...new Set(runs.flatMap((r) => Object.keys(r.data[kind])))].sort();
  const params = keys("params").map((key) => {
    const values = runs.map((r) => (Object.hasOwn(r.data.params, key) ? r.data.params[key]! : null));
    return { key, values, differs: new Set(values).size > 1 };
  });
  const metrics = keys("metrics").map((key) => {
    const values = runs.map((r) => (Object.hasOwn(r.data.metrics, key) ? r.data.metrics[key]! : null));
    const lower = lowerIsBetter(key, overrides);
    const best = bestIndexes(values.map((v) => v ?? undefined), lower).map((i) => runs[i]!.info.runId);
    return { key, values, better: lower ? ("lower" as const) : ("higher" as const), best };
  });
  return { runs, params, metrics };
}
