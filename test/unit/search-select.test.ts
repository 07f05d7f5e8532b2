/**
 * searchRuns' `select`: the page's runs carry the selected keys, the store reads no file of
 * the others, and the run name (a tag for runs MLflow created without run_name) stays.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MlflowClient, type RunSelection } from "../../src/index.js";

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
    const { columnSelection } = await import("../../src/cli/commands/runs.js");
    expect(columnSelection([], "table")).toEqual({ tags: [] });
    expect(columnSelection([], "csv")).toEqual({ tags: [] });
    expect(columnSelection([], "json")).toBeUndefined();
    expect(columnSelection(["metrics.rmse,params.lr", "tags.`a b`"], "table")).toEqual({ metrics: ["rmse"], params: ["lr"], tags: ["a b"] });
    expect(columnSelection(["metrics.rmse,team"], "csv")).toBeUndefined();
  });
});
