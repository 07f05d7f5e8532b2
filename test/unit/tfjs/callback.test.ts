/**
 * MlflowCallback with real TensorFlow.js (issue #19): what a fit logs (params, summary, every
 * epoch's or every n-th batch's metrics), the model it saves (loaded back, same predictions),
 * and which runs it starts and ends.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import { MlflowCallback, modelFolder } from "../../../src/tfjs/index.js";
import { failAtEpoch, regressionData, tf, tinyMlp } from "./tiny-model.js";
import { captureWarnings } from "../helpers/warnings.js";
import { useFluentStore } from "../helpers/fluent-store.js";

const store = useFluentStore();

async function history(runId: string, key: string): Promise<[number, number][]> {
  return (await mlflow.getMetricHistory(runId, key)).map((m) => [Number(m.step), m.value]);
}

describe("params and summary", () => {
  it("logs fit's epochs and batch size, the optimizer as Keras names it, the loss, metrics, layers and parameter counts", async () => {
    const { x, y } = regressionData();
    const cb = new MlflowCallback({ logModel: false });
    await tinyMlp().fit(x, y, { epochs: 3, batchSize: 8, callbacks: [cb], verbose: 0 });
    const run = await mlflow.getRun(cb.runId ?? (await mlflow.lastActiveRun())!.info.runId);
    expect(run.data.params).toEqual({
      epochs: "3",
      batch_size: "8",
      optimizer_name: "adam",
      optimizer_learning_rate: "0.01",
      optimizer_beta_1: "0.9",
      optimizer_beta_2: "0.999",
      optimizer_epsilon: "1e-07", // tfjs's cpu backend epsilon, as Python's str() writes it
      loss: "meanSquaredError",
      metrics: "mse",
      num_layers: "2",
      trainable_params: String(2 * 4 + 4 + 4 * 1 + 1),
      total_params: "17",
    });
    const summary = fs.readFileSync(path.join(store.root, "0", run.info.runId, "artifacts", "model_summary.txt"), "utf8");
    expect(summary).toContain("Total params: 17");
    expect(summary).toMatch(/dense_Dense\d+ \(Dense\)/);
  });
});

describe("metrics", () => {
  it("logs every value of every epoch's logs, with the epoch as step", async () => {
    const { x, y } = regressionData();
    const model = tinyMlp();
    const cb = new MlflowCallback({ logModel: false });
    const fitted = await model.fit(x, y, { epochs: 5, batchSize: 10, validationSplit: 0.25, callbacks: [cb], verbose: 0 });
    const runId = (await mlflow.lastActiveRun())!.info.runId;
    const run = await mlflow.getRun(runId);
    expect(Object.keys(run.data.metrics).sort()).toEqual(["loss", "mse", "val_loss", "val_mse"]);
    for (const key of ["loss", "val_loss", "mse", "val_mse"]) {
      const points = await history(runId, key);
      expect(points.map(([step]) => step)).toEqual([0, 1, 2, 3, 4]);
      expect(points.map(([, v]) => v)).toEqual(fitted.history[key]);
    }
  });

  it("logs every n-th batch with the global batch count as step, across epochs", async () => {
    const { x, y } = regressionData(40);
    const cb = new MlflowCallback({ logEveryEpoch: false, logEveryNSteps: 3, logModel: false });
    // 40 samples / batch 10 = 4 batches per epoch, 5 epochs = 20 batches: steps 3, 6, ..., 18.
    await tinyMlp().fit(x, y, { epochs: 5, batchSize: 10, callbacks: [cb], verbose: 0 });
    const runId = (await mlflow.lastActiveRun())!.info.runId;
    const run = await mlflow.getRun(runId);
    expect(Object.keys(run.data.metrics).sort()).toEqual(["loss", "mse"]);
    expect((await history(runId, "loss")).map(([s]) => s)).toEqual([3, 6, 9, 12, 15, 18]);
  });

  it("works with fitDataset (no batch size param: the dataset decides)", async () => {
    const { x, y } = regressionData(40);
    const ds = tf.data.zip({ xs: tf.data.array(x.arraySync()), ys: tf.data.array(y.arraySync()) }).batch(8);
    const cb = new MlflowCallback({ logModel: false });
    await tinyMlp().fitDataset(ds as never, { epochs: 4, callbacks: [cb], verbose: 0 });
    const run = (await mlflow.lastActiveRun())!;
    expect(run.data.params.epochs).toBe("4");
    expect(run.data.params.batch_size).toBeUndefined();
    expect((await history(run.info.runId, "loss")).map(([s]) => s)).toEqual([0, 1, 2, 3]);
  });

  it("refuses the option combinations mlflow.keras.MlflowCallback refuses", () => {
    expect(() => new MlflowCallback({ logEveryNSteps: 5 })).toThrow(mlflow.InvalidParameterError);
    expect(() => new MlflowCallback({ logEveryEpoch: false })).toThrow(/logEveryNSteps must be specified/);
    expect(() => new MlflowCallback({ logEveryEpoch: false, logEveryNSteps: 0 })).toThrow(/positive integer/);
  });
});

describe("a logging failure", () => {
  it("is a warning, as mlflow.keras.MlflowCallback's ExceptionSafeClass makes it: training goes on", async () => {
    const { x, y } = regressionData();
    const run = await mlflow.startRun();
    try {
      const { warnings } = await captureWarnings(async () => {
        // The run is deleted under training after epoch 1: every later log is refused.
        const deleter = new tf.CustomCallback({ onEpochEnd: async (e) => void (e === 1 && (await mlflow.deleteRun(run.info.runId))) });
        const fitted = await tinyMlp().fit(x, y, { epochs: 4, callbacks: [new MlflowCallback(), deleter], verbose: 0 });
        expect(fitted.history.loss).toHaveLength(4);
        await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      });
      const ours = warnings.filter((w) => w.code === "MLRUNS_TFJS_LOGGING_FAILED");
      expect(ours.map((w) => w.message.split(" could not log")[0])).toEqual(["MlflowCallback.onEpochEnd", "MlflowCallback.onEpochEnd", "MlflowCallback.onTrainEnd"]);
      expect(ours[0]!.message).toContain("Training goes on.");
      expect(ours[0]!.message).toContain("must be in the 'active' state");
      expect((await mlflow.getMetricHistory(run.info.runId, "loss")).map((m) => m.step)).toEqual([0, 1]);
    } finally {
      // The user's run is deleted: ending it is refused, and it leaves the stack all the same.
      await mlflow.endRun().catch(() => undefined);
    }
  });
});

describe("the trained model", () => {
  it("is a READY logged model of the run, with a tfjs MLmodel, that loads back and predicts the same", async () => {
    const { x, y } = regressionData();
    const model = tinyMlp();
    const cb = new MlflowCallback();
    await model.fit(x, y, { epochs: 4, batchSize: 10, callbacks: [cb], verbose: 0 });
    const run = (await mlflow.lastActiveRun())!;
    const [logged] = await mlflow.searchLoggedModels({ experimentIds: ["0"] });
    expect(logged).toMatchObject({ name: "model", status: "READY", sourceRunId: run.info.runId });
    expect(run.outputs?.modelOutputs).toEqual([{ modelId: logged!.modelId, step: 3 }]);
    // Every point was linked to the model as it was logged: the model's metrics are the last
    // epoch's, and the run's history has each epoch once (nothing re-linked at the end).
    expect(logged!.metrics.map((m) => [m.key, m.step]).sort()).toEqual([["loss", 3], ["mse", 3]]);
    expect(logged!.params).toMatchObject({ epochs: "4", optimizer_name: "adam" });
    expect((await history(run.info.runId, "loss")).map(([s]) => s)).toEqual([0, 1, 2, 3]);

    const modelFiles = path.join(store.root, "0", "models", logged!.modelId, "artifacts");
    const mlmodel = fs.readFileSync(path.join(modelFiles, "MLmodel"), "utf8");
    expect(mlmodel).toContain("flavors:\n  tfjs:\n");
    expect(mlmodel).toContain("model_json: model.json");
    expect(mlmodel).toContain(`run_id: ${run.info.runId}`);
    expect(fs.readdirSync(modelFiles).sort()).toEqual(["MLmodel", "model.json", "weights.bin"]);
    // The files live with the logged model only, as in MLflow 3 (runs:/<run>/model reaches them).
    expect(fs.readdirSync(path.join(store.root, "0", run.info.runId, "artifacts"))).toEqual(["model_summary.txt"]);

    // As docs/tfjs.md loads it: downloaded by its models:/ URI.
    const loaded = await tf.loadLayersModel(modelFolder(await mlflow.downloadArtifacts({ artifactUri: `models:/${logged!.modelId}` })));
    const probe = tf.tensor2d([[0.1, 0.2], [0.5, 0.9], [1, 0]]);
    expect(await (loaded.predict(probe) as tf.Tensor).array()).toEqual(await (model.predict(probe) as tf.Tensor).array());
  });
});

describe("which runs it ends", () => {
  it("starts a run when none is active and ends it FINISHED", async () => {
    const { x, y } = regressionData();
    const cb = new MlflowCallback({ logModel: false });
    expect(mlflow.activeRun()).toBeUndefined();
    await tinyMlp().fit(x, y, { epochs: 2, callbacks: [cb], verbose: 0 });
    expect(mlflow.activeRun()).toBeUndefined();
    const run = (await mlflow.lastActiveRun())!;
    expect(run.info.status).toBe("FINISHED");
    expect(run.info.endTime).not.toBeNull();
  });

  it("logs to the user's active run and leaves it RUNNING", async () => {
    const { x, y } = regressionData();
    const mine = await mlflow.startRun({ runName: "mine" });
    await tinyMlp().fit(x, y, { epochs: 2, callbacks: [new MlflowCallback({ logModel: false })], verbose: 0 });
    expect(mlflow.activeRun()?.info.runId).toBe(mine.info.runId);
    const run = await mlflow.getRun(mine.info.runId);
    expect(run.info.status).toBe("RUNNING");
    expect((await history(mine.info.runId, "loss")).length).toBe(2);
    await mlflow.endRun();
  });

  it("inside withRun, a fit that throws fails the user's run through withRun", async () => {
    const { x, y } = regressionData();
    let runId = "";
    await expect(
      mlflow.withRun(async (run) => {
        runId = run.info.runId;
        await tinyMlp().fit(x, y, { epochs: 5, callbacks: [new MlflowCallback({ logModel: false }), failAtEpoch(1)], verbose: 0 });
      }),
    ).rejects.toThrow("boom at epoch 1");
    expect((await mlflow.getRun(runId)).info.status).toBe("FAILED");
  });

  it("track(): a fit that throws ends the run the callback started FAILED and rethrows", async () => {
    const { x, y } = regressionData();
    const cb = new MlflowCallback();
    await expect(cb.track(tinyMlp().fit(x, y, { epochs: 5, callbacks: [cb, failAtEpoch(2)], verbose: 0 }))).rejects.toThrow("boom at epoch 2");
    expect(mlflow.activeRun()).toBeUndefined();
    const run = (await mlflow.lastActiveRun())!;
    expect(run.info.status).toBe("FAILED");
    // Epochs 0..2 ended before the throw; the model they were linked to is FAILED, with no files.
    expect((await history(run.info.runId, "loss")).map(([s]) => s)).toEqual([0, 1, 2]);
    const models = await mlflow.searchLoggedModels({ experimentIds: ["0"] });
    expect(models.map((m) => [m.name, m.status])).toEqual([["model", "FAILED"]]);
    expect(fs.existsSync(path.join(store.root, "0", "models", models[0]!.modelId, "artifacts", "model.json"))).toBe(false);
  });

  it("the next fit with the same callback ends a run a thrown fit left open as FAILED", async () => {
    const { x, y } = regressionData();
    const cb = new MlflowCallback({ logModel: false });
    await expect(tinyMlp().fit(x, y, { epochs: 3, callbacks: [cb, failAtEpoch(0)], verbose: 0 })).rejects.toThrow("boom");
    const failed = mlflow.activeRun()!.info.runId;
    await tinyMlp().fit(x, y, { epochs: 2, callbacks: [cb], verbose: 0 });
    expect((await mlflow.getRun(failed)).info.status).toBe("FAILED");
    const second = (await mlflow.lastActiveRun())!;
    expect(second.info.runId).not.toBe(failed);
    expect(second.info.status).toBe("FINISHED");
  });
});
