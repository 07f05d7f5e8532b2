import type { Run } from "../../index.js";
import type { Args, CommandSpec } from "../args.js";
import { statusCell, textCell } from "../cells.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { formatCompact, formatDuration, formatTime, shortId, toJson } from "../format.js";
import { compareRuns } from "../../compare/compare-runs.js";
import { DIRECTION_LEGEND, type DirectionOverrides } from "../../compare/metric-direction.js";
import { openClient, resolveRun } from "../store.js";
import { renderTable, type Cell, type Column } from "../table.js";
import { suggest } from "../text.js";

export const spec: CommandSpec = {
  name: "compare",
  summary: "runs side by side: differing params and the best value of each metric",
  usage: ["compare RUN_ID RUN_ID... [--diff] [--higher-is-better KEY]... [--lower-is-better KEY]... [--json]"],
  description: [
    "Params that differ between the runs are marked ≠ (a param missing from some runs counts as",
    "differing). The best value of each metric is marked *:",
    DIRECTION_LEGEND + ".",
    "--higher-is-better and --lower-is-better set the direction of the metrics they name. A run",
    "without the metric, or with NaN, is never the best; a metric fewer than two runs have has",
    "no best.",
    "Metrics show each run's latest value. RUN_IDs may be unique prefixes (4+ characters).",
  ].join("\n"),
  options: [
    { name: "diff", type: "boolean", help: "show only params that differ" },
    { name: "higher-is-better", type: "string", multiple: true, valueName: "KEY", help: "the best value of metric KEY is the highest" },
    { name: "lower-is-better", type: "string", multiple: true, valueName: "KEY", help: "the best value of metric KEY is the lowest" },
    { name: "json", type: "boolean", help: "print JSON: {runs, params, metrics}" },
  ],
  positionals: { min: 2, max: Infinity, names: "at least two RUN_IDs" },
  examples: [
    "mlruns compare 3f2a9c1e 7b8d0e41",
    "mlruns compare 3f2a9c1e 7b8d0e41 a0c4e9f2 --diff",
    "mlruns compare 3f2a9c1e 7b8d0e41 --higher-is-better r2_error_reduction --lower-is-better latency_p99",
  ],
};

export async function run(args: Args, ctx: Context): Promise<number> {
  const client = openClient(ctx, args);
  const runs: Run[] = [];
  for (const ref of args.positionals) {
    const r = await resolveRun(client, ref);
    if (!runs.some((x) => x.info.runId === r.info.runId)) runs.push(r);
  }
  if (runs.length < 2) {
    ctx.note("all the RUN_IDs name the same run; nothing to compare");
  }
  const overrides = directionOverrides(args, ctx, runs);
  const cmp = compareRuns(runs, overrides);

  if (args.flag("json")) {
    ctx.out(
      toJson({
        runs: runs.map((r) => ({ runId: r.info.runId, runName: r.info.runName, experimentId: r.info.experimentId, status: r.info.status, startTime: r.info.startTime, endTime: r.info.endTime })),
        params: cmp.params,
        metrics: cmp.metrics,
        legend: { differs: "params whose values are not all equal (missing counts as a value)", best: DIRECTION_LEGEND, ...overrides },
      }),
    );
    return 0;
  }

  const { style } = ctx;
  const dash: Cell = { text: "-", paint: style.dim };
  const columns: Column[] = [{ header: "" }, ...runs.map(() => ({ header: "", maxWidth: 28 }))];
  const rows: Cell[][] = [];
  const heading = (title: string): Cell[] => [{ text: title, paint: style.bold }];
  rows.push(["  run", ...runs.map((r): Cell => ({ text: shortId(r.info.runId), paint: style.cyan }))]);
  rows.push(["  name", ...runs.map((r) => r.info.runName ?? "")]);
  if (new Set(runs.map((r) => r.info.experimentId)).size > 1) rows.push(["  experiment", ...runs.map((r) => r.info.experimentId)]);
  rows.push(["  status", ...runs.map((r) => statusCell(r.info.status, style))]);
  rows.push(["  start", ...runs.map((r) => formatTime(r.info.startTime))]);
  rows.push([
    "  duration",
    ...runs.map((r) => (r.info.startTime !== null && r.info.endTime !== null ? formatDuration(r.info.endTime - r.info.startTime) : dash)),
  ]);

  const shownParams = args.flag("diff") ? cmp.params.filter((p) => p.differs) : cmp.params;
  rows.push([""], heading(`Params (${shownParams.length}${args.flag("diff") ? ` of ${cmp.params.length}` : ""})`));
  for (const p of shownParams) {
    rows.push([
      p.differs ? { text: `≠ ${p.key}`, paint: style.yellow } : `  ${p.key}`,
      ...p.values.map((v): Cell => (v === null ? dash : v === "" ? textCell(v, style) : p.differs ? { text: v, paint: style.yellow } : v)),
    ]);
  }

  rows.push([""], heading(`Metrics (${cmp.metrics.length})`));
  for (const m of cmp.metrics) {
    rows.push([
      `  ${m.key} ${m.better === "lower" ? "↓" : "↑"}`,
      ...m.values.map((v, i): Cell => {
        if (v === null) return dash;
        const text = formatCompact(v);
        return cmp.runs[i] && m.best.includes(cmp.runs[i]!.info.runId) ? { text: `${text} *`, paint: (s) => style.bold(style.green(s)) } : text;
      }),
    ]);
  }
  for (const line of renderTable(columns, rows, { header: false, style })) ctx.out(line);
  ctx.out();
  const set = [...overrides.higher.map((k) => `${k} ↑`), ...overrides.lower.map((k) => `${k} ↓`)];
  const legend = "≠ param differs between runs.  * best value: ↓ " + DIRECTION_LEGEND.replace("; higher", "; ↑ higher") + ".";
  ctx.out(style.dim(set.length ? `${legend}  Set on the command line: ${set.join(", ")}.` : legend));
  return 0;
}

/** --higher-is-better / --lower-is-better; a key no run has is kept (runs differ) but named, with a likely match. */
function directionOverrides(args: Args, ctx: Context, runs: Run[]): DirectionOverrides {
  const higher = [...new Set(args.list("higher-is-better"))];
  const lower = [...new Set(args.list("lower-is-better"))];
  const both = higher.find((k) => lower.includes(k));
  if (both !== undefined) throw new UsageError(`metric '${both}' is given both --higher-is-better and --lower-is-better; keep one`, spec.name);
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.data.metrics)))];
  for (const [option, key] of [...higher.map((k) => ["higher-is-better", k]), ...lower.map((k) => ["lower-is-better", k])] as const) {
    if (keys.includes(key)) continue;
    const hint = suggest(key, keys);
    ctx.note(`--${option} '${key}': none of these runs has that metric${hint ? ` (did you mean '${hint}'?)` : ""}`);
  }
  return { higher, lower };
}
