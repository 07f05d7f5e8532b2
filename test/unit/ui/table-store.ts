/**
 * A store for the runs table, compare and run-page tests, written by mlruns' own client: three
 * runs of a sweep (params that differ and one that does not, a key with a space, metric
 * histories), a parent with two nested children, a run with a dataset input and a logged model
 * whose MLmodel lists two flavors, and a run whose note is hostile Markdown.
 */
import fs from "node:fs";
import path from "node:path";
import { MlflowClient } from "../../../src/index.js";

export const HOSTILE_NOTE = [
  "# Findings",
  "",
  "**Bold** and `code`, a [safe link](https://mlflow.org/docs) and a list:",
  "",
  "- one",
  "- two",
  "",
  "<script>alert('script')</script>",
  "",
  "<img src=x onerror=alert('img')>",
  "",
  "[click me](javascript:alert('link'))",
  "",
  '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
  "",
  "[data md](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "",
  '<iframe src="javascript:alert(\'frame\')"></iframe>',
  "",
  "![pic](javascript:alert('pic'))",
].join("\n");

export const MLMODEL = [
  "artifact_path: model",
  "flavors:",
  "  python_function:",
  "    loader_module: mlflow.sklearn",
  "    python_version: 3.11.0",
  "  sklearn:",
  "    pickled_model: model.pkl",
  "    sklearn_version: 1.5.0",
  "mlflow_version: 3.17.2",
  "model_uuid: 0123",
  "",
].join("\n");

export interface TableStore {
  root: string;
  experimentId: string;
  /** lr 0.1, 0.01, 0.001 (names sweep-0.1 ...), created in that order. */
  runIds: string[];
  parentId: string;
  childIds: string[];
  modelId: string;
  noteRunId: string;
  /** A second experiment, "table-2", with one run named "elsewhere". */
  secondExperimentId: string;
}

export async function writeTableStore(root: string): Promise<TableStore> {
  const client = new MlflowClient(root);
  const experimentId = await client.createExperiment("table");
  const t0 = 1_700_000_000_000;
  const runIds: string[] = [];
  for (const [i, lr] of ["0.1", "0.01", "0.001"].entries()) {
    const run = await client.createRun(experimentId, t0 + i * 1000, { team: i === 1 ? "b" : "a" }, `sweep-${lr}`);
    const id = run.info.runId;
    await client.logParam(id, "lr", lr);
    await client.logParam(id, "optimizer", "adam");
    await client.logParam(id, "batch size", String(32 * (i + 1)));
    for (let step = 0; step < 20; step++) client.logMetric(id, "val loss", 1 / (step + 1) + Number(lr) * 3, t0 + step, step);
    client.logMetric(id, "accuracy", 0.8 + i * 0.05, t0, 0);
    await client.setTerminated(id, "FINISHED", t0 + i * 1000 + 30_000);
    runIds.push(id);
  }
  const parent = await client.createRun(experimentId, t0 + 10_000, undefined, "parent");
  const childIds: string[] = [];
  for (const n of [1, 2]) {
    const child = await client.createRun(experimentId, t0 + 10_000 + n, { "mlflow.parentRunId": parent.info.runId }, `child-${n}`);
    await client.logParam(child.info.runId, "fold", String(n));
    childIds.push(child.info.runId);
  }

  const trained = runIds[2]!;
  await client.logInputs(trained, [
    {
      dataset: { name: "train.csv", digest: "1a2b3c4d", sourceType: "local", source: '{"uri": "/data/train.csv"}', schema: '{"mlflow_colspec": [{"type": "double", "name": "x"}]}', profile: '{"num_rows": 100}' },
      tags: [{ key: "mlflow.data.context", value: "training" }],
    },
  ]);
  const model = await client.createLoggedModel(experimentId, "sweep-model", trained, undefined, undefined, "sklearn");
  const modelDir = client.store.loggedModelArtifactRepository(model).rootDir!;
  fs.mkdirSync(modelDir, { recursive: true });
  fs.writeFileSync(path.join(modelDir, "MLmodel"), MLMODEL);
  fs.writeFileSync(path.join(modelDir, "model.pkl"), "not really a pickle");
  await client.finalizeLoggedModel(model.modelId, "READY");
  await client.logOutputs(trained, [{ modelId: model.modelId, step: 19 }]);

  const noteRun = await client.createRun(experimentId, t0 + 20_000, { "mlflow.note.content": HOSTILE_NOTE }, "noted");
  await client.setTerminated(noteRun.info.runId, "FINISHED", t0 + 21_000);
  const secondExperimentId = await client.createExperiment("table-2");
  const elsewhere = await client.createRun(secondExperimentId, t0 + 30_000, undefined, "elsewhere");
  await client.logParam(elsewhere.info.runId, "lr", "0.5");
  await client.setTerminated(elsewhere.info.runId, "FINISHED", t0 + 31_000);
  await client.flush();
  return { root, experimentId, runIds, parentId: parent.info.runId, childIds, modelId: model.modelId, noteRunId: noteRun.info.runId, secondExperimentId };
}
