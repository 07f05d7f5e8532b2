/**
 * Search results in MLflow's shape: a page is a list (mlflow.store.entities.PagedList) carrying
 * `token`, the next page's token. The old `{items, nextPageToken}` fields still read the same.
 */
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { MlflowClient, PagedList } from "../../../src/index.js";
import { tempDir } from "../helpers/temp-store.js";

let client: MlflowClient;
let exp: string;

beforeAll(async () => {
  client = new MlflowClient(path.join(tempDir("mlruns-paged-"), "mlruns"));
  exp = await client.createExperiment("paged");
  for (const name of ["a", "b", "c"]) {
    await client.createRun(exp, undefined, undefined, name);
    await client.createLoggedModel(exp, name);
  }
  await client.createExperiment("other");
});

const searches = {
  searchRuns: (token?: string | null) => client.searchRuns([exp], "", "ACTIVE_ONLY", 2, undefined, token),
  searchExperiments: (token?: string | null) => client.searchExperiments({ maxResults: 2, pageToken: token }),
  searchLoggedModels: (token?: string | null) => client.searchLoggedModels([exp], null, undefined, 2, undefined, token),
};

describe.each(Object.entries(searches))("MlflowClient.%s", (_name, search) => {
  test("returns a PagedList: an array with the next page's token", async () => {
    const page = await search();
    expect(page).toBeInstanceOf(PagedList);
    expect(Array.isArray(page)).toBe(true);
    expect(page.length).toBe(2);
    expect(page[0]).toBeDefined();
    expect([...page]).toHaveLength(2);
    expect(typeof page.token).toBe("string");
  });

  test("the token fetches the rest; the last page's token is null", async () => {
    const first = await search();
    const last = await search(first.token);
    expect(last.length).toBe(1);
    expect(last.token).toBeNull();
    expect(new Set([...first, ...last]).size).toBe(3);
  });

  test("the deprecated items and nextPageToken read the same page", async () => {
    const page = await search();
    expect(page.items).toEqual([...page]);
    expect(Array.isArray(page.items)).toBe(true);
    expect(page.items).toBe(page.items);
    expect(page.nextPageToken).toBe(page.token);
  });

  test("map, filter and slice give plain arrays, as list operations on MLflow's PagedList do", async () => {
    const page = await search();
    for (const derived of [page.map((x) => x), page.filter(() => true), page.slice(0, 1), page.concat([])]) {
      expect(derived.constructor).toBe(Array);
      expect(derived).not.toBeInstanceOf(PagedList);
      expect("token" in derived).toBe(false);
    }
    expect(page.map(() => 1)).toEqual([1, 1]);
  });

  test("a page deep-equals a plain array of its items (the token is not an enumerable key)", async () => {
    const page = await search();
    expect(page).toEqual([...page]);
    expect(Object.keys(page)).toEqual(["0", "1"]);
    expect(JSON.stringify(page)).toBe(JSON.stringify([...page]));
  });
});

describe("PagedList", () => {
  test("holds any items, including a single number (never read as a length)", () => {
    const page = new PagedList([3], "t");
    expect(page.length).toBe(1);
    expect(page[0]).toBe(3);
    expect(page.token).toBe("t");
    expect(page.toList()).toEqual([3]);
    expect(page.toList().constructor).toBe(Array);
  });

  test("Array.of and Array.from called on it still work", () => {
    expect([...PagedList.of(1, 2)]).toEqual([1, 2]);
    expect([...PagedList.from([5])]).toEqual([5]);
    expect(PagedList.from([5]).token).toBeNull();
  });
});
