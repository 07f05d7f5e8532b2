/**
 * SearchLoggedModelsUtils, on hand-made models: which clauses match, how metrics on datasets
 * are chosen, the sort key with MLflow's tie-breakers and None-last rule, and the errors. The
 * same behaviours are checked against real MLflow on real stores in test/mlflow/models.test.ts.
 */
import { describe, expect, it } from "vitest";
import { filterLoggedModels, sortLoggedModels, type LinkedMetric, type LoggedModel } from "../../../src/index.js";

function model(id: string, over: Partial<LoggedModel> = {}, metrics: Partial<LinkedMetric>[] = []): LoggedModel {
  return {
    experimentId: "1",
    modelId: id,
    name: id,
    artifactLocation: "",
    creationTimestamp: 100,
    lastUpdatedTimestamp: 100,
    modelType: null,
    sourceRunId: null,
    status: "READY",
    statusMessage: null,
    tags: {},
    params: {},
    modelUri: `models:/${id}`,
    ...over,
    metrics: metrics.map((m) => ({ key: "acc", value: 0, timestamp: 0, step: 0, datasetName: null, datasetDigest: null, ...m })),
  };
}

const ids = (ms: LoggedModel[]) => ms.map((m) => m.modelId);

describe("filterLoggedModels", () => {
  const a = model("a", { params: { lr: "0.1" }, tags: { t: "x" }, modelType: "cnn", sourceRunId: "r1", creationTimestamp: 1 }, [
    { value: 0.5, datasetName: "train", datasetDigest: "d1" },
    { value: 0.9, datasetName: "val", datasetDigest: "d2" },
  ]);
  const b = model("b", { params: { lr: "0.2" }, status: "PENDING", creationTimestamp: 2 }, [{ value: 0.7, datasetName: "val", datasetDigest: "d2" }]);
  const c = model("c", { creationTimestamp: 3 });
  const all = [a, b, c];

  it("metrics compare the first matching point (the first dataset group in the file)", () => {
    expect(ids(filterLoggedModels(all, "metrics.acc > 0.6"))).toEqual(["b"]);
    expect(ids(filterLoggedModels(all, "metrics.acc > 0.6", [{ datasetName: "val" }]))).toEqual(["a", "b"]);
    expect(ids(filterLoggedModels(all, "metrics.acc < 0.6", [{ datasetName: "val", datasetDigest: "d2" }]))).toEqual([]);
  });

  it("datasets without a metric clause keep models with any metric on them", () => {
    expect(ids(filterLoggedModels(all, undefined, [{ datasetName: "train" }]))).toEqual(["a"]);
    expect(ids(filterLoggedModels(all, "params.lr LIKE '0.%'", [{ datasetName: "val" }]))).toEqual(["a", "b"]);
    expect(() => filterLoggedModels(all, undefined, [{ datasetName: "" }])).toThrow(/`dataset_name`/);
  });

  it("params, tags and attributes", () => {
    expect(ids(filterLoggedModels(all, "params.lr = '0.1'"))).toEqual(["a"]);
    expect(ids(filterLoggedModels(all, "params.lr != '0.1'"))).toEqual(["b"]);
    expect(ids(filterLoggedModels(all, "tags.t ILIKE 'X'"))).toEqual(["a"]);
    expect(ids(filterLoggedModels(all, "model_type = 'cnn'"))).toEqual(["a"]);
    expect(ids(filterLoggedModels(all, "attributes.status = 'PENDING'"))).toEqual(["b"]);
    expect(ids(filterLoggedModels(all, "source_run_id = 'r1'"))).toEqual(["a"]);
    expect(ids(filterLoggedModels(all, "model_id IN ('a', 'c')"))).toEqual(["a", "c"]);
    expect(ids(filterLoggedModels(all, "name > 'a'"))).toEqual(["b", "c"]);
    expect(ids(filterLoggedModels(all, "creation_timestamp >= 2"))).toEqual(["b", "c"]);
    // MLflow's file store raises AttributeError on these aliases; mlruns answers as its SQL store does.
    expect(ids(filterLoggedModels(all, "creation_time < 2"))).toEqual(["a"]);
    // MLflow looks `datasets.name` up on the model itself.
    expect(ids(filterLoggedModels(all, "datasets.name = 'c'"))).toEqual(["c"]);
  });

  it("errors where MLflow raises", () => {
    expect(() => filterLoggedModels(all, "tags.t IS NULL")).toThrow(/Invalid comparator 'IS NULL'/);
    expect(() => filterLoggedModels(all, "params.lr IS NOT NULL")).toThrow(/Invalid comparator 'IS NOT NULL'/);
    expect(() => filterLoggedModels(all, "metrics.acc LIKE 1")).toThrow(/Invalid comparator 'LIKE'/);
    expect(() => filterLoggedModels(all, "run_id = 'x'")).toThrow(/Invalid attribute key 'run_id'/);
    expect(() => filterLoggedModels(all, "datasets.digest = 'd1'")).toThrow(/Invalid logged model search key 'digest'/);
    expect(() => filterLoggedModels(all, "metrics.acc > 'x'")).toThrow(/Expected numeric value type for metric/);
  });
});

describe("sortLoggedModels", () => {
  const x = model("x", { name: "b", creationTimestamp: 1, modelType: "cnn" }, [{ value: 0.5, timestamp: 1 }, { value: 0.1, timestamp: 2, datasetName: "val", datasetDigest: "d" }]);
  const y = model("y", { name: "a", creationTimestamp: 2 }, [{ value: 0.9, timestamp: 5 }]);
  const z = model("z", { name: "c", creationTimestamp: 2 });

  it("defaults to newest first, then model id", () => {
    expect(ids(sortLoggedModels([x, z, y]))).toEqual(["y", "z", "x"]);
  });

  it("metrics sort by their latest point (of a dataset, if named); models without it go last either way", () => {
    expect(ids(sortLoggedModels([x, y, z], [{ fieldName: "metrics.acc", ascending: false }]))).toEqual(["y", "x", "z"]);
    expect(ids(sortLoggedModels([x, y, z], [{ fieldName: "metrics.acc", ascending: true }]))).toEqual(["x", "y", "z"]);
    expect(ids(sortLoggedModels([y, z, x], [{ fieldName: "metrics.acc", datasetName: "val" }]))).toEqual(["x", "y", "z"]);
  });

  it("attributes, None last, and the creation_time alias", () => {
    expect(ids(sortLoggedModels([x, y, z], [{ fieldName: "name" }]))).toEqual(["y", "x", "z"]);
    expect(ids(sortLoggedModels([x, y, z], [{ fieldName: "model_type", ascending: false }]))).toEqual(["x", "y", "z"]);
    expect(ids(sortLoggedModels([z, y, x], [{ fieldName: "creation_time", ascending: true }]))).toEqual(["x", "y", "z"]);
  });

  it("errors where MLflow raises", () => {
    expect(() => sortLoggedModels([x], [{ fieldName: "params.lr" }])).toThrow("Invalid order by field name: params, only `metrics.<name>` is allowed.");
    expect(() => sortLoggedModels([x], [{ fieldName: "run_id" }])).toThrow("Invalid order by field name: run_id.");
    expect(() => sortLoggedModels([x], [{ fieldName: "name", ascending: "yes" as never }])).toThrow(/must be a boolean/);
    expect(() => sortLoggedModels([x], [{ fieldName: "metrics.acc", datasetDigest: "d" }])).toThrow(/`dataset_digest` can only be specified/);
    expect(() => sortLoggedModels([x], [{} as never])).toThrow(/`field_name`/);
  });
});
