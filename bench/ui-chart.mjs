// Time from navigation to a drawn 1,000,000-point chart in `mlruns ui`, in Chromium (Debian's
// /usr/bin/chromium through playwright-core), and where the time goes: the history endpoint
// alone, and the page's own reads. Not a timed test. After `npm run build`:
//
//   node bench/ui-chart.mjs [reps=7] [points=1000000]
//
// Each repetition opens a new tab on #/charts?runs=ID&metrics=loss and stops the clock when the
// chart marks itself drawn (data-state="drawn", set after uPlot drew the canvas). The first
// repetition is reported on its own: it reads the run's latest metric value cold (search's cache
// is empty); the median is over the others. The goal in issue #16 is < 1 s.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";

const reps = Number(process.argv[2] ?? 7);
const POINTS = Number(process.argv[3] ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-ui-chart-"));
// Search's persisted cache goes with the temporary store, not to ~/.cache.
process.env.MLRUNS_CACHE_DIR = path.join(dir, "cache");
const { MlflowClient } = await import("../dist/index.js");
const { startUi } = await import("../dist/ui/server/index.js");
const { launchBrowser, median } = await import("./ui-store.mjs");

let ui;
let browser;
try {
  const client = new MlflowClient(path.join(dir, "mlruns"));
  const runId = (await client.createRun(await client.createExperiment("bench"), undefined, undefined, "one-million")).info.runId;
  for (let step = 0; step < POINTS; step++) client.logMetric(runId, "loss", Math.exp(-step / 200_000) + 0.05 * Math.sin(step / 1000), 1_700_000_000_000 + step, step);
  await client.setTerminated(runId, "FINISHED");
  ui = await startUi({ store: client.store, port: 0 });
  browser = await launchBrowser();

  const url = `${ui.url}#/charts?runs=${runId}&metrics=loss`;
  const pageMs = [];
  let points = 0;
  for (let i = 0; i < reps; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const t = performance.now();
    await page.goto(url);
    await page.locator('.line-chart[data-state="drawn"]').waitFor({ timeout: 60_000 });
    pageMs.push(Math.round(performance.now() - t));
    points = Number(await page.locator(".line-chart").getAttribute("data-points"));
    await page.close();
  }

  // CPU time as well as wall time: on a machine shared with other work the wall time mostly
  // measures the wait for a core; the server runs in this process, so its CPU time is the cost.
  const endpointMs = [];
  const endpointCpuMs = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const body = await (await fetch(`${ui.url}api/runs/${runId}/metrics/loss?maxPoints=2600`)).json();
    const used = process.cpuUsage(cpu);
    endpointMs.push(Math.round(performance.now() - t));
    endpointCpuMs.push(Math.round((used.user + used.system) / 1000));
    if (body.total !== POINTS) throw new Error(`history has ${body.total} points, not ${POINTS}`);
  }

  // uPlot alone on the raw million points (no downsampling), as mlruns report could use it:
  // the chart module bundled on its own into a blank page, timed from the call to the next frame.
  const bundle = await build({ entryPoints: [path.join(import.meta.dirname, "..", "src", "ui", "app", "charts", "line-chart.js")], bundle: true, write: false, format: "iife", globalName: "lineChart", minify: true });
  const rawMs = [];
  for (let i = 0; i < reps; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.setContent('<div id="chart" style="width:1300px"></div>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    rawMs.push(
      await page.evaluate(async (n) => {
        const x = new Float64Array(n);
        const y = new Array(n);
        for (let j = 0; j < n; j++) (x[j] = j), (y[j] = Math.exp(-j / 200_000) + 0.05 * Math.sin(j / 1000));
        const t = performance.now();
        window.lineChart.renderLineChart(document.getElementById("chart"), { series: [{ label: "loss", points: { x, y } }], xLabel: "step" });
        await new Promise((r) => requestAnimationFrame(() => r()));
        return Math.round(performance.now() - t);
      }, POINTS),
    );
    await page.close();
  }

  const [cold, ...warm] = pageMs;
  console.log(`${POINTS.toLocaleString("en")} points, ${points.toLocaleString("en")} drawn (server-side min/max downsampling to the chart's width)`);
  console.log(`navigation -> drawn chart: first ${cold} ms, then median ${median(warm)} ms (min ${Math.min(...warm)}, max ${Math.max(...warm)}; all: ${pageMs.join(" / ")})`);
  console.log(`load average while measuring: ${os.loadavg().map((l) => l.toFixed(1)).join(", ")} on ${os.cpus().length} cores`);
  console.log(`uPlot drawing all ${POINTS.toLocaleString("en")} points itself (no server, no downsampling): median ${median(rawMs)} ms (${rawMs.join(" / ")})`);
  console.log(`GET /api/runs/ID/metrics/loss?maxPoints=2600 alone: median ${median(endpointMs)} ms (${endpointMs.join(" / ")}); CPU time of this process: median ${median(endpointCpuMs)} ms (${endpointCpuMs.join(" / ")})`);
} finally {
  await browser?.close();
  await ui?.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
