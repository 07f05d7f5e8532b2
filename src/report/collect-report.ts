/**
 * What a report shows, read through the TrackingStore (the same search engine as the CLI and
 * `mlruns ui`): the matching runs, capped, and each chosen metric's history, downsampled so the
 * file stays a few MB however long the histories are (docs/ui.md, "mlruns report").
 */
import type { Experiment, Run, ViewType } from "../entities.js";
import { InvalidParameterError } from "../errors.js";
import { allExperiments, resolveExperiment } from "../store/experiment-lookup.js";
import { historyColumns } from "../store/metric-columns.js";
import { collectPages } from "../store/paged-list.js";
import type { RunSelection, TrackingStore } from "../store/tracking-store.js";
import { downsampleColumnsMinMax } from "../ui/server/downsample.js";
import { SEARCH_MAX_RESULTS_THRESHOLD } from "../validation/max-results.js";

export const DEFAULT_MAX_RUNS = 100;
/** Points kept per run per metric: more than a chart's pixel columns. */
export const DEFAULT_MAX_POINTS = 1000;
/**
 * Points in the whole report: with many runs the per-series limit shrinks to fit (never below
 * MIN_SERIES_POINTS), so 1,000 runs × 3 metrics is a few MB, not a hundred.
 */
export const MAX_TOTAL_POINTS = 300_000;
export const MIN_SERIES_POINTS = 100;
/**
 * Histories read at once: overlaps a REST store's requests without holding many large histories
 * in memory (a file store reads a history synchronously, so it gains nothing and loses nothing).
 */
const READ_CONCURRENCY = 8;
const COUNT_ONLY: RunSelection = { metrics: [], params: [], tags: [], inputs: false };

export interface ReportQuery {
  /** Experiment ids or names; default every active experiment. */
  experiments?: readonly string[];
  /** MLflow's filter syntax, as in search_runs. */
  filter?: string;
  /** Metric keys to chart and tabulate; default every metric the runs have. */
  metrics?: readonly string[];
  /** Default 100. */
  maxRuns?: number;
  /** Points per run per metric; default 1,000. */
  maxPoints?: number;
  /** Points in the whole report; default MAX_TOTAL_POINTS. */
  maxTotalPoints?: number;
  runViewType?: ViewType;
}

/** A value JSON can hold: non-finite numbers become "NaN", "Infinity" or "-Infinity" (as the UI's API). */
export type ReportValue = number | string;

export interface ReportRun {
  id: string;
  name: string | null;
  experimentId: string;
  status: string;
  start: number | null;
  end: number | null;
  params: Record<string, string>;
  metrics: Record<string, ReportValue>;
  /** User tags (not mlflow.*). */
  tags: Record<string, string>;
}

/** One run's history of one metric, as two columns; NaN and ±Infinity are null (a gap in the line). */
export interface ReportSeries {
  /** Index into `runs`. */
  run: number;
  steps: number[];
  values: (number | null)[];
  /** Points in the store before downsampling. */
  total: number;
}

export interface ReportData {
  store: string;
  experiments: { id: string; name: string }[];
  filter: string;
  generatedAt: number;
  version: string;
  /** Runs that matched; `runs` holds the first maxRuns of them. */
  matchedRuns: number;
  maxRuns: number;
  /** The per-series point limit applied (maxPoints, lowered when the total budget needs it). */
  pointsPerSeries: number;
  metricKeys: string[];
  paramKeys: string[];
  runs: ReportRun[];
  series: Record<string, ReportSeries[]>;
}

export async function collectReport(store: TrackingStore, query: ReportQuery, version: string, now = Date.now()): Promise<ReportData> {
  const maxRuns = checkedLimit("maxRuns", query.maxRuns, DEFAULT_MAX_RUNS);
  const maxPoints = checkedLimit("maxPoints", query.maxPoints, DEFAULT_MAX_POINTS);
  const maxTotalPoints = checkedLimit("maxTotalPoints", query.maxTotalPoints, MAX_TOTAL_POINTS);
  if (maxPoints < 2) throw new InvalidParameterError(`maxPoints must be at least 2 (a bucket keeps its lowest and highest point), got ${maxPoints}.`);
  const experiments = await resolveExperiments(store, query.experiments ?? []);
  const experimentIds = experiments.map((e) => e.experimentId);
  const filter = query.filter ?? "";
  const viewType = query.runViewType ?? "ACTIVE_ONLY";

  const chosenMetrics = query.metrics?.length ? [...new Set(query.metrics)] : undefined;
  // With --metrics, the other metrics' latest values are not read.
  const selected: RunSelection | undefined = chosenMetrics && { metrics: chosenMetrics };
  let listed = 0;
  const matched = !experimentIds.length
    ? []
    : await collectPages(async (pageToken) => {
        // Past the cap only the count is wanted: read no metric, param or tag the filter does not name.
        const full = listed < maxRuns;
        const maxResults = full ? Math.min(SEARCH_MAX_RESULTS_THRESHOLD, maxRuns - listed) : SEARCH_MAX_RESULTS_THRESHOLD;
        const page = await store.searchRuns({ experimentIds, filterString: filter, runViewType: viewType, maxResults, pageToken, select: full ? selected : COUNT_ONLY });
        listed += page.length;
        return page;
      });
  const matchedRuns = matched.length;
  const runs = matched.slice(0, maxRuns);

  const metricKeys = chosenMetrics ?? keysOf(runs, "metrics");
  const paramKeys = keysOf(runs, "params");
  const reportRuns = runs.map((r) => toReportRun(r, metricKeys));

  const wanted: { key: string; run: number }[] = [];
  for (const key of metricKeys) runs.forEach((r, i) => Object.hasOwn(r.data.metrics, key) && wanted.push({ key, run: i }));
  const pointsPerSeries = Math.min(maxPoints, Math.max(MIN_SERIES_POINTS, Math.floor(maxTotalPoints / Math.max(1, wanted.length))));
  const buckets = Math.max(1, Math.floor(pointsPerSeries / 2));

  const series: Record<string, ReportSeries[]> = Object.fromEntries(metricKeys.map((k) => [k, []]));
  const read = async ({ key, run }: { key: string; run: number }) => {
    const cols = await historyColumns(store, runs[run]!.info.runId, key);
    const shown = downsampleColumnsMinMax(cols, buckets);
    return { run, steps: Array.from(shown, (i) => cols.steps[i]!), values: Array.from(shown, (i) => chartValue(cols.values[i]!)), total: cols.steps.length };
  };
  const done = await mapLimited(wanted, READ_CONCURRENCY, read);
  wanted.forEach((w, i) => series[w.key]!.push(done[i]!));

  return {
    store: store.trackingUri,
    experiments: experiments.map((e) => ({ id: e.experimentId, name: e.name })),
    filter,
    generatedAt: now,
    version,
    matchedRuns,
    maxRuns,
    pointsPerSeries,
    metricKeys,
    paramKeys,
    runs: reportRuns,
    series,
  };
}

function checkedLimit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new InvalidParameterError(`${name} must be a positive integer, got ${value}.`);
  return value;
}

/** By id (all digits) first, then by name, as the CLI's -e; none means every active experiment. */
async function resolveExperiments(store: TrackingStore, refs: readonly string[]): Promise<Experiment[]> {
  if (!refs.length) return allExperiments(store);
  const found = new Map<string, Experiment>();
  for (const ref of refs) {
    const e = await resolveExperiment(store, ref);
    found.set(e.experimentId, e);
  }
  return [...found.values()];
}

/** Every key the runs have, the most common first, then by name. */
function keysOf(runs: readonly Run[], kind: "metrics" | "params"): string[] {
  const counts = new Map<string, number>();
  for (const r of runs) for (const k of Object.keys(r.data[kind])) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
}

function toReportRun(r: Run, metricKeys: readonly string[]): ReportRun {
  const metrics: Record<string, ReportValue> = {};
  for (const k of metricKeys) if (Object.hasOwn(r.data.metrics, k)) metrics[k] = tableValue(r.data.metrics[k]!);
  const tags = Object.fromEntries(Object.entries(r.data.tags).filter(([k]) => !k.startsWith("mlflow.")));
  const i = r.info;
  return { id: i.runId, name: i.runName, experimentId: i.experimentId, status: i.status, start: i.startTime, end: i.endTime, params: { ...r.data.params }, metrics, tags };
}

function tableValue(v: number): ReportValue {
  return Number.isFinite(v) ? v : String(v);
}

/** Seven significant digits: far finer than a pixel, and half the bytes of a double's 17. */
function chartValue(v: number): number | null {
  return Number.isFinite(v) ? Number(v.toPrecision(7)) : null;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
