/**
 * searchRuns' `select`: the page's runs carry the selected keys, the store reads no file of
 * the others, and the run name (a tag for runs MLflow created without run_name) stays.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MlflowClient, type KeyChooser, type RunSelection } from "../../../../src/index.js";

async function store() {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-select-")), "mlruns");
  // Files written moments ago are never cached (the run cache's racy window): a search reads them.
  const client = new MlflowClient(root);
  const exp = await client.createExperiment("select");
  for (const name of ["one", "two"]) {
    const run = await client.createRun(exp, undefined, undefined, name);
    await client.logBatch(
      run.info.runId,
      [{ key: "loss", value: 0.5, timestamp: 1, step: 0 }, { key: "acc", value: 0.9, timestamp: 1, step: 0 }],
      [{ key: "lr", value: "0.1" }, { key: "depth", value: "3" }],
      [{ key: "team", value: "a" }, { key: "stage", value: "dev" }],
    );
  }
  return { root, client, exp };
}

/** Search with `select`, returning the page and the run-folder files read (metrics/loss, tags/team, ...). */
async function search(client: MlflowClient, root: string, exp: string, select?: RunSelection) {
  const spy = vi.spyOn(fs, "readFileSync");
  const page = await client.searchRuns([exp], "", "ACTIVE_ONLY", 100, undefined, null, { select });
  const reads = spy.mock.calls
    .map(([file]) => String(file))
    .filter((f) => f.startsWith(root) && /[/\\](metrics|params|tags)[/\\]/.test(f))
    .map((f) => f.split(path.sep).slice(-2).join("/"));
  spy.mockRestore();
  return { runs: page.items, reads: [...new Set(reads)].sort() };
}

afterEach(() => vi.restoreAllMocks());

describe("searchRuns select", () => {
  it("returns every key by default", async () => {
    const { root, client, exp } = await store();
    const { runs, reads } = await search(client, root, exp);
    expect(runs.map((r) => r.info.runName).sort()).toEqual(["one", "two"]);
    expect(Object.keys(runs[0]!.data.metrics).sort()).toEqual(["acc", "loss"]);
    expect(Object.keys(runs[0]!.data.params).sort()).toEqual(["depth", "lr"]);
    expect(runs[0]!.data.tags).toMatchObject({ team: "a", stage: "dev", "mlflow.runName": runs[0]!.info.runName });
    expect(reads).toContain("tags/team");
  });

  it("with tags: [] reads no tag file, and keeps the run names", async () => {
    const { root, client, exp } = await store();
    const { runs, reads } = await search(client, root, exp, { tags: [] });
    expect(runs.map((r) => r.info.runName).sort()).toEqual(["one", "two"]);
    for (const r of runs) {
      expect(r.data.tags).toEqual({});
      expect(r.data.metrics).toEqual({ loss: 0.5, acc: 0.9 });
      expect(r.data.params).toEqual({ lr: "0.1", depth: "3" });
    }
    expect(reads.filter((f) => f.startsWith("tags/"))).toEqual([]);
  });

  it("with key lists returns and reads only those keys", async () => {
    const { root, client, exp } = await store();
    const { runs, reads } = await search(client, root, exp, { metrics: ["loss", "missing"], params: ["depth"], tags: ["team"] });
    for (const r of runs) expect(r.data).toEqual({ metrics: { loss: 0.5 }, params: { depth: "3" }, tags: { team: "a" } });
    expect(reads).toEqual(expect.arrayContaining(["metrics/loss", "tags/team"]));
    expect(reads).not.toContain("metrics/acc");
    expect(reads).not.toContain("tags/stage");
  });

  it("with a chooser reads the metric files it picks from every page run's keys, and calls it once", async () => {
    const { root, client, exp } = await store();
    const calls: string[][][] = [];
    const chooser = (keysByRun: ReadonlyArray<readonly string[]>) => {
      calls.push(keysByRun.map((keys) => [...keys].sort()));
      return ["acc"];
    };
    const { runs, reads } = await search(client, root, exp, { metrics: chooser, tags: [] });
    expect(calls).toEqual([[["acc", "loss"], ["acc", "loss"]]]);
    for (const r of runs) expect(r.data.metrics).toEqual({ acc: 0.9 });
    expect(reads).toContain("metrics/acc");
    expect(reads).not.toContain("metrics/loss");
  });

  it("with inputs: false returns no inputs or outputs, even for a run that has them", async () => {
    const { client, exp } = await store();
    const [run] = (await client.searchRuns([exp], "attributes.run_name = 'one'")).items;
    await client.logInputs(run!.info.runId, [{ dataset: { name: "d", digest: "abc", sourceType: "local", source: "{}" }, tags: [] }]);
    const full = await client.searchRuns([exp], "attributes.run_name = 'one'");
    expect(full.items[0]!.inputs.datasetInputs).toHaveLength(1);
    const bare = await client.searchRuns([exp], "attributes.run_name = 'one'", "ACTIVE_ONLY", 10, undefined, null, { select: { inputs: false } });
    expect(bare.items[0]!.inputs).toEqual({ datasetInputs: [], modelInputs: [] });
    expect(bare.items[0]!.outputs).toEqual({ modelOutputs: [] });
  });

  it("still filters and orders on keys it does not return", async () => {
    const { client, exp } = await store();
    const page = await client.searchRuns([exp], "tags.stage = 'dev' and metrics.acc > 0.5", "ACTIVE_ONLY", 1, ["attributes.run_name DESC"], null, {
      select: { metrics: [], params: [], tags: [] },
    });
    expect(page.items.map((r) => [r.info.runName, r.data])).toEqual([["two", { metrics: {}, params: {}, tags: {} }]]);
    expect(page.nextPageToken).toBeTruthy();
  });
});

describe("mlruns runs: what a listing selects", () => {
  it("reads no tags unless a column or --json shows them; a bare name may be a tag, so it reads all", async () => {
    const { columnSelection, topMetricKeys } = await import("../../../../src/cli/commands/runs.js");
    expect(columnSelection([], "table")).toEqual({ metrics: topMetricKeys, tags: [], inputs: false });
    expect(columnSelection([], "csv")).toEqual({ metrics: "all", tags: [], inputs: false });
    expect(columnSelection([], "json")).toBeUndefined();
    expect(columnSelection(["metrics.rmse,params.lr", "tags.`a b`"], "table")).toEqual({ metrics: ["rmse"], params: ["lr"], tags: ["a b"], inputs: false });
    expect(columnSelection(["metrics.rmse,team"], "csv")).toBeUndefined();
  });

  it("picks the table's metric columns as defaultColumns does: the 4 most common, then by name", async () => {
    const { topMetricKeys } = await import("../../../../src/cli/commands/runs.js");
    expect(topMetricKeys([["e", "b", "a"], ["e", "b"], ["e", "d", "c"], ["b", "z"]])).toEqual(["b", "e", "a", "c"]);
    expect(topMetricKeys([])).toEqual([]);
  });
});

describe("mlruns runs: the default table's metrics (issue #14)", () => {
  const folds = ["cv_rmse_fold_0", "cv_rmse_fold_1", "cv_rmse_fold_2", "cv_rmse_fold_3", "cv_rmse", "cv_rmse_std", "train_time_s"];

  it("aggregates before per-fold keys, whatever the alphabet says; the index is a number", async () => {
    const { topMetricKeys } = await import("../../../../src/cli/commands/runs.js");
    expect(topMetricKeys([folds, folds])).toEqual(["cv_rmse", "cv_rmse_std", "train_time_s", "cv_rmse_fold_0"]);
    expect(topMetricKeys([["r_fold_10", "r_fold_2", "r-1", "f1", "r2", "loss/fold3"]], [], 6)).toEqual(["f1", "r2", "loss/fold3", "r-1", "r_fold_2", "r_fold_10"]);
  });

  it("the metrics --filter and --order-by name come first, when a run has them, within the same 4", async () => {
    const { topMetricKeys } = await import("../../../../src/cli/commands/runs.js");
    expect(topMetricKeys([folds], ["cv_rmse_fold_2", "not_logged"])).toEqual(["cv_rmse_fold_2", "cv_rmse", "cv_rmse_std", "train_time_s"]);
  });

  it("selects the named metrics and tags for the table; --wide every metric", async () => {
    const { columnSelection } = await import("../../../../src/cli/commands/runs.js");
    const named = [
      { kind: "metrics" as const, key: "cv_rmse_fold_2" },
      { kind: "params" as const, key: "seed" },
      { kind: "tags" as const, key: "team" },
    ];
    const select = columnSelection([], "table", { named })!;
    expect(select.tags).toEqual(["team"]);
    expect((select.metrics as KeyChooser)([folds])).toEqual(["cv_rmse_fold_2", "cv_rmse", "cv_rmse_std", "train_time_s"]);
    expect(columnSelection([], "table", { wide: true })).toEqual({ metrics: "all", tags: [], inputs: false });
    expect(columnSelection([], "csv", { named })).toEqual({ metrics: "all", tags: [], inputs: false });
  });

  it("a search naming a per-fold metric reads no more metric files than one that does not", async () => {
    const { columnSelection, searchColumns } = await import("../../../../src/cli/run-columns.js");
    const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-select-")), "mlruns");
    const client = new MlflowClient(root);
    const exp = await client.createExperiment("folds");
    for (const name of ["one", "two"]) {
      const run = await client.createRun(exp, undefined, undefined, name);
      await client.logBatch(run.info.runId, folds.map((key, i) => ({ key, value: i, timestamp: 1, step: 0 })), [], [{ key: "team", value: "a" }]);
    }
    const plain = await search(client, root, exp, columnSelection([], "table"));
    const named = await search(client, root, exp, columnSelection([], "table", { named: searchColumns("tags.team = 'a'", ["metrics.cv_rmse_fold_2 ASC"]) }));
    expect(plain.reads.filter((f) => f.startsWith("metrics/"))).toEqual(["metrics/cv_rmse", "metrics/cv_rmse_fold_0", "metrics/cv_rmse_std", "metrics/train_time_s"]);
    expect(named.reads.filter((f) => f.startsWith("metrics/"))).toEqual(["metrics/cv_rmse", "metrics/cv_rmse_fold_2", "metrics/cv_rmse_std", "metrics/train_time_s"]);
    expect(named.reads.filter((f) => f.startsWith("tags/"))).toEqual(["tags/team"]);
    expect(Object.keys(named.runs[0]!.data.metrics)).toEqual(["cv_rmse_fold_2", "cv_rmse", "cv_rmse_std", "train_time_s"]);
  });
});
