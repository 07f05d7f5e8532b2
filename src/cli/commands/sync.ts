import { openStore } from "../../store/registry.js";
import type { SyncSummary } from "../../sync/summary.js";
import { syncStore } from "../../sync/sync-store.js";
import type { Args, CommandSpec } from "../args.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { formatBytes, formatDuration, toJson } from "../format.js";
import { openClient } from "../store.js";
import { syncProgressBar } from "../sync-progress.js";

export const spec: CommandSpec = {
  name: "sync",
  summary: "copy the store's runs to an MLflow server (or another store), sending only what is new",
  usage: ["sync --to URI [-e EXP ...] [--dry-run] [--json] [--wait SECONDS]"],
  description: [
    "Copies experiments (by name), runs with their times, status, params, tags and every",
    "metric point, artifacts, datasets and logged models to the target: an MLflow tracking",
    "server (http:// or https://) or another store folder. Nested runs keep their parent.",
    "Run it as often as you like: what was sent is recorded in a journal file in the store's",
    "root (.mlruns-sync-*.journal, which MLflow ignores) and each target run carries the tag",
    "mlruns.sync.sourceRunId, so a second sync sends nothing, and one that was interrupted",
    "(kill -9, a dropped connection) picks up where it stopped without sending anything twice.",
    "Exit status 1 when some run or model could not be synced (listed).",
  ].join("\n"),
  options: [
    { name: "to", type: "string", valueName: "URI", help: "the target: http(s)://server, a folder or a file: URI (required)" },
    { name: "experiment", short: "e", type: "string", multiple: true, valueName: "NAME|ID", help: "sync only this experiment (repeatable); default: every active one" },
    { name: "dry-run", type: "boolean", help: "count what would be sent; send and record nothing" },
    { name: "json", type: "boolean", help: "print the summary as JSON" },
    { name: "wait", type: "string", valueName: "SECONDS", help: "if another sync of this store to the same target is running, wait this long for it (default: exit at once)" },
  ],
  positionals: { min: 0, max: 0, names: "" },
  examples: ["mlruns sync --to http://127.0.0.1:5000", "mlruns sync --to https://mlflow.example.com -e vision --dry-run", "mlruns sync --store ./mlruns --to ./backup-mlruns --json"],
};

function printSummary(ctx: Context, s: SyncSummary): void {
  const n = (x: number) => x.toLocaleString("en-US");
  ctx.out(`${s.dryRun ? "Dry run of a sync" : "Synced"} ${s.source} → ${s.target} in ${formatDuration(s.durationMs)}`);
  ctx.out(`  experiments created  ${n(s.experimentsCreated)}`);
  ctx.out(`  runs                 ${n(s.runsCreated)} created, ${n(s.runsUpdated)} updated, ${n(s.runsUnchanged)} unchanged`);
  ctx.out(`  logged models        ${n(s.modelsCreated)} created, ${n(s.modelsUpdated)} updated`);
  ctx.out(`  sent                 ${n(s.params)} params, ${n(s.tags)} tags, ${n(s.points)} points, ${n(s.inputs)} inputs/outputs`);
  ctx.out(`  artifacts            ${n(s.artifacts)} files, ${formatBytes(s.bytes)}`);
  if (s.reconciled) ctx.out(`  read back            ${n(s.reconciled)} runs/models from the target (an earlier sync was interrupted)`);
  if (s.skipped.length) {
    ctx.out(ctx.style.bold(ctx.style.red("Not synced:")));
    for (const k of s.skipped) ctx.out(`  ${k.what}: ${k.reason}`);
  }
  if (s.dryRun) ctx.out(ctx.style.yellow("Dry run: nothing was sent or recorded."));
}

export async function run(args: Args, ctx: Context): Promise<number> {
  const to = args.string("to");
  if (!to) throw new UsageError("option '--to URI' is required: the MLflow server (http://host:5000) or store folder to sync to", spec.name);
  const wait = args.string("wait");
  if (wait !== undefined && !/^\d+(\.\d+)?$/.test(wait)) throw new UsageError(`--wait expects a number of seconds, got '${wait}'`, spec.name);
  const from = openClient(ctx, args).store;
  const json = args.flag("json");
  const bar = json ? undefined : syncProgressBar(process.stderr);
  let summary: SyncSummary;
  try {
    summary = await syncStore({
      from,
      to: openStore(to),
      experiments: args.list("experiment"),
      dryRun: args.flag("dry-run"),
      lockWaitMs: wait === undefined ? 0 : Number(wait) * 1000,
      onProgress: (p) => bar?.update(p),
    });
  } finally {
    bar?.stop();
  }
  if (json) ctx.out(toJson(summary));
  else printSummary(ctx, summary);
  return summary.skipped.length ? 1 : 0;
}
