/**
 * Run inputs (mlflow.log_input): the dataset and input folders FileStore.log_inputs writes, byte
 * for byte (the expected bytes are what MLflow 3.17.2 wrote for the same dataset), reading them
 * back, and what only the files show (a dataset folder gone). What every store does with inputs,
 * searchRuns on datasets.name / digest / context among it, is in ../conformance/datasets.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as mlflow from "../../../../src/index.js";
import { resetTrackingUriForTests } from "../../../../src/api/tracking-uri.js";
import { datasetId, inputId } from "../../../../src/store/file/run-inputs.js";
import { parseCsv, tokenizeCsv } from "../../../../src/data/csv.js";
import { tempDir } from "../../helpers/temp-store.js";
import { captureWarnings, messagesWithCode } from "../../helpers/warnings.js";

let root: string;

beforeEach(() => {
  root = path.join(tempDir(), "mlruns");
  mlflow.setTrackingUri(root);
});

afterEach(async () => {
  while (mlflow.activeRun()) await mlflow.endRun();
  resetTrackingUriForTests();
});

const read = (...p: string[]) => fs.readFileSync(path.join(...p), "utf8");
const train = () => mlflow.datasetFromRecords([{ a: 1, b: 0.5, c: "x" }, { a: 2, b: 1.5, c: "y" }, { a: 3, b: 2.5, c: "z" }], { name: "train", source: "/tmp/data.csv" });

describe("logInput writes what FileStore.log_inputs writes", () => {
  it("datasets/<md5(name+digest)>/meta.yaml and <run>/inputs/<md5(dataset id+run id)>/meta.yaml", async () => {
    const run = await mlflow.startRun();
    await mlflow.logInput(train(), { context: "training", tags: { k: "v" } });
    await mlflow.endRun();
    const exp = run.info.experimentId;
    // The dataset id MLflow gave the same dataset (name "train", digest "daa55b8f").
    expect(datasetId("train", "daa55b8f")).toBe("83e23abd9be8448bae0feb1bb92ddcf1");
    expect(read(root, exp, "datasets", "83e23abd9be8448bae0feb1bb92ddcf1", "meta.yaml")).toBe(
      [
        "digest: daa55b8f",
        "name: train",
        `profile: '{"num_rows": 3, "num_elements": 9}'`,
        `schema: '{"mlflow_colspec": [{"type": "long", "name": "a", "required": true}, {"type":`,
        `  "double", "name": "b", "required": true}, {"type": "string", "name": "c", "required":`,
        "  true}]}'",
        `source: '{"uri": "/tmp/data.csv"}'`,
        "source_type: local",
        "",
      ].join("\n"),
    );
    const input = inputId("83e23abd9be8448bae0feb1bb92ddcf1", run.info.runId);
    // destination_id repeats the source id: MLflow's own bytes.
    expect(read(root, exp, run.info.runId, "inputs", input, "meta.yaml")).toBe(
      "destination_id: 83e23abd9be8448bae0feb1bb92ddcf1\ndestination_type: RUN\nsource_id: 83e23abd9be8448bae0feb1bb92ddcf1\nsource_type: DATASET\ntags:\n  k: v\n  mlflow.data.context: training\n",
    );
  });

  it("a model input: source_type MODEL, no tags", async () => {
    const model = await mlflow.initializeLoggedModel({ name: "m" });
    const run = await mlflow.startRun();
    await mlflow.logInput(null, { model: { modelId: model.modelId } });
    await mlflow.endRun();
    expect(read(root, run.info.experimentId, run.info.runId, "inputs", inputId(model.modelId, run.info.runId), "meta.yaml")).toBe(
      `destination_id: ${model.modelId}\ndestination_type: RUN\nsource_id: ${model.modelId}\nsource_type: MODEL\ntags: {}\n`,
    );
    expect((await mlflow.getRun(run.info.runId)).inputs!.modelInputs).toEqual([{ modelId: model.modelId }]);
  });

  it("logging the same dataset again changes nothing; another run shares the dataset folder", async () => {
    const a = await mlflow.startRun();
    await mlflow.logInput(train(), { context: "training" });
    await mlflow.logInput(train(), { context: "other" });
    await mlflow.endRun();
    const b = await mlflow.startRun();
    await mlflow.logInput(train());
    await mlflow.endRun();
    const exp = a.info.experimentId;
    expect(fs.readdirSync(path.join(root, exp, "datasets"))).toHaveLength(1);
    const ra = await mlflow.getRun(a.info.runId);
    expect(ra.inputs!.datasetInputs).toHaveLength(1);
    expect(ra.inputs!.datasetInputs[0]!.tags).toEqual([{ key: "mlflow.data.context", value: "training" }]);
    expect((await mlflow.getRun(b.info.runId)).inputs!.datasetInputs[0]!.tags).toEqual([]);
  });

  it("reads back the whole Dataset", async () => {
    const run = await mlflow.startRun();
    await mlflow.logInput(train(), { context: "training" });
    await mlflow.endRun();
    expect((await mlflow.getRun(run.info.runId)).inputs!.datasetInputs[0]!.dataset).toEqual(train());
  });

  it("logInputs lines up datasets, contexts and tags; mismatched lengths are refused", async () => {
    const run = await mlflow.startRun();
    const val = mlflow.metaDataset({ name: "val", source: "https://example.org/val.csv" });
    await mlflow.logInputs([train(), val], ["training", null], [null, { my: "tag" }]);
    await expect(mlflow.logInputs([train()], [], [])).rejects.toThrow(/same length/);
    await mlflow.endRun();
    const inputs = (await mlflow.getRun(run.info.runId)).inputs!.datasetInputs.map((d) => [d.dataset.name, d.tags]).sort();
    expect(inputs).toEqual([
      ["train", [{ key: "mlflow.data.context", value: "training" }]],
      ["val", [{ key: "my", value: "tag" }]],
    ]);
  });

  it("refuses a context without a dataset, and datasets missing required fields", async () => {
    await mlflow.startRun();
    await expect(mlflow.logInput(null, { context: "training" })).rejects.toThrow(/`dataset` must be specified/);
    await expect(mlflow.logInput({ ...train(), name: "" })).rejects.toBeInstanceOf(mlflow.InvalidParameterError);
    await expect(mlflow.logInput({ ...train(), digest: 5 as never })).rejects.toBeInstanceOf(mlflow.InvalidParameterError);
  });

  it("an input whose dataset folder is gone is skipped with a warning", async () => {
    const run = await mlflow.startRun();
    await mlflow.logInput(train());
    await mlflow.logInput(mlflow.metaDataset({ name: "kept", source: "s3://b/k" }));
    await mlflow.endRun();
    fs.rmSync(path.join(root, run.info.experimentId, "datasets", "83e23abd9be8448bae0feb1bb92ddcf1"), { recursive: true });
    const { result, warnings } = await captureWarnings(() => mlflow.getRun(run.info.runId));
    expect(result.inputs!.datasetInputs.map((d) => d.dataset.name)).toEqual(["kept"]);
    // MLflow's own wording (FileStore._get_run_inputs).
    expect(messagesWithCode(warnings)).toEqual([
      `Failed to find dataset with ID '83e23abd9be8448bae0feb1bb92ddcf1' referenced as an input of the run with ID '${run.info.runId}'. Skipping.`,
    ]);
  });
});

describe("CSV reading details", () => {
  it("quoted commas, quotes and newlines; CRLF; a BOM", () => {
    expect(tokenizeCsv('\ufeffa,b\r\n"x, y","say ""hi"""\n"multi\nline",2\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
      ["multi\nline", "2"],
    ]);
  });

  it("refuses rows longer than the header and a file ending inside quotes", () => {
    expect(() => parseCsv("a,b\n1,2,3\n")).toThrow(/expected 2 fields in line 2, saw 3/);
    expect(() => parseCsv('a\n"open\n')).toThrow(/EOF inside string/);
    expect(() => parseCsv("")).toThrow(/No columns to parse/);
  });

  it("infers pandas' dtypes", () => {
    const f = parseCsv("i,f,b,s,n\n1,1.5,True,x,\n2,2,False,y,\n");
    expect(f.columns.map((c) => c.dtype)).toEqual(["int64", "float64", "bool", "str", "float64"]);
  });
});
