/**
 * The charts page of `mlruns ui` in a real Chromium, on five runs logged by real MLflow and five
 * logged by mlruns: lines are drawn (colored pixels counted on the canvas, not just a canvas
 * present), log scale and smoothing change the drawing, a zoom asks the server for its range at
 * full resolution, and a run still logging in a child process grows its line without a reload.
 * Screenshots: out/screenshots/mlruns-ui-chart-*.png.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { startUi, type UiServer } from "../../../src/ui/server/index.js";
import { HOSTILE } from "../../unit/ui/ui-store.js";
import { PY_DIR, runPython } from "../python.js";
import { hashParam, launchBrowser, shot, watchPage, type PageWatch } from "./chromium.js";

const MLRUNS_POINTS = 20_000;
/** The live run logs one point every 200 ms: about 12 s of logging. */
const LIVE_POINTS = 60;
let work: string;
let ui: UiServer;
let browser: Browser;
let page: Page;
let watched: PageWatch;
let mlflowRuns: { experimentId: string; runIds: string[] };
let own: { experimentId: string; runIds: string[] };
let liveChild: ChildProcess | undefined;
let hostileRunId: string;

const chart = (metric: string) => page.locator(`figure[data-metric="${metric}"] .line-chart`);
const drawn = (metric: string) => page.locator(`figure[data-metric="${metric}"] .line-chart[data-state="drawn"]`).waitFor();
/** The legend's run names (its first entry is the x axis). */
const legendLabels = (metric: string) => chart(metric).locator(".u-legend .u-series:not(:first-child) .u-label").allInnerTexts();

/** Pixels of the chart's canvas in a line colour (the palette is saturated; grid, axes and text are grey). */
function inkOf(metric: string): Promise<number> {
  return page.evaluate((m) => {
    const canvas = document.querySelector(`figure[data-metric="${CSS.escape(m)}"] canvas`) as HTMLCanvasElement | null;
    if (!canvas) return -1;
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 200 && Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!) > 60) n++;
    return n;
  }, metric);
}

/** A hash of the canvas's pixels, to tell whether a control changed the drawing. */
const drawing = (metric: string) =>
  page.evaluate((m) => {
    const canvas = document.querySelector(`figure[data-metric="${CSS.escape(m)}"] canvas`) as HTMLCanvasElement;
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    let h = 0x811c9dc5;
    for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i]!, 16777619);
    return (h >>> 0).toString(16);
  }, metric);

const runsRow = (name: string) => page.locator("table#runs tbody tr", { hasText: name });
const metricRequests = () => watched.requests.filter((u) => new URL(u).pathname.includes("/metrics/"));

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(20_000);
  watched = watchPage(page);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-ui-charts-"));
  const root = path.join(work, "mlruns");
  fs.mkdirSync(root);
  // Five runs logged by MLflow itself...
  mlflowRuns = await runPython(path.join(PY_DIR, "write_chart_runs.py"), [root], { timeoutMs: 240_000 });
  // ...and five by mlruns, long enough that the full view is downsampled.
  const client = new MlflowClient(root);
  const experimentId = await client.createExperiment("charts (mlruns)");
  const t0 = Date.now() - 3_600_000;
  const runIds: string[] = [];
  for (let r = 0; r < 5; r++) {
    const id = (await client.createRun(experimentId, t0 + r * 1000, {}, `mlruns-run-${r}`)).info.runId;
    for (let step = 0; step < MLRUNS_POINTS; step++) {
      client.logMetric(id, "loss", 2 * Math.exp(-step / (2000 + 1500 * r)) + 0.03 * Math.sin(step / 40 + r) + 0.05, t0 + r * 1000 + step * 10, step);
      if (step % 10 === 0) client.logMetric(id, "accuracy", 1 - Math.exp(-step / (3000 + 1000 * r)), t0 + r * 1000 + step * 10, step);
    }
    await client.setTerminated(id, "FINISHED", t0 + r * 1000 + MLRUNS_POINTS * 10);
    runIds.push(id);
  }
  own = { experimentId, runIds };
  hostileRunId = (await client.createRun(experimentId, t0, {}, HOSTILE.runName)).info.runId;
  for (let step = 0; step < 50; step++) {
    client.logMetric(hostileRunId, "loss", 1 / (step + 1), t0 + step, step);
    // A key with '/' (TensorBoard-style names) and a NaN in the middle of it.
    client.logMetric(hostileRunId, "train/loss", step === 25 ? NaN : 2 / (step + 1), t0 + step, step);
  }
  await client.setTerminated(hostileRunId, "FINISHED");
  ui = await startUi({ store: root, port: 0 });
}, 20 * 60_000);

afterAll(async () => {
  if (liveChild && liveChild.exitCode === null) liveChild.kill("SIGKILL");
  await browser?.close().catch(() => undefined);
  await ui?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("charts of five runs logged by MLflow", () => {
  it("draws one line per run for each metric, named in the legend", async () => {
    await page.goto(`${ui.url}#/charts?runs=${mlflowRuns.runIds.join(",")}`);
    await drawn("loss");
    await drawn("accuracy");
    const names = [0.1, 0.03, 0.01, 0.003, 0.001].map((lr) => `mlflow-lr-${lr}`);
    expect(await legendLabels("loss")).toEqual(names);
    expect(await legendLabels("accuracy")).toEqual(names);
    // Lines, not an empty frame: a 500-step curve per run leaves thousands of coloured pixels.
    expect(await inkOf("loss")).toBeGreaterThan(2000);
    expect(await inkOf("accuracy")).toBeGreaterThan(2000);
    expect(await chart("loss").getAttribute("data-points")).toBe(String(5 * 500));
    await shot(page, "mlruns-ui-chart-01-mlflow-runs");
  });

  it("the app's CSP lets the chart library run: no violation, no error, nothing leaves 127.0.0.1", () => {
    expect(watched.errors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
    for (const u of watched.requests) expect(new URL(u).hostname).toBe("127.0.0.1");
    expect(watched.dialogs).toEqual([]);
  });
});

describe("charts of five runs logged by mlruns", () => {
  it("the runs table's Chart button charts the selected runs; only the chosen metric is drawn", async () => {
    await page.goto(`${ui.url}#/experiments/${own.experimentId}`);
    await page.getByRole("checkbox", { name: "select the runs on this page" }).check();
    await page.locator("#chart-runs").click();
    await drawn("loss");
    expect(new Set(hashParam(page, "runs")!.split(","))).toEqual(new Set([...own.runIds, hostileRunId]));
    await page.getByRole("checkbox", { name: "accuracy", exact: true }).uncheck();
    await expect.poll(() => hashParam(page, "metrics")).toBe("loss,train/loss");
    await page.getByRole("checkbox", { name: "train/loss", exact: true }).uncheck();
    await expect.poll(() => hashParam(page, "metrics")).toBe("loss");
    await expect.poll(() => page.locator("figure[data-metric]").count()).toBe(1);
    expect(await inkOf("loss")).toBeGreaterThan(2000);
    // 20,000 points per run come back downsampled to about two buckets per pixel column.
    const points = Number(await chart("loss").getAttribute("data-points"));
    expect(points).toBeLessThan(5 * MLRUNS_POINTS);
    expect(points).toBeGreaterThan(5 * 1000);
    await shot(page, "mlruns-ui-chart-02-mlruns-runs");
  });

  it("log scale and smoothing change the drawing and stay in the URL", async () => {
    const linear = await drawing("loss");
    await page.getByRole("checkbox", { name: "log scale" }).check();
    await expect.poll(() => hashParam(page, "log")).toBe("1");
    await expect.poll(() => drawing("loss")).not.toBe(linear);
    const log = await drawing("loss");
    expect(await inkOf("loss")).toBeGreaterThan(2000);

    await page.getByLabel("smoothing").fill("0.95");
    await expect.poll(() => hashParam(page, "smooth")).toBe("0.95");
    await expect.poll(() => drawing("loss")).not.toBe(log);
    expect(await inkOf("loss")).toBeGreaterThan(1000);
    await shot(page, "mlruns-ui-chart-03-mlruns-log-smoothed");

    // A reload shows the same view: the same controls, the same lines.
    await page.reload();
    await drawn("loss");
    expect(await page.getByRole("checkbox", { name: "log scale" }).isChecked()).toBe(true);
    expect(await page.getByLabel("smoothing").inputValue()).toBe("0.95");
    expect(await page.locator("figure[data-metric]").count()).toBe(1);
    expect(await inkOf("loss")).toBeGreaterThan(1000);
  });

  it("dragging across a chart zooms: the range is read again at full resolution; double-click resets", async () => {
    await page.goto(`${ui.url}#/charts?runs=${own.runIds.join(",")}&metrics=loss`);
    await drawn("loss");
    const box = (await chart("loss").locator(".u-over").boundingBox())!;
    const y = box.y + box.height / 2;
    const answers = page.waitForResponse((r) => r.url().includes("/metrics/loss") && r.url().includes("minX="));
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.43, y, { steps: 5 });
    await page.mouse.up();
    const zoomed = await (await answers).json();
    const [zmin, zmax] = hashParam(page, "zoom")!.split(",").map(Number);
    expect(zmin).toBeGreaterThan(MLRUNS_POINTS * 0.35);
    expect(zmax).toBeLessThan(MLRUNS_POINTS * 0.48);
    // The zoomed range holds ~600 steps per run: all of them are sent, none dropped.
    expect(zoomed.downsampled).toBe(false);
    expect(zoomed.points.length).toBe(zoomed.matched);
    expect(zoomed.points.length).toBe(zmax - zmin + 1);
    await expect.poll(() => metricRequests().filter((u) => u.includes("minX=")).length).toBeGreaterThanOrEqual(5);
    await expect.poll(() => chart("loss").getAttribute("data-points")).toBe(String(5 * (zmax - zmin + 1)));
    expect(await inkOf("loss")).toBeGreaterThan(2000);
    await shot(page, "mlruns-ui-chart-04-mlruns-zoomed");

    const reset = page.waitForResponse((r) => r.url().includes("/metrics/loss") && !r.url().includes("minX="));
    await page.mouse.dblclick(box.x + box.width / 2, y);
    expect((await (await reset).json()).downsampled).toBe(true);
    await expect.poll(() => hashParam(page, "zoom")).toBeNull();

    // On relative time the range is in seconds since each run's first point, for the server too.
    await page.getByLabel("x axis").selectOption("relative");
    await expect.poll(() => hashParam(page, "x")).toBe("relative");
    await expect.poll(() => chart("loss").locator(".u-legend th").first().innerText()).toContain("relative time");
    const relative = page.waitForResponse((r) => r.url().includes("/metrics/loss") && r.url().includes("x=relative") && r.url().includes("minX="));
    await page.mouse.move(box.x + box.width * 0.2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.22, y, { steps: 5 });
    await page.mouse.up();
    const answer = await (await relative).json();
    const [rmin, rmax] = hashParam(page, "zoom")!.split(",").map(Number);
    // Each run logs a point every 10 ms for 200 s: the zoom is a few seconds, ~100 points a second.
    expect(rmax - rmin).toBeGreaterThan(1);
    expect(rmax - rmin).toBeLessThan(20);
    expect(answer.downsampled).toBe(false);
    expect(Math.abs(answer.points.length - (rmax - rmin) * 100)).toBeLessThanOrEqual(2);
    await shot(page, "mlruns-ui-chart-04b-mlruns-zoomed-relative");
  });
});

describe("a run whose name is markup", () => {
  it("is named in the legend as text; nothing runs", async () => {
    const dialogsBefore = watched.dialogs.length;
    await page.goto(`${ui.url}#/charts?runs=${hostileRunId},${own.runIds[0]}&metrics=loss&x=time`);
    // A hash change re-renders in place: the last test's chart stays "drawn" until this one replaces it.
    await expect.poll(() => legendLabels("loss"), { timeout: 30_000 }).toEqual([HOSTILE.runName, "mlruns-run-0"]);
    await drawn("loss");
    expect(await page.locator("img").count()).toBe(0);
    expect(await inkOf("loss")).toBeGreaterThan(500);
    await shot(page, "mlruns-ui-chart-07-markup-name-wall-time");

    // A key with '/' is one metric (one chart), read through the same endpoint; its NaN is a gap.
    await page.goto(`${ui.url}#/charts?runs=${hostileRunId}&metrics=${encodeURIComponent("train/loss")}`);
    await drawn("train/loss");
    expect(await chart("train/loss").getAttribute("data-points")).toBe("50");
    expect(await inkOf("train/loss")).toBeGreaterThan(200);
    expect(watched.dialogs.length).toBe(dialogsBefore);
  });
});

describe("a run that is still logging", () => {
  it("updates the runs table and grows its line without a reload, reading only the new points; no polls while the tab is hidden; none once it ends", async () => {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, "children", "live-run.mjs"), path.join(work, "mlruns"), own.experimentId, String(LIVE_POINTS)], { stdio: ["ignore", "pipe", "pipe"] });
    liveChild = child;
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const runId = await new Promise<string>((resolve, reject) => {
      child.stdout!.once("data", (d) => resolve(String(d).trim()));
      child.once("exit", (code) => reject(new Error(`live-run.mjs exited ${code} before logging: ${stderr}`)));
    });
    // The runs table: the live run's latest loss changes without a reload.
    await page.goto(`${ui.url}#/experiments/${own.experimentId}`);
    const row = runsRow("live-run");
    await row.waitFor();
    await page.evaluate(() => ((window as any).__sameDocument = true));
    expect(await row.innerText()).toContain("RUNNING");
    const firstRow = await row.innerText();
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).not.toBe(firstRow);
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

    await page.goto(`${ui.url}#/charts?runs=${runId}`);
    await drawn("loss");
    await page.getByRole("status").filter({ hasText: "live: 1 running" }).waitFor();
    await page.evaluate(() => ((window as any).__sameDocument = true));
    const first = Number(await chart("loss").getAttribute("data-points"));
    await expect.poll(async () => Number(await chart("loss").getAttribute("data-points")), { timeout: 15_000 }).toBeGreaterThan(first + 5);
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
    expect(metricRequests().some((u) => u.includes(`/runs/${runId}/metrics/loss`) && /[?&]since=\d+/.test(u))).toBe(true);
    await shot(page, "mlruns-ui-chart-05-live-run");

    // A hidden tab does not poll; shown again, it polls at once.
    const briefReads = () => watched.requests.filter((u) => u.includes("/api/runs-brief")).length;
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, "hidden", { value: h, configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
      }, hidden);
    await setHidden(true);
    await new Promise((r) => setTimeout(r, 500));
    const whileHidden = briefReads();
    await new Promise((r) => setTimeout(r, 3000));
    expect(briefReads()).toBe(whileHidden);
    await setHidden(false);
    await expect.poll(briefReads, { timeout: 1500 }).toBeGreaterThan(whileHidden);

    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
    expect(child.exitCode, stderr).toBe(0);
    await page.locator(".status-FINISHED").first().waitFor({ timeout: 10_000 });
    await expect.poll(async () => Number(await chart("loss").getAttribute("data-points")), { timeout: 10_000 }).toBe(LIVE_POINTS);
    await expect.poll(() => page.getByRole("status").filter({ hasText: "live:" }).count()).toBe(0);
    const polls = metricRequests().length;
    await new Promise((r) => setTimeout(r, 5000));
    expect(metricRequests().length).toBe(polls);
    await shot(page, "mlruns-ui-chart-06-live-run-finished");
  }, 120_000);
});
