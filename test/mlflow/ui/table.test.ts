/**
 * The runs table, the compare page and the run page of `mlruns ui` in a real Chromium, on a
 * store written by real MLflow (test/mlflow/py/write_table_store.py) and on the same shapes
 * written by mlruns (test/unit/ui/table-store.ts): filter, sort by a metric whose key has a
 * space, the column picker and its memory across a reload, nested runs, selecting three runs
 * and comparing them (highlighted param, drawn scatter points), datasets, logged models,
 * sparklines, and a hostile Markdown note that must render with nothing executable.
 * Screenshots: out/screenshots/mlruns-ui-{table,compare,run}-*.png.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUi, type UiServer } from "../../../src/ui/server/index.js";
import { HOSTILE_NOTE, writeTableStore, type TableStore } from "../../unit/ui/table-store.js";
import { PY_DIR, runPython } from "../python.js";
import { hashParam, launchBrowser, shot, watchPage, type PageWatch } from "./chromium.js";

let work: string;
let browser: Browser;
const servers: UiServer[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-ui-table-"));
}, 20 * 60_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  for (const s of servers) await s.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function mlflowWrittenStore(): Promise<TableStore> {
  const root = path.join(work, "by-mlflow", "mlruns");
  const noteFile = path.join(work, "note.md");
  fs.writeFileSync(noteFile, HOSTILE_NOTE);
  const ids = await runPython(path.join(PY_DIR, "write_table_store.py"), [root, noteFile], { timeoutMs: 180_000 });
  return { root, ...ids };
}

async function mlrunsWrittenStore(): Promise<TableStore> {
  return writeTableStore(path.join(work, "by-mlruns", "mlruns"));
}

describe.each([
  ["mlflow", mlflowWrittenStore],
  ["mlruns", mlrunsWrittenStore],
])("runs table, compare and run page on a store written by %s", (writer, writeStore) => {
  let store: TableStore;
  let ui: UiServer;
  let page: Page;
  let watched: PageWatch;

  const table = () => page.locator("table#runs");
  const rowNames = () => table().locator("tbody td.name > a").allInnerTexts();
  const headers = () => table().locator("thead th").allInnerTexts();
  /** A fresh load: a hash change alone would show the last view's rows until the new ones arrive. */
  const openTable = async (query = "") => {
    await page.goto("about:blank");
    await page.goto(`${ui.url}#/experiments/${store.experimentId}${query}`);
    await table().getByRole("link", { name: "sweep-0.1", exact: true }).waitFor();
  };

  beforeAll(async () => {
    store = await writeStore();
    ui = await startUi({ store: store.root, port: 0 });
    servers.push(ui);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(20_000);
    watched = watchPage(page);
  }, 300_000);

  afterAll(async () => {
    await page?.close();
  });

  it("the table shows the runs; a filter narrows it; a bad filter shows the column pointer", async () => {
    await openTable();
    expect(await rowNames()).toEqual(expect.arrayContaining(["sweep-0.1", "sweep-0.01", "sweep-0.001", "parent", "child-1", "child-2", "noted"]));
    await shot(page, `mlruns-ui-table-01-${writer}`);
    await page.getByLabel("filter").fill("params.lr = '0.01'");
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(rowNames).toEqual(["sweep-0.01"]);
    await page.getByLabel("filter").fill("params.lr === 1");
    await page.getByRole("button", { name: "Search" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/params\.lr === 1\n\s+\^/);
    await shot(page, `mlruns-ui-table-02-filter-error-${writer}`);
  });

  it("the experiments picker puts a second experiment's runs in the same table", async () => {
    await openTable();
    expect(await rowNames()).not.toContain("elsewhere");
    await page.locator("summary", { hasText: "Experiments" }).click();
    await page.getByRole("checkbox", { name: "table-2", exact: true }).check();
    await table().getByRole("link", { name: "elsewhere", exact: true }).waitFor();
    expect(decodeURIComponent(new URL(page.url()).hash.split("?")[0]!)).toBe(`#/experiments/${store.experimentId},${store.secondExperimentId}`);
    expect(await rowNames()).toEqual(expect.arrayContaining(["sweep-0.1", "elsewhere"]));
    expect(await page.locator("h1").innerText()).toBe("table, table-2");
    await shot(page, `mlruns-ui-table-00-two-experiments-${writer}`);
    await page.locator("summary", { hasText: "Experiments" }).click();
    await page.getByRole("checkbox", { name: "table-2", exact: true }).waitFor({ state: "hidden" });
  });

  it("sorting by a metric whose key has a space orders the rows through the server", async () => {
    await openTable("?filter=" + encodeURIComponent("params.lr != ''"));
    await table().locator("th", { hasText: "val loss" }).click();
    await expect.poll(rowNames).toEqual(["sweep-0.001", "sweep-0.01", "sweep-0.1"]);
    expect(hashParam(page, "orderBy")).toBe("metrics.`val loss` ASC");
    await table().locator("th", { hasText: "val loss" }).click();
    await expect.poll(rowNames).toEqual(["sweep-0.1", "sweep-0.01", "sweep-0.001"]);
    expect(hashParam(page, "orderBy")).toBe("metrics.`val loss` DESC");
  });

  it("the column picker hides a column and shows a tag, and the choice survives a reload and a fresh visit", async () => {
    await openTable();
    expect(await headers()).toEqual(expect.arrayContaining(["lr", "optimizer"]));
    await page.locator("summary", { hasText: "Columns" }).click();
    const picker = page.locator(".picker-body");
    await picker.getByLabel("search columns").fill("optim");
    await picker.getByRole("checkbox", { name: "optimizer" }).uncheck();
    await picker.getByLabel("search columns").fill("team");
    await picker.getByRole("checkbox", { name: "team", exact: true }).check();
    await expect.poll(headers).toContain("team");
    expect(await headers()).not.toContain("optimizer");
    await shot(page, `mlruns-ui-table-03-column-picker-${writer}`);
    expect(hashParam(page, "cols")).toContain("tags.team");
    await page.reload();
    await table().getByRole("link", { name: "sweep-0.1", exact: true }).waitFor();
    expect(await headers()).toContain("team");
    expect(await headers()).not.toContain("optimizer");
    // A link without cols: localStorage holds the last choice for this experiment.
    await openTable();
    expect(hashParam(page, "cols")).toBeNull();
    expect(await headers()).toContain("team");
    expect(await headers()).not.toContain("optimizer");
    // Sorting by the tag column.
    await table().locator("th", { hasText: "team" }).click();
    await expect.poll(() => hashParam(page, "orderBy")).toBe("tags.team ASC");
  });

  it("nested runs are grouped under their parent and collapse", async () => {
    await openTable();
    const names = await rowNames();
    const p = names.indexOf("parent");
    expect(names.slice(p + 1, p + 3).sort()).toEqual(["child-1", "child-2"]);
    expect(await table().locator("tr.depth-1").count()).toBe(2);
    await shot(page, `mlruns-ui-table-04-nested-${writer}`);
    await table().locator("tr", { hasText: "parent" }).getByRole("button", { name: "▾" }).click();
    await expect.poll(rowNames).not.toContain("child-1");
    expect(await table().locator("tr", { hasText: "parent" }).innerText()).toContain("(2)");
    // A child whose parent is filtered out stays in the table, marked with its parent.
    await page.getByLabel("filter").fill("params.fold = '1'");
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(rowNames).toEqual(["child-1"]);
    await expect.poll(() => table().locator("tbody").innerText()).toContain("child of parent");
  });

  it("three selected runs: the selection survives a filter, Chart links to the charts page, Compare highlights the differing params and draws the scatter", async () => {
    await openTable();
    for (const name of ["sweep-0.1", "sweep-0.01"]) await table().getByRole("checkbox", { name: `select ${name}` }).check();
    // Filtering keeps the selection (it is in the URL).
    await page.getByLabel("filter").fill("params.lr = '0.001'");
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(rowNames).toEqual(["sweep-0.001"]);
    await table().getByRole("checkbox", { name: "select sweep-0.001" }).check();
    await expect.poll(() => hashParam(page, "runs")?.split(",").length).toBe(3);
    const selected = hashParam(page, "runs")!.split(",");
    expect(selected.sort()).toEqual([...store.runIds].sort());
    expect(await page.getByText("3 selected").count()).toBe(1);
    const chart = await page.getByRole("link", { name: "Chart", exact: true }).getAttribute("href");
    expect(chart).toMatch(/^#\/charts\?runs=[0-9a-f]+,[0-9a-f]+,[0-9a-f]+$/);
    expect(new URLSearchParams(chart!.split("?")[1]).get("runs")!.split(",").sort()).toEqual(selected);
    await shot(page, `mlruns-ui-table-05-selection-${writer}`);

    await page.getByRole("link", { name: "Compare", exact: true }).click();
    const cmp = page.locator("table#compare");
    await cmp.waitFor();
    const lrRow = cmp.locator("tr.differs", { hasText: "lr" }).first();
    expect(await lrRow.innerText()).toMatch(/≠ lr/);
    expect(await cmp.locator("tr.differs").allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining("batch size")]));
    // optimizer is the same in all three: collapsed until asked for.
    expect(await cmp.innerText()).not.toMatch(/\boptimizer\b/);
    await page.getByRole("button", { name: /Show 1 identical param/ }).click();
    await expect.poll(() => cmp.innerText()).toMatch(/optimizer/);
    // val loss: lower is better, sweep-0.001 holds the best.
    expect(await cmp.locator("td.best").count()).toBeGreaterThanOrEqual(2);
    expect(await cmp.locator("tr", { hasText: "val loss" }).locator("td.best").innerText()).toMatch(/\*$/);
    await expect.poll(() => page.locator("#scatter circle.point").count()).toBe(3);
    await page.getByLabel("param").selectOption("batch size");
    await page.getByLabel("metric").selectOption("accuracy");
    await expect.poll(() => hashParam(page, "param")).toBe("batch size");
    expect(hashParam(page, "metric")).toBe("accuracy");
    await expect.poll(() => page.locator("#scatter circle.point").count()).toBe(3);
    // Drawn where the values say: the higher batch size is further right and higher up (accuracy grows with it).
    const xy = await page.locator("#scatter circle.point").evaluateAll((cs) => cs.map((c) => [Number(c.getAttribute("cx")), Number(c.getAttribute("cy"))]));
    const byX = [...xy].sort((a, b) => a[0]! - b[0]!);
    expect(byX.map((p) => p[1])).toEqual([...byX.map((p) => p[1])].sort((a, b) => b! - a!));
    await shot(page, `mlruns-ui-compare-01-${writer}`);
    await page.reload();
    await expect.poll(() => page.locator("#scatter circle.point").count()).toBe(3);
    expect(await page.getByLabel("param").inputValue()).toBe("batch size");
  });

  it("the page checkbox selects every run on the page without sorting by name, and Clear selection empties it", async () => {
    await openTable();
    await page.getByRole("checkbox", { name: "select the runs on this page" }).check();
    await expect.poll(() => hashParam(page, "runs")?.split(",").length).toBe(await table().locator("tbody tr").count());
    expect(hashParam(page, "orderBy")).toBeNull();
    await page.getByRole("button", { name: "Clear selection" }).click();
    await expect.poll(() => hashParam(page, "runs")).toBeNull();
    // The hash changes first; the table renders the cleared selection just after.
    await expect.poll(() => table().locator("tbody input[type=checkbox]:checked").count()).toBe(0);
  });

  it("the run page shows datasets, the logged model with its flavors, and sparklines", async () => {
    await page.goto(`${ui.url}#/runs/${store.runIds[2]}`);
    await page.getByRole("heading", { name: "sweep-0.001" }).waitFor();
    const datasets = page.locator("table#datasets");
    await datasets.waitFor();
    expect(await datasets.innerText()).toMatch(/train\.csv\s+\w+\s+local\s+training/);
    const models = page.locator("#logged-models");
    expect(await models.innerText()).toContain("sweep-model");
    expect(await models.innerText()).toContain("READY");
    await expect.poll(() => models.locator(".flavors").innerText()).toContain("python_function");
    await models.getByText("Files").click();
    await models.getByRole("link", { name: "MLmodel" }).waitFor();
    await expect.poll(() => page.locator("table#metrics svg.sparkline polyline").count()).toBe(1);
    const points = await page.locator("table#metrics svg.sparkline polyline").getAttribute("points");
    // One vertex per point of the history (MLflow's log_model logs the step-19 value again: 21 there).
    const steps = Number(await page.locator("table#metrics tr", { hasText: "val loss" }).locator("td").nth(4).innerText());
    expect(steps).toBeGreaterThanOrEqual(20);
    expect(points!.trim().split(/\s+/)).toHaveLength(steps);
    await shot(page, `mlruns-ui-run-01-datasets-models-${writer}`);
  });

  it("a hostile note renders as Markdown with no script, no dialog and no javascript: or data: link", async () => {
    await page.goto(`${ui.url}#/runs/${store.noteRunId}`);
    const note = page.locator("#note-rendered");
    await note.waitFor();
    await note.getByRole("heading", { name: "Findings" }).waitFor();
    expect(await note.getByRole("link", { name: "safe link" }).getAttribute("href")).toBe("https://mlflow.org/docs");
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('a[href^="data:"]').count()).toBe(0);
    expect(await note.locator("script, img, iframe, object, embed").count()).toBe(0);
    expect(await note.innerText()).toContain("<script>alert('script')</script>");
    expect(await note.innerText()).toContain("click me");
    await page.waitForTimeout(300);
    await shot(page, `mlruns-ui-run-02-hostile-note-${writer}`);
    expect(watched.dialogs).toEqual([]);
    expect(watched.requests.filter((u) => !u.startsWith(ui.url))).toEqual([]);
  });
});
