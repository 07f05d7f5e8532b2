import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import * as mlflow from "../../../src/index.js";
import { resetTrackingUriForTests } from "../../../src/api/tracking-uri.js";
import { tempDir } from "../helpers/temp-store.js";

/** Each test logs to its own store in a fresh temp folder; returns a getter for that folder. */
export function useTempStore(): () => string {
  let root = "";
  beforeEach(async () => {
    root = path.join(tempDir("mlruns-competition-"), "mlruns");
    mlflow.setTrackingUri(root);
    await mlflow.setExperiment("competition");
  });
  afterEach(async () => {
    while (mlflow.activeRun()) await mlflow.endRun();
    resetTrackingUriForTests();
    delete process.env.MLFLOW_EXPERIMENT_ID;
  });
  return () => root;
}

/** The artifact folder of a run in a local store. */
export async function artifactDir(runId: string): Promise<string> {
  const run = await mlflow.getRun(runId);
  return new URL(run.info.artifactUri).pathname;
}
