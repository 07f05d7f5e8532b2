import type { Run, RunSelection, ViewType } from "../../index.js";
import { FORMAT_OPTIONS, type Args, type CommandSpec } from "../args.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { csvLine, formatCompact, formatTime, isoTime, shortId, toJson } from "../format.js";
import { listExperiments, openClient, resolveExperiment, searchAllRuns } from "../store.js";
import { renderTable, type Cell, type Column } from "../table.js";
import { displayWidth } from "../text.js";
import { statusCell, textCell } from "../cells.js";
import { stripAnsi } from "../style.js";

export const spec: CommandSpec = {
  name: "runs",
  summary: "list runs as a table, JSON or CSV, with filters and ordering",
  usage: ["runs [-e NAME|ID]... [--filter F] [--order-by K]... [--columns C,...] [--max N] [--json | --csv]"],
  description: [
    "Without -e, lists the runs of every active experiment. --filter and --order-by use MLflow's",
    "search syntax (as in mlflow.search_runs); the default order is newest first.",
    "",
    "Columns are metrics.KEY, params.KEY or tags.KEY (a bare KEY is looked up as a metric, then a",
    "param, then a tag). By default the table shows a few metrics and params present in the runs,",
    "preferring params whose values differ; --csv shows every metric and param. --json prints the",
    "runs in full ({info, data}).",
  ].join("\n"),
  options: [
    { name: "experiment", short: "e", type: "string", multiple: true, valueName: "NAME|ID", help: "an experiment name or id" },
    { name: "filter", short: "f", type: "string", valueName: "F", help: "MLflow filter, e.g. \"metrics.rmse < 0.5 and params.lr = '0.01'\"" },
    { name: "order-by", short: "o", type: "string", multiple: true, valueName: "K", help: "MLflow order-by clause, e.g. \"metrics.rmse ASC\"" },
    { name: "columns", short: "c", type: "string", multiple: true, valueName: "C,...", help: "columns to show, comma-separated" },
    { name: "max", short: "n", type: "string", valueName: "N", help: "show at most N runs" },
    { name: "deleted", type: "boolean", help: "list deleted runs instead" },
    { name: "all", type: "boolean", help: "list active and deleted runs" },
    ...FORMAT_OPTIONS,
  ],
  positionals: { min: 0, max: 0, names: "" },
  examples: [
    "mlruns runs -e house-prices --order-by 'metrics.rmse ASC' --max 10",
    "mlruns runs --filter \"params.model = 'lgbm' and metrics.rmse < 0.3\" --columns params.lr,metrics.rmse",
    "mlruns runs -e 0 --csv > runs.csv",
  ],
};

type Kind = "metrics" | "params" | "tags";

export interface ColumnRef {
  kind: Kind;
  key: string;
}

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

/**
 * What the listing will show, so the store reads nothing else: without tag columns, no tag
 * files (11 per run in a typical store, the most of any kind). A bare column name may be a
 * tag, so it needs them all; so does --json.
 */
export function columnSelection(values: string[], format: string | undefined): RunSelection | undefined {
  if (format === "json") return undefined;
  const items = columnItems(values);
  // The default table reads only the metrics it will show (see defaultColumns); CSV shows all.
  if (!items.length) return { metrics: format === "csv" ? "all" : topMetricKeys, tags: [], inputs: false };
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
    if (!out.some((c) => c.kind === ref!.kind && c.key === ref!.key)) out.push(ref);
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

const byName = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The table's metric columns: up to 4 keys, the most common first, then by name. */
export function topMetricKeys(keysByRun: ReadonlyArray<readonly string[]>): string[] {
  const counts = new Map<string, number>();
  for (const keys of keysByRun) for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || byName(a, b))
    .slice(0, 4)
    .map((s) => s.key);
}

/**
 * Default table columns in priority order: up to 4 metrics (most common first) and up to 3
 * params (those that differ between runs first), interleaved metric, param, metric...
 */
export function defaultColumns(runs: Run[]): ColumnRef[] {
  const metrics = topMetricKeys(runs.map((r) => Object.keys(r.data.metrics))).map((key) => ({ kind: "metrics" as const, key }));
  const params = paramStats(runs)
    .sort((a, b) => Number(b.varies) - Number(a.varies) || b.count - a.count || byName(a, b))
    .slice(0, 3)
    .map((s) => ({ kind: "params" as const, key: s.key }));
  const out: ColumnRef[] = [];
  for (let i = 0; i < Math.max(metrics.length, params.length); i++) {
    if (metrics[i]) out.push(metrics[i]!);
    if (params[i]) out.push(params[i]!);
  }
  return out;
}

/** All metrics and params, sorted: what --csv shows by default (like mlflow.search_runs). */
function allColumns(runs: Run[]): ColumnRef[] {
  const keys = (kind: "metrics" | "params") => [...new Set(runs.flatMap((r) => Object.keys(r.data[kind])))].sort();
  return [...keys("metrics").map((key) => ({ kind: "metrics" as const, key })), ...keys("params").map((key) => ({ kind: "params" as const, key }))];
}

function columnName(c: ColumnRef): string {
  return `${c.kind}.${c.key}`;
}

function rawValue(run: Run, c: ColumnRef): string | number | undefined {
  return Object.hasOwn(run.data[c.kind], c.key) ? run.data[c.kind][c.key] : undefined;
}

export async function run(args: Args, ctx: Context): Promise<number> {
  if (args.flag("deleted") && args.flag("all")) throw new UsageError("--deleted and --all cannot be used together", spec.name);
  const format = args.format();
  const max = args.positiveInt("max");
  const view: ViewType = args.flag("all") ? "ALL" : args.flag("deleted") ? "DELETED_ONLY" : "ACTIVE_ONLY";
  const client = openClient(ctx, args);

  const refs = args.list("experiment");
  const experiments = refs.length ? await Promise.all(refs.map((r) => resolveExperiment(client, r))) : await listExperiments(client);
  const experimentIds = [...new Set(experiments.map((e) => e.experimentId))];
  const experimentNames = new Map(experiments.map((e) => [e.experimentId, e.name]));

  const { runs, more } = await searchAllRuns(client, experimentIds, {
    filter: args.string("filter"),
    orderBy: args.list("order-by"),
    viewType: view,
    max,
    select: columnSelection(args.list("columns"), format),
  });
  if (more) ctx.note(`showing the first ${runs.length} runs; more match (raise --max)`);

  const chosen = args.list("columns").length ? parseColumns(args.list("columns"), runs) : undefined;

  if (format === "json") {
    ctx.out(toJson(runs));
    return 0;
  }
  if (format === "csv") {
    const cols = chosen ?? allColumns(runs);
    ctx.out(csvLine(["run_id", "run_name", "experiment_id", "status", "lifecycle_stage", "start_time", "end_time", ...cols.map(columnName)]));
    for (const r of runs) {
      const i = r.info;
      ctx.out(csvLine([i.runId, i.runName, i.experimentId, i.status, i.lifecycleStage, isoTime(i.startTime), isoTime(i.endTime), ...cols.map((c) => rawValue(r, c))]));
    }
    return 0;
  }

  if (runs.length === 0) {
    const where = experiments.length === 1 ? ` in experiment '${experiments[0]!.name}'` : "";
    ctx.out(args.string("filter") ? `No runs match${where}.` : `No runs${where}.`);
    return 0;
  }

  const { style } = ctx;
  const showExperiment = experimentIds.length > 1;
  const showStage = view !== "ACTIVE_ONLY";
  const fixed: Column[] = [
    { header: "RUN" },
    ...(showExperiment ? [{ header: "EXPERIMENT", maxWidth: 24 }] : []),
    { header: "NAME", maxWidth: 32 },
    { header: "STATUS" },
    ...(showStage ? [{ header: "STAGE" }] : []),
    { header: "START" },
  ];
  const fixedCells = (r: Run): Cell[] => [
    { text: shortId(r.info.runId), paint: style.cyan },
    ...(showExperiment ? [experimentNames.get(r.info.experimentId) ?? r.info.experimentId] : []),
    r.info.runName ?? "",
    statusCell(r.info.status, style),
    ...(showStage ? [r.info.lifecycleStage] : []),
    formatTime(r.info.startTime, { seconds: false }),
  ];

  const render = (cols: ColumnRef[]): string[] => {
    // Params (inputs) first, then metrics (outputs), then tags.
    const ordered = [...cols.filter((c) => c.kind === "params"), ...cols.filter((c) => c.kind === "metrics"), ...cols.filter((c) => c.kind === "tags")];
    const display = chosen ?? ordered;
    return renderTable(
      [...fixed, ...display.map((c) => ({ header: columnName(c), align: c.kind === "metrics" ? ("right" as const) : ("left" as const), maxWidth: 32 }))],
      runs.map((r) => [
        ...fixedCells(r),
        ...display.map((c): Cell => {
          const v = rawValue(r, c);
          if (v === undefined) return { text: "-", paint: style.dim };
          return typeof v === "number" ? formatCompact(v) : textCell(v, style);
        }),
      ]),
      { style },
    );
  };

  let lines: string[];
  if (chosen) {
    lines = render(chosen);
  } else {
    // On a terminal, drop the least important default columns until the table fits.
    const cols = defaultColumns(runs);
    lines = render(cols);
    while (ctx.columns && cols.length && Math.max(...lines.map((l) => displayWidth(stripAnsi(l)))) > ctx.columns) {
      cols.pop();
      lines = render(cols);
    }
  }
  ctx.out(lines.join("\n")); // one write, not one per run
  return 0;
}
