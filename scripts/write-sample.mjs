// Regenerates mlruns-sample/: a small tree written by mlruns that opens in `mlflow ui`.
// Usage: npm run sample   (writes ./mlruns-sample from scratch)
import fs from "node:fs";
import path from "node:path";
import * as mlflow from "../dist/index.js";

const out = path.resolve(process.argv[2] ?? "mlruns-sample");
fs.rmSync(out, { recursive: true, force: true });
mlflow.setTrackingUri(out);

const exp = await mlflow.setExperiment("sample: learning-rate sweep");
await mlflow.setExperimentTag("purpose", "a tree written by mlruns for mlflow ui");
await mlflow.withRun({ runName: "sweep", description: "Three learning rates, one nested run each." }, async () => {
  await mlflow.logParam("model_type", "linear_regression");
  mlflow.logMetric("n_trials", 3, { timestamp: 1_700_000_000_000 });
  await mlflow.logText("learning rates tried: 0.3, 0.1, 0.03\n", "sweep.txt");
  for (const [i, lr] of [0.3, 0.1, 0.03].entries()) {
    await mlflow.withRun({ runName: `lr=${lr}`, nested: true }, async () => {
      await mlflow.logParams({ learning_rate: lr, epochs: 50 });
      let loss = 1;
      for (let step = 0; step < 50; step++) {
        loss *= 1 - lr / 2;
        mlflow.logMetric("loss", loss, { step, timestamp: 1_700_000_000_000 + i * 100_000 + step * 1000 });
      }
      mlflow.logMetric("final_loss", loss, { timestamp: 1_700_000_100_000 });
      await mlflow.setTag("phase", "tuning");
      await mlflow.logText(`learning rate ${lr}: final loss ${loss.toFixed(6)}\n`, "summary.txt");
    });
  }
});
// Git cannot keep empty folders, yet MLflow ignores a run folder missing metrics/, params/ or
// artifacts/ (and placeholder files there would read as keys). So every run above logs at
// least one of each, and this check keeps it that way.
for (const dir of fs.readdirSync(out, { recursive: true }).map(String)) {
  const full = path.join(out, dir);
  if (fs.statSync(full).isDirectory() && fs.readdirSync(full).length === 0 && path.basename(full) !== ".trash") {
    throw new Error(`${full} is empty and would vanish from git; log something into it.`);
  }
}
console.log(`wrote ${out} (experiment ${exp.experimentId})`);
