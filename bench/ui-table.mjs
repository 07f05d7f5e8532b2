// How fluid the runs table of `mlruns ui` is on a 10,000-run experiment, measured in Debian's
// Chromium (playwright-core): time to the first table, to the next page, to a sort by a metric,
// by a param and by a tag, to a filter, and to the column picker's list of every key. Medians of
// REPEAT tries after one warm-up; the cold first load is printed on its own. Not a timed test.
//
//   npm run build && node bench/ui-table.mjs [RUNS]
// MLRUNS_BENCH_STORE=DIR keeps the written store in DIR and reuses it on the next run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const RUNS = Number(process.argv[2] ?? 10_000);
const REPEAT = 5;
const kept = process.env.MLRUNS_BENCH_STORE;
const dir = kept ? path.resolve(kept) : fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-ui-table-bench-"));
const reuse = kept && fs.existsSync(path.join(dir, "mlruns"));
// The search's persisted run cache goes with the store, not to ~/.cache.
process.env.MLRUNS_CACHE_DIR ??= path.join(dir, "cache");
const { MlflowClient } = await import("../dist/index.js");
const { startUi } = await import("../dist/ui/server/index.js");
const { launchBrowser, median } = await import("./ui-store.mjs");

let ui;
let browser;
try {
  let t = performance.now();
  const client = new MlflowClient(path.join(dir, "mlruns"));
  const existing = reuse ? await client.getExperimentByName("bench") : null;
  const experimentId = existing?.experimentId ?? (await client.createExperiment("bench"));
  let parent = null;
  for (let i = 0; i < (existing ? 0 : RUNS); i++) {
    const tags = i % 10 === 0 ? {} : { "mlflow.parentRunId": parent };
    const run = await client.createRun(experimentId, 1_700_000_000_000 + i * 1000, tags, `run-${i}`);
    const id = run.info.runId;
    if (i % 10 === 0) parent = id;
    await client.logBatch(
      id,
      [
        { key: "loss", value: ((i * 7919) % 1000) / 1000, timestamp: 0, step: 0 },
        { key: "accuracy", value: ((i * 104729) % 1000) / 1000, timestamp: 0, step: 0 },
      ],
      [
        { key: "lr", value: String(10 ** -(1 + (i % 4))) },
        { key: "depth", value: String(i % 12) },
        { key: "model", value: i % 3 ? "lgbm" : "mlp" },
      ],
      [{ key: "team", value: `t${i % 5}` }],
    );
    await client.setTerminated(id, "FINISHED", 1_700_000_000_000 + i * 1000 + 60_000);
  }
  await client.flush();
  if (!existing) console.log(`wrote ${RUNS} runs in ${Math.round((performance.now() - t) / 1000)} s`);

  ui = await startUi({ store: path.join(dir, "mlruns"), port: 0 });
  browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(120_000);
  const names = () => page.evaluate(() => [...document.querySelectorAll("table#runs tbody td.name > a")].map((a) => a.textContent).join(","));
  const base = `${ui.url}#/experiments/${experimentId}`;

  /** ms from `act` until the rows differ from before and the page is drawn. */
  async function timeChange(act) {
    const before = await names();
    const t0 = performance.now();
    await act();
    await page.waitForFunction(
      (prev) => {
        const now = [...document.querySelectorAll("table#runs tbody td.name > a")].map((a) => a.textContent).join(",");
        return now !== prev && !document.body.textContent.includes("loading…") && document.querySelectorAll("table#runs tbody tr").length >= 50;
      },
      before,
      { polling: 5 },
    );
    return performance.now() - t0;
  }
  async function firstTable() {
    await page.goto("about:blank");
    const t0 = performance.now();
    await page.goto(base);
    await page.waitForFunction(() => document.querySelectorAll("table#runs tbody tr").length >= 100, null, { polling: 5 });
    return performance.now() - t0;
  }

  const cold = await firstTable();
  const results = { "first table": [], "next page": [], "sort by metric": [], "sort by param": [], "sort by tag": [], "filter": [], "column picker keys": [] };
  for (let i = 0; i <= REPEAT; i++) {
    const sample = {};
    sample["first table"] = await firstTable();
    sample["next page"] = await timeChange(() => page.getByRole("button", { name: "Next page" }).click());
    await page.goto(base);
    await page.waitForFunction(() => document.querySelectorAll("table#runs tbody tr").length >= 100);
    sample["sort by metric"] = await timeChange(() => page.locator("table#runs th", { hasText: "loss" }).click());
    sample["sort by param"] = await timeChange(() => page.locator("table#runs th", { hasText: "depth" }).click());
    await page.goto(`${base}?cols=${encodeURIComponent("attributes.status,metrics.loss,params.lr,tags.team")}`);
    await page.waitForFunction(() => document.querySelectorAll("table#runs tbody tr").length >= 100);
    sample["sort by tag"] = await timeChange(() => page.locator("table#runs th", { hasText: "team" }).click());
    sample["filter"] = await timeChange(async () => {
      await page.getByLabel("filter").fill("metrics.loss < 0.5 and params.model = 'lgbm'");
      await page.getByRole("button", { name: "Search" }).click();
    });
    const t0 = performance.now();
    await page.locator("summary", { hasText: "Columns" }).click();
    await page.locator(".picker-body legend", { hasText: "Tags (" }).waitFor();
    await page.waitForFunction(() => !document.body.textContent.includes("loading keys…"), null, { polling: 5 });
    sample["column picker keys"] = performance.now() - t0;
    if (i > 0) for (const [k, v] of Object.entries(sample)) results[k].push(v); // i = 0 warms up
  }
  console.log(`runs table on ${RUNS} runs (100 per page), Chromium, median of ${REPEAT}; cold first table ${Math.round(cold)} ms`);
  for (const [k, v] of Object.entries(results)) console.log(`  ${k.padEnd(20)} ${String(Math.round(median(v))).padStart(6)} ms   (min ${Math.round(Math.min(...v))}, max ${Math.round(Math.max(...v))})`);
} finally {
  await browser?.close();
  await ui?.close();
  if (!kept) fs.rmSync(dir, { recursive: true, force: true });
}
