/** The logged-model verbs of the file store (MLflow 3's FileStore.create_logged_model and friends). */
import fs from "node:fs";
import path from "node:path";
import type { LoggedModel, LoggedModelStatus, Param, RunTag, ViewType } from "../../entities.js";
import { InvalidParameterError, InvalidStateError, MlflowError, ResourceNotFoundError } from "../../errors.js";
import { paginate } from "../../search/index.js";
import { filterLoggedModels, sortLoggedModels } from "../../search/logged-model-search.js";
import { loggedModelsMaxResults } from "../../validation/max-results.js";
import { validateEntityKey, validateExperimentId, validateRunId } from "../../validation/names.js";
import { validateParam } from "../../validation/values.js";
import type { PagedList } from "../paged-list.js";
import type { CreateLoggedModelRequest, SearchLoggedModelsRequest } from "../tracking-store.js";
import { isYamlError, tornLineWarning, warn } from "./damage.js";
import { getExperiment } from "./experiments.js";
import { generateRunName } from "./ids.js";
import { writeKeyFile } from "./key-files.js";
import { checkKeyPaths } from "./key-paths.js";
import { DEFAULT_EXPERIMENT_ID, EXPERIMENT_FOLDERS, MODELS_FOLDER } from "./layout.js";
import { isAccessError } from "../../util/fs/folders.js";
import { newModelId, readModelDir, toLoggedModel, validateLoggedModelName, writeModelMeta, type ModelOnDisk } from "./logged-model-meta.js";
import { checkModelStatus } from "../../validation/inputs.js";
import { MissingMetaError } from "./persisted-meta.js";
import type { StoreContext } from "./store-context.js";

function readModel(modelDir: string): ModelOnDisk {
  return readModelDir(modelDir, (file, problem) => tornLineWarning(file)(problem));
}

/** FileStore._get_model_dict: deleted models are not found unless asked for. */
export function modelOnDisk(ctx: StoreContext, modelId: string, allowDeleted = false): ModelOnDisk & { modelDir: string } {
  ctx.flushAll();
  const { experimentId, dir: modelDir } = ctx.locateModel(modelId);
  let m: ModelOnDisk;
  try {
    m = readModel(modelDir);
  } catch (err) {
    if (err instanceof MissingMetaError) throw new ResourceNotFoundError(`Model '${modelId}' not found`);
    throw err;
  }
  if (!allowDeleted && m.lifecycleStage === "deleted") throw new ResourceNotFoundError(`Model '${modelId}' not found`);
  if (m.record.experimentId !== experimentId) throw new InvalidStateError(`Model '${modelId}' metadata is in invalid state.`);
  return { ...m, modelDir };
}

export function getLoggedModel(ctx: StoreContext, modelId: string, allowDeleted = false): LoggedModel {
  return toLoggedModel(modelOnDisk(ctx, modelId, allowDeleted));
}

/** FileStore.create_logged_model: PENDING, with `lifecycle_stage: active` in meta.yaml. */
export function createLoggedModel(ctx: StoreContext, req: CreateLoggedModelRequest): LoggedModel {
  validateLoggedModelName(req.name);
  const experimentId = String(req.experimentId ?? DEFAULT_EXPERIMENT_ID);
  const exp = getExperiment(ctx, experimentId);
  if (exp.lifecycleStage !== "active") {
    throw new InvalidStateError(`Could not create model under non-active experiment with ID ${experimentId}.`);
  }
  const params = (req.params ?? []).map((p, i) => validateParam(p.key, p.value, `params[${i}]`));
  const tags = (req.tags ?? []).map((t) => ({ key: validateEntityKey("Tag", t.key), value: t.value === null || t.value === undefined ? "" : String(t.value) }));
  if (req.sourceRunId !== undefined && req.sourceRunId !== null) validateRunId(req.sourceRunId);
  if (req.modelType !== undefined && req.modelType !== null && typeof req.modelType !== "string") {
    throw new InvalidParameterError(`model_type must be a string, got ${typeof req.modelType}.`);
  }
  const modelId = newModelId();
  const now = Date.now();
  const record = {
    experimentId,
    modelId,
    name: req.name || generateRunName(),
    artifactLocation: `${exp.artifactLocation}/${MODELS_FOLDER}/${modelId}/artifacts`,
    creationTimestamp: now,
    lastUpdatedTimestamp: now,
    modelType: req.modelType ?? null,
    sourceRunId: req.sourceRunId ?? null,
    status: "PENDING" as const,
    statusMessage: null,
  };
  const modelDir = path.join(ctx.layout.experimentDir(experimentId)!, MODELS_FOLDER, modelId);
  checkKeyPaths("Param", path.join(modelDir, "params"), params, `logged model ${modelId}`);
  checkKeyPaths("Tag", path.join(modelDir, "tags"), tags, `logged model ${modelId}`);
  fs.mkdirSync(modelDir, { recursive: true });
  for (const p of params) writeKeyFile(path.join(modelDir, "params"), p.key, p.value);
  for (const t of tags) writeKeyFile(path.join(modelDir, "tags"), t.key, t.value);
  fs.mkdirSync(path.join(modelDir, "metrics"), { recursive: true });
  fs.mkdirSync(path.join(modelDir, "params"), { recursive: true });
  // meta.yaml last: a model folder without one is skipped by readers (as MLflow skips it).
  writeModelMeta(modelDir, record, "active");
  ctx.models.remember(modelId, experimentId, modelDir);
  return getLoggedModel(ctx, modelId);
}

/** FileStore.finalize_logged_model: meta.yaml rewritten with the new status (and no lifecycle_stage). */
export function finalizeLoggedModel(ctx: StoreContext, modelId: string, status: LoggedModelStatus): LoggedModel {
  const checked = checkModelStatus(status);
  const m = modelOnDisk(ctx, modelId);
  // m.record is meta.yaml as recorded (not resolved for this machine): it goes back to disk.
  writeModelMeta(m.modelDir, { ...m.record, status: checked, lastUpdatedTimestamp: Date.now() });
  return getLoggedModel(ctx, modelId);
}

export function setLoggedModelTags(ctx: StoreContext, modelId: string, tags: RunTag[]): void {
  const { modelDir } = modelOnDisk(ctx, modelId);
  for (const t of tags) validateEntityKey("Tag", t.key);
  checkKeyPaths("Tag", path.join(modelDir, "tags"), tags, `logged model ${modelId}`);
  for (const t of tags) {
    writeKeyFile(path.join(modelDir, "tags"), t.key, t.value === null || t.value === undefined ? "" : String(t.value));
  }
}

export function deleteLoggedModelTag(ctx: StoreContext, modelId: string, key: string): void {
  validateEntityKey("Tag", key);
  const { modelDir } = modelOnDisk(ctx, modelId);
  const file = path.join(modelDir, "tags", key);
  if (!fs.existsSync(file)) throw new ResourceNotFoundError(`No tag with key '${key}' found for model with ID '${modelId}'.`);
  fs.rmSync(file);
}

/** FileStore.log_logged_model_params: unlike run params, these may be overwritten. */
export function logLoggedModelParams(ctx: StoreContext, modelId: string, params: Param[]): void {
  const checked = params.map((p, i) => validateParam(p.key, p.value, `params[${i}]`));
  const { modelDir } = modelOnDisk(ctx, modelId);
  checkKeyPaths("Param", path.join(modelDir, "params"), checked, `logged model ${modelId}`);
  for (const p of checked) writeKeyFile(path.join(modelDir, "params"), p.key, p.value);
}

/** FileStore.delete_logged_model: meta.yaml gets `lifecycle_stage: deleted`; files stay. */
export function deleteLoggedModel(ctx: StoreContext, modelId: string): void {
  const m = modelOnDisk(ctx, modelId);
  writeModelMeta(m.modelDir, { ...m.record, lastUpdatedTimestamp: Date.now() }, "deleted");
}

/** FileStore._list_models, in a view: search lists the active models, gc the deleted ones. */
export function listModels(ctx: StoreContext, experimentId: string, view: ViewType = "ACTIVE_ONLY"): LoggedModel[] {
  const expDir = ctx.layout.experimentDir(validateExperimentId(experimentId));
  if (!expDir) return [];
  const out: LoggedModel[] = [];
  for (const name of ctx.layout.subfolders(path.join(expDir, MODELS_FOLDER))) {
    if (EXPERIMENT_FOLDERS.has(name)) continue;
    const modelDir = path.join(expDir, MODELS_FOLDER, name);
    let m: ModelOnDisk;
    try {
      m = readModel(modelDir);
    } catch (err) {
      // MLflow skips folders without meta.yaml quietly (metrics logged for a model kept elsewhere
      // make such folders); anything else unreadable is reported.
      if (err instanceof MissingMetaError) continue;
      if (err instanceof MlflowError || isYamlError(err) || isAccessError(err)) {
        warn(`Malformed or unreadable model folder skipped: ${modelDir}: ${(err as Error).message}`);
        continue;
      }
      throw err;
    }
    if (view !== "ALL" && (view === "DELETED_ONLY") !== (m.lifecycleStage === "deleted")) continue;
    if (m.record.experimentId !== experimentId) {
      warn(`Wrong experiment ID (${m.record.experimentId}) recorded for model '${m.record.modelId}' in ${modelDir}. It should be ${experimentId}. Model ignored.`);
      continue;
    }
    ctx.models.remember(m.record.modelId, experimentId, modelDir);
    out.push(toLoggedModel(m));
  }
  return out;
}

/** FileStore.search_logged_models */
export function searchLoggedModels(ctx: StoreContext, req: SearchLoggedModelsRequest): PagedList<LoggedModel> {
  const maxResults = loggedModelsMaxResults(req.maxResults);
  ctx.flushAll();
  ctx.ensureStore();
  const models: LoggedModel[] = [];
  for (const id of req.experimentIds) models.push(...listModels(ctx, String(id)));
  return paginate(sortLoggedModels(filterLoggedModels(models, req.filterString, req.datasets), req.orderBy), req.pageToken, maxResults);
}
