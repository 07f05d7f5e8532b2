/**
 * `npm run example:tfjs`: a TensorFlow.js model trained with MlflowCallback (issue #19), logged
 * to ./mlruns as a Keras run would be, then how to look at it.
 *
 * A small MLP (9 → 16 → 8 → 1) predicts Miles_per_Gallon on the Auto MPG table that the
 * vega-datasets package ships (offline, see cars.ts): 30 epochs with a validation split, so the
 * run has loss / val_loss / mae / val_mae curves, then the hold-out RMSE. Pure JavaScript
 * TensorFlow.js (its cpu backend): no tfjs-node, nothing downloaded.
 *
 *   node dist-examples/tfjs.js [--epochs N]
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import * as mlflow from "mlruns";
import * as competition from "mlruns/competition";
import { MlflowCallback } from "mlruns/tfjs";
import { featurize, fitImputer, loadCars, rmse, TARGET } from "./cars.js";

const SEED = 42;
const epochsFlag = process.argv.indexOf("--epochs");
const EPOCHS = epochsFlag > 0 ? Number(process.argv[epochsFlag + 1]) : 30;

/** Column means and standard deviations of the training rows: a dense net needs scaled inputs. */
function fitScaler(x: number[][]): (rows: number[][]) => number[][] {
  const cols = x[0]!.length;
  const mean = Array.from({ length: cols }, (_, j) => x.reduce((s, r) => s + r[j]!, 0) / x.length);
  const std = mean.map((m, j) => Math.sqrt(x.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / x.length) || 1);
  return (rows) => rows.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!));
}

function buildModel(inputs: number): tf.Sequential {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: SEED + k });
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [inputs], units: 16, activation: "relu", kernelInitializer: init(0) }));
  model.add(tf.layers.dense({ units: 8, activation: "relu", kernelInitializer: init(1) }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: init(2) }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError", metrics: ["mae"] });
  return model;
}

await tf.setBackend("cpu");
const { rows, source } = loadCars();
// A fixed hold-out: every fifth car, so every run scores on the same cars.
const train = rows.filter((r) => r.id % 5 !== 0);
const test = rows.filter((r) => r.id % 5 === 0);
const medians = fitImputer(train);
const scale = fitScaler(featurize(train, medians));
const xTrain = tf.tensor2d(scale(featurize(train, medians)));
const yTrain = tf.tensor2d(train.map((r) => [r.Miles_per_Gallon!]));
const xTest = tf.tensor2d(scale(featurize(test, medians)));

await mlflow.setExperiment("tfjs-cars");
const started = performance.now();
// logSystemMetrics samples CPU, memory, disk and network into system/ metrics while it trains.
const result = await mlflow.withRun({ runName: "tfjs-cars-mlp", tags: { dataset: source.package, target: TARGET }, logSystemMetrics: true }, async (run) => {
  const model = buildModel(xTrain.shape[1]);
  // The callback logs to this run; withRun ends it, FAILED if fit throws.
  await model.fit(xTrain, yTrain, {
    epochs: EPOCHS,
    batchSize: 32,
    validationSplit: 0.2,
    shuffle: false,
    verbose: 0,
    callbacks: [new MlflowCallback()],
  });
  const predicted = Array.from((model.predict(xTest) as tf.Tensor).dataSync());
  const holdout = rmse(predicted, test.map((r) => r.Miles_per_Gallon!));
  mlflow.logMetric("holdout_rmse", holdout);
  return { runId: run.info.runId, holdout };
});
const seconds = (performance.now() - started) / 1000;

const uri = mlflow.getTrackingUri();
const store = uri.startsWith("file:") ? fileURLToPath(uri) : path.resolve(uri);
const model = (await mlflow.searchLoggedModels({ filterString: `source_run_id = '${result.runId}'` }))[0];
const loss = await mlflow.getMetricHistory(result.runId, "val_loss");
console.log(`Trained ${EPOCHS} epochs in ${seconds.toFixed(1)} s; logged run ${result.runId} to ${store}`);
console.log(`  val_loss ${loss[0]!.value.toFixed(2)} after epoch 0, ${loss[EPOCHS - 1]!.value.toFixed(2)} after epoch ${EPOCHS - 1}; hold-out RMSE ${result.holdout.toFixed(2)} mpg`);
if (model) console.log(`  model ${model.modelId} (${model.status}): model.json + weights.bin, loads with tf.loadLayersModel(modelFolder(dir))`);

let dir = path.dirname(fileURLToPath(import.meta.url));
while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
// The project's own `mlruns` command: `npx mlruns` inside the project, else its path.
const inProject = !path.relative(dir, process.cwd()).startsWith("..");
const cli = inProject ? "npx mlruns" : `node ${competition.shellQuote(path.join(dir, "dist", "bin", "mlruns.js"))}`;
const storeOption = store === path.resolve("mlruns") ? "" : ` --store ${competition.shellQuote(store)}`;
console.log("\nIn the terminal:");
console.log(`  ${cli} runs -e tfjs-cars${storeOption}                 # this experiment's runs`);
console.log(`  ${cli} history ${result.runId} val_loss${storeOption}    # the learning curve, a sparkline then every epoch`);
console.log(`  ${cli} ui${storeOption}                              # the runs in your browser, no Python (http://127.0.0.1:5000)`);
console.log("\nIn the MLflow UI (Python), the run's Model metrics tab charts loss, val_loss, mae and val_mae by epoch:");
console.log("  pip install mlflow");
console.log(`  MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri ${store}    # MLflow 3.13 and newer`);
console.log(`  mlflow ui --backend-store-uri ${store}                                # MLflow 2.x to 3.12`);
console.log("  then browse to http://127.0.0.1:5000");
