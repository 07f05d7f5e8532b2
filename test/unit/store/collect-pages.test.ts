import { describe, expect, it } from "vitest";
import { collectPages, PagedList } from "../../../src/store/paged-list.js";

/** A search over 0..n-1 in pages of `size`, recording the (token, wanted) it was asked with. */
function pagedSearch(n: number, size: number) {
  const asked: Array<[string | null, number]> = [];
  const fetch = async (token: string | null, wanted: number) => {
    asked.push([token, wanted]);
    const start = token === null ? 0 : Number(token);
    const end = Math.min(n, start + Math.min(size, wanted));
    return new PagedList(Array.from({ length: end - start }, (_, i) => start + i), end < n ? String(end) : null);
  };
  return { fetch, asked };
}

describe("collectPages", () => {
  it("reads page after page until the last", async () => {
    const { fetch, asked } = pagedSearch(7, 3);
    expect(await collectPages(fetch)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(asked.map(([t]) => t)).toEqual([null, "3", "6"]);
  });

  it("stops at max, asking each page for what is still wanted", async () => {
    const { fetch, asked } = pagedSearch(100, 3);
    expect(await collectPages(fetch, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(asked).toEqual([[null, 5], ["3", 2]]);
  });

  it("never returns more than max, even from a page larger than asked", async () => {
    const big = async () => new PagedList([1, 2, 3, 4], "more");
    expect(await collectPages(big, 2)).toEqual([1, 2]);
  });

  it("an empty search is an empty list", async () => {
    expect(await collectPages(pagedSearch(0, 3).fetch)).toEqual([]);
  });
});
