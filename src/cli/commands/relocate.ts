import fs from "node:fs";
import path from "node:path";
import { relocate, type RelocateEntry, type RelocateReport } from "../../store/file/index.js";
import type { Args, CommandSpec } from "../args.js";
import type { Context } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { plural, toJson } from "../format.js";
import { storeLocation } from "../store.js";

export const spec: CommandSpec = {
  name: "relocate",
  summary: "after moving a store, point its artifact locations at where it now is (dry run unless --apply)",
  usage: ["relocate [DIR] [--apply] [--json]"],
  description: [
    "MLflow records absolute artifact locations in meta.yaml, so a store that was moved,",
    "copied or rsynced shows no artifacts in `mlflow ui` until they are rewritten. This",
    "rewrites every experiment's artifact_location and every run's artifact_uri (.trash/",
    "included) that follow the default layout, <old root>/<exp>[/<run>/artifacts], to the",
    "same layout under DIR. Other locations (a custom artifact location, s3://...) are",
    "left alone and listed. Each meta.yaml is replaced atomically with only that field",
    "changed; running it again changes nothing. Stop anything writing to the store first.",
    "",
    "Without --apply it only reports what would change. DIR defaults to --store, then",
    "$MLFLOW_TRACKING_URI, then ./mlruns. Exit status 1 when some meta.yaml could not be",
    "handled safely (listed as skipped; nothing is written to it).",
  ].join("\n"),
  options: [
    { name: "apply", type: "boolean", help: "write the changes (default: a dry run that writes nothing)" },
    { name: "json", type: "boolean", help: "print the report as JSON" },
  ],
  positionals: { min: 0, max: 1, names: "DIR" },
  examples: ["mlruns relocate ./mlruns            # what would change", "mlruns relocate ./mlruns --apply"],
};

function label(e: RelocateEntry): string {
  const where = e.inTrash ? " (in .trash)" : "";
  if (e.kind === "run") return `run ${e.runId} of experiment ${e.experimentId}${where}`;
  if (e.kind === "model") return `logged model ${e.modelId} of experiment ${e.experimentId}${where}`;
  return `experiment ${e.experimentId}${where}`;
}

export async function run(args: Args, ctx: Context): Promise<number> {
  const positional = args.positionals[0];
  const option = args.string("store") ?? ctx.globalStore;
  if (positional !== undefined && option !== undefined) {
    throw new UsageError("give the store either as DIR or as --store, not both", spec.name);
  }
  const loc = storeLocation(positional ?? option, ctx.env);
  const stat = fs.statSync(loc.dir, { throwIfNoEntry: false });
  if (!stat) throw new CliError(`no MLflow store at ${loc.dir} (from ${positional !== undefined ? "DIR" : loc.source})`);
  if (!stat.isDirectory()) throw new CliError(`${loc.dir} is a file, not a store folder`);

  let report: RelocateReport;
  try {
    report = relocate(loc.dir, { dryRun: !args.flag("apply") });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const status = report.skipped.length ? 1 : 0;
  if (args.flag("json")) {
    ctx.out(toJson(report));
    return status;
  }

  const { style } = ctx;
  const rel = (file: string) => path.relative(report.storeDir, file) || ".";
  ctx.out(`Store: ${report.storeDir}`);
  ctx.out(`New root: ${report.rootUri}`);
  if (report.changed.length) {
    ctx.out("");
    ctx.out(style.bold(report.dryRun ? "Would rewrite:" : "Rewrote:"));
    for (const c of report.changed) {
      ctx.out(`  ${label(c)}: ${c.field}`);
      ctx.out(style.dim(`    - ${c.from}`));
      ctx.out(`    + ${c.to}`);
    }
  }
  if (report.custom.length) {
    ctx.out("");
    ctx.out(style.bold("Left as they are (not the default layout):"));
    for (const c of report.custom) ctx.out(`  ${label(c)}: ${c.field} = ${c.value === "" ? "(empty)" : c.value}`);
  }
  if (report.ignored.length) {
    ctx.out("");
    ctx.out(style.bold("Ignored (no meta.yaml; MLflow ignores these folders too):"));
    for (const s of report.ignored) ctx.out(`  ${rel(s.file)}`);
  }
  if (report.skipped.length) {
    ctx.out("");
    ctx.out(style.bold(style.red("Skipped (nothing written):")));
    for (const s of report.skipped) ctx.out(`  ${rel(s.file)}: ${s.reason}`);
  }
  ctx.out("");
  const n = report.changed.length;
  const summary = [
    report.dryRun ? `${plural(n, "location")} to rewrite` : `${plural(n, "location")} rewritten`,
    `${report.unchanged.length} already in place`,
    `${report.custom.length} custom`,
    `${report.skipped.length} skipped`,
    ...(report.ignored.length ? [`${report.ignored.length} ignored`] : []),
  ].join(", ");
  ctx.out(summary + ".");
  if (report.dryRun && n > 0) ctx.out(style.yellow(`Dry run: nothing was written. Run again with --apply to write.`));
  return status;
}
