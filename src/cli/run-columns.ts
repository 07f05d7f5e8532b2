/**
 * Which metric, param and tag columns `mlruns runs` shows, and so which run data it reads: the
 * columns --filter and --order-by name, then a few metrics and params, in the order a narrow
 * terminal drops them (the last first).
 */
import type { Run, RunSelection } from "../index.js";
import { searchReferences } from "../search/index.js";
import { UsageError } from "./errors.js";

export type Kind = "metrics" | "params" | "tags";

export interface ColumnRef {
  kind: Kind;
  key: string;
}

/** What the default table shows besides the columns the search names; --wide shows every one. */
const TABLE_METRICS = 4;
const TABLE_PARAMS = 3;

const PREFIXES: Array<[string, Kind]> = [
  ["metrics.", "metrics"],
  ["metric.", "metrics"],
  ["params.", "params"],
  ["param.", "params"],
  ["parameters.", "params"],
  ["tags.", "tags"],
  ["tag.", "tags"],
];

const columnItems = (values: string[]) => values.flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean);

const sameColumn = (a: ColumnRef, b: ColumnRef) => a.kind === b.kind && a.key === b.key;

/**
 * The metrics, params and tags a search names, each once: the order-by's first (the rows are
 * sorted by them), then the filter's. Throws the search's own error for a bad filter.
 */
export function searchColumns(filter: string | undefined, orderBy: readonly string[]): ColumnRef[] {
  const out: ColumnRef[] = [];
  for (const refs of [...orderBy.map((clause) => searchReferences(undefined, [clause])), searchReferences(filter, undefined)]) {
    for (const kind of ["metrics", "params", "tags"] as const) {
      for (const key of refs[kind]) if (!out.some((c) => sameColumn(c, { kind, key }))) out.push({ kind, key });
    }
  }
  return out;
}

export interface TableChoice {
  /** Columns the search names (searchColumns): read and shown first. */
  named?: readonly ColumnRef[];
  /** Every metric and param. */
  wide?: boolean;
}

/**
 * What the listing will show, so the store reads nothing else: without tag columns, no tag
 * files (11 per run in a typical store, the most of any kind). A bare column name may be a
 * tag, so it needs them all; so does --json.
 */
export function columnSelection(values: string[], format: string | undefined, choice: TableChoice = {}): RunSelection | undefined {
  if (format === "json") return undefined;
  const items = columnItems(values);
  if (!items.length) {
    // CSV and --wide show every metric; the default table reads only the metrics it will show (tableColumns).
    if (format === "csv") return { metrics: "all", tags: [], inputs: false };
    const named = choice.named ?? [];
    const keys = (kind: Kind) => named.filter((c) => c.kind === kind).map((c) => c.key);
    const metrics = keys("metrics");
    const chooser = metrics.length ? (keysByRun: ReadonlyArray<readonly string[]>) => topMetricKeys(keysByRun, metrics) : topMetricKeys;
    return { metrics: choice.wide ? "all" : chooser, tags: keys("tags"), inputs: false };
  }
  const refs: ColumnRef[] = [];
  for (const text of items) {
    const prefix = PREFIXES.find(([p]) => text.startsWith(p));
    if (!prefix) return undefined;
    refs.push({ kind: prefix[1], key: stripBackticks(text.slice(prefix[0].length)) });
  }
  const keys = (kind: Kind) => refs.filter((r) => r.kind === kind).map((r) => r.key);
  return { metrics: keys("metrics"), params: keys("params"), tags: keys("tags"), inputs: false };
}

/** `--columns` values (repeatable, comma-separated) to column references. */
export function parseColumns(values: string[], runs: Run[]): ColumnRef[] {
  const out: ColumnRef[] = [];
  for (const text of columnItems(values)) {
    const prefix = PREFIXES.find(([p]) => text.startsWith(p));
    let ref: ColumnRef | undefined;
    if (prefix) {
      ref = { kind: prefix[1], key: stripBackticks(text.slice(prefix[0].length)) };
    } else {
      const key = stripBackticks(text);
      const kind = (["metrics", "params", "tags"] as const).find((k) => runs.some((r) => Object.hasOwn(r.data[k], key)));
      if (kind) ref = { kind, key };
      else if (runs.length === 0) ref = { kind: "metrics", key };
      else throw new UsageError(`unknown column '${text}': no run has a metric, param or tag with that name (use metrics.KEY, params.KEY or tags.KEY)`, "runs");
    }
    if (!ref.key) throw new UsageError(`empty column name in '${text}'`, "runs");
    if (!out.some((c) => sameColumn(c, ref!))) out.push(ref);
  }
  return out;
}

function stripBackticks(s: string): string {
  return s.length >= 2 && s.startsWith("`") && s.endsWith("`") ? s.slice(1, -1) : s;
}

/** How many runs have each param, and whether its value differs between them. */
function paramStats(runs: Run[]): Array<{ key: string; count: number; varies: boolean }> {
  const seen = new Map<string, { count: number; values: Set<string> }>();
  for (const r of runs) {
    for (const key in r.data.params) {
      let s = seen.get(key);
      if (!s) seen.set(key, (s = { count: 0, values: new Set<string>() }));
      s.count++;
      s.values.add(r.data.params[key]!);
    }
  }
  return [...seen.entries()].map(([key, s]) => ({ key, count: s.count, varies: s.values.size > 1 || s.count < runs.length }));
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A per-fold (per-split, per-seed...) metric: a trailing index after a separator, as in
 * cv_rmse_fold_0, rmse_3 or loss/fold-2, but not f1 or r2. Its stem is what it is a part of.
 */
const INDEXED = /^(.+?)[_\-./](?:(?:fold|split|seed|trial|repeat|rep|run|iter|epoch|step)[_-]?)?(\d+)$/i;

interface MetricRank {
  key: string;
  count: number;
  stem: string;
  index: number;
}

/** Aggregates before per-fold keys (cv_rmse before cv_rmse_fold_0), then the most common, then by name and index. */
function byTableOrder(a: MetricRank, b: MetricRank): number {
  return Number(a.index >= 0) - Number(b.index >= 0) || b.count - a.count || byName(a.stem, b.stem) || a.index - b.index || byName(a.key, b.key);
}

/**
 * The table's metric columns: the ones the search names (when a run has them), then the others
 * up to 4 in all, aggregates before per-fold keys, the most common first, then by name.
 */
export function topMetricKeys(keysByRun: ReadonlyArray<readonly string[]>, named: readonly string[] = [], limit = TABLE_METRICS): string[] {
  const counts = new Map<string, number>();
  for (const keys of keysByRun) for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const shownNamed = named.filter((key) => counts.has(key));
  const others = [...counts.entries()]
    .filter(([key]) => !named.includes(key))
    .map(([key, count]): MetricRank => {
      const m = INDEXED.exec(key);
      return m ? { key, count, stem: m[1]!, index: Number(m[2]) } : { key, count, stem: key, index: -1 };
    })
    .sort(byTableOrder)
    .slice(0, Math.max(0, limit - shownNamed.length))
    .map((s) => s.key);
  return [...shownNamed, ...others];
}

/**
 * The table's columns, the most important first: those the search names (that a run has), then
 * up to 4 metrics (as topMetricKeys picks them) and up to 3 params (those that differ between
 * runs first), interleaved metric, param, metric... With `wide`, every metric and param.
 */
export function tableColumns(runs: Run[], choice: TableChoice = {}): ColumnRef[] {
  const named = (choice.named ?? []).filter((c) => runs.some((r) => Object.hasOwn(r.data[c.kind], c.key)));
  const isNamed = (c: ColumnRef) => named.some((n) => sameColumn(n, c));
  const namedMetrics = named.filter((c) => c.kind === "metrics").map((c) => c.key);
  const metrics = topMetricKeys(
    runs.map((r) => Object.keys(r.data.metrics)),
    namedMetrics,
    choice.wide ? Infinity : TABLE_METRICS,
  )
    .map((key) => ({ kind: "metrics" as const, key }))
    .filter((c) => !isNamed(c));
  const params = paramStats(runs)
    .filter((s) => !isNamed({ kind: "params", key: s.key }))
    .sort((a, b) => Number(b.varies) - Number(a.varies) || b.count - a.count || byName(a.key, b.key))
    .slice(0, choice.wide ? Infinity : TABLE_PARAMS)
    .map((s) => ({ kind: "params" as const, key: s.key }));
  const out: ColumnRef[] = [...named];
  for (let i = 0; i < Math.max(metrics.length, params.length); i++) {
    if (metrics[i]) out.push(metrics[i]!);
    if (params[i]) out.push(params[i]!);
  }
  return out;
}

/** All metrics and params, sorted: what --csv shows by default (like mlflow.search_runs). */
export function allColumns(runs: Run[]): ColumnRef[] {
  const keys = (kind: "metrics" | "params") => [...new Set(runs.flatMap((r) => Object.keys(r.data[kind])))].sort();
  return [...keys("metrics").map((key) => ({ kind: "metrics" as const, key })), ...keys("params").map((key) => ({ kind: "params" as const, key }))];
}
