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
import { chromium } from "playwright-core";

const reps = Number(process.argv[2] ?? 7);
const POINTS = Number(process.argv[3] ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-ui-chart-"));
// Search's persisted cache goes with the temporary store, not to ~/.cache.
process.env.MLRUNS_CACHE_DIR = path.join(dir, "cache");
const { MlflowClient } = await import("../dist/index.js");
const { startUi } = await import("../dist/ui/server/index.js");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

let ui;
let browser;
try {
  const client = new MlflowClient(path.join(dir, "mlruns"));
  const runId = (await client.createRun(await client.createExperiment("bench"), undefined, undefined, "one-million")).info.runId;
  for (let step = 0; step < POINTS; step++) client.logMetric(runId, "loss", Math.exp(-step / 200_000) + 0.05 * Math.sin(step / 1000), 1_700_000_000_000 + step, step);
  await client.setTerminated(runId, "FINISHED");
  ui = await startUi({ store: client.store, port: 0 });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });

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

  const endpointMs = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const body = await (await fetch(`${ui.url}api/runs/${runId}/metrics/loss?maxPoints=2600`)).json();
    endpointMs.push(Math.round(performance.now() - t));
    if (body.total !== POINTS) throw new Error(`history has ${body.total} points, not ${POINTS}`);
  }

  const [cold, ...warm] = pageMs;
  console.log(`${POINTS.toLocaleString("en")} points, ${points.toLocaleString("en")} drawn (server-side min/max downsampling to the chart's width)`);
  console.log(`navigation -> drawn chart: first ${cold} ms, then median ${median(warm)} ms (min ${Math.min(...warm)}, max ${Math.max(...warm)}; all: ${pageMs.join(" / ")})`);
  console.log(`load average while measuring: ${os.loadavg().map((l) => l.toFixed(1)).join(", ")} on ${os.cpus().length} cores`);
  console.log(`GET /api/runs/ID/metrics/loss?maxPoints=2600 alone: median ${median(endpointMs)} ms (${endpointMs.join(" / ")})`);
} finally {
  await browser?.close();
  await ui?.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
