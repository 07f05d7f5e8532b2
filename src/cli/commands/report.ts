import type { Args, CommandSpec } from "../args.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { formatBytes } from "../format.js";
import { openClient } from "../store.js";
import { DEFAULT_MAX_POINTS, DEFAULT_MAX_RUNS, MAX_TOTAL_POINTS } from "../../report/collect-report.js";
import { writeReport } from "../../report/write-report.js";

export const spec: CommandSpec = {
  name: "report",
  summary: "one self-contained HTML file of runs and metric charts, viewable offline",
  usage: ["report [-e NAME|ID]... [--filter F] [--metrics a,b] [--max-runs N] [--max-points N] -o report.html"],
  description: [
    "Writes one HTML file with the runs table (name, status, start, duration, latest metrics, params,",
    "tags; click a header to sort) and a chart per metric, one line per run. Scripts, styles and data",
    "are inside the file and it makes no network request, so it can be attached to a CI job, a pull",
    "request or an e-mail. Without -e, every active experiment; --filter uses MLflow's search syntax.",
    `At most --max-runs runs (default ${DEFAULT_MAX_RUNS}, newest first) and --max-points points per run and`,
    `metric (default ${DEFAULT_MAX_POINTS}: each step bucket's lowest and highest value); the whole report holds at`,
    `most ${MAX_TOTAL_POINTS.toLocaleString("en")} points, so with many runs each line gets fewer. See docs/ui.md.`,
  ].join("\n"),
  options: [
    { name: "output", short: "o", type: "string", valueName: "FILE", help: "the HTML file to write (required)" },
    { name: "experiment", short: "e", type: "string", multiple: true, valueName: "NAME|ID", help: "an experiment name or id" },
    { name: "filter", short: "f", type: "string", valueName: "F", help: "MLflow filter, e.g. \"params.model = 'lgbm'\"" },
    { name: "metrics", short: "m", type: "string", multiple: true, valueName: "a,b", help: "the metrics to chart and show (default: all)" },
    { name: "max-runs", type: "string", valueName: "N", help: `at most N runs (default ${DEFAULT_MAX_RUNS})` },
    { name: "max-points", type: "string", valueName: "N", help: `at most N points per run and metric (default ${DEFAULT_MAX_POINTS})` },
  ],
  positionals: { min: 0, max: 0, names: "" },
  examples: ["mlruns report -o report.html", "mlruns report -e house-prices --filter \"params.model = 'lgbm'\" --metrics rmse,r2 -o lgbm.html"],
};

export async function run(args: Args, ctx: Context): Promise<number> {
  const output = args.string("output");
  if (!output) throw new UsageError("pass the file to write with -o, e.g. -o report.html", spec.name);
  const maxPoints = args.positiveInt("max-points");
  if (maxPoints === 1) throw new UsageError("--max-points must be at least 2 (each step bucket keeps its lowest and highest point)", spec.name);
  const client = openClient(ctx, args);
  const metrics = args.list("metrics").flatMap((m) => m.split(",")).map((m) => m.trim()).filter(Boolean);
  const result = await writeReport({
    store: client.store,
    experiments: args.list("experiment"),
    filter: args.string("filter"),
    metrics,
    maxRuns: args.positiveInt("max-runs"),
    maxPoints,
    output,
  });
  if (result.metricsWithoutData.length) ctx.note(`no run in the report has ${result.metricsWithoutData.map((k) => `'${k}'`).join(", ")}; check --metrics`);
  if (result.runs < result.matchedRuns) ctx.note(`the report holds the first ${result.runs} of ${result.matchedRuns} matching runs; raise --max-runs for more`);
  ctx.out(`wrote ${result.output} (${formatBytes(result.bytes)}): ${result.runs} run${result.runs === 1 ? "" : "s"}, ${result.metricKeys.length} metric${result.metricKeys.length === 1 ? "" : "s"}`);
  return 0;
}
