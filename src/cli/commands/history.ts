import type { Metric } from "../../index.js";
import type { Args, CommandSpec } from "../args.js";
import type { Context } from "../context.js";
import { CliError } from "../errors.js";
import { csvLine, formatNumber, formatTime, shortId, toJson, withRunName } from "../format.js";
import { openClient, resolveRun } from "../store.js";
import { sparkline } from "../sparkline.js";
import { renderTable } from "../table.js";
import { suggest } from "../text.js";

export const spec: CommandSpec = {
  name: "history",
  summary: "a metric's values by step, with a sparkline",
  usage: ["history RUN_ID METRIC [--json | --csv]"],
  description: [
    "Prints every logged point of METRIC, ordered by step then timestamp, under a sparkline",
    "(▁ lowest … █ highest; a blank is NaN). Long histories are averaged into the sparkline's width.",
    "--json prints [{step, value, timestamp}] (NaN and ±Infinity as strings); --csv prints",
    "step,value,timestamp with MLflow's nan/inf spelling. Timestamps are milliseconds since the epoch.",
  ].join("\n"),
  options: [
    { name: "json", type: "boolean", help: "print JSON" },
    { name: "csv", type: "boolean", help: "print CSV" },
  ],
  positionals: { min: 2, max: 2, names: "a RUN_ID and a METRIC name" },
  examples: ["mlruns history 3f2a9c1e val_loss", "mlruns history 3f2a9c1e val_loss --csv > val_loss.csv"],
};

function extreme(points: Metric[], pick: (a: number, b: number) => boolean): Metric | undefined {
  let best: Metric | undefined;
  for (const p of points) if (!Number.isNaN(p.value) && (!best || pick(p.value, best.value))) best = p;
  return best;
}

export async function run(args: Args, ctx: Context): Promise<number> {
  const format = args.format();
  const [ref, key] = args.positionals as [string, string];
  const client = openClient(ctx, args);
  const r = await resolveRun(client, ref);
  const points = (await client.getMetricHistory(r.info.runId, key)).slice().sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  if (points.length === 0) {
    const keys = Object.keys(r.data.metrics).sort();
    const hint = suggest(key, keys);
    throw new CliError(
      `run ${r.info.runId} has no metric '${key}'` +
        (hint ? ` (did you mean '${hint}'?)` : keys.length ? `; its metrics: ${keys.join(", ")}` : "; it has no metrics"),
    );
  }

  if (format === "json") {
    ctx.out(toJson(points.map((p) => ({ step: p.step, value: p.value, timestamp: p.timestamp }))));
    return 0;
  }
  if (format === "csv") {
    ctx.out(csvLine(["step", "value", "timestamp"]));
    for (const p of points) ctx.out(csvLine([String(p.step), formatNumber(p.value), String(p.timestamp)]));
    return 0;
  }

  const { style } = ctx;
  const steps = `steps ${points[0]!.step}–${points[points.length - 1]!.step}`;
  ctx.out(`${style.bold(key)}  run ${withRunName(style.cyan(shortId(r.info.runId)), r.info.runName)}  ${points.length} point${points.length === 1 ? "" : "s"}, ${steps}`);
  const width = Math.max(8, Math.min(60, ctx.columns - 4));
  ctx.out(`  ${style.green(sparkline(points.map((p) => p.value), width))}`);
  const lo = extreme(points, (a, b) => a < b);
  const hi = extreme(points, (a, b) => a > b);
  const last = points[points.length - 1]!;
  const at = (p: Metric | undefined) => (p ? `${formatNumber(p.value)} (step ${p.step})` : "nan");
  ctx.out(`  min ${at(lo)}  max ${at(hi)}  last ${at(last)}`);
  ctx.out();
  const lines = renderTable(
    [{ header: "STEP", align: "right" }, { header: "VALUE", align: "right" }, { header: "TIMESTAMP" }],
    points.map((p) => [String(p.step), formatNumber(p.value), formatTime(p.timestamp, { millis: true })]),
    { style },
  );
  for (const line of lines) ctx.out(line);
  return 0;
}
