/**
 * Run inputs and outputs in MLflow's file-store layout (FileStore.log_inputs, log_outputs,
 * _get_all_inputs, _get_all_outputs in mlflow/store/tracking/file_store.py):
 *
 *   <experiment>/datasets/<md5(name + digest)>/meta.yaml              the Dataset, once per experiment
 *   <experiment>/<run>/inputs/<md5(dataset id + run id)>/meta.yaml     a dataset input with its tags
 *   <experiment>/<run>/inputs/<md5(model id + run id)>/meta.yaml       a logged-model input
 *   <experiment>/<run>/outputs/<model id>/meta.yaml                    a logged-model output with its step
 *
 * Each meta.yaml is written once and never changed, as MLflow does (an existing folder is left
 * alone). MLflow records `destination_id` as the source id, not the run id; so do we, byte for
 * byte.
 */
import { nodeCrypto } from "../../util/lazy-module.js";
import fs from "node:fs";
import path from "node:path";
import type { Dataset, DatasetInput, LoggedModelInput, LoggedModelOutput, RunInputs, RunOutputs } from "../../entities.js";
import { InvalidParameterError } from "../../errors.js";
import { MissingMetaError, META, readMetaYaml, writeMetaYaml } from "./persisted-meta.js";
import type { MetaValue } from "../../python/pyyaml-emit.js";
import { subfolders } from "../../util/fs/folders.js";

export const DATASETS_FOLDER = "datasets";
export const INPUTS_FOLDER = "inputs";
export const OUTPUTS_FOLDER = "outputs";

/** FileStore._get_dataset_id */
export function datasetId(name: string, digest: string): string {
  return nodeCrypto().createHash("md5").update(name, "utf8").update(digest, "utf8").digest("hex");
}

/** FileStore._get_dataset_input_id and _get_model_input_id (the same recipe). */
export function inputId(sourceId: string, runId: string): string {
  return nodeCrypto().createHash("md5").update(sourceId, "utf8").update(runId, "utf8").digest("hex");
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,256}$/;

/** Model ids become folder names; refuse anything that could leave the store. */
export function validateModelId(modelId: unknown): string {
  if (typeof modelId !== "string" || !SAFE_ID.test(modelId)) {
    throw new InvalidParameterError(`Invalid model ID: '${String(modelId)}'. Model IDs are letters, digits, '-' and '_' (MLflow's are 'm-' and 32 hex digits).`);
  }
  return modelId;
}

/** dict(Dataset): what datasets/<id>/meta.yaml holds. */
function datasetToMeta(d: Dataset): Record<string, MetaValue> {
  return { digest: d.digest, name: d.name, profile: d.profile, schema: d.schema, source: d.source, source_type: d.sourceType };
}

function datasetFromMeta(meta: Record<string, unknown>): Dataset {
  const opt = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    name: String(meta.name ?? ""),
    digest: String(meta.digest ?? ""),
    sourceType: String(meta.source_type ?? ""),
    source: String(meta.source ?? ""),
    schema: opt(meta.schema),
    profile: opt(meta.profile),
  };
}

/** Write meta.yaml in a new folder unless the folder already has one (first writer wins). */
function writeOnce(dir: string, record: Record<string, MetaValue>): void {
  fs.mkdirSync(dir, { recursive: true });
  if (fs.existsSync(path.join(dir, META))) return;
  writeMetaYaml(dir, record);
}

/** FileStore.log_inputs */
export function writeRunInputs(experimentDir: string, runDir: string, runId: string, datasets: readonly DatasetInput[], models: readonly LoggedModelInput[]): void {
  for (const input of datasets) {
    const dataset = input.dataset;
    const id = datasetId(dataset.name, dataset.digest);
    writeOnce(path.join(experimentDir, DATASETS_FOLDER, id), datasetToMeta(dataset));
    const tags: Record<string, string> = {};
    for (const t of input.tags) tags[t.key] = t.value;
    writeOnce(path.join(runDir, INPUTS_FOLDER, inputId(id, runId)), {
      destination_id: id,
      destination_type: "RUN",
      source_id: id,
      source_type: "DATASET",
      tags,
    });
  }
  for (const model of models) {
    writeOnce(path.join(runDir, INPUTS_FOLDER, inputId(model.modelId, runId)), {
      destination_id: model.modelId,
      destination_type: "RUN",
      source_id: model.modelId,
      source_type: "MODEL",
      tags: {},
    });
  }
}

/** FileStore.log_outputs */
export function writeRunOutputs(runDir: string, models: readonly LoggedModelOutput[]): void {
  for (const model of models) {
    writeOnce(path.join(runDir, OUTPUTS_FOLDER, model.modelId), {
      destination_id: model.modelId,
      destination_type: "MODEL_OUTPUT",
      source_id: model.modelId,
      source_type: "RUN_OUTPUT",
      step: model.step,
      tags: {},
    });
  }
}

type Warn = (message: string) => void;

function readVertex(dir: string, warn: Warn): Record<string, unknown> | undefined {
  try {
    return readMetaYaml(dir);
  } catch (err) {
    if (err instanceof MissingMetaError || (err instanceof Error && /YAML/i.test(err.name))) {
      warn(`Unreadable ${path.join(dir, META)} skipped: ${err.message}`);
      return undefined;
    }
    throw err;
  }
}

/** FileStore._get_all_inputs: dataset inputs (with their datasets) and model inputs. */
export function readRunInputs(experimentDir: string, runDir: string, runId: string, warn: Warn): RunInputs {
  const inputsDir = path.join(runDir, INPUTS_FOLDER);
  const inputDirs = subfolders(inputsDir, { fileAsEmpty: true });
  const result: RunInputs = { datasetInputs: [], modelInputs: [] };
  if (inputDirs.length === 0) return result;
  const datasetsDir = path.join(experimentDir, DATASETS_FOLDER);
  const datasetDirs = new Set(subfolders(datasetsDir, { fileAsEmpty: true }));
  for (const name of inputDirs) {
    const meta = readVertex(path.join(inputsDir, name), warn);
    if (!meta) continue;
    const sourceId = String(meta.source_id ?? "");
    if (meta.source_type === "MODEL") {
      result.modelInputs.push({ modelId: sourceId });
    } else if (meta.source_type === "DATASET") {
      if (!datasetDirs.has(sourceId)) {
        if (datasetDirs.size > 0) warn(`Failed to find dataset with ID '${sourceId}' referenced as an input of the run with ID '${runId}'. Skipping.`);
        continue;
      }
      const datasetMeta = readVertex(path.join(datasetsDir, sourceId), warn);
      if (!datasetMeta) continue;
      const rawTags = meta.tags && typeof meta.tags === "object" ? (meta.tags as Record<string, unknown>) : {};
      result.datasetInputs.push({
        dataset: datasetFromMeta(datasetMeta),
        tags: Object.entries(rawTags).map(([key, value]) => ({ key, value: String(value) })),
      });
    }
  }
  return result;
}

/** FileStore._get_all_outputs */
export function readRunOutputs(runDir: string, warn: Warn): RunOutputs {
  const outputsDir = path.join(runDir, OUTPUTS_FOLDER);
  const result: RunOutputs = { modelOutputs: [] };
  for (const name of subfolders(outputsDir, { fileAsEmpty: true })) {
    const meta = readVertex(path.join(outputsDir, name), warn);
    if (!meta || meta.destination_type !== "MODEL_OUTPUT") continue;
    result.modelOutputs.push({ modelId: String(meta.destination_id ?? ""), step: Number(meta.step ?? 0) });
  }
  return result;
}
