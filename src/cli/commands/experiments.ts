import type { Experiment, ViewType } from "../../index.js";
import { FORMAT_OPTIONS, type Args, type CommandSpec } from "../args.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { csvLine, formatTime, isoTime, toJson } from "../format.js";
import { listExperiments, openClient, searchAllRuns } from "../store.js";
import { renderTable } from "../table.js";

export const spec: CommandSpec = {
  name: "experiments",
  summary: "list experiments (id, name, runs, last update)",
  usage: ["experiments [--deleted | --all] [--json | --csv]"],
  description: [
    "RUNS counts active runs (deleted ones in brackets). LAST UPDATE is the latest of the",
    "experiment's own update time and its runs' start and end times. Most recent first.",
  ].join("\n"),
  options: [
    { name: "deleted", type: "boolean", help: "list deleted experiments (in .trash) instead" },
    { name: "all", type: "boolean", help: "list active and deleted experiments" },
    ...FORMAT_OPTIONS,
  ],
  positionals: { min: 0, max: 0, names: "" },
  examples: ["mlruns experiments", "mlruns experiments --all --json | jq '.[].name'"],
};

interface Row {
  experiment: Experiment;
  runs: number;
  deletedRuns: number;
  lastActivityTime: number | null;
}

function maxTime(...times: Array<number | null | undefined>): number | null {
  const finite = times.filter((t): t is number => typeof t === "number" && Number.isFinite(t));
  return finite.length ? Math.max(...finite) : null;
}

export async function run(args: Args, ctx: Context): Promise<number> {
  if (args.flag("deleted") && args.flag("all")) throw new UsageError("--deleted and --all cannot be used together", spec.name);
  const format = args.format();
  const view: ViewType = args.flag("all") ? "ALL" : args.flag("deleted") ? "DELETED_ONLY" : "ACTIVE_ONLY";
  const client = openClient(ctx, args);
  const experiments = await listExperiments(client, view);
  const rows: Row[] = [];
  // Counts and times come from meta.yaml alone: no metric, param or tag file is read.
  const none = { metrics: [], params: [], tags: [] };
  for (const experiment of experiments) {
    const { runs } = await searchAllRuns(client, [experiment.experimentId], { viewType: "ALL", select: none });
    let active = 0;
    let lastActivityTime = maxTime(experiment.lastUpdateTime, experiment.creationTime);
    for (const r of runs) {
      if (r.info.lifecycleStage === "active") active++;
      lastActivityTime = maxTime(lastActivityTime, r.info.startTime, r.info.endTime);
    }
    rows.push({ experiment, runs: active, deletedRuns: runs.length - active, lastActivityTime });
  }
  rows.sort((a, b) => (b.lastActivityTime ?? -Infinity) - (a.lastActivityTime ?? -Infinity));

  if (format === "json") {
    ctx.out(
      toJson(rows.map((r) => ({ ...r.experiment, runCount: r.runs, deletedRunCount: r.deletedRuns, lastActivityTime: r.lastActivityTime }))),
    );
    return 0;
  }
  if (format === "csv") {
    ctx.out(csvLine(["experiment_id", "name", "lifecycle_stage", "runs", "deleted_runs", "last_update"]));
    for (const r of rows) {
      const e = r.experiment;
      ctx.out(csvLine([e.experimentId, e.name, e.lifecycleStage, String(r.runs), String(r.deletedRuns), isoTime(r.lastActivityTime)]));
    }
    return 0;
  }
  if (rows.length === 0) {
    ctx.out(view === "DELETED_ONLY" ? "No deleted experiments." : "No experiments.");
    return 0;
  }
  const { style } = ctx;
  const showStage = view === "ALL";
  const lines = renderTable(
    [
      { header: "ID", align: "right" },
      { header: "NAME", maxWidth: 48 },
      ...(showStage ? [{ header: "STAGE" }] : []),
      { header: "RUNS", align: "right" as const },
      { header: "LAST UPDATE" },
    ],
    rows.map((r) => [
      r.experiment.experimentId,
      r.experiment.lifecycleStage === "deleted" ? { text: r.experiment.name, paint: style.dim } : r.experiment.name,
      ...(showStage ? [r.experiment.lifecycleStage] : []),
      r.deletedRuns ? `${r.runs} (+${r.deletedRuns} deleted)` : String(r.runs),
      formatTime(r.lastActivityTime),
    ]),
    { style },
  );
  for (const line of lines) ctx.out(line);
  return 0;
}
