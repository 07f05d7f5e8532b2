/**
 * `mlruns report` files in a real browser (Debian's chromium via playwright-core), opened from
 * file:// with every other request failed: on MLflow's own fixture store (fixtures/mlflow-tree,
 * written by real MLflow), on stores written by mlruns (the UI suite's store with a TensorFlow.js
 * fit and system metrics; the report suite's sweep) and on the hostile store. The table must show
 * the runs, every chart must have drawn lines (canvas pixels in the runs' colours), no dialog may
 * open and the file may be the only request. Screenshots: out/screenshots/mlruns-report-*.png.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReport, type ReportData, type ReportSeries } from "../../../src/report/index.js";
import { MlflowClient } from "../../../src/index.js";
import { readReport } from "../../unit/report/report-file.js";
import { HOSTILE_PARAM, HOSTILE_RUN_NAME, HOSTILE_TAG, writeReportStore } from "../../unit/report/report-store.js";
import { REPO_ROOT } from "../python.js";
import { launchBrowser, shot, watchPage, type PageWatch } from "./chromium.js";
import { writeUiStore, TFJS_RUN_NAME } from "./ui-store.js";

const FIXTURE = path.join(REPO_ROOT, "fixtures", "mlflow-tree");

let work: string;
let browser: Browser;
const files: Record<string, string> = {};

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-report-browser-"));
  const fixture = path.join(work, "mlflow-tree");
  fs.cpSync(FIXTURE, fixture, { recursive: true });
  files.mlflow = path.join(work, "mlflow.html");
  await writeReport({ store: fixture, output: files.mlflow });

  const own = await writeReportStore(path.join(work, "own"));
  files.sweep = path.join(work, "sweep.html");
  await writeReport({ store: own.root, experiments: ["sweep"], output: files.sweep });
  files.hostile = path.join(work, "hostile.html");
  await writeReport({ store: own.root, experiments: ["other"], output: files.hostile });

  // Series that stay at zero but for one point, as an idle machine's CPU readings do: drawn,
  // whatever the CI machine's own readings were.
  const idle = new MlflowClient(path.join(work, "idle"));
  const idleExp = await idle.createExperiment("idle");
  for (const [name, bump] of [["near-zero", 0.001], ["zero-then-one", 1]] as const) {
    const run = await idle.createRun(idleExp, 1_700_000_000_000, undefined, name);
    for (let step = 0; step < 50; step++) idle.logMetric(run.info.runId, "cpu", step === 25 ? bump : 0, 1_700_000_000_000 + step, step);
    await idle.setTerminated(run.info.runId, "FINISHED", 1_700_000_001_000);
  }
  await idle.flush();
  files.idle = path.join(work, "idle.html");
  await writeReport({ store: path.join(work, "idle"), output: files.idle });

  const ui = await writeUiStore(path.join(work, "ui-store"));
  files.uiStore = path.join(work, "ui-store.html");
  await writeReport({ store: ui.root, output: files.uiStore });

  browser = await launchBrowser();
}, 20 * 60_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** `requests`: every request the page attempted, the file itself included. */
interface Opened extends PageWatch {
  page: Page;
  url: string;
  data: ReportData;
}

/** Opens a report offline: the context has no network and every request but the file's fails. */
async function open(name: string, screenshot: string): Promise<Opened> {
  const file = files[name]!;
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, offline: true });
  await context.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort("blockedbyclient")));
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const watched = watchPage(page);
  await page.goto(url);
  const { data } = readReport(file);
  await expect.poll(() => page.locator("table#runs tbody tr").count()).toBe(data.runs.length);
  // Taken before any check, so a failing check still leaves the picture to look at.
  await shot(page, `mlruns-report-${screenshot}`);
  return { page, url, data, ...watched };
}

/** Per chart: how many canvas pixels are within a small distance of each of its lines' colours. */
async function linePixels(page: Page): Promise<Record<string, number[]>> {
  return page.evaluate(() => {
    const out: Record<string, number[]> = {};
    const probe = document.createElement("canvas").getContext("2d")!;
    const rgb = (css: string) => {
      probe.fillStyle = css;
      probe.fillRect(0, 0, 1, 1);
      return Array.from(probe.getImageData(0, 0, 1, 1).data.slice(0, 3));
    };
    for (const box of document.querySelectorAll<HTMLElement>(".line-chart[data-metric]")) {
      const canvas = box.querySelector("canvas")!;
      const pixels = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = [...box.querySelectorAll<HTMLElement>(".u-legend .u-series:not(:first-child) .u-marker")].map((m) => rgb(m.style.borderColor));
      out[box.dataset.metric!] = colours.map(([r, g, b]) => {
        let n = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          if (pixels[i + 3]! > 200 && Math.abs(pixels[i]! - r!) + Math.abs(pixels[i + 1]! - g!) + Math.abs(pixels[i + 2]! - b!) < 100) n++;
        }
        return n;
      });
    }
    return out;
  });
}

/** The metrics the page charts: those with a line to draw in some run. */
function chartedKeys(data: ReportData): string[] {
  return data.metricKeys.filter((k) => data.series[k]!.some(drawsLine));
}

/**
 * A history draws a line when two neighbouring points at different steps both have a value
 * (gaps break lines); on a log scale only values above 0 are shown (an idle machine's CPU
 * readings of 0 leave isolated points and no line).
 */
function drawsLine(s: ReportSeries, logY = false): boolean {
  const shown = (v: number | null) => v !== null && (!logY || v > 0);
  return s.values.some((v, i) => i > 0 && shown(v) && shown(s.values[i - 1]!) && s.steps[i] !== s.steps[i - 1]);
}

async function expectOfflineAndDrawn(o: Opened, logY = false): Promise<void> {
  expect(o.requests).toEqual([o.url]);
  expect(o.dialogs).toEqual([]);
  expect(o.errors).toEqual([]);
  const keys = chartedKeys(o.data);
  expect(keys.length).toBeGreaterThan(0);
  expect(await o.page.locator(".line-chart[data-metric]").count()).toBe(keys.length);
  const drawn = await linePixels(o.page);
  for (const key of keys) {
    // Constant series (0 MB received) and series at 0 but for one point count too: uPlot pads
    // their range, so their colour is on the canvas like any other line's.
    const lines = o.data.series[key]!.filter((s) => drawsLine(s, logY));
    // Every run with a drawable history has a line of its own colour on the canvas.
    expect(drawn[key]!.filter((n) => n >= 10).length, `lines drawn in ${key}: ${drawn[key]}`).toBeGreaterThanOrEqual(lines.length);
  }
}

describe("report of a store written by MLflow (fixtures/mlflow-tree)", () => {
  it("opens offline, lists the runs and draws every chart", async () => {
    const o = await open("mlflow", "mlflow-fixture");
    const table = await o.page.locator("table#runs").innerText();
    for (const r of o.data.runs) if (r.name) expect(table).toContain(r.name);
    expect(o.data.metricKeys).toContain("train/loss");
    await expectOfflineAndDrawn(o);
    await o.page.context().close();
  });
});

describe("reports of stores written by mlruns", () => {
  it("the sweep: runs and params in the table, one line per run in each chart, sorting by a metric", async () => {
    const o = await open("sweep", "mlruns-sweep");
    const table = o.page.locator("table#runs");
    for (const name of ["lgbm-0", "lgbm-1", "lgbm-2", "mlp-0"]) await expect.poll(() => table.innerText()).toContain(name);
    expect(await table.innerText()).toContain("lgbm");
    await expectOfflineAndDrawn(o);
    expect((await linePixels(o.page)).loss!.filter((n) => n >= 10)).toHaveLength(4);
    await o.page.locator("#runs th", { hasText: /^final_auc$/ }).click();
    expect(await o.page.locator("#runs tbody tr:first-child td.run").innerText()).toBe("lgbm-0");
    await o.page.locator("#runs th", { hasText: /^final_auc$/ }).click();
    expect(await o.page.locator("#runs tbody tr:first-child td.run").innerText()).toBe("lgbm-2");
    await o.page.context().close();
  });

  it("series that stay at zero but for one point are drawn, not clipped at the plot's edge", async () => {
    const o = await open("idle", "mlruns-idle");
    await expectOfflineAndDrawn(o);
    expect((await linePixels(o.page)).cpu!.filter((n) => n >= 10)).toHaveLength(2);
    await o.page.context().close();
  });

  it("the UI suite's store (a TensorFlow.js fit, system metrics): every chart drawn", async () => {
    const o = await open("uiStore", "mlruns-ui-store");
    expect(await o.page.locator("table#runs").innerText()).toContain(TFJS_RUN_NAME);
    await expectOfflineAndDrawn(o);
    await o.page.locator("#log-y").check();
    await expectOfflineAndDrawn(o, true);
    await o.page.locator("#log-y").uncheck();
    await o.page.context().close();
  });

  it("the hostile store: the name that closes a script tag, the <script> tag and the comment param are text; nothing runs", async () => {
    const o = await open("hostile", "hostile");
    const row = o.page.locator("#runs tbody tr", { hasText: HOSTILE_RUN_NAME });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator("td.run").innerText()).toBe(HOSTILE_RUN_NAME);
    expect(await row.innerText()).toContain(HOSTILE_TAG);
    expect(await row.innerText()).toContain(HOSTILE_PARAM);
    expect(await o.page.locator("img").count()).toBe(0);
    expect(await o.page.locator("script").count()).toBe(2);
    await expectOfflineAndDrawn(o);
    expect(o.dialogs).toEqual([]);
    await o.page.context().close();
  });
});
