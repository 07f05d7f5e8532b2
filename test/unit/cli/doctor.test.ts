/**
 * `mlruns doctor` on a store that MLflow has been near: `mlflow ui` and `mlflow server` open the
 * model registry's FileStore on the backend folder, whose __init__ makes models/ at the root.
 * Folders MLflow makes are information, never problems (test/mlflow/doctor.test.ts does the
 * same with the folders made by MLflow itself).
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { assertBuilt, cli, squeeze, tempDir } from "./helpers.js";

beforeAll(assertBuilt);

/** A healthy store written with the library, then models/ as the registry makes it, holding a registered model. */
async function storeAfterMlflowUi(): Promise<string> {
  const store = path.join(tempDir(), "mlruns");
  const client = new MlflowClient(store);
  const run = await client.createRun("0", 1_700_000_000_000, {}, "healthy");
  client.logMetric(run.info.runId, "rmse", 0.5, 1_700_000_000_000, 0);
  await client.setTerminated(run.info.runId, "FINISHED", 1_700_000_001_000);
  await client.flush();
  // model_registry FileStore.__init__ (mkdir models/) and create_registered_model's meta.yaml, as MLflow 3.17 writes it.
  fs.mkdirSync(path.join(store, "models", "house-prices"), { recursive: true });
  fs.writeFileSync(
    path.join(store, "models", "house-prices", "meta.yaml"),
    "aliases: {}\ncreation_timestamp: 1700000002000\ndeployment_job_id: null\ndeployment_job_state: null\ndescription: null\n" +
      "last_updated_timestamp: 1700000002000\nname: house-prices\nworkspace: default\n",
  );
  return store;
}

describe("mlruns doctor and the folders MLflow makes", () => {
  it("models/ (from mlflow ui) and .trash are listed as info, not problems: exit 0", async () => {
    const store = await storeAfterMlflowUi();
    const r = await cli(["--store", store, "doctor"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(squeeze(r.stdout)).toEqual([
      `Store: ${store}`,
      "info .trash/",
      "MLflow's trash: deleted experiments, kept until 'mlflow gc' or 'mlruns gc' removes them",
      "info models/",
      "MLflow's model registry (registered models and their versions), created by 'mlflow ui' and 'mlflow server'",
      "No problems found.",
    ]);
  });

  it("--json lists them under known and reports no problem", async () => {
    const store = await storeAfterMlflowUi();
    const r = await cli(["--store", store, "doctor", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { known: Array<{ path: string; holds: string }>; problems: unknown[] };
    expect(j.known.map((k) => path.relative(store, k.path))).toEqual([".trash", "models"]);
    expect(j.problems).toEqual([]);
  });

  it("a folder MLflow does not make is still reported", async () => {
    const store = await storeAfterMlflowUi();
    fs.mkdirSync(path.join(store, "model"));
    const r = await cli(["--store", store, "doctor"]);
    expect(r.code).toBe(1);
    expect(squeeze(r.stdout)).toContain("problem unknown-folder model");
  });
});
