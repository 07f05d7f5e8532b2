/**
 * Logged models (MLflow 3) through the fluent API and MlflowClient: what goes on disk, byte for
 * byte where MLflow's FileStore fixes the bytes, and how models, runs and metrics link up.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import { resetTrackingUriForTests } from "../../../src/api/tracking-uri.js";
import { tempDir } from "../helpers/temp-store.js";
import { captureWarnings, messagesWithCode } from "../helpers/warnings.js";

let root: string;
let client: mlflow.MlflowClient;

beforeEach(() => {
  root = path.join(tempDir(), "mlruns");
  mlflow.setTrackingUri(root);
  client = new mlflow.MlflowClient(root);
});

afterEach(async () => {
  while (mlflow.activeRun()) await mlflow.endRun();
  mlflow.clearActiveModel();
  resetTrackingUriForTests();
  delete process.env.MLFLOW_EXPERIMENT_ID;
});

const read = (...p: string[]) => fs.readFileSync(path.join(...p), "utf8");

function modelDir(m: mlflow.LoggedModel): string {
  return path.join(root, m.experimentId, "models", m.modelId);
}

describe("createLoggedModel (MlflowClient.create_logged_model)", () => {
  it("writes meta.yaml as FileStore.create_logged_model does: PENDING, lifecycle_stage active, MLflow's id format", async () => {
    const exp = await client.createExperiment("models");
    const m = await client.createLoggedModel(exp, "my-model", null, { team: "a" }, { lr: 0.1 }, "classifier");
    expect(m.modelId).toMatch(/^m-[0-9a-f]{32}$/);
    expect(m.status).toBe("PENDING");
    expect(m.modelUri).toBe(`models:/${m.modelId}`);
    expect(m.artifactLocation).toBe(`file://${root}/${exp}/models/${m.modelId}/artifacts`);
    expect(read(modelDir(m), "meta.yaml")).toBe(
      [
        `artifact_location: file://${root}/${exp}/models/${m.modelId}/artifacts`,
        `creation_timestamp: ${m.creationTimestamp}`,
        `experiment_id: '${exp}'`,
        `last_updated_timestamp: ${m.creationTimestamp}`,
        "lifecycle_stage: active",
        `model_id: ${m.modelId}`,
        "model_type: classifier",
        "name: my-model",
        "source_run_id: null",
        "status: 1",
        "status_message: null",
        "",
      ].join("\n"),
    );
    expect(read(modelDir(m), "params", "lr")).toBe("0.1");
    expect(read(modelDir(m), "tags", "team")).toBe("a");
    expect(fs.statSync(path.join(modelDir(m), "metrics")).isDirectory()).toBe(true);
    expect(m).toMatchObject({ name: "my-model", modelType: "classifier", params: { lr: "0.1" }, tags: { team: "a" }, metrics: [] });
  });

  it("generates a name like a run name when none is given", async () => {
    const m = await client.createLoggedModel("0");
    expect(m.name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
  });

  it("refuses MLflow's bad names, missing and deleted experiments, bad params", async () => {
    for (const name of ["a/b", "a.b", "a:b", "50%", "it's", ""]) {
      await expect(client.createLoggedModel("0", name)).rejects.toThrow(/Invalid model name/);
    }
    await expect(client.createLoggedModel("123456")).rejects.toBeInstanceOf(mlflow.ResourceNotFoundError);
    const exp = await client.createExperiment("gone");
    await client.deleteExperiment(exp);
    await expect(client.createLoggedModel(exp)).rejects.toThrow(/non-active experiment/);
    await expect(client.createLoggedModel("0", "x", null, {}, { "../p": 1 })).rejects.toBeInstanceOf(mlflow.InvalidParameterError);
  });
});

describe("finalize, tags, params, delete", () => {
  it("finalizeLoggedModel rewrites meta.yaml with the status and without lifecycle_stage, as MLflow does", async () => {
    const m = await client.createLoggedModel("0", "m");
    const ready = await client.finalizeLoggedModel(m.modelId, "READY");
    expect(ready.status).toBe("READY");
    const meta = read(modelDir(m), "meta.yaml");
    expect(meta).toContain("status: 2\n");
    expect(meta).not.toContain("lifecycle_stage");
    expect((await client.finalizeLoggedModel(m.modelId, "FAILED")).status).toBe("FAILED");
    await expect(client.finalizeLoggedModel(m.modelId, "DONE" as never)).rejects.toThrow(/Unknown model status/);
  });

  it("tags and params may be overwritten; a missing tag cannot be deleted", async () => {
    const m = await client.createLoggedModel("0", "m", null, {}, { p: "1" });
    await client.setLoggedModelTags(m.modelId, { stage: "dev", "nested/key": "x" });
    await client.setLoggedModelTags(m.modelId, { stage: "prod" });
    await client.logModelParams(m.modelId, { p: "2", q: 3 });
    const got = await client.getLoggedModel(m.modelId);
    expect(got.tags).toEqual({ stage: "prod", "nested/key": "x" });
    expect(got.params).toEqual({ p: "2", q: "3" });
    await client.deleteLoggedModelTag(m.modelId, "stage");
    expect((await client.getLoggedModel(m.modelId)).tags).toEqual({ "nested/key": "x" });
    await expect(client.deleteLoggedModelTag(m.modelId, "stage")).rejects.toBeInstanceOf(mlflow.ResourceNotFoundError);
  });

  it("a deleted model is not found (unless asked for) and not searched; its files stay", async () => {
    const m = await client.createLoggedModel("0", "m");
    await client.deleteLoggedModel(m.modelId);
    expect(read(modelDir(m), "meta.yaml")).toContain("lifecycle_stage: deleted\n");
    await expect(client.getLoggedModel(m.modelId)).rejects.toThrow(`Model '${m.modelId}' not found`);
    expect((await client.getLoggedModel(m.modelId, true)).modelId).toBe(m.modelId);
    expect((await client.searchLoggedModels(["0"])).items).toEqual([]);
  });

  it("unknown and unsafe model ids", async () => {
    await expect(client.getLoggedModel("m-0123456789abcdef0123456789abcdef")).rejects.toBeInstanceOf(mlflow.ResourceNotFoundError);
    await expect(client.getLoggedModel("../../etc")).rejects.toBeInstanceOf(mlflow.InvalidParameterError);
    const run = await client.createRun("0");
    expect(() => client.logMetric(run.info.runId, "m", 1, 1, 0, { modelId: "../x" })).toThrow(/Invalid model ID/);
  });
});

describe("logModel (Model.log for files made outside Python)", () => {
  it("creates the model, records it as a run output at its step, writes the files and an MLmodel, finalizes READY", async () => {
    await mlflow.setExperiment("ckpt");
    const src = path.join(tempDir(), "weights");
    fs.mkdirSync(path.join(src, "sub"), { recursive: true });
    fs.writeFileSync(path.join(src, "a.bin"), Buffer.from([1, 2, 3]));
    fs.writeFileSync(path.join(src, "sub", "b.txt"), "bb");
    let model!: mlflow.LoggedModel;
    let runId = "";
    await mlflow.withRun({}, async (run) => {
      runId = run.info.runId;
      await mlflow.logParams({ lr: 0.01, p: "from-run" });
      model = await mlflow.logModel({ name: "ckpt-5", step: 5, directory: src, files: { "conf/c.json": "{}" }, params: { p: "mine", q: 1 }, tags: { k: "v" }, modelType: "cnn" });
    });
    expect(model).toMatchObject({ status: "READY", name: "ckpt-5", sourceRunId: runId, modelType: "cnn" });
    // Model.log: the model's params are the given ones plus the run's (the run's win).
    expect(model.params).toEqual({ lr: "0.01", p: "from-run", q: "1" });
    expect(model.tags).toMatchObject({ k: "v", "mlflow.source.type": "LOCAL" });
    expect(model.tags["mlflow.user"]).toBeTruthy();
    const art = path.join(modelDir(model), "artifacts");
    expect(fs.readFileSync(path.join(art, "a.bin"))).toEqual(Buffer.from([1, 2, 3]));
    expect(read(art, "sub", "b.txt")).toBe("bb");
    const mlmodel = read(art, "MLmodel");
    expect(mlmodel).toMatch(
      new RegExp(
        `^artifact_path: file://${root}/\\d+/models/${model.modelId}/artifacts\nflavors: \\{\\}\nmodel_id: ${model.modelId}\nmodel_size_bytes: 7\nmodel_uuid: ${model.modelId}\nprompts: null\nrun_id: ${runId}\nutc_time_created: '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?'\n$`,
      ),
    );
    const run = await mlflow.getRun(runId);
    expect(run.outputs).toEqual({ modelOutputs: [{ modelId: model.modelId, step: 5 }] });
    expect(read(root, run.info.experimentId, runId, "outputs", model.modelId, "meta.yaml")).toBe(
      `destination_id: ${model.modelId}\ndestination_type: MODEL_OUTPUT\nsource_id: ${model.modelId}\nsource_type: RUN_OUTPUT\nstep: 5\ntags: {}\n`,
    );
    expect((await mlflow.lastLoggedModel())!.modelId).toBe(model.modelId);
  });

  it("links the run's metrics at the model's step to it, re-appending them to the run as MLflow's log_batch does", async () => {
    let model!: mlflow.LoggedModel;
    let runId = "";
    await mlflow.withRun({}, async (run) => {
      runId = run.info.runId;
      mlflow.logMetric("loss", 0.5, { step: 3, timestamp: 1000 });
      mlflow.logMetric("loss", 0.7, { step: 2, timestamp: 900 });
      model = await mlflow.logModel({ name: "m", step: 3 });
    });
    const exp = model.experimentId;
    expect(read(root, exp, runId, "metrics", "loss")).toBe("1000 0.5 3\n900 0.7 2\n1000 0.5 3\n");
    expect(read(modelDir(model), "metrics", "loss")).toBe(`1000 0.5 3 ${runId}\n`);
  });

  it("does not re-link points the model already has (logged with its modelId), so the run holds no duplicate row migrate-filestore would refuse", async () => {
    let model!: mlflow.LoggedModel;
    let runId = "";
    await mlflow.withRun({}, async (run) => {
      runId = run.info.runId;
      const pending = await mlflow.initializeLoggedModel({ name: "trained" });
      mlflow.logMetric("loss", 0.7, { step: 2, timestamp: 900, modelId: pending.modelId });
      mlflow.logMetric("loss", 0.5, { step: 3, timestamp: 1000, modelId: pending.modelId });
      mlflow.logMetric("acc", 0.9, { step: 3, timestamp: 1000 });
      model = await mlflow.logModel({ modelId: pending.modelId, step: 3, files: { "w.txt": "w" } });
    });
    const exp = model.experimentId;
    expect(read(root, exp, runId, "metrics", "loss")).toBe("900 0.7 2\n1000 0.5 3\n");
    expect(read(modelDir(model), "metrics", "loss")).toBe(`900 0.7 2 ${runId}\n1000 0.5 3 ${runId}\n`);
    // A point at that step not yet linked is linked (and re-appended) as before.
    expect(read(root, exp, runId, "metrics", "acc")).toBe("1000 0.9 3\n1000 0.9 3\n");
    expect(read(modelDir(model), "metrics", "acc")).toBe(`1000 0.9 3 ${runId}\n`);
  });

  it("without a run, the model has no source run and no run output; MLmodel has no run_id", async () => {
    const m = await mlflow.logModel({ name: "standalone", files: { "x.txt": "x" }, flavors: { onnx: { data: "model.onnx", providers: ["CPUExecutionProvider"] } } });
    expect(m.sourceRunId).toBeNull();
    const mlmodel = read(modelDir(m), "artifacts", "MLmodel");
    expect(mlmodel).not.toContain("run_id");
    expect(mlmodel).toContain("flavors:\n  onnx:\n    data: model.onnx\n    providers:\n    - CPUExecutionProvider\n");
  });

  it("keeps an MLmodel the files already have", async () => {
    const m = await mlflow.logModel({ files: { MLmodel: "flavors: {}\n" } });
    expect(read(modelDir(m), "artifacts", "MLmodel")).toBe("flavors: {}\n");
  });

  it("finalizes FAILED and rethrows when writing the files fails", async () => {
    await expect(mlflow.logModel({ name: "broken", files: { "x.bin": 42 as never } })).rejects.toThrow();
    const [m] = await mlflow.searchLoggedModels({ filterString: "name = 'broken'" });
    expect(m!.status).toBe("FAILED");
  });

  it("fills a PENDING model created earlier (modelId)", async () => {
    const pending = await mlflow.initializeLoggedModel({ name: "later" });
    expect(pending.status).toBe("PENDING");
    const m = await mlflow.logModel({ modelId: pending.modelId, files: { "w.txt": "w" } });
    expect(m.modelId).toBe(pending.modelId);
    expect(m.status).toBe("READY");
  });

  it("createExternalModel: READY at once, tagged mlflow.model.isExternal, MLflow's placeholder MLmodel", async () => {
    const m = await mlflow.createExternalModel({ name: "agent", modelType: "agent" });
    expect(m.status).toBe("READY");
    expect(m.tags["mlflow.model.isExternal"]).toBe("true");
    const mlmodel = read(modelDir(m), "artifacts", "MLmodel");
    expect(mlmodel).toContain("metadata:\n  mlflow.model.isExternal: true\n");
    expect(mlmodel).toContain(`signature:\n  inputs: '[{"type": "boolean", "required": true}]'\n`);
  });
});

describe("metrics linked to models and datasets (mlflow.log_metric with model_id / dataset)", () => {
  const ds = () => mlflow.datasetFromRecords([{ a: 1, b: 0.5, c: "x" }, { a: 2, b: 1.5, c: "y" }, { a: 3, b: 2.5, c: "z" }], { name: "train", source: "/tmp/data.csv" });

  it("writes 5-field run lines and 4/6-field model lines, and records the dataset and model as run inputs once", async () => {
    const model = await mlflow.initializeLoggedModel({ name: "m" });
    let runId = "";
    await mlflow.withRun({}, async (run) => {
      runId = run.info.runId;
      mlflow.logMetric("acc", 0.9, { step: 1, timestamp: 10, modelId: model.modelId, dataset: ds() });
      mlflow.logMetric("acc", 0.95, { step: 2, timestamp: 20, modelId: model.modelId, dataset: ds() });
      mlflow.logMetric("loss", 0.1, { step: 2, timestamp: 30, modelId: model.modelId });
    });
    const exp = model.experimentId;
    expect(read(root, exp, runId, "metrics", "acc")).toBe("10 0.9 1 train daa55b8f\n20 0.95 2 train daa55b8f\n");
    expect(read(modelDir(model), "metrics", "acc")).toBe(`10 0.9 1 ${runId} train daa55b8f\n20 0.95 2 ${runId} train daa55b8f\n`);
    expect(read(modelDir(model), "metrics", "loss")).toBe(`30 0.1 2 ${runId}\n`);
    const run = await mlflow.getRun(runId);
    expect(run.inputs!.modelInputs).toEqual([{ modelId: model.modelId }]);
    expect(run.inputs!.datasetInputs.map((d) => [d.dataset.name, d.dataset.digest, d.tags])).toEqual([["train", "daa55b8f", []]]);
    expect(fs.readdirSync(path.join(root, exp, runId, "inputs"))).toHaveLength(2);
    // MLflow reads a 5-field run line's step as 0 (file_store.py); mlruns reads what MLflow reads.
    expect((await mlflow.getMetricHistory(runId, "acc")).map((m) => [m.step, m.datasetName])).toEqual([[0, "train"], [0, "train"]]);
    const got = await mlflow.getLoggedModel(model.modelId);
    expect(got.metrics.map((m) => [m.key, m.value, m.step, m.runId, m.datasetName])).toEqual([
      ["acc", 0.95, 2, runId, "train"],
      ["loss", 0.1, 2, runId, null],
    ]);
  });

  it("a metric at the step of a model the run logged is linked to it; logMetric links the first, logMetrics every one", async () => {
    let a!: mlflow.LoggedModel, b!: mlflow.LoggedModel;
    await mlflow.withRun({}, async () => {
      a = await mlflow.logModel({ name: "a", step: 7 });
      b = await mlflow.logModel({ name: "b", step: 7 });
      mlflow.logMetric("one", 1, { step: 7 });
      mlflow.logMetrics({ many: 2 }, { step: 7 });
      mlflow.logMetric("other_step", 3, { step: 8 });
    });
    const ma = await mlflow.getLoggedModel(a.modelId);
    const mb = await mlflow.getLoggedModel(b.modelId);
    expect(ma.metrics.map((m) => m.key).sort()).toEqual(["many", "one"]);
    expect(mb.metrics.map((m) => m.key)).toEqual(["many"]);
  });

  it("links to the active model (setActiveModel by id, or by name creating an external model)", async () => {
    const m = await mlflow.createExternalModel({ name: "agent" });
    await mlflow.withRun({}, async () => {
      await mlflow.setActiveModel({ modelId: m.modelId });
      expect(mlflow.getActiveModelId()).toBe(m.modelId);
      mlflow.logMetric("quality", 0.8);
      mlflow.clearActiveModel();
      mlflow.logMetric("unlinked", 1);
    });
    expect((await mlflow.getLoggedModel(m.modelId)).metrics.map((x) => x.key)).toEqual(["quality"]);
    const byName = await mlflow.setActiveModel({ name: "brand-new" });
    expect(byName.tags["mlflow.model.isExternal"]).toBe("true");
    expect((await mlflow.setActiveModel({ name: "brand-new" })).modelId).toBe(byName.modelId);
    await expect(mlflow.setActiveModel({ modelId: m.modelId, name: "nope" })).rejects.toThrow(/does not match/);
  });

  it("MlflowClient.log_metric writes the links but records no run inputs, as MLflow's client does", async () => {
    const model = await client.createLoggedModel("0", "m");
    const run = await client.createRun("0");
    client.logMetric(run.info.runId, "x", 1, 5, 1, { modelId: model.modelId, datasetName: "d", datasetDigest: "abc" });
    await client.flush();
    expect(read(modelDir(model), "metrics", "x")).toBe(`5 1.0 1 ${run.info.runId} d abc\n`);
    expect((await client.getRun(run.info.runId)).inputs).toEqual({ datasetInputs: [], modelInputs: [] });
  });

  it("refuses dataset names and digests that would break a metric line", async () => {
    const run = await client.createRun("0");
    expect(() => client.logMetric(run.info.runId, "x", 1, 5, 1, { datasetName: "my data", datasetDigest: "abc" })).toThrow(/without whitespace/);
  });

  it("leaves plain metrics exactly as before: no inputs folder, 3-field lines", async () => {
    let runId = "";
    await mlflow.withRun({}, async (run) => {
      runId = run.info.runId;
      mlflow.logMetric("m", 1, { step: 1, timestamp: 5 });
    });
    const runDir = path.join(root, "0", runId);
    expect(read(runDir, "metrics", "m")).toBe("5 1.0 1\n");
    expect(fs.existsSync(path.join(runDir, "inputs"))).toBe(false);
    expect(fs.existsSync(path.join(runDir, "outputs"))).toBe(false);
  });
});

describe("models:/ URIs", () => {
  it("downloadArtifacts fetches a model's files (and MLflow's registered_model_meta marker)", async () => {
    const m = await mlflow.logModel({ name: "dl", files: { "w.txt": "weights", "d/e.txt": "e" } });
    const dst = path.join(tempDir(), "out");
    const local = await mlflow.downloadArtifacts({ artifactUri: `models:/${m.modelId}`, dstPath: dst });
    expect(read(local, "w.txt")).toBe("weights");
    expect(read(local, "d", "e.txt")).toBe("e");
    expect(read(local, "registered_model_meta")).toBe("model_name: null\nmodel_version: null\n");
    expect(fs.existsSync(path.join(local, "MLmodel"))).toBe(true);
  });

  it("a model without files downloads as an empty folder; runs:/ URIs work too; others are refused", async () => {
    const pending = await mlflow.initializeLoggedModel({ name: "empty" });
    const local = await mlflow.downloadArtifacts({ artifactUri: `models:/${pending.modelId}` });
    expect(fs.readdirSync(local)).toEqual([]);
    const run = await mlflow.startRun();
    await mlflow.logText("hello", "greeting.txt");
    await mlflow.endRun();
    const file = await mlflow.downloadArtifacts({ artifactUri: `runs:/${run.info.runId}/greeting.txt` });
    expect(read(file)).toBe("hello");
    await expect(mlflow.downloadArtifacts({ artifactUri: "models:/my-registered-model/3" })).rejects.toThrow(/registered model versions/);
    await expect(mlflow.downloadArtifacts({ artifactUri: "s3://bucket/x" })).rejects.toThrow(/Unsupported artifact URI/);
  });
});

describe("MLflow's checkpoint example, end to end", () => {
  it("a model every 10 epochs with step, ranked by the accuracy linked to it", async () => {
    await mlflow.setExperiment("checkpoints");
    const val = mlflow.datasetFromRecords([{ x: 0.1, y: 1 }, { x: 0.4, y: 0 }], { name: "val", source: "val.csv" });
    const run = await mlflow.withRun({}, async (r) => {
      for (let epoch = 0; epoch < 50; epoch++) {
        mlflow.logMetric("train_loss", 1 / (epoch + 1), { step: epoch });
        if (epoch % 10 === 0) {
          const model = await mlflow.logModel({ name: `ckpt-${epoch}`, step: epoch, files: { "weights.json": `[${epoch}]` } });
          mlflow.logMetric("accuracy", [0.5, 0.9, 0.7, 0.95, 0.8][epoch / 10]!, { step: epoch, modelId: model.modelId, dataset: val });
        }
      }
      return r;
    });
    const ranked = await mlflow.searchLoggedModels({
      filterString: `source_run_id = '${run.info.runId}'`,
      orderBy: [{ fieldName: "metrics.accuracy", ascending: false }],
    });
    expect(ranked.map((m) => m.name)).toEqual(["ckpt-30", "ckpt-10", "ckpt-40", "ckpt-20", "ckpt-0"]);
    const best = ranked[0]!;
    expect(best.metrics.find((m) => m.key === "accuracy")).toMatchObject({ value: 0.95, step: 30, datasetName: "val" });
    // train_loss at step 30 was logged before the checkpoint, so it is the checkpoint's too.
    expect(best.metrics.find((m) => m.key === "train_loss")).toMatchObject({ step: 30, value: 1 / 31 });
    const local = await mlflow.downloadArtifacts({ artifactUri: best.modelUri });
    expect(read(local, "weights.json")).toBe("[30]");
    const onVal = await mlflow.searchLoggedModels({ filterString: "metrics.accuracy > 0.85", datasets: [{ datasetName: "val" }] });
    expect(onVal.map((m) => m.name).sort()).toEqual(["ckpt-10", "ckpt-30"]);
  });
});

describe("damaged model folders", () => {
  it("a models/<id> folder without meta.yaml (metrics logged for a model kept elsewhere) is skipped quietly", async () => {
    const exp = await client.createExperiment("a");
    const other = await client.createExperiment("b");
    const model = await client.createLoggedModel(other, "elsewhere");
    const run = await client.createRun(exp);
    client.logMetric(run.info.runId, "x", 1, 1, 0, { modelId: model.modelId });
    await client.flush();
    // As MLflow does, the point went under the run's experiment.
    expect(fs.existsSync(path.join(root, exp, "models", model.modelId, "metrics", "x"))).toBe(true);
    expect((await client.searchLoggedModels([exp])).items).toEqual([]);
    expect((await client.searchLoggedModels([other])).items.map((m) => m.modelId)).toEqual([model.modelId]);
  });

  it("an unreadable model meta.yaml is skipped with a warning naming it", async () => {
    const m = await client.createLoggedModel("0", "bad");
    fs.writeFileSync(path.join(modelDir(m), "meta.yaml"), "status: [\n");
    const { result, warnings } = await captureWarnings(() => client.searchLoggedModels(["0"]));
    expect(result.items).toEqual([]);
    expect(messagesWithCode(warnings)).toEqual([expect.stringContaining(`Malformed or unreadable model folder skipped: ${modelDir(m)}`)]);
  });
});

describe("hostile input never leaves the store", () => {
  it("tag and param keys, file paths and model ids with traversal are refused before anything is written", async () => {
    const m = await client.createLoggedModel("0", "m");
    await expect(client.setLoggedModelTags(m.modelId, { "../../escape": "x" })).rejects.toBeInstanceOf(mlflow.InvalidParameterError);
    await expect(client.logModelParams(m.modelId, { "/abs": "x" })).rejects.toBeInstanceOf(mlflow.InvalidParameterError);
    await expect(mlflow.logModel({ name: "t", files: { "../outside.txt": "x" } })).rejects.toBeInstanceOf(mlflow.InvalidParameterError);
    expect((await mlflow.searchLoggedModels({ experimentIds: ["0"], filterString: "name = 't'" })).length).toBe(0);
    await expect(client.logOutputs((await client.createRun("0")).info.runId, [{ modelId: "../x", step: 0 }])).rejects.toThrow(/Invalid model ID/);
    await expect(client.finalizeLoggedModel("a/b", "READY")).rejects.toThrow(/Invalid model ID/);
    expect(fs.readdirSync(path.dirname(root)).sort()).toEqual(["mlruns"]);
  });
});
