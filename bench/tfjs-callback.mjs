// What MlflowCallback costs a TensorFlow.js fit (issue #19): a tiny MLP (2 → 8 → 1, 64 samples,
// batch 16, so 4 batches an epoch) trained for EPOCHS epochs without and with the callback,
// alternating so the machine's drift hits both sides alike; prints the median of each side and
// the difference per epoch and in percent, in wall time and in this process's CPU time (which
// other processes on a shared machine disturb less; the callback's waits on the disk show in
// wall time only), and the time spent inside the callback's own hooks, which fit awaits: the
// direct cost, and the figure to trust when the machine is busy. The callback side includes everything it does: starting and ending a run,
// params, the summary, every epoch's metrics, and saving and logging the model.
//
//   npm run build && node bench/tfjs-callback.mjs [pairs=7] [epochs=200]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as mlflow from "../dist/index.js";
import { MlflowCallback } from "../dist/tfjs/index.js";

const pairs = Number(process.argv[2] ?? 7);
const epochs = Number(process.argv[3] ?? 200);
await tf.setBackend("cpu");
const store = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-bench-tfjs-"));
mlflow.setTrackingUri(path.join(store, "mlruns"));

const rows = Array.from({ length: 64 }, (_, i) => [(i % 8) / 8, (i % 5) / 5]);
const x = tf.tensor2d(rows);
const y = tf.tensor2d(rows.map(([a, b]) => [2 * a - b]));

function model() {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [2], units: 8, activation: "relu", kernelInitializer: "glorotUniform", biasInitializer: "zeros" }));
  m.add(tf.layers.dense({ units: 1 }));
  m.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
  return m;
}

/** The callback, with the time fit spends awaiting each of its hooks added up in `hookMs`. */
function timedCallback() {
  const cb = new MlflowCallback();
  cb.hookMs = 0;
  cb.perEpochMs = 0;
  for (const hook of ["onTrainBegin", "onEpochBegin", "onEpochEnd", "onBatchBegin", "onBatchEnd", "onTrainEnd"]) {
    const original = cb[hook].bind(cb);
    cb[hook] = async (...args) => {
      const t = performance.now();
      try {
        return await original(...args);
      } finally {
        const ms = performance.now() - t;
        cb.hookMs += ms;
        if (hook !== "onTrainBegin" && hook !== "onTrainEnd") cb.perEpochMs += ms;
      }
    };
  }
  return cb;
}

async function timeFit(withCallback) {
  const m = model();
  const callbacks = withCallback ? [timedCallback()] : [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await m.fit(x, y, { epochs, batchSize: 16, verbose: 0, callbacks });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  m.dispose();
  return { wall, cpu: (cpu.user + cpu.system) / 1000, hooks: callbacks[0]?.hookMs ?? 0, perEpoch: callbacks[0]?.perEpochMs ?? 0 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

await timeFit(false); // warm-up: kernels and the JIT
await timeFit(true);
const without = [];
const withCb = [];
for (let i = 0; i < pairs; i++) {
  // Alternate which side goes first.
  if (i % 2 === 0) {
    without.push(await timeFit(false));
    withCb.push(await timeFit(true));
  } else {
    withCb.push(await timeFit(true));
    without.push(await timeFit(false));
  }
}
const fmt = (ms) => `${ms.toFixed(1)} ms`;
console.log(`tfjs ${tf.version.tfjs} (${tf.getBackend()}), node ${process.version}, ${epochs} epochs x 4 batches, ${pairs} alternating pairs`);
for (const clock of ["wall", "cpu"]) {
  const a = median(without.map((r) => r[clock]));
  const b = median(withCb.map((r) => r[clock]));
  const paired = median(withCb.map((r, i) => r[clock] - without[i][clock]));
  console.log(`${clock}: without ${fmt(a)}, with ${fmt(b)}; overhead (median of pair differences) ${fmt(paired)} per fit = ${(paired / epochs).toFixed(3)} ms per epoch = ${((paired / a) * 100).toFixed(1)}%`);
}
const hooks = median(withCb.map((r) => r.hooks));
const base = median(without.map((r) => r.wall));
console.log(`inside the callback's hooks: median ${fmt(hooks)} per fit = ${(hooks / epochs).toFixed(3)} ms per epoch = ${((hooks / base) * 100).toFixed(1)}% of the fit without it`);
const perEpoch = median(withCb.map((r) => r.perEpoch));
console.log(`  of which epoch and batch hooks: ${fmt(perEpoch)} = ${(perEpoch / epochs).toFixed(4)} ms per epoch; train begin + end (run, params, summary, model): ${fmt(hooks - perEpoch)}`);
fs.rmSync(store, { recursive: true, force: true });
