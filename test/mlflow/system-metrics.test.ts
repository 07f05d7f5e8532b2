/**
 * System metrics (issue #19 part 2) as MLflow sees them: MLflow's client reads every system/
 * metric mlruns logged, and the names are the ones MLflow's own monitor logs on this machine.
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as mlflow from "../../src/index.js";
import { resetTrackingUriForTests } from "../../src/api/tracking-uri.js";
import { tempDir } from "../unit/helpers/temp-store.js";
import { PY_DIR, runPython } from "./python.js";

const withoutGpu = (names: string[]) => names.filter((n) => !/^system\/gpu_/.test(n)).sort();

afterEach(() => {
  resetTrackingUriForTests();
  delete process.env.MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL;
});

describe("system metrics logged by mlruns, read by MLflow", () => {
  it("carry the names MLflow's own monitor logs, and MLflow reads every point at its step", async () => {
    const root = path.join(tempDir(), "mlruns");
    mlflow.setTrackingUri(root);
    process.env.MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL = "0.1";
    const run = await mlflow.startRun({ logSystemMetrics: true });
    await new Promise((r) => setTimeout(r, 700));
    await mlflow.endRun();
    const runId = run.info.runId;

    const ours = withoutGpu(Object.keys((await mlflow.getRun(runId)).data.metrics));
    const theirs = await runPython(path.join(PY_DIR, "system_metrics_names.py"), [path.join(tempDir(), "mlruns")]);
    expect(theirs.names.length).toBeGreaterThanOrEqual(8);
    expect(ours).toEqual(withoutGpu(theirs.names));
    // MLflow's monitor counts steps from 0 too.
    for (const steps of Object.values(theirs.steps) as number[][]) expect(steps).toEqual(steps.map((_, i) => i));

    const read = (await runPython(path.join(PY_DIR, "get_runs.py"), [root, runId])).runs[runId];
    expect(withoutGpu(Object.keys(read.metrics))).toEqual(ours);
    for (const key of ours) {
      const history = await mlflow.getMetricHistory(runId, key);
      expect(history.length, key).toBeGreaterThanOrEqual(3);
      expect(read.history[key], key).toEqual(history.map((m) => [m.value, Number(m.step)]));
    }
  });
});
