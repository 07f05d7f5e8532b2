/** A run read back whole, or only the keys a search names (through the search cache). */
import fs from "node:fs";
import path from "node:path";
import type { Metric, Run, RunInfo } from "../../entities.js";
import { MlflowError } from "../../errors.js";
import { validateEntityKey } from "../../validation/names.js";
import type { KeyChooser, KeySelection, RunSelection } from "../tracking-store.js";
import { tornLineWarning, warn } from "./damage.js";
import { latestColumnValue, type MetricColumns } from "../metric-columns.js";
import { scanMetricColumns } from "./metric-columns-scan.js";
import { readRunInfo } from "./run-meta.js";
import { scanRunMetricFile } from "./run-metric-scan.js";
import type { KeyKind } from "./run-cache.js";
import { INPUTS_FOLDER, OUTPUTS_FOLDER, readRunInputs, readRunOutputs } from "./run-inputs.js";
import type { StoreContext } from "./store-context.js";

export const RUN_NAME_TAG = "mlflow.runName";

type ListedKeys = Exclude<KeySelection, KeyChooser>;
/** A RunSelection whose choosers have been called. */
export type ListedSelection = { [K in keyof RunSelection]: Exclude<RunSelection[K], KeyChooser> };

export function getRun(ctx: StoreContext, runId: string): Run {
  ctx.flushRun(runId);
  return readRun(ctx, readRunInfo(ctx, runId));
}

export function readRun(ctx: StoreContext, info: RunInfo, runDir = ctx.locateRun(info.runId).runDir, select: ListedSelection = {}): Run {
  const has = (folder: string) => select.inputs !== false && ctx.runCache.hasSubfolder(runDir, folder);
  return {
    ...readRunData(ctx, info, runDir, select),
    inputs: has(INPUTS_FOLDER) ? readRunInputs(path.dirname(runDir), runDir, info.runId, warn) : { datasetInputs: [], modelInputs: [] },
    outputs: has(OUTPUTS_FOLDER) ? readRunOutputs(runDir, warn) : { modelOutputs: [] },
  };
}

/**
 * A run's info and the selected keys of its data. Search reads every run this way with only
 * the keys its filter and order-by name (enough to decide the page, at a fraction of the
 * reads), then reads the page's runs with what the caller selected (all, by default).
 */
export function readRunData(ctx: StoreContext, info: RunInfo, runDir: string, select: ListedSelection): Run {
  const all = (sel: ListedKeys | undefined): sel is "all" | undefined => sel === undefined || sel === "all";
  const keysOf = (kind: "metrics" | "tags", sel: ListedKeys | undefined) => (all(sel) ? ctx.runCache.keys(runDir, kind) : sel);
  // Built as entries, then Object.fromEntries: assigning obj["__proto__"] would drop a key
  // that MLflow allows.
  const metrics: [string, number][] = [];
  for (const key of keysOf("metrics", select.metrics)) {
    const latest = latestMetricValue(ctx, runDir, key);
    if (latest !== undefined) metrics.push([key, latest]);
  }
  const tags: [string, string][] = [];
  let runNameTag: string | undefined;
  for (const key of keysOf("tags", select.tags)) {
    const value = ctx.runCache.tag(runDir, key);
    if (value === undefined) continue;
    tags.push([key, value]);
    if (key === RUN_NAME_TAG) runNameTag = value;
  }
  let params: Record<string, string> = {};
  if (all(select.params)) params = ctx.runCache.params(runDir);
  else if (select.params.length) {
    const stored = ctx.runCache.params(runDir);
    params = Object.fromEntries(select.params.filter((key) => Object.hasOwn(stored, key)).map((key) => [key, stored[key]!]));
  }
  // _get_run_from_info: an empty or missing run_name is taken from the tag when that has one.
  const runName = info.runName || (runNameTag ?? ctx.runCache.tag(runDir, RUN_NAME_TAG)) || info.runName;
  const data = { metrics: Object.fromEntries(metrics), params, tags: Object.fromEntries(tags) };
  return { info: { ...info, runName }, data };
}

/** Calls the selection's choosers with the keys each of the page's runs has. */
export function listSelection(select: RunSelection | undefined, keysOf: (kind: KeyKind) => string[][]): ListedSelection | undefined {
  if (!select) return select;
  const listed = (kind: KeyKind): ListedKeys | undefined => {
    const sel = select[kind];
    return typeof sel === "function" ? sel(keysOf(kind)) : sel;
  };
  return { ...select, metrics: listed("metrics"), params: listed("params"), tags: listed("tags") };
}

/** A run's keys of one kind; none when its folder became unreadable (its read will say so). */
export function keysOrNone(ctx: StoreContext, runDir: string, kind: KeyKind): string[] {
  try {
    return ctx.runCache.keys(runDir, kind);
  } catch (err) {
    if (err instanceof MlflowError) throw err;
    return [];
  }
}

function latestMetricValue(ctx: StoreContext, runDir: string, key: string): number | undefined {
  return ctx.runCache.latestMetric(runDir, key, (text, file) => {
    // Columns, not a Metric per point: a 1,000,000-point file is read here on a chart's first view too.
    return latestColumnValue(scanMetricColumns(key, text, tornLineWarning(file)));
  });
}

export function getMetricHistory(ctx: StoreContext, runId: string, key: string): Metric[] {
  validateEntityKey("Metric", key, "name");
  ctx.flushRun(runId);
  const file = path.join(ctx.locateRun(runId).runDir, "metrics", key);
  if (!fs.existsSync(file)) return [];
  return scanRunMetricFile(key, fs.readFileSync(file, "utf8"), tornLineWarning(file));
}

/** getMetricHistory's points as columns (same file, same scanner, same warnings). */
export function getMetricHistoryColumns(ctx: StoreContext, runId: string, key: string): MetricColumns {
  validateEntityKey("Metric", key, "name");
  ctx.flushRun(runId);
  const file = path.join(ctx.locateRun(runId).runDir, "metrics", key);
  if (!fs.existsSync(file)) return { steps: new Float64Array(0), timestamps: new Float64Array(0), values: new Float64Array(0) };
  return scanMetricColumns(key, fs.readFileSync(file, "utf8"), tornLineWarning(file));
}
