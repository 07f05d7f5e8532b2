import type { Experiment } from "../../index.js";
import type { DeletedRun } from "../../store/tracking-store.js";
import type { Args, CommandSpec } from "../args.js";
import type { Context } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { formatDuration, plural } from "../format.js";
import { hardDeletingStore, parseOlderThan } from "../gc-store.js";
import { confirm } from "../prompt.js";
import { listExperiments, openClient, searchAllRuns } from "../store.js";
import { renderTable } from "../table.js";

export const spec: CommandSpec = {
  name: "gc",
  summary: "permanently remove deleted runs, logged models and experiments, like `mlflow gc`",
  usage: ["gc [--older-than D] [--dry-run] [--yes]"],
  description: [
    "Removes, for good, every run marked deleted (its folder and its artifacts), every deleted",
    "logged model (its folder and files) and every deleted experiment (its folder in .trash, with",
    "its runs), as `mlflow gc` does on a file store.",
    "",
    "--older-than keeps what was deleted recently: runs whose deleted_time is newer, and logged",
    "models and experiments whose last update is newer, than D ago. D is #d#h#m#s, e.g. 30d, 1d2h3m4s, 1.5h.",
    "",
    "gc lists what it will remove, then asks for confirmation on a terminal. Without a terminal on",
    "stdin it refuses unless --yes is given. A deleted experiment that still holds active runs, or",
    "runs deleted more recently than D, is kept.",
  ].join("\n"),
  options: [
    { name: "older-than", type: "string", valueName: "D", help: "only what was deleted more than D ago (e.g. 30d, 1d2h3m4s)" },
    { name: "dry-run", short: "n", type: "boolean", help: "list what would be removed, remove nothing" },
    { name: "yes", short: "y", type: "boolean", help: "do not ask for confirmation" },
  ],
  positionals: { min: 0, max: 0, names: "" },
  examples: ["mlruns gc --dry-run", "mlruns gc --older-than 30d", "mlruns gc --older-than 7d --yes   # in cron or CI"],
};

interface PlannedExperiment {
  experiment: Experiment;
  runs: number;
}

export async function run(args: Args, ctx: Context): Promise<number> {
  const olderThanText = args.string("older-than");
  const olderThan = olderThanText === undefined ? 0 : parseOlderThan(olderThanText);
  const client = openClient(ctx, args);
  const store = hardDeletingStore(client);
  const now = ctx.now();
  const threshold = now - olderThan;

  const experiments = await listExperiments(client, "ALL");
  const names = new Map(experiments.map((e) => [e.experimentId, e.name]));

  // Deleted runs in any experiment (FileStore._get_deleted_runs), read once: those deleted
  // less than --older-than ago are only counted.
  const plannedRuns = new Map<string, DeletedRun>();
  let keptRuns = 0;
  for (const deleted of await store.getDeletedRuns(0, now)) {
    if (deleted.deletedTime === null || now - deleted.deletedTime >= olderThan) plannedRuns.set(deleted.runId, deleted);
    else keptRuns++;
  }
  const plannedModels = await store.getDeletedLoggedModels(olderThan, now);

  // Deleted experiments, with all their runs.
  const plannedExperiments: PlannedExperiment[] = [];
  for (const e of experiments.filter((x) => x.lifecycleStage === "deleted")) {
    if (olderThanText !== undefined && (e.lastUpdateTime === null || e.lastUpdateTime >= threshold)) continue;
    const { runs } = await searchAllRuns(client, [e.experimentId], { viewType: "ALL", select: { metrics: [], params: [], tags: [], inputs: false } });
    const active = runs.filter((r) => r.info.lifecycleStage === "active");
    if (active.length) {
      ctx.note(`keeping deleted experiment ${e.experimentId} (${e.name}): it holds ${plural(active.length, "active run")}`);
      continue;
    }
    const recent = runs.filter((r) => !plannedRuns.has(r.info.runId));
    if (recent.length) {
      ctx.note(`keeping deleted experiment ${e.experimentId} (${e.name}): it holds ${plural(recent.length, "run")} deleted less than ${olderThanText ?? "0s"} ago`);
      continue;
    }
    plannedExperiments.push({ experiment: e, runs: runs.length });
  }

  if (plannedRuns.size === 0 && plannedExperiments.length === 0 && plannedModels.length === 0) {
    const none =
      olderThanText !== undefined ? `no runs or experiments were deleted more than ${olderThanText} ago` : "no deleted runs or experiments";
    ctx.out(`Nothing to remove: ${none}.${keptRuns ? ` (${plural(keptRuns, "more recently deleted run")} kept.)` : ""}`);
    return 0;
  }

  const { style } = ctx;
  const ago = (t: number | null) => (t === null ? "unknown" : `${formatDuration(now - t)} ago`);
  if (plannedRuns.size) {
    ctx.out(style.bold(`Runs to remove permanently (${plannedRuns.size}):`));
    const lines = renderTable(
      [{ header: "RUN" }, { header: "NAME", maxWidth: 32 }, { header: "EXPERIMENT", maxWidth: 28 }, { header: "DELETED" }],
      [...plannedRuns.values()].map((p) => [p.runId, p.runName ?? "", names.get(p.experimentId) ?? p.experimentId, ago(p.deletedTime)]),
      { indent: "  ", style },
    );
    for (const l of lines) ctx.out(l);
  }
  if (plannedModels.length) {
    ctx.out(style.bold(`Logged models to remove permanently (${plannedModels.length}):`));
    for (const id of plannedModels) ctx.out(`  ${id}`);
  }
  if (plannedExperiments.length) {
    ctx.out(style.bold(`Experiments to remove permanently (${plannedExperiments.length}):`));
    const lines = renderTable(
      [{ header: "ID" }, { header: "NAME", maxWidth: 40 }, { header: "RUNS", align: "right" }, { header: "DELETED" }],
      plannedExperiments.map((p) => [p.experiment.experimentId, p.experiment.name, String(p.runs), ago(p.experiment.lastUpdateTime)]),
      { indent: "  ", style },
    );
    for (const l of lines) ctx.out(l);
  }
  if (keptRuns) ctx.out(style.dim(`(${plural(keptRuns, "run")} deleted less than ${olderThanText ?? "0s"} ago kept.)`));

  const what = [
    plannedRuns.size ? plural(plannedRuns.size, "run") : "",
    plannedModels.length ? plural(plannedModels.length, "logged model") : "",
    plannedExperiments.length ? plural(plannedExperiments.length, "experiment") : "",
  ]
    .filter(Boolean)
    .join(" and ");
  if (args.flag("dry-run")) {
    ctx.out(`Dry run: would remove ${what}; nothing was removed.`);
    return 0;
  }
  if (!args.flag("yes")) {
    if (!ctx.stdinIsTTY) {
      throw new UsageError("gc removes data for good and stdin is not a terminal to confirm on; pass --yes to go ahead (or --dry-run to only list)", spec.name);
    }
    if (!(await confirm(`Remove ${what} permanently? This cannot be undone. [y/N] `))) {
      throw new CliError("aborted; nothing was removed");
    }
  }

  for (const p of plannedRuns.values()) {
    for (const note of await store.hardDeleteRun(p.runId)) ctx.note(note);
    ctx.out(`Run with ID ${p.runId} has been permanently deleted.`);
  }
  for (const id of plannedModels) {
    await store.hardDeleteLoggedModel(id);
    ctx.out(`Logged model with ID ${id} has been permanently deleted.`);
  }
  for (const p of plannedExperiments) {
    await store.hardDeleteExperiment(p.experiment.experimentId);
    ctx.out(`Experiment with ID ${p.experiment.experimentId} has been permanently deleted.`);
  }
  return 0;
}
