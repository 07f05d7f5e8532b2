/**
 * The store the UI suite opens in MLflow's web UI: what a Kaggle-style user logs with mlruns
 * (two runs with params, a 40-step metric history and artifacts), plus one run holding an
 * infinite metric value, logged once by mlruns and once by MLflow itself (see ui.test.ts), one
 * run that monitored system metrics for a second, and, in an experiment of its own, a
 * TensorFlow.js fit logged by MlflowCallback (issue #19).
 */
import fs from "node:fs";
import path from "node:path";
import * as mlflow from "../../../src/index.js";
import { MlflowClient } from "../../../src/index.js";
import { resetTrackingUriForTests } from "../../../src/api/tracking-uri.js";
import { MlflowCallback } from "../../../src/tfjs/index.js";
import { regressionData, tinyMlp } from "../../unit/tfjs/tiny-model.js";

export const UI_EXPERIMENT = "house-prices (mlruns UI check)";
export const TFJS_EXPERIMENT = "tfjs (mlruns UI check)";
export const TFJS_RUN_NAME = "tfjs-mlp";
export const TFJS_EPOCHS = 20;
export const SUBMISSION_CSV = "Id,SalePrice\n1461,169000.5\n1462,187724.25\n1463,181203.0\n";

export interface UiStore {
  root: string;
  experimentId: string;
  baselineRunId: string;
  tunedRunId: string;
  infRunId: string;
  systemMetricsRunId: string;
  tfjsExperimentId: string;
  tfjsRunId: string;
}

export async function writeUiStore(root: string): Promise<UiStore> {
  fs.mkdirSync(path.dirname(root), { recursive: true });
  const client = new MlflowClient(root);
  const experimentId = await client.createExperiment(UI_EXPERIMENT, undefined, { team: "tabular" });
  const t0 = Date.now() - 60_000;

  const baseline = await client.createRun(experimentId, t0, { model: "lgbm" }, "lgbm-baseline");
  const b = baseline.info.runId;
  await client.logParam(b, "learning_rate", "0.05");
  await client.logParam(b, "num_leaves", "31");
  for (let step = 0; step < 40; step++) client.logMetric(b, "rmse", 42000 * Math.exp(-step / 12) + 21000, t0 + step * 100, step);
  client.logMetric(b, "r2", 0.87, t0 + 4000, 39);
  await client.logText(b, SUBMISSION_CSV, "submission.csv");
  await client.logText(b, "# Notes\n\nBaseline with default LightGBM settings.\n", "reports/notes.md");
  await client.setTerminated(b, "FINISHED", t0 + 5000);

  const tuned = await client.createRun(experimentId, t0 + 10_000, { model: "lgbm" }, "lgbm-tuned");
  const t = tuned.info.runId;
  await client.logParam(t, "learning_rate", "0.02");
  await client.logParam(t, "num_leaves", "63");
  for (let step = 0; step < 40; step++) client.logMetric(t, "rmse", 40000 * Math.exp(-step / 10) + 19500, t0 + 10_000 + step * 100, step);
  await client.logText(t, SUBMISSION_CSV, "submission.csv");
  await client.setTerminated(t, "FINISHED", t0 + 15_000);

  const inf = await client.createRun(experimentId, t0 + 20_000, {}, "inf-metric (mlruns)");
  client.logMetric(inf.info.runId, "overflow", Infinity, t0 + 20_100, 0);
  await client.logText(inf.info.runId, "x\n", "out.txt");
  await client.setTerminated(inf.info.runId, "FINISHED", t0 + 21_000);
  await client.flush();

  // Sampled every 0.1 s for a second: about ten steps of every system/ metric.
  mlflow.setTrackingUri(root);
  mlflow.setSystemMetricsSamplingInterval(0.1);
  const system = await mlflow.startRun({ experimentId, runName: "system-metrics", logSystemMetrics: true });
  await new Promise((r) => setTimeout(r, 1100));
  await mlflow.endRun();
  mlflow.setSystemMetricsSamplingInterval(null);
  resetTrackingUriForTests();

  const tfjsExperimentId = await client.createExperiment(TFJS_EXPERIMENT);
  mlflow.setTrackingUri(root);
  let tfjsRunId: string;
  try {
    tfjsRunId = await mlflow.withRun({ experimentId: tfjsExperimentId, runName: TFJS_RUN_NAME }, async (run) => {
      const { x, y } = regressionData();
      await tinyMlp().fit(x, y, { epochs: TFJS_EPOCHS, batchSize: 10, validationSplit: 0.25, verbose: 0, callbacks: [new MlflowCallback()] });
      return run.info.runId;
    });
  } finally {
    resetTrackingUriForTests();
  }

  return { root: path.resolve(root), experimentId, baselineRunId: b, tunedRunId: t, infRunId: inf.info.runId, tfjsExperimentId, tfjsRunId, systemMetricsRunId: system.info.runId };
}
