/** The subcommands: a summary for `mlruns --help`, and a loader so only the one in use is imported. */
import type { Args, CommandSpec } from "./args.js";
import type { Context } from "./context.js";

export interface CommandModule {
  spec: CommandSpec;
  /** Returns the exit code (default 0). */
  run(args: Args, ctx: Context): Promise<number | void>;
}

export interface CommandEntry {
  summary: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  experiments: { summary: "list experiments (id, name, runs, last update)", load: () => import("./commands/experiments.js") },
  runs: { summary: "list runs as a table, JSON or CSV, with filters and ordering", load: () => import("./commands/runs.js") },
  show: { summary: "everything about one run: info, params, metrics, tags, artifacts, parent and children", load: () => import("./commands/show.js") },
  compare: { summary: "runs side by side: differing params and the best value of each metric", load: () => import("./commands/compare.js") },
  history: { summary: "a metric's values by step, with a sparkline", load: () => import("./commands/history.js") },
  delete: { summary: "mark runs deleted (reversible until gc)", load: () => import("./commands/delete.js") },
  restore: { summary: "bring deleted runs back", load: () => import("./commands/restore.js") },
  gc: { summary: "permanently remove deleted runs and experiments, like `mlflow gc`", load: () => import("./commands/gc.js") },
  doctor: { summary: "report damage in a store (dry run) and repair what is safe with --fix", load: () => import("./commands/doctor.js") },
  ui: { summary: "a local, read-only web viewer: experiments, runs table with filters, run pages, artifacts", load: () => import("./commands/ui.js") },
  sync: { summary: "copy the store's runs to an MLflow server or another store, sending only what is new", load: () => import("./commands/sync.js") },
  report: { summary: "one self-contained HTML file of runs and metric charts, viewable offline", load: () => import("./commands/report.js") },
  relocate: { summary: "after moving a store, point its artifact locations at where it now is", load: () => import("./commands/relocate.js") },
};
