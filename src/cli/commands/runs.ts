import type { Run, ViewType } from "../../index.js";
import { FORMAT_OPTIONS, type Args, type CommandSpec } from "../args.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { csvLine, formatCompact, formatTime, isoTime, plural, shortId, toJson } from "../format.js";
import { listExperiments, openClient, resolveExperiment, searchAllRuns } from "../store.js";
import { renderTable, type Cell } from "../table.js";
import { statusCell, textCell } from "../cells.js";
import { fitTable, type FitColumn } from "../fit-table.js";
import { allColumns, columnSelection, parseColumns, searchColumns, tableColumns, type ColumnRef } from "../run-columns.js";

export const spec: CommandSpec = {
  name: "runs",
  summary: "list runs as a table, JSON or CSV, with filters and ordering",
  usage: ["runs [-e NAME|ID]... [--filter F] [--order-by K]... [--columns C,...] [--wide] [--max N] [--json | --csv]"],
  description: [
    "Without -e, lists the runs of every active experiment. --filter and --order-by use MLflow's",
    "search syntax (as in mlflow.search_runs); the default order is newest first.",
    "",
    "Columns are metrics.KEY, params.KEY or tags.KEY (a bare KEY is looked up as a metric, then a",
    "param, then a tag). By default the table shows the metrics, params and tags that --order-by",
    "and --filter name, then up to 4 more metrics (aggregates such as cv_rmse before per-fold keys",
    "such as cv_rmse_fold_0, then the most common) and 3 params (those whose values differ first).",
    "The default table fits the terminal's width ($COLUMNS when stdout is not a terminal, else 80",
    "columns): long names and values are cut with …, then the least important columns are hidden,",
    "with a note on stderr saying how many. --wide shows every metric and param, not fitted to",
    "the width; --columns shows exactly the columns asked for, not fitted either. --csv shows",
    "every metric and param; --json prints the runs in full ({info, data}).",
  ].join("\n"),
  options: [
    { name: "experiment", short: "e", type: "string", multiple: true, valueName: "NAME|ID", help: "an experiment name or id" },
    { name: "filter", short: "f", type: "string", valueName: "F", help: "MLflow filter, e.g. \"metrics.rmse < 0.5 and params.lr = '0.01'\"" },
    { name: "order-by", short: "o", type: "string", multiple: true, valueName: "K", help: "MLflow order-by clause, e.g. \"metrics.rmse ASC\"" },
    { name: "columns", short: "c", type: "string", multiple: true, valueName: "C,...", help: "columns to show, comma-separated" },
    { name: "wide", short: "w", type: "boolean", help: "every metric and param, however wide the table gets" },
    { name: "max", short: "n", type: "string", valueName: "N", help: "show at most N runs" },
    { name: "deleted", type: "boolean", help: "list deleted runs instead" },
    { name: "all", type: "boolean", help: "list active and deleted runs" },
    ...FORMAT_OPTIONS,
  ],
  positionals: { min: 0, max: 0, names: "" },
  examples: [
    "mlruns runs -e house-prices --order-by 'metrics.rmse ASC' --max 10",
    "mlruns runs --filter \"params.model = 'lgbm' and metrics.rmse < 0.3\" --columns params.lr,metrics.rmse",
    "mlruns runs -e 0 --wide | less -S",
    "mlruns runs -e 0 --csv > runs.csv",
  ],
};

// The search-select suite checks the table's data path through these.
export { columnSelection, topMetricKeys } from "../run-columns.js";

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

  const wide = args.flag("wide");
  const columns = args.list("columns");
  // The default table shows what the search names first; reading those keys costs nothing more.
  const named = format === "table" && !columns.length ? searchColumns(args.string("filter"), args.list("order-by")) : [];
  const { runs, more } = await searchAllRuns(client, experimentIds, {
    filter: args.string("filter"),
    orderBy: args.list("order-by"),
    viewType: view,
    max,
    select: columnSelection(columns, format, { named, wide }),
  });
  if (more) ctx.note(`showing the first ${runs.length} runs; more match (raise --max)`);

  const chosen = columns.length ? parseColumns(columns, runs) : undefined;

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
  // Never dropped; names are cut to 20 columns before any data column goes.
  const fixed: FitColumn[] = [
    { header: "RUN" },
    ...(showExperiment ? [{ header: "EXPERIMENT", maxWidth: 24, squeezeTo: 20 }] : []),
    { header: "NAME", maxWidth: 32, squeezeTo: 20 },
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

  // Most important first: what the search names, then metrics and params interleaved.
  const ranked = chosen ?? tableColumns(runs, { named, wide });
  const shown = chosen ?? displayOrder(ranked, named);
  const dataColumns = shown.map(
    (c): FitColumn => ({
      header: columnName(c),
      align: c.kind === "metrics" ? "right" : "left",
      maxWidth: 32,
      ...(c.kind === "metrics" ? {} : { squeezeTo: 12 }),
      // Without its kind when no other column has the same key: metrics right-aligned, params left.
      ...(shown.some((o) => o.key === c.key && o.kind !== c.kind) ? {} : { shortHeader: c.key }),
      ...(chosen || wide ? {} : { dropRank: ranked.indexOf(c) }),
    }),
  );
  const rows = runs.map((r) => [
    ...fixedCells(r),
    ...shown.map((c): Cell => {
      const v = rawValue(r, c);
      if (v === undefined) return { text: "-", paint: style.dim };
      return typeof v === "number" ? formatCompact(v) : textCell(v, style);
    }),
  ]);
  const all = [...fixed, ...dataColumns];
  const fit = chosen || wide ? { columns: all, kept: all.map((_, i) => i), hidden: [] } : fitTable(all, rows, ctx.columns);
  if (fit.hidden.length) {
    const names = fit.hidden.length > 3 ? [...fit.hidden.slice(0, 3), "…"] : fit.hidden;
    ctx.note(`${plural(fit.hidden.length, "column")} hidden to fit ${ctx.columns} columns (${names.join(", ")}); --wide shows every metric and param`);
  }
  const lines = renderTable(fit.columns, fit.hidden.length ? rows.map((row) => fit.kept.map((i) => row[i]!)) : rows, { style });
  ctx.out(lines.join("\n")); // one write, not one per run
  return 0;
}

/** Left to right: the columns the search names (that runs have), then params (inputs), metrics (outputs), tags. */
function displayOrder(ranked: ColumnRef[], named: readonly ColumnRef[]): ColumnRef[] {
  const isNamed = (c: ColumnRef) => named.some((n) => n.kind === c.kind && n.key === c.key);
  const rest = ranked.filter((c) => !isNamed(c));
  return [...ranked.filter(isNamed), ...(["params", "metrics", "tags"] as const).flatMap((kind) => rest.filter((c) => c.kind === kind))];
}
