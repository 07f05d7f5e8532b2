import { describe, expect, it } from "vitest";
import type { Run } from "../../../src/entities.js";
import { SearchFilterError, sortRuns } from "../../../src/search/index.js";
import { ids, run } from "./fixtures.js";

const RUNS: Run[] = [
  run({ id: "r1", start: 100, end: 300, status: "FINISHED", name: "b", metrics: { m: 2 }, params: { p: "b" }, tags: { t: "x" } }),
  run({ id: "r2", start: 300, end: null, status: "RUNNING", name: "a", metrics: { m: NaN }, params: { p: "a" } }),
  run({ id: "r3", start: 300, end: 350, status: "FAILED", name: "a", metrics: { m: 1 }, params: { p: "B" }, tags: { t: "y" } }),
  run({ id: "r0", start: 300, end: 400, status: "FINISHED", name: "c", metrics: {}, params: { p: "a" } }),
  run({ id: "r4", start: 200, end: 250, status: "KILLED", name: "😀", metrics: { m: 2 }, tags: { t: "x" } }),
  run({ id: "r5", start: 50, end: null, status: "FINISHED", name: "\uff01", metrics: { m: -Infinity }, params: {} }),
];

describe("sortRuns", () => {
  it.each<[string, string[] | undefined, string[]]>([
    ["natural order: start_time DESC, run_id ASC", undefined, ["r0", "r2", "r3", "r4", "r1", "r5"]],
    ["empty order list is the natural order", [], ["r0", "r2", "r3", "r4", "r1", "r5"]],
    // values ascending, then NaN, then missing; ties keep the natural order
    ["metric ASC", ["metrics.m"], ["r5", "r3", "r4", "r1", "r2", "r0"]],
    // values descending, then NaN, then missing
    ["metric DESC", ["metrics.m DESC"], ["r4", "r1", "r3", "r5", "r2", "r0"]],
    ["param ASC (code point order, case-sensitive)", ["params.p"], ["r3", "r0", "r2", "r1", "r4", "r5"]],
    ["param DESC", ["params.p DESC"], ["r1", "r0", "r2", "r3", "r4", "r5"]],
    ["tag ASC", ["tags.t"], ["r4", "r1", "r3", "r0", "r2", "r5"]],
    ["end_time ASC, None last", ["end_time"], ["r4", "r1", "r3", "r0", "r2", "r5"]],
    ["end_time DESC, None last", ["end_time DESC"], ["r0", "r3", "r1", "r4", "r2", "r5"]],
    ["start_time ASC keeps run_id order on ties", ["attributes.start_time"], ["r5", "r1", "r4", "r0", "r2", "r3"]],
    ["created alias", ["created DESC"], ["r0", "r2", "r3", "r4", "r1", "r5"]],
    ["first key wins, later keys break ties", ["status", "run_name DESC"], ["r3", "r5", "r0", "r1", "r4", "r2"]],
    ["run_name by code point (U+FF01 < U+1F600)", ["run_name"], ["r2", "r3", "r1", "r0", "r5", "r4"]],
    ["run_id DESC", ["run_id DESC"], ["r5", "r4", "r3", "r2", "r1", "r0"]],
  ])("%s", (_label, orderBy, expected) => {
    expect(ids(sortRuns(RUNS, orderBy))).toEqual(expected);
  });

  it("does not mutate its input", () => {
    const copy = RUNS.slice();
    sortRuns(RUNS, ["metrics.m"]);
    expect(RUNS).toEqual(copy);
  });

  it("puts runs without start_time last in the natural order", () => {
    const runs = [run({ id: "x", start: null }), run({ id: "y", start: 5 })];
    expect(ids(sortRuns(runs))).toEqual(["y", "x"]);
  });

  it("rejects a bad clause even with no runs", () => {
    expect(() => sortRuns([], ["foo"])).toThrow(SearchFilterError);
  });

  it("rejects datasets.* only when there is something to sort (as MLflow)", () => {
    expect(sortRuns([], ["datasets.name"])).toEqual([]);
    expect(() => sortRuns(RUNS, ["datasets.name"])).toThrow("Invalid order_by entity type 'dataset'");
  });
});
