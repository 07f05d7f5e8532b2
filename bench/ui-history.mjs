// How long `mlruns ui` takes to answer a 1,000,000-point metric history downsampled to
// maxPoints=1000, and where the time goes: reading the history as columns (what the endpoint
// does) or as Metric objects (getMetricHistory, for comparison), and downsampling. Not a timed
// test; run after `npm run build`: node bench/ui-history.mjs
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MlflowClient } from "../dist/index.js";
import { downsampleMinMax, startUi } from "../dist/ui/server/index.js";
import { downsampleColumnsMinMax } from "../dist/ui/server/downsample.js";

const POINTS = 1_000_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-ui-history-"));
try {
  const client = new MlflowClient(path.join(dir, "mlruns"));
  const runId = (await client.createRun(await client.createExperiment("bench"))).info.runId;
  for (let step = 0; step < POINTS; step++) client.logMetric(runId, "loss", Math.sin(step / 1000), 1_700_000_000_000 + step, step);
  await client.flush();

  let t = performance.now();
  const history = await client.getMetricHistory(runId, "loss");
  const readMs = performance.now() - t;
  t = performance.now();
  const points = downsampleMinMax(history, 1000);
  const downsampleMs = performance.now() - t;
  t = performance.now();
  const cpu = process.cpuUsage();
  const cols = await client.store.getMetricHistoryColumns(runId, "loss");
  const columnsMs = performance.now() - t;
  t = performance.now();
  downsampleColumnsMinMax(cols, 1000);
  const downsampleColumnsMs = performance.now() - t;
  const columnsCpu = process.cpuUsage(cpu);

  const ui = await startUi({ store: client.store, port: 0 });
  const endpointMs = [];
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    const body = await (await fetch(`${ui.url}api/runs/${runId}/metrics/loss?maxPoints=1000`)).json();
    endpointMs.push(Math.round(performance.now() - t));
    if (body.points.length > 2000) throw new Error(`got ${body.points.length} points`);
  }
  await ui.close();
  console.log(`${POINTS} points -> ${points.length}: getMetricHistory ${Math.round(readMs)} ms, downsampleMinMax ${Math.round(downsampleMs)} ms`);
  console.log(`  columns: getMetricHistoryColumns ${Math.round(columnsMs)} ms, downsampleColumnsMinMax ${Math.round(downsampleColumnsMs)} ms (CPU ${Math.round((columnsCpu.user + columnsCpu.system) / 1000)} ms)`);
  console.log(`  GET ?maxPoints=1000 ${endpointMs.join(" / ")} ms; load average ${os.loadavg().map((l) => l.toFixed(1)).join(", ")} on ${os.cpus().length} cores`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
