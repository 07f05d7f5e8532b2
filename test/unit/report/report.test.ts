/**
 * `writeReport` / `mlruns report`: one HTML file that can reach nothing outside itself, shows
 * hostile store text only as data, holds what the options select and stays within its size limits.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidParameterError, MlflowClient, ResourceNotFoundError } from "../../../src/index.js";
import { collectReport, MIN_SERIES_POINTS, writeReport } from "../../../src/report/index.js";
import { assertBuilt, cli } from "../cli/helpers.js";
import { tempDir } from "../helpers/temp-store.js";
import { readReport } from "./report-file.js";
import { HOSTILE_PARAM, HOSTILE_RUN_NAME, HOSTILE_TAG, LOSS_STEPS, writeReportStore, type ReportStore } from "./report-store.js";

let dir: string;
let store: ReportStore;

beforeAll(async () => {
  assertBuilt();
  dir = tempDir("mlruns-report-");
  store = await writeReportStore(path.join(dir, "mlruns"));
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function report(name: string, options: Omit<Parameters<typeof writeReport>[0], "store" | "output"> = {}) {
  const output = path.join(dir, `${name}.html`);
  const result = await writeReport({ store: store.root, output, ...options });
  return { result, ...readReport(output) };
}

describe("offline: the file reaches nothing outside itself", () => {
  it("names no http(s) address, and no tag or style loads anything", async () => {
    const { html, markup } = await report("offline");
    expect(html).not.toMatch(/https?:/i);
    // Protocol-relative references too: //host/x in an attribute or a CSS url().
    expect(html).not.toMatch(/(?:src|href|action|poster|srcset)\s*=\s*["']?\s*\/\//i);
    expect(html).not.toMatch(/url\(/i);
    // Outside the two script blocks: no element that loads, and no attribute that points anywhere.
    expect(markup).not.toMatch(/<(?:link|img|iframe|object|embed|base|form|audio|video|source)\b/i);
    expect(markup).not.toMatch(/\s(?:src|href|action)\s*=/i);
    expect(markup.match(/<script\b[^>]*>/g)).toEqual(['<script type="application/json" id="report-data">', "<script>"]);
  });

  it("its script has no call that could fetch, and the CSP allows that script alone and no connection", async () => {
    const { script, csp } = await report("csp");
    for (const call of [/\bfetch\s*\(/, /XMLHttpRequest/, /\bimport\s*\(/, /WebSocket/, /EventSource/, /sendBeacon/, /importScripts/, /\.src\s*=/, /\.href\s*=/, /window\.open/]) {
      expect(script).not.toMatch(call);
    }
    const hash = createHash("sha256").update(script, "utf8").digest("base64");
    expect(csp.split(";").map((d) => d.trim())).toEqual([
      "default-src 'none'",
      `script-src 'sha256-${hash}'`,
      "style-src 'unsafe-inline'",
      "img-src data:",
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });
});

describe("a hostile store stays data", () => {
  it("a run name that closes the script tag, a <script> tag value and a comment opener in a param stay inside the JSON block", async () => {
    const { html, data, dataText } = await report("hostile", { experiments: ["other"] });
    // Exactly the two script elements the template writes: nothing from the store closed one or opened another.
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html).not.toMatch(/<img|<!--/i);
    expect(dataText).not.toMatch(/[<>&]/);
    const hostile = data.runs.find((r) => r.id === store.hostileRunId)!;
    expect(hostile.name).toBe(HOSTILE_RUN_NAME);
    expect(hostile.tags.evil).toBe(HOSTILE_TAG);
    expect(hostile.params.markup).toBe(HOSTILE_PARAM);
  });

  it("non-finite metric values: the table gets their names, the chart gets gaps", async () => {
    const { data } = await report("nonfinite", { experiments: ["other"] });
    const i = data.runs.findIndex((r) => r.id === store.hostileRunId);
    expect(data.runs[i]!.metrics.overflow).toBe("NaN");
    expect(data.series.overflow!.find((s) => s.run === i)!.values).toEqual([null, null]);
  });
});

describe("the options choose what is in the report", () => {
  it("experiments by name or id; none means every active one", async () => {
    const byName = await collectReport(new MlflowClient(store.root).store, { experiments: ["sweep"] }, "test");
    expect(byName.experiments).toEqual([{ id: store.sweepId, name: "sweep" }]);
    expect(byName.runs.map((r) => r.name)).toEqual(["mlp-0", "lgbm-2", "lgbm-1", "lgbm-0"]);
    const byId = await collectReport(new MlflowClient(store.root).store, { experiments: [store.otherId] }, "test");
    expect(byId.runs.map((r) => r.name).sort()).toEqual([HOSTILE_RUN_NAME, "other-run"].sort());
    const all = await collectReport(new MlflowClient(store.root).store, {}, "test");
    expect(all.runs).toHaveLength(6);
  });

  it("a filter narrows the runs with MLflow's syntax", async () => {
    const { data, result } = await report("filter", { filter: "params.model = 'lgbm' and metrics.final_auc > 0.85" });
    expect(data.filter).toBe("params.model = 'lgbm' and metrics.final_auc > 0.85");
    expect(data.runs.map((r) => r.name)).toEqual(["lgbm-2", "lgbm-1"]);
    expect(result.runs).toBe(2);
  });

  it("metrics: only those are tabulated and charted", async () => {
    const { data } = await report("metrics", { experiments: ["sweep"], metrics: ["acc", "loss"] });
    expect(data.metricKeys).toEqual(["acc", "loss"]);
    expect(Object.keys(data.series).sort()).toEqual(["acc", "loss"]);
    for (const r of data.runs) expect(Object.keys(r.metrics).sort()).toEqual(["acc", "loss"]);
    expect(data.paramKeys.sort()).toEqual(["lr", "model"]);
  });

  it("metrics: the runs are searched for those metrics only", async () => {
    const s = new MlflowClient(store.root).store;
    const selects: unknown[] = [];
    const spy = Object.create(s, { searchRuns: { value: (req: Parameters<typeof s.searchRuns>[0]) => (selects.push(req.select), s.searchRuns(req)) } });
    await collectReport(spy, { experiments: ["sweep"], metrics: ["acc", "loss", "acc"] }, "t");
    expect(selects).toEqual([{ metrics: ["acc", "loss"] }]);
  });

  it("maxRuns keeps the newest runs and counts the rest", async () => {
    const { data, result } = await report("max-runs", { experiments: ["sweep"], maxRuns: 2 });
    expect(data.runs.map((r) => r.name)).toEqual(["mlp-0", "lgbm-2"]);
    expect(data.matchedRuns).toBe(4);
    expect(result).toMatchObject({ runs: 2, matchedRuns: 4 });
    expect(Object.values(data.series).flat().every((s) => s.run < 2)).toBe(true);
  });

  it("bad input is a typed error that says what to change", async () => {
    const s = new MlflowClient(store.root).store;
    await expect(collectReport(s, { experiments: ["nope"] }, "t")).rejects.toThrow(ResourceNotFoundError);
    await expect(collectReport(s, { experiments: ["nope"] }, "t")).rejects.toThrow(/No experiment with id or name 'nope'/);
    await expect(collectReport(s, { filter: "params.model = lgbm" }, "t")).rejects.toThrow(InvalidParameterError);
    await expect(collectReport(s, { maxRuns: 0 }, "t")).rejects.toThrow(/maxRuns must be a positive integer, got 0/);
    await expect(collectReport(s, { maxPoints: 1 }, "t")).rejects.toThrow(/maxPoints must be at least 2/);
  });
});

describe("size limits", () => {
  it("each history is cut to maxPoints with its extremes kept (the spike at step 2500, the first and last step)", async () => {
    const { data } = await report("points", { experiments: ["sweep"], metrics: ["loss"], maxPoints: 200 });
    expect(data.pointsPerSeries).toBe(200);
    for (const s of data.series.loss!) {
      expect(s.total).toBe(LOSS_STEPS);
      expect(s.steps.length).toBeLessThanOrEqual(200);
      expect(s.steps.length).toBeGreaterThan(100);
      expect(s.steps[0]).toBe(0);
      expect(s.steps.at(-1)).toBe(LOSS_STEPS - 1);
      expect(Math.max(...(s.values as number[]))).toBeGreaterThan(10);
    }
  });

  it("short histories are kept whole, to seven significant digits", async () => {
    const { data } = await report("short", { experiments: ["sweep"], metrics: ["acc"] });
    const run = data.runs.findIndex((r) => r.name === "lgbm-1");
    const acc = data.series.acc!.find((s) => s.run === run)!;
    expect(acc.steps).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(acc.values[3]).toBe(Number((0.5 + 3 * 0.02 - 0.01).toPrecision(7)));
  });

  it("many series share the report's point budget, down to the floor per series; the file stays small", async () => {
    const root = path.join(dir, "many");
    const client = new MlflowClient(root);
    const e = await client.createExperiment("many");
    for (let i = 0; i < 40; i++) {
      const r = await client.createRun(e, undefined, undefined, `run-${i}`);
      for (let step = 0; step < 1000; step++) client.logMetric(r.info.runId, "loss", Math.sin(step / 50 + i), 1_700_000_000_000 + step, step);
      await client.setTerminated(r.info.runId);
    }
    await client.flush();
    const storeBytes = (fs.readdirSync(root, { recursive: true }) as string[]).map((f) => fs.statSync(path.join(root, f))).filter((s) => s.isFile()).reduce((n, s) => n + s.size, 0);
    const output = path.join(dir, "many.html");
    const result = await writeReport({ store: root, output, maxTotalPoints: 2000 });
    const { data } = readReport(output);
    expect(data.pointsPerSeries).toBe(MIN_SERIES_POINTS);
    const points = data.series.loss!.reduce((n, s) => n + s.steps.length, 0);
    expect(points).toBeLessThanOrEqual(40 * MIN_SERIES_POINTS);
    expect(storeBytes).toBeGreaterThan(1_000_000);
    // The page script and styles (~65 KB) plus under 40 bytes a point and 1 KB a run.
    expect(result.bytes).toBeLessThan(70_000 + points * 40 + 40 * 1024);
    expect(result.bytes).toBe(fs.statSync(output).size);
  });
});

describe("mlruns report (the built command)", () => {
  it("writes the file, says what it holds, and notes the runs --max-runs left out", async () => {
    const output = path.join(dir, "cli.html");
    const r = await cli(["--store", store.root, "report", "-e", "sweep", "--metrics", "loss,acc", "--max-runs", "3", "-o", output]);
    expect(r.stderr).toContain("the report holds the first 3 of 4 matching runs; raise --max-runs for more");
    expect(r.stdout).toMatch(/^wrote .*cli\.html \(\d+(\.\d+)? KiB\): 3 runs, 2 metrics\n$/);
    expect(r.code).toBe(0);
    const { data } = readReport(output);
    expect(data.metricKeys).toEqual(["loss", "acc"]);
    expect(data.runs).toHaveLength(3);
  });

  it("notes asked-for metrics that no run has, and an experiment without runs still makes a report", async () => {
    const output = path.join(dir, "typo.html");
    const r = await cli(["--store", store.root, "report", "-e", "sweep", "--metrics", "loss,los", "-o", output]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("no run in the report has 'los'; check --metrics");
    const client = new MlflowClient(store.root);
    await client.createExperiment("empty");
    const empty = await writeReport({ store: client.store, experiments: ["empty"], output: path.join(dir, "empty.html") });
    expect(empty).toMatchObject({ runs: 0, matchedRuns: 0, metricKeys: [] });
    expect(readReport(empty.output).data.runs).toEqual([]);
  });

  it("refuses a missing -o, a --max-points of 1 and an unknown experiment with a message", async () => {
    const noOutput = await cli(["--store", store.root, "report"]);
    expect(noOutput.code).toBe(2);
    expect(noOutput.stderr).toContain("pass the file to write with -o");
    const onePoint = await cli(["--store", store.root, "report", "--max-points", "1", "-o", path.join(dir, "x.html")]);
    expect(onePoint.code).toBe(2);
    expect(onePoint.stderr).toContain("--max-points must be at least 2");
    const unknown = await cli(["--store", store.root, "report", "-e", "nope", "-o", path.join(dir, "y.html")]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No experiment with id or name 'nope'");
    expect(fs.existsSync(path.join(dir, "y.html"))).toBe(false);
  });
});
