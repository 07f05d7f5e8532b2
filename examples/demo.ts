/**
 * The README's first command: trains a small model, logs it to ./mlruns as MLflow would,
 * and prints how to open the result in the stock MLflow UI.
 *
 * The model is least-squares linear regression fitted by gradient descent on seeded
 * synthetic data, so the same seed gives the same numbers on every machine.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as mlflow from "mlruns";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeData(n: number, rand: () => number) {
  const trueW = [2.5, -1.25, 0.5];
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = trueW.map(() => rand() * 2 - 1);
    xs.push(x);
    ys.push(x.reduce((s, v, j) => s + v * trueW[j], 3) + (rand() - 0.5) * 0.2);
  }
  return { xs, ys };
}

function rmse(w: number[], b: number, xs: number[][], ys: number[]): number {
  let sq = 0;
  xs.forEach((x, i) => {
    const err = x.reduce((s, v, j) => s + v * w[j], b) - ys[i];
    sq += err * err;
  });
  return Math.sqrt(sq / xs.length);
}

const params = { seed: 42, learning_rate: 0.1, epochs: 200, n_samples: 500 };

await mlflow.setExperiment("mlruns-demo");

const result = await mlflow.withRun({ runName: "linear-regression", tags: { experiment_type: "baseline" } }, async (run) => {
  await mlflow.logParams({ ...params, model_type: "linear_regression" });
  const rand = mulberry32(params.seed);
  const { xs, ys } = makeData(params.n_samples, rand);
  const split = Math.floor(xs.length * 0.8);
  const [trainX, testX, trainY, testY] = [xs.slice(0, split), xs.slice(split), ys.slice(0, split), ys.slice(split)];
  const w = [0, 0, 0];
  let b = 0;
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    const gw = [0, 0, 0];
    let gb = 0;
    trainX.forEach((x, i) => {
      const err = x.reduce((s, v, j) => s + v * w[j], b) - trainY[i];
      x.forEach((v, j) => (gw[j] += (2 * err * v) / trainX.length));
      gb += (2 * err) / trainX.length;
    });
    w.forEach((_, j) => (w[j] -= params.learning_rate * gw[j]));
    b -= params.learning_rate * gb;
    // Metrics are buffered: logging in the loop never waits on the disk.
    mlflow.logMetrics({ train_rmse: rmse(w, b, trainX, trainY), test_rmse: rmse(w, b, testX, testY) }, { step: epoch });
  }
  const testRmse = rmse(w, b, testX, testY);
  mlflow.logMetric("final_test_rmse", testRmse);
  await mlflow.logDict({ weights: w, bias: b }, "model/weights.json");
  await mlflow.logText(`weights=${w.map((v) => v.toFixed(4)).join(", ")} bias=${b.toFixed(4)}\n`, "model/summary.txt");
  return { runId: run.info.runId, experimentId: run.info.experimentId, testRmse };
});

const uri = mlflow.getTrackingUri();
const store = uri.startsWith("file:") ? fileURLToPath(uri) : path.resolve(uri);
console.log(`Logged run ${result.runId} (test RMSE ${result.testRmse.toFixed(4)}) to ${store}`);
console.log("\nOpen it in the MLflow UI (Python):");
console.log("  pip install mlflow");
console.log(`  MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri ${store}    # MLflow 3.13 and newer`);
console.log(`  mlflow ui --backend-store-uri ${store}                                # MLflow 2.x to 3.12`);
console.log("  then browse to http://127.0.0.1:5000");
console.log(`\nOr query it from Node: await mlflow.searchRuns({ experimentNames: ["mlruns-demo"], orderBy: ["metrics.final_test_rmse ASC"] })`);
