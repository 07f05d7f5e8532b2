import { expect, it } from "vitest";
import type { Run } from "../../../../src/entities.js";
import type { TrackingStore } from "../../../../src/store/tracking-store.js";
import type { Conformance } from "./index.js";
import { expectMlflowError } from "./expect-error.js";

/** Five runs with distinct start times (r1 oldest), a mix of metrics, params and tags. */
async function fiveRuns(store: TrackingStore): Promise<{ exp: string; ids: Record<string, string> }> {
  const exp = await store.createExperiment("search");
  const ids: Record<string, string> = {};
  const rows: [string, number | null, string, string | null][] = [
    ["r1", 0.1, "cnn", "a"],
    ["r2", 0.9, "cnn", null],
    ["r3", 0.5, "rnn", "b"],
    ["r4", null, "rnn", "a"],
    ["r5", 0.7, "Transformer", "b"],
  ];
  for (const [i, [name, acc, model, group]] of rows.entries()) {
    const run = await store.createRun({ experimentId: exp, userId: "u", startTime: 1000 + i, tags: [], runName: name });
    ids[name] = run.info.runId;
    await store.logBatch(run.info.runId, {
      metrics: acc === null ? [] : [{ key: "acc", value: acc, timestamp: 1, step: 0 }],
      params: [{ key: "model", value: model }],
      tags: group === null ? [] : [{ key: "group", value: group }],
    });
    if (name !== "r5") await store.updateRunInfo(run.info.runId, "FINISHED", 2000 + i);
  }
  return { exp, ids };
}

const names = (runs: Run[]) => runs.map((r) => r.info.runName);

export function searchRunsBehaviour(suite: Conformance): void {
  it("returns the experiment's runs newest first by default, whole", async () => {
    const { store } = await suite.open();
    const { exp } = await fiveRuns(store);
    const page = await store.searchRuns({ experimentIds: [exp] });
    expect(names(page)).toEqual(["r5", "r4", "r3", "r2", "r1"]);
    expect(page.token).toBeNull();
    const r3 = page.find((r) => r.info.runName === "r3")!;
    expect(r3.data).toMatchObject({ metrics: { acc: 0.5 }, params: { model: "rnn" }, tags: { group: "b" } });
  });

  it("filters on metrics, params, tags and attributes as MLflow's search syntax says", async () => {
    const { store } = await suite.open();
    const { exp } = await fiveRuns(store);
    const find = async (filterString: string) => names(await store.searchRuns({ experimentIds: [exp], filterString })).sort();
    expect(await find("metrics.acc > 0.5")).toEqual(["r2", "r5"]);
    expect(await find("metrics.acc >= 0.5 and params.model = 'rnn'")).toEqual(["r3"]);
    expect(await find("params.model != 'cnn'")).toEqual(["r3", "r4", "r5"]);
    expect(await find("tags.group = 'a'")).toEqual(["r1", "r4"]);
    expect(await find("tags.group != 'a'")).toEqual(["r3", "r5"]);
    expect(await find("attributes.status = 'RUNNING'")).toEqual(["r5"]);
    expect(await find("attributes.run_name = 'r2'")).toEqual(["r2"]);
    expect(await find("params.model LIKE '%nn'")).toEqual(["r1", "r2", "r3", "r4"]);
    expect(await find("params.model ILIKE 'trans%'")).toEqual(["r5"]);
    expect(await find("params.model LIKE 'trans%'")).toEqual([]);
    expect(await find("attributes.start_time >= 1003")).toEqual(["r4", "r5"]);
    expect(await find("metrics.acc < 0")).toEqual([]);
    expect(await find("tags.mlflow.runName = 'r4'")).toEqual(["r4"]);
    expect(await find("attributes.run_name LIKE 'r%' and metrics.acc <= 0.5")).toEqual(["r1", "r3"]);
    expect(await find("tags.group IS NULL")).toEqual(["r2"]);
  });

  it("filters on a run id list and on the attributes.run_id IN form", async () => {
    const { store } = await suite.open();
    const { exp, ids } = await fiveRuns(store);
    const got = await store.searchRuns({ experimentIds: [exp], filterString: `attributes.run_id IN ('${ids.r1}', '${ids.r4}')` });
    expect(names(got).sort()).toEqual(["r1", "r4"]);
  });

  it("orders by metrics, params and attributes, runs without the key last either way", async () => {
    const { store } = await suite.open();
    const { exp } = await fiveRuns(store);
    const order = async (...orderBy: string[]) => names(await store.searchRuns({ experimentIds: [exp], orderBy }));
    expect(await order("metrics.acc ASC")).toEqual(["r1", "r3", "r5", "r2", "r4"]);
    expect(await order("metrics.acc DESC")).toEqual(["r2", "r5", "r3", "r1", "r4"]);
    expect(await order("params.model ASC", "attributes.start_time DESC")).toEqual(["r5", "r2", "r1", "r4", "r3"]);
    expect(await order("attributes.run_name")).toEqual(["r1", "r2", "r3", "r4", "r5"]);
  });

  it("pages with maxResults and page tokens, each run exactly once", async () => {
    const { store } = await suite.open();
    const { exp } = await fiveRuns(store);
    const seen: string[] = [];
    let pageToken: string | null = null;
    let pages = 0;
    do {
      const page = await store.searchRuns({ experimentIds: [exp], maxResults: 2, pageToken });
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...names(page).map(String));
      pageToken = page.token;
      pages++;
    } while (pageToken && pages < 10);
    expect(seen).toEqual(["r5", "r4", "r3", "r2", "r1"]);
    expect(pages).toBe(3);
  });

  it("searches several experiments at once and none when given none", async () => {
    const { store } = await suite.open();
    const { exp } = await fiveRuns(store);
    await store.createRun({ experimentId: "0", userId: "u", startTime: 5000, tags: [], runName: "in-default" });
    expect(names(await store.searchRuns({ experimentIds: [exp, "0"], maxResults: 3 }))).toEqual(["in-default", "r5", "r4"]);
    expect(await store.searchRuns({ experimentIds: [] })).toEqual([]);
  });

  it("honours the run view type", async () => {
    const { store } = await suite.open();
    const { exp, ids } = await fiveRuns(store);
    await store.deleteRun(ids.r2!);
    const view = async (runViewType: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL") => names(await store.searchRuns({ experimentIds: [exp], runViewType })).sort();
    expect(await view("ACTIVE_ONLY")).toEqual(["r1", "r3", "r4", "r5"]);
    expect(await view("DELETED_ONLY")).toEqual(["r2"]);
    expect(await view("ALL")).toEqual(["r1", "r2", "r3", "r4", "r5"]);
  });

  it("returns at least the selected keys, and filters and orders on keys it does not return", async () => {
    const { store } = await suite.open();
    const { exp } = await fiveRuns(store);
    const page = await store.searchRuns({
      experimentIds: [exp],
      filterString: "tags.group = 'b'",
      orderBy: ["metrics.acc DESC"],
      select: { metrics: ["acc"], params: [], tags: [] },
    });
    expect(names(page)).toEqual(["r5", "r3"]);
    expect(page.map((r) => r.data.metrics.acc)).toEqual([0.7, 0.5]);
    // A hint, not a filter: the run name is always there.
    expect(page[0]!.info.runName).toBe("r5");
  });

  it("refuses a filter it cannot parse with INVALID_PARAMETER_VALUE", async () => {
    const { store } = await suite.open();
    const { exp } = await fiveRuns(store);
    // A comparator that does not suit the key: MLflow's file store finds out while testing a run
    // (so only with runs to test), its SQL store while parsing; with runs, both refuse.
    await expectMlflowError(store.searchRuns({ experimentIds: [exp], filterString: "metrics.acc LIKE '1'" }), "INVALID_PARAMETER_VALUE");
    await expectMlflowError(store.searchRuns({ experimentIds: [exp], filterString: "params.model IN ('rnn')" }), "INVALID_PARAMETER_VALUE");
    await expectMlflowError(store.searchRuns({ experimentIds: [exp], filterString: "metrics.acc = " }), "INVALID_PARAMETER_VALUE");
    await expectMlflowError(store.searchRuns({ experimentIds: [exp], filterString: "nope.acc = 1" }), "INVALID_PARAMETER_VALUE");
    await expectMlflowError(store.searchRuns({ experimentIds: [exp], orderBy: ["metrics.acc SIDEWAYS"] }), "INVALID_PARAMETER_VALUE");
  });

  it("refuses bad maxResults through the client with MLflow's message", async () => {
    const { client, store } = await suite.open();
    const { exp } = await fiveRuns(store);
    await expectMlflowError(client.searchRuns([exp], "", "ACTIVE_ONLY", 0), "INVALID_PARAMETER_VALUE", "Invalid value 0 for parameter 'max_results' supplied. It must be a positive integer");
    await expectMlflowError(client.searchRuns([exp], "", "ACTIVE_ONLY", 50001), "INVALID_PARAMETER_VALUE", /at most 50000/);
  });
}
