/** What is logged to a run at once: a batch of params, metrics and tags; tag deletes; inputs and outputs. */
import fs from "node:fs";
import path from "node:path";
import type { DatasetInput, LinkedMetricPoint, LoggedModelInput, LoggedModelOutput, MetricPoint, Param, RunTag } from "../../entities.js";
import { InvalidParameterError, ResourceNotFoundError } from "../../errors.js";
import { validateEntityKey, validateRunId } from "../../validation/names.js";
import { validateBatch } from "../../validation/values.js";
import { tempPath } from "../../util/fs/atomic-write.js";
import { writeKeyFile } from "./key-files.js";
import { checkKeyPaths } from "./key-paths.js";
import { checkDatasetLink, formatModelMetricLine, formatRunMetricLine } from "./linked-metric-lines.js";
import { MODELS_FOLDER } from "./layout.js";
import { activeRunInfo, readRunInfo, writeRunInfo } from "./run-meta.js";
import { RUN_NAME_TAG } from "./run-reader.js";
import { validateModelId, writeRunInputs, writeRunOutputs } from "./run-inputs.js";
import { checkDataset } from "../../validation/inputs.js";
import type { StoreContext } from "./store-context.js";

/**
 * FileStore.log_batch. Values arrive checked and typed (MlflowClient.logBatch, the API
 * boundary, runs validateMetric/Param/Tag on each entry); the store checks what keeps its
 * files sound for any caller: the run id and keys as file names, links, the batch's limits.
 */
export function logBatch(ctx: StoreContext, runId: string, batch: { metrics?: MetricPoint[]; params?: Param[]; tags?: RunTag[] }): void {
  validateRunId(runId);
  const metrics = (batch.metrics ?? []).map(checkLinks); // metric keys: MetricKeys below
  const params = batch.params ?? [];
  const tags = batch.tags ?? [];
  params.forEach((p, i) => validateEntityKey("Param", p.key, `params[${i}].key`));
  tags.forEach((t, i) => validateEntityKey("Tag", t.key, `tags[${i}].key`));
  validateBatch(metrics, params, tags);
  activeRunInfo(ctx, runId);
  const { runDir } = ctx.locateRun(runId);
  // Every key is checked before anything is written, so a refused batch leaves no trace.
  checkKeyPaths("Param", path.join(runDir, "params"), params, `run ${runId}`);
  checkKeyPaths("Tag", path.join(runDir, "tags"), tags, `run ${runId}`);
  const run = ctx.metricKeys.draft(runId, runDir, metrics.map((m) => m.key));
  const models = metrics.map((m) => (m.modelId == null ? undefined : modelMetricFile(ctx, runId, runDir, m.modelId, m.key)));
  run.commit();
  for (const p of params) writeParam(runDir, runId, p);
  if (metrics.length) {
    metrics.forEach((m, i) => {
      ctx.metricWriter.append(run.files[i]!, formatRunMetricLine(m));
      if (models[i]) ctx.metricWriter.append(models[i], formatModelMetricLine(m, runId));
    });
    ctx.metricWriter.flushSync();
    // This batch's points only: an older point's failure is for flush() and the run's end.
    ctx.throwWriteFailures([...run.files, ...models.filter((f) => f !== undefined)]);
  }
  for (const t of tags) {
    // FileStore.update_run_info(run_name=""): an empty name keeps the old one (the tag is still written).
    if (t.key === RUN_NAME_TAG && t.value) writeRunInfo(ctx, { ...readRunInfo(ctx, runId), runName: t.value });
    writeKeyFile(path.join(runDir, "tags"), t.key, t.value);
  }
}

/**
 * Params are immutable. The value goes to a temp file that is then hard-linked into place:
 * link() fails if the param exists, so two processes racing with different values get one
 * value and one error, and no reader ever sees a half-written file.
 */
function writeParam(runDir: string, runId: string, param: Param): void {
  const target = path.join(runDir, "params", param.key);
  if (param.key.includes("/")) fs.mkdirSync(path.dirname(target), { recursive: true });
  // In the run folder, not params/: a temp file left by a crash must never read as a param.
  const tmp = tempPath(runDir, `param-${param.key}`);
  fs.writeFileSync(tmp, param.value);
  try {
    fs.linkSync(tmp, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const current = fs.readFileSync(target, "utf8");
    if (current !== param.value) {
      throw new InvalidParameterError(
        `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${current}' for run ID='${runId}'. Attempted logging new value '${param.value}'.`,
      );
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export function deleteTag(ctx: StoreContext, runId: string, key: string): void {
  activeRunInfo(ctx, runId);
  validateEntityKey("Tag", key);
  const file = path.join(ctx.locateRun(runId).runDir, "tags", key);
  if (!fs.existsSync(file)) throw new ResourceNotFoundError(`No tag with name: ${key} in run with id ${runId}`);
  fs.rmSync(file);
}

/** MLflow writes a model's metrics under the logging run's experiment, wherever the model is. */
export function modelMetricFile(ctx: StoreContext, runId: string, runDir: string, modelId: string, key: string): string {
  return ctx.metricKeys.file(runId, path.join(path.dirname(runDir), MODELS_FOLDER, validateModelId(modelId)), key);
}

/** FileStore.log_inputs */
export function logInputs(ctx: StoreContext, runId: string, datasets: readonly DatasetInput[], models: readonly LoggedModelInput[]): void {
  validateRunId(runId);
  const checkedDatasets = datasets.map((input) => ({
    dataset: checkDataset(input.dataset),
    tags: (input.tags ?? []).map((t) => ({ key: String(t.key), value: String(t.value) })),
  }));
  const checkedModels = models.map((m) => ({ modelId: validateModelId(m.modelId) }));
  activeRunInfo(ctx, runId);
  const { runDir } = ctx.locateRun(runId);
  writeRunInputs(path.dirname(runDir), runDir, runId, checkedDatasets, checkedModels);
}

/** FileStore.log_outputs */
export function logOutputs(ctx: StoreContext, runId: string, models: LoggedModelOutput[]): void {
  validateRunId(runId);
  const checked = models.map((m) => {
    if (!Number.isInteger(m.step)) throw new InvalidParameterError(`A model output's step must be an integer, got ${String(m.step)}.`);
    return { modelId: validateModelId(m.modelId), step: m.step };
  });
  activeRunInfo(ctx, runId);
  writeRunOutputs(ctx.locateRun(runId).runDir, checked);
}

/** A metric's links to a model (a folder name) and a dataset (name and digest together). */
function checkLinks(m: LinkedMetricPoint): LinkedMetricPoint {
  if (m.modelId == null && m.datasetName == null && m.datasetDigest == null) return m;
  if (m.datasetName != null || m.datasetDigest != null) checkDatasetLink(m.datasetName, m.datasetDigest);
  return { ...m, modelId: m.modelId == null ? null : validateModelId(m.modelId), datasetName: m.datasetName ?? null, datasetDigest: m.datasetDigest ?? null };
}
