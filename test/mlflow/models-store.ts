/**
 * A store of MLflow 3 logged models and datasets written by mlruns, for the suites that hand it
 * to real MLflow (models.test.ts, ui-models.test.ts): MLflow's checkpoint example (a model
 * every 10 epochs, each ranked by a metric linked to it and to a validation dataset), plus the
 * other shapes a model can take (external, PENDING, FAILED, deleted, another experiment, an
 * active model).
 */
import fs from "node:fs";
import path from "node:path";
import * as mlflow from "../../src/index.js";
import type { ModelQuery, RunQuery } from "./models-dump.js";

export interface ModelsStore {
  root: string;
  experimentId: string;
  otherExperimentId: string;
  runId: string;
  checkpointIds: string[];
  agentModelId: string;
  trainDigest: string;
}

export const MODELS_EXPERIMENT = "iris-checkpoints";

export async function writeModelsStore(root: string): Promise<ModelsStore> {
  fs.mkdirSync(root, { recursive: true });
  mlflow.setTrackingUri(root);
  const exp = await mlflow.setExperiment(MODELS_EXPERIMENT);

  const trainRows = Array.from({ length: 120 }, (_, i) => ({
    sepal_length: 4.3 + (i % 36) * 0.1 + 0.05,
    sepal_width: 2.0 + (i % 24) * 0.1 + 0.05,
    species: ["setosa", "versicolor", "virginica"][i % 3]!,
  }));
  const train = mlflow.datasetFromRecords(trainRows, { name: "iris_train", source: "https://example.org/iris/train.csv" });
  const csv = path.join(path.dirname(root), "iris_val.csv");
  fs.writeFileSync(csv, "sepal_length,sepal_width,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n6.3,3.3,virginica\n4.9,NA,setosa\n");
  const val = mlflow.datasetFromCsv(csv, { name: "iris_val" });

  const checkpointIds: string[] = [];
  let runId = "";
  await mlflow.withRun({ runName: "checkpoint-training" }, async (run) => {
    runId = run.info.runId;
    await mlflow.logParams({ lr: 0.01, epochs: 30 });
    await mlflow.logInput(train, { context: "training" });
    await mlflow.logInput(val, { context: "validation", tags: { split: "holdout" } });
    const accuracies = [0.71, 0.93, 0.88];
    for (let epoch = 0; epoch < 30; epoch++) {
      mlflow.logMetric("train_loss", 1 / (epoch + 1), { step: epoch });
      if (epoch % 10 === 0) {
        const model = await mlflow.logModel({
          name: `ckpt-${epoch}`,
          step: epoch,
          params: { checkpoint_epoch: epoch },
          tags: { kind: "checkpoint" },
          modelType: "classifier",
          files: { "weights.json": JSON.stringify({ epoch, w: [0.1 * epoch, 0.2] }), "notes/README.md": `epoch ${epoch}\n` },
        });
        checkpointIds.push(model.modelId);
        // Linked explicitly to the model and the validation dataset (MLflow's checkpoint example) ...
        mlflow.logMetric("accuracy", accuracies[epoch / 10]!, { step: epoch, modelId: model.modelId, dataset: val });
        // ... and implicitly: a metric at the step of a model the run logged is that model's.
        mlflow.logMetric("val_loss", 0.5 - epoch / 100, { step: epoch });
        mlflow.logMetric("train_accuracy", accuracies[epoch / 10]! + 0.02, { step: epoch, modelId: model.modelId, dataset: train });
      }
    }
    await mlflow.setLoggedModelTags(checkpointIds[1]!, { stage: "prod" });
  });

  // Other shapes: an external agent model used by a second run through the active model.
  const agent = await mlflow.createExternalModel({ name: "support-agent", modelType: "agent", params: { temperature: "0.2" } });
  await mlflow.withRun({ runName: "agent-eval" }, async () => {
    await mlflow.setActiveModel({ modelId: agent.modelId });
    mlflow.logMetric("answer_quality", 0.8, { step: 0 });
    mlflow.logMetrics({ latency_s: 1.25, cost_usd: 0.003 }, { step: 0, dataset: val });
    mlflow.clearActiveModel();
  });
  const pending = await mlflow.initializeLoggedModel({ name: "never-finished" });
  const failed = await mlflow.initializeLoggedModel({ name: "upload-failed" });
  await mlflow.finalizeLoggedModel(failed.modelId, "FAILED");
  const gone = await mlflow.logModel({ name: "deleted-model", files: { "x.txt": "x" } });
  await new mlflow.MlflowClient(root).deleteLoggedModel(gone.modelId);
  void pending;

  const other = await mlflow.setExperiment("other-models");
  await mlflow.withRun({ runName: "other" }, async () => {
    const m = await mlflow.logModel({ name: "ckpt-99", step: 99, params: { lr: 0.01 }, files: { "w.bin": new Uint8Array([0, 1, 2, 255]) } });
    mlflow.logMetric("accuracy", 0.9, { step: 99, modelId: m.modelId });
  });
  await mlflow.flush();
  return {
    root: path.resolve(root),
    experimentId: exp.experimentId,
    otherExperimentId: other.experimentId,
    runId,
    checkpointIds,
    agentModelId: agent.modelId,
    trainDigest: train.digest,
  };
}

/** Searches asked of both MLflow and mlruns; answers must be the same ids in the same order. */
export function modelQueries(s: ModelsStore): (ModelQuery | RunQuery)[] {
  const e = [s.experimentId];
  return [
    { experimentIds: e },
    { experimentIds: e, filterString: `source_run_id = '${s.runId}'`, orderBy: [{ fieldName: "metrics.accuracy", ascending: false }] },
    { experimentIds: e, filterString: "metrics.accuracy > 0.8" },
    { experimentIds: e, filterString: "params.lr = '0.01' AND name LIKE 'ckpt-%'" },
    { experimentIds: e, filterString: "tags.stage = 'prod'" },
    { experimentIds: e, filterString: "model_type = 'agent'" },
    { experimentIds: e, filterString: "status = 'READY'" },
    { experimentIds: e, filterString: "status != 'READY'" },
    { experimentIds: e, filterString: "name IN ('ckpt-10', 'ckpt-20')" },
    { experimentIds: e, filterString: "attributes.name ILIKE 'CKPT%' and params.checkpoint_epoch != '0'" },
    { experimentIds: e, filterString: "metrics.accuracy >= 0.85 AND params.epochs = '30'" },
    { experimentIds: e, filterString: "metrics.val_loss < 0.45" },
    { experimentIds: e, filterString: "metrics.accuracy > 0.8", datasets: [{ datasetName: "iris_val" }] },
    { experimentIds: e, filterString: "metrics.train_accuracy > 0.8", datasets: [{ datasetName: "iris_val" }] },
    { experimentIds: e, datasets: [{ datasetName: "iris_train", datasetDigest: s.trainDigest }] },
    { experimentIds: e, filterString: "datasets.name = 'ckpt-10'" },
    { experimentIds: e, filterString: "creation_timestamp > 0 and last_updated_timestamp > 0" },
    { experimentIds: e, orderBy: [{ fieldName: "name", ascending: true }] },
    { experimentIds: e, orderBy: [{ fieldName: "creation_timestamp", ascending: true }] },
    { experimentIds: e, orderBy: [{ fieldName: "metrics.accuracy", ascending: true, datasetName: "iris_val" }] },
    { experimentIds: e, orderBy: [{ fieldName: "metrics.val_loss" }, { fieldName: "name", ascending: false }] },
    { experimentIds: e, orderBy: [{ fieldName: "model_type", ascending: false }] },
    { experimentIds: e, maxResults: 2, orderBy: [{ fieldName: "name" }] },
    { experimentIds: [s.experimentId, s.otherExperimentId], filterString: "name LIKE 'ckpt-%'", orderBy: [{ fieldName: "metrics.accuracy", ascending: false }] },
    { experimentIds: e, filterString: "tags.kind IS NULL" },
    { experimentIds: e, filterString: "metrics.accuracy LIKE '0.9'" },
    { runs: { experimentIds: e, filterString: "datasets.name = 'iris_train'" } },
    { runs: { experimentIds: e, filterString: "datasets.context = 'validation'" } },
    { runs: { experimentIds: e, filterString: `datasets.digest = '${s.trainDigest}'` } },
    { runs: { experimentIds: e, filterString: "datasets.name IN ('iris_val') and datasets.context != 'training'" } },
  ];
}
