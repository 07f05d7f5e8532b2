import { describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import * as competition from "../../../src/competition/index.js";
import { useTempStore } from "./setup.js";

useTempStore();

describe("datasetInfo", () => {
  it("counts rows, columns and nulls (null, undefined, NaN, missing keys) in records", () => {
    const rows = [
      { a: 1, b: "x", c: null },
      { a: Number.NaN, b: "y" }, // c missing: a null
      { a: 3, b: undefined, c: 0, d: "" }, // "" and 0 are values
    ];
    expect(competition.datasetInfo(rows)).toEqual({ n_rows: 3, n_cols: 4, total_nulls: 6, null_ratio: 0.5 });
  });

  it("reads column maps, typed arrays included", () => {
    const table = { a: [1, null, 3, 4], b: new Float64Array([1, Number.NaN, 2, 3]), c: ["p", "q", undefined, "s"] };
    expect(competition.datasetInfo(table)).toEqual({ n_rows: 4, n_cols: 3, total_nulls: 3, null_ratio: 0.25 });
  });

  it("gives a null ratio of 0 for an empty table", () => {
    expect(competition.datasetInfo([])).toEqual({ n_rows: 0, n_cols: 0, total_nulls: 0, null_ratio: 0 });
    expect(competition.datasetInfo({})).toEqual({ n_rows: 0, n_cols: 0, total_nulls: 0, null_ratio: 0 });
  });

  it("refuses columns of different lengths and rows that are not records", () => {
    expect(() => competition.datasetInfo({ a: [1, 2], b: [1] })).toThrow("Column 'b' has 1 values, but 'a' has 2");
    expect(() => competition.datasetInfo([{ a: 1 }, [1, 2] as unknown as object])).toThrow("Row 1 is not a record");
  });
});

describe("logDatasetInfo", () => {
  it("logs {prefix}.n_rows, .n_cols, .total_nulls, .null_ratio as metrics", async () => {
    const runId = await mlflow.withRun({}, (run) => {
      competition.logDatasetInfo({ x: [1, null], y: [2, 3] }, { prefix: "train" });
      competition.logDatasetInfo([{ x: 1 }], { prefix: "test" });
      return run.info.runId;
    });
    expect((await mlflow.getRun(runId)).data.metrics).toEqual({
      "train.n_rows": 2,
      "train.n_cols": 2,
      "train.total_nulls": 1,
      "train.null_ratio": 0.25,
      "test.n_rows": 1,
      "test.n_cols": 1,
      "test.total_nulls": 0,
      "test.null_ratio": 0,
    });
  });
});
