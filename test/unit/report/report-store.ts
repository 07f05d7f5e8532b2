/**
 * Stores for the report tests, written by mlruns' own client: two experiments of a small sweep
 * with long loss histories, and a hostile run whose name and tag try to close the report's
 * script element and run their own.
 */
import { MlflowClient } from "../../../src/index.js";

export const HOSTILE_RUN_NAME = "</script><img src=x onerror=alert(1)>";
export const HOSTILE_TAG = "<script>alert('tag')</script>";
export const HOSTILE_PARAM = "<!--<script>alert('param')</script>";
export const LOSS_STEPS = 5000;

export interface ReportStore {
  root: string;
  sweepId: string;
  otherId: string;
  /** In the sweep experiment: lgbm-0 .. lgbm-2 (model lgbm), mlp-0 (model mlp), oldest first. */
  runIds: Record<string, string>;
  hostileRunId: string;
}

export async function writeReportStore(root: string): Promise<ReportStore> {
  const client = new MlflowClient(root);
  const sweepId = await client.createExperiment("sweep");
  const otherId = await client.createExperiment("other");
  const t0 = 1_700_000_000_000;
  const runIds: Record<string, string> = {};
  const runs: [string, string, number][] = [
    ["lgbm-0", "lgbm", 0.1],
    ["lgbm-1", "lgbm", 0.01],
    ["lgbm-2", "lgbm", 0.001],
    ["mlp-0", "mlp", 0.05],
  ];
  for (const [i, [name, model, lr]] of runs.entries()) {
    const run = await client.createRun(sweepId, t0 + i * 60_000, undefined, name);
    const id = run.info.runId;
    await client.logParam(id, "model", model);
    await client.logParam(id, "lr", String(lr));
    for (let step = 0; step < LOSS_STEPS; step++) {
      // A spike at step 2500 that downsampling must keep.
      const spike = step === 2500 ? 10 : 0;
      client.logMetric(id, "loss", Math.exp(-step * lr * 0.01) + lr + spike, t0 + step, step);
    }
    for (let step = 0; step < 20; step++) client.logMetric(id, "acc", 0.5 + step * 0.02 - lr, t0 + step, step);
    client.logMetric(id, "final_auc", 0.9 - lr, t0, 0);
    await client.setTerminated(id, "FINISHED", t0 + i * 60_000 + 125_000);
    runIds[name] = id;
  }
  const other = await client.createRun(otherId, t0, undefined, "other-run");
  for (let step = 0; step < 10; step++) client.logMetric(other.info.runId, "loss", 1 / (step + 1), t0 + step, step);
  await client.setTerminated(other.info.runId, "FINISHED", t0 + 1000);

  const hostile = await client.createRun(otherId, t0 + 5000, [{ key: "evil", value: HOSTILE_TAG }], HOSTILE_RUN_NAME);
  await client.logParam(hostile.info.runId, "markup", HOSTILE_PARAM);
  for (let step = 0; step < 10; step++) client.logMetric(hostile.info.runId, "loss", 2 / (step + 1), t0 + step, step);
  client.logMetric(hostile.info.runId, "overflow", Infinity, t0, 0);
  client.logMetric(hostile.info.runId, "overflow", Number.NaN, t0 + 1, 1);
  await client.setTerminated(hostile.info.runId, "FINISHED", t0 + 9000);
  await client.flush();
  return { root, sweepId, otherId, runIds, hostileRunId: hostile.info.runId };
}
