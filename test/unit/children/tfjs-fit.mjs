// A TensorFlow.js training script in a child process, as a user writes it: a top-level
// `await model.fit(...)` with MlflowCallback and no run of its own. argv[3] "crash" makes the
// fit throw at epoch 2 with nothing catching it; "ok" trains to the end.
import * as tf from "@tensorflow/tfjs";
import * as mlflow from "../../../dist/index.js";
import { MlflowCallback } from "../../../dist/tfjs/index.js";

const [root, mode] = process.argv.slice(2);
mlflow.setTrackingUri(root);
await tf.setBackend("cpu");
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 1 })] });
model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
const x = tf.tensor2d([[0], [1], [2], [3]]);
const y = tf.tensor2d([[1], [3], [5], [7]]);
const crash = new tf.CustomCallback({
  onEpochEnd: (epoch) => {
    if (mode === "crash" && epoch === 2) throw new Error("training crashed at epoch 2");
  },
});
const cb = new MlflowCallback();
await model.fit(x, y, { epochs: 5, callbacks: [cb, crash], verbose: 0 });
