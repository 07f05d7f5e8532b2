/**
 * A TensorFlow.js fit logged by MlflowCallback, read by real MLflow (issue #19): the run's
 * status and params, every epoch's metrics (the values tfjs's History reports), the model as a
 * READY logged model that search_logged_models lists and download_artifacts fetches, with a
 * tfjs flavor in its MLmodel and the last epoch's metrics linked to it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import * as mlflow from "../../src/index.js";
import { MlflowCallback } from "../../src/tfjs/index.js";
import { regressionData, tinyMlp } from "../unit/tfjs/tiny-model.js";
import { PY_DIR, runPython } from "./python.js";

const EPOCHS = 12;
let seen: any;
let history: Record<string, number[]>;
let runId: string;

beforeAll(async () => {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-tfjs-")), "mlruns");
  mlflow.setTrackingUri(root);
  const { x, y } = regressionData();
  const cb = new MlflowCallback();
  const fitted = await tinyMlp().fit(x, y, { epochs: EPOCHS, batchSize: 10, validationSplit: 0.25, callbacks: [cb], verbose: 0 });
  history = fitted.history as Record<string, number[]>;
  runId = (await mlflow.lastActiveRun())!.info.runId;
  seen = await runPython(path.join(PY_DIR, "read_tfjs_run.py"), [root, runId]);
});

it("MLflow reads the run FINISHED with the fit's params", () => {
  expect(seen.status).toBe("FINISHED");
  expect(seen.params).toMatchObject({ epochs: String(EPOCHS), batch_size: "10", optimizer_name: "adam", optimizer_learning_rate: "0.01", loss: "meanSquaredError" });
  expect(seen.artifacts).toEqual(["model_summary.txt"]);
});

it("MLflow finds the model under the run's artifacts as runs:/<run_id>/model (list and download)", () => {
  expect(seen.model_artifacts).toEqual(["model/MLmodel", "model/model.json", "model/weights.bin"]);
  // registered_model_meta is the marker MLflow's ModelsArtifactRepository adds to a download.
  expect(seen.runs_uri_files).toEqual(["MLmodel", "model.json", "registered_model_meta", "weights.bin"]);
});

it("MLflow reads every epoch's metrics, with the values tfjs reported", () => {
  expect(Object.keys(seen.histories).sort()).toEqual(["loss", "mse", "val_loss", "val_mse"]);
  for (const [key, values] of Object.entries(history)) {
    const points: [number, number][] = seen.histories[key];
    // Each epoch once: the points were linked to the model as logged, so Model.log re-links none.
    expect(points.map(([step]) => step)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i));
    expect(points.map(([, v]) => v)).toEqual(values);
  }
});

it("MLflow lists the trained model as a READY logged model of the run, with a tfjs flavor and the last epoch's metrics", () => {
  expect(seen.models).toHaveLength(1);
  const [model] = seen.models;
  expect(model).toMatchObject({ name: "model", status: "READY", source_run_id: runId, flavors: ["tfjs"] });
  expect(model.files).toEqual(["MLmodel", "model.json", "registered_model_meta", "weights.bin"]);
  expect(seen.model_outputs).toEqual([[model.model_id, EPOCHS - 1]]);
  expect(model.metrics.map(([key, step]: [string, number]) => `${key}@${step}`)).toEqual(
    ["loss", "mse", "val_loss", "val_mse"].map((k) => `${k}@${EPOCHS - 1}`),
  );
});
