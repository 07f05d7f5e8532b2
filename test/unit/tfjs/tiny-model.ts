/** A tiny MLP and a deterministic regression set, shared by the tfjs tests. */
import * as tf from "@tensorflow/tfjs";

tf.setBackend("cpu");

export { tf };

/** y = 2·x0 − x1 on a fixed 40×2 grid: the same data every run. */
export function regressionData(n = 40): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const xs: number[][] = [];
  for (let i = 0; i < n; i++) xs.push([(i % 7) / 7, (i % 5) / 5]);
  return { x: tf.tensor2d(xs), y: tf.tensor2d(xs.map(([a, b]) => [2 * a! - b!])) };
}

export function tinyMlp(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 4, activation: "relu", kernelInitializer: "ones" }));
  model.add(tf.layers.dense({ units: 1, kernelInitializer: "ones" }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError", metrics: ["mse"] });
  return model;
}

/** Throws at the end of `epoch`: training that fails midway, as tfjs reports it (a rejected fit). */
export function failAtEpoch(epoch: number): tf.CustomCallback {
  return new tf.CustomCallback({
    onEpochEnd: (e) => {
      if (e === epoch) throw new Error(`boom at epoch ${e}`);
    },
  });
}
