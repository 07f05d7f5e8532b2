import { expect, it } from "vitest";
import type { Experiment } from "../../../../src/entities.js";
import type { Conformance } from "./index.js";
import { expectMlflowError } from "./expect-error.js";

const names = (exps: Experiment[]) => exps.map((e) => e.name);

export function searchExperimentsBehaviour(suite: Conformance): void {
  it("lists active experiments, newest first by default, Default included", async () => {
    const { store } = await suite.open();
    // Apart in time, Default included (a file store makes it on first use, so getExperiment
    // makes it here): two made in the same millisecond tie on creation_time, and the tie goes
    // to the lower id (Default before alpha, alpha before beta), which failed this test now
    // and then under load.
    await store.getExperiment("0");
    for (const name of ["alpha", "beta", "gamma"]) {
      await new Promise((r) => setTimeout(r, 3));
      await store.createExperiment(name);
    }
    const all = await store.searchExperiments({});
    expect(names(all).sort()).toEqual(["Default", "alpha", "beta", "gamma"]);
    expect(all.token).toBeNull();
    // SEARCH_EXPERIMENTS default order: creation_time DESC, then experiment_id.
    expect(names(all).slice(0, 3)).toEqual(["gamma", "beta", "alpha"]);
  });

  it("filters by name (=, LIKE, ILIKE) and by tag", async () => {
    const { store } = await suite.open();
    await store.createExperiment("alpha", undefined, [{ key: "team", value: "x" }]);
    await store.createExperiment("alphabet");
    await store.createExperiment("Beta", undefined, [{ key: "team", value: "y" }]);
    const find = async (filterString: string) => names(await store.searchExperiments({ filterString })).sort();
    expect(await find("name = 'alpha'")).toEqual(["alpha"]);
    expect(await find("name LIKE 'alpha%'")).toEqual(["alpha", "alphabet"]);
    expect(await find("name ILIKE 'b%'")).toEqual(["Beta"]);
    expect(await find("tags.team = 'y'")).toEqual(["Beta"]);
    expect(await find("tags.team != 'y'")).toEqual(["alpha"]);
  });

  it("orders by name and by creation time", async () => {
    const { store } = await suite.open();
    for (const name of ["b", "c", "a"]) await store.createExperiment(name);
    expect(names(await store.searchExperiments({ orderBy: ["name ASC"] }))).toEqual(["Default", "a", "b", "c"]);
    expect(names(await store.searchExperiments({ orderBy: ["name DESC"] }))).toEqual(["c", "b", "a", "Default"]);
  });

  it("honours the view type", async () => {
    const { store } = await suite.open();
    const gone = await store.createExperiment("gone");
    await store.createExperiment("kept");
    await store.deleteExperiment(gone);
    expect(names(await store.searchExperiments({ viewType: "ACTIVE_ONLY" })).sort()).toEqual(["Default", "kept"]);
    expect(names(await store.searchExperiments({ viewType: "DELETED_ONLY" }))).toEqual(["gone"]);
    expect(names(await store.searchExperiments({ viewType: "ALL" })).sort()).toEqual(["Default", "gone", "kept"]);
  });

  it("pages with maxResults and tokens, each experiment once", async () => {
    const { store } = await suite.open();
    for (const name of ["a", "b", "c", "d"]) await store.createExperiment(name);
    const seen: string[] = [];
    let pageToken: string | null = null;
    let pages = 0;
    do {
      const page = await store.searchExperiments({ maxResults: 2, pageToken, orderBy: ["name ASC"] });
      seen.push(...names(page));
      pageToken = page.token;
      pages++;
    } while (pageToken && pages < 10);
    expect(seen).toEqual(["Default", "a", "b", "c", "d"]);
    expect(pages).toBe(3);
  });

  it("refuses a bad filter and a bad maxResults with INVALID_PARAMETER_VALUE", async () => {
    const { client, store } = await suite.open();
    await expectMlflowError(store.searchExperiments({ filterString: "metrics.x > 1" }), "INVALID_PARAMETER_VALUE");
    await expectMlflowError(client.searchExperiments({ maxResults: -1 }), "INVALID_PARAMETER_VALUE");
  });
}
