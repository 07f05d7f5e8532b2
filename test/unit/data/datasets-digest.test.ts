/**
 * Datasets described by mlruns carry what MLflow stores for the same table: digest, schema,
 * profile, source. The expected values come from real MLflow (fixtures/dataset-digests.json,
 * written by test/mlflow/py/dataset_digests.py; test/mlflow/datasets.test.ts keeps it current).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { datasetFromCsv, datasetFromRecords, metaDataset } from "../../../src/index.js";
import { parseCsv } from "../../../src/data/csv.js";
import { hashFloat64, hashInt64, hashStrings } from "../../../src/data/pandas-hash.js";
import { pyJsonDumps, PyFloat } from "../../../src/python/py-json.js";

const corpus = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "fixtures", "dataset-digests.json"), "utf8"));

function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === "$") return { nan: NaN, inf: Infinity, "-inf": -Infinity, "-0": -0 }[o.$ as string];
    return Object.fromEntries(keys.map((k) => [k, decode(o[k])]));
  }
  return v;
}

function manyRows() {
  return Array.from({ length: 10_050 }, (_, i) => ({ i, f: i + 0.25, s: `row${i % 7}` }));
}

const recordCases = corpus.cases.filter((c: any) => c.id.startsWith("records/"));
const csvCases = corpus.cases.filter((c: any) => c.id.startsWith("csv/"));

describe(`datasetFromRecords matches mlflow.data.from_pandas (MLflow ${corpus.mlflow}, pandas ${corpus.pandas})`, () => {
  it.each(recordCases.map((c: any) => [c.id, c]))("%s", (_id, c: any) => {
    const records = c.generated ? manyRows() : (decode(c.records) as object[]);
    expect(datasetFromRecords(records, { name: "train", source: "/data/train.csv" })).toEqual(c.expected);
  });

  it("takes columns as well as records", () => {
    const byRows = datasetFromRecords([{ a: 1, b: "x" }, { a: 2, b: "y" }]);
    expect(datasetFromRecords({ a: [1, 2], b: ["x", "y"] })).toEqual(byRows);
  });
});

describe("datasetFromCsv matches from_pandas(pd.read_csv(path))", () => {
  it.each(csvCases.map((c: any) => [c.id, c]))("%s", (_id, c: any) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-csv-"));
    const file = path.join(dir, "data.csv");
    fs.writeFileSync(file, c.csv);
    const dtypes = Object.fromEntries(parseCsv(c.csv).columns.map((col) => [col.name, col.dtype === "str" ? "str" : col.dtype]));
    expect(dtypes).toEqual(c.dtypes);
    expect(datasetFromCsv(file, { name: "csv", source: "data.csv" })).toEqual(c.expected);
  });

  it("records the path as the source by default", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-csv-"));
    const file = path.join(dir, "train.csv");
    fs.writeFileSync(file, "a\n1\n");
    const ds = datasetFromCsv(file);
    expect(ds.sourceType).toBe("local");
    expect(ds.source).toBe(pyJsonDumps({ uri: file }));
  });
});

describe("sources resolve as MLflow's dataset source registry resolves them", () => {
  it.each(Object.entries(corpus.sources))("%s", (src, expected) => {
    const ds = datasetFromRecords([{ a: 1 }], { source: src });
    expect({ sourceType: ds.sourceType, source: ds.source }).toEqual(expected);
  });

  it("refuses a scheme MLflow has no resolver for", () => {
    expect(() => datasetFromRecords([{ a: 1 }], { source: "dbfs:/x" })).toThrow(/Could not find a source information resolver/);
  });

  it("without a source, records the code that ran (MLflow's code source)", () => {
    const ds = datasetFromRecords([{ a: 1 }]);
    expect(ds.sourceType).toBe("code");
    expect(JSON.parse(ds.source).tags["mlflow.source.type"]).toBe("LOCAL");
    expect(ds.name).toBe("dataset");
  });
});

describe("metaDataset matches MetaDataset", () => {
  it.each(corpus.metaDatasets.map((m: any) => [m.name, m]))("%s", (_n, m: any) => {
    expect(metaDataset({ name: m.name, source: m.url, schema: m.schema ?? undefined })).toEqual(m.expected);
  });
});

describe("building blocks", () => {
  it("pandas' hash_array values (its docstring's ints; str values from pandas 3.1)", () => {
    expect(hashInt64([1, 2, 3])).toEqual([6238072747940578789n, 15839785061582574730n, 2185194620014831856n]);
    expect(hashStrings(["x", "yy", "hello world long string"])).toEqual([7869353157402288317n, 15471049630401160259n, 8004511968704756530n]);
    expect(hashFloat64([0.5, -0, NaN])).toEqual([306524380890059637n, 0n, 5087927234000983963n]);
  });

  it("json.dumps text: separators, ensure_ascii, floats", () => {
    expect(pyJsonDumps({ a: [1, new PyFloat(1), 0.5, "é😀\n"], b: null, c: true })).toBe(
      '{"a": [1, 1.0, 0.5, "\\u00e9\\ud83d\\ude00\\n"], "b": null, "c": true}',
    );
  });
});
