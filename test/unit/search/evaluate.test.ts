import { describe, expect, it } from "vitest";
import type { Run } from "../../../src/entities.js";
import { SearchFilterError, filterRuns } from "../../../src/search/index.js";
import { ids, run, thrown } from "./fixtures.js";

const RUNS: Run[] = [
  run({ id: "a", name: "alpha", user: "alice", status: "FINISHED", start: 100, end: 200,
    metrics: { loss: 0.5, acc: 0.9, "my metric": -3 }, params: { lr: "0.1", model: "cnn" }, tags: { team: "vision", pct: "100%" } }),
  run({ id: "b", name: "Alpha", user: "bob", status: "FAILED", start: 200, end: null,
    metrics: { loss: NaN }, params: { lr: "0.01", model: "CNN" }, tags: { team: "Vision", stage: "line1\nline2" } }),
  run({ id: "c", name: "beta_1", user: "Alice", status: "RUNNING", start: 300,
    metrics: { loss: Infinity, acc: 0.1 }, params: { lr: "0.1", empty: "" }, tags: { pct: "a_b" } }),
  run({ id: "d", name: "gamma", user: "carol", status: "KILLED", start: 400, end: 450,
    metrics: { loss: -Infinity, acc: 0.5 }, params: { model: "rnn" }, tags: { team: "nlp", stage: "prod\n" } }),
  run({ id: "e", name: "β-run", user: "bob", status: "SCHEDULED", start: null,
    metrics: {}, params: {}, tags: { constructor: "x" } }),
];

describe("filterRuns", () => {
  it.each<[string, string[]]>([
    ["", ["a", "b", "c", "d", "e"]],
    ["metrics.loss > 0", ["a", "c"]],
    ["metrics.loss < 1e308", ["a", "d"]],
    ["metrics.loss != 0.5", ["b", "c", "d"]],
    ["metrics.loss = 0.5", ["a"]],
    ["metrics.loss >= -1e999", ["a", "c", "d"]],
    ["metrics.`my metric` <= -3", ["a"]],
    ["metrics.acc >= 0.5 AND metrics.loss < 1", ["a", "d"]],
    ["params.lr = '0.1'", ["a", "c"]],
    ["params.lr != '0.1'", ["b"]],
    ["params.model LIKE 'c%'", ["a"]],
    ["params.model ILIKE 'c%'", ["a", "b"]],
    ["params.model LIKE '_nn'", ["a", "d"]],
    ["params.model IS NULL", ["c", "e"]],
    ["params.model IS NOT NULL", ["a", "b", "d"]],
    ["params.empty = ''", ["c"]],
    ["tags.team = 'vision'", ["a"]],
    ["tags.team ILIKE 'VISION'", ["a", "b"]],
    ["tags.pct LIKE '100%'", ["a"]],
    ["tags.pct LIKE 'a_b'", ["c"]],
    ["tags.pct LIKE 'a\\_b'", []],
    ["tags.stage LIKE 'line1%'", ["b"]],
    ["tags.stage LIKE '%line2'", []],
    ["tags.stage LIKE 'line1_line2'", []],
    ["tags.stage = 'prod'", []],
    ["tags.stage LIKE 'prod'", ["d"]],
    ["tags.constructor = 'x'", ["e"]],
    ["tags.toString IS NULL", ["a", "b", "c", "d", "e"]],
    ["status = 'FINISHED'", ["a"]],
    ["attributes.status != 'FINISHED'", ["b", "c", "d", "e"]],
    ["run_name ILIKE 'alpha'", ["a", "b"]],
    ["`Run name` LIKE 'beta%'", ["c"]],
    ["user_id = 'alice'", ["a"]],
    ["run_id IN ('a', 'c', 'zz')", ["a", "c"]],
    ["run_id NOT IN ('a')", ["b", "c", "d", "e"]],
    ["run_id = ('a')", []],
    ["run_id != ('a')", ["a", "b", "c", "d", "e"]],
    ["start_time >= 200", ["b", "c", "d"]],
    ["created < 250", ["a", "b"]],
    ["start_time != 100", ["b", "c", "d"]],
    ["end_time > 0", ["a", "d"]],
    ["end_time != 200", ["d"]],
    ["artifact_uri LIKE '%/a/artifacts'", ["a"]],
    ["datasets.name = 'x'", []],
    ["datasets.digest != 'x'", []],
    ["datasets.context NOT IN ('x')", []],
    // The comparator is only checked for runs an earlier clause let through.
    ["params.lr = 'none' AND metrics.loss LIKE 1", []],
  ])("%j", (filter, expected) => {
    expect(ids(filterRuns(RUNS, filter))).toEqual(expected);
  });

  it("returns a copy, never the input array", () => {
    expect(filterRuns(RUNS)).not.toBe(RUNS);
    expect(filterRuns(RUNS, "")).toEqual(RUNS);
  });

  it.each<[string, string, number]>([
    ["metrics.loss LIKE 1", "Invalid comparator 'LIKE' for metric 'loss'", 13],
    ["params.lr > '0'", "Invalid comparator '>' for param 'lr'", 10],
    ["tags.team IN ('a')", "Expected a quoted string value for tag", 13],
    ["status < 'Z'", "Invalid comparator '<' for attribute 'status'", 7],
    ["start_time LIKE 1", "Invalid comparator 'LIKE' for attribute 'start_time'", 11],
    ["datasets.name > 'a'", "Invalid comparator '>' for dataset 'name'", 14],
    ["metrics.loss == 1", "Invalid comparator '=='", 13],
    ["params.lr NOT LIKE 'a'", "Invalid comparator 'NOT LIKE'", 10],
    ["params.lr RLIKE 'a'", "Invalid comparator 'RLIKE'", 10],
    ["run_id LIKE ('a')", "Cannot evaluate", 7],
  ])("rejects %j when there are runs to test", (filter, message, position) => {
    const e = thrown(() => filterRuns(RUNS, filter));
    expect(e).toBeInstanceOf(SearchFilterError);
    expect(e.message).toContain(message);
    expect(e.position).toBe(position);
  });

  it("does not check comparators when there is no run to test (as MLflow)", () => {
    expect(filterRuns([], "metrics.loss LIKE 1")).toEqual([]);
  });

  it("still rejects parse errors with no runs", () => {
    expect(() => filterRuns([], "metrics.loss > 'x'")).toThrow(SearchFilterError);
  });

  it("matches dataset clauses against MLflow-shaped inputs when a run carries them", () => {
    const withInputs = {
      ...run({ id: "ds" }),
      inputs: {
        datasetInputs: [
          { dataset: { name: "train", digest: "abc" }, tags: [{ key: "mlflow.data.context", value: "training" }] },
        ],
      },
    } as Run;
    expect(ids(filterRuns([withInputs], "datasets.name = 'train'"))).toEqual(["ds"]);
    expect(ids(filterRuns([withInputs], "datasets.digest IN ('x', 'abc')"))).toEqual(["ds"]);
    expect(ids(filterRuns([withInputs], "datasets.context LIKE 'train%'"))).toEqual(["ds"]);
    expect(ids(filterRuns([withInputs], "datasets.name != 'train'"))).toEqual([]);
  });
});
