/**
 * MLflow 3's logged models from the fluent API: mlflow.initialize_logged_model,
 * create_external_model, Model.log (here `logModel`, for files you already have),
 * finalize_logged_model, get_logged_model, last_logged_model, search_logged_models,
 * set_logged_model_tags, delete_logged_model_tag, log_model_params, set_active_model, and
 * mlflow.artifacts.download_artifacts for `models:/<model_id>` and `runs:/` URIs.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LoggedModel, LoggedModelOutput, LoggedModelStatus, Metric } from "../entities.js";
import { InvalidParameterError, MlflowError } from "../errors.js";
import { MLMODEL_FILE_NAME, mlmodelYaml, totalFileSize } from "../models/mlmodel.js";
import type { DatasetFilter, LoggedModelOrderBy } from "../search/logged-model-search.js";
import { dumpMetaYaml, type YamlValue } from "../python/pyyaml-emit.js";
import { fileUriToPath } from "../util/file-uri.js";
import { validateArtifactFile } from "../validation/artifact-path.js";
import { getActiveModelId, setActiveModelId } from "./active-model.js";
import { MlflowClient, type TagInput } from "./client.js";
import { activeRun, getExperimentIdForModels } from "./fluent.js";
import { defaultRunTags } from "../tracking-context/system-tags.js";
import { getTrackingUri } from "./tracking-uri.js";
import { collectPages } from "../store/paged-list.js";

export { clearActiveModel, getActiveModelId } from "./active-model.js";

let lastModelId: string | undefined;

function client(): MlflowClient {
  return new MlflowClient(getTrackingUri());
}

function strings(record: TagInput | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record ?? {})) out[k] = v === null || v === undefined ? "" : String(v);
  return out;
}

export interface CreateLoggedModelOptions {
  /** Default: a generated name such as "clean-shark-123". No '/', ':', '.', '%', quotes. */
  name?: string;
  /** Default: the active run, if any. */
  sourceRunId?: string;
  tags?: TagInput;
  params?: TagInput;
  /** A label of your own, e.g. "agent" or "classifier": searchable as model_type. */
  modelType?: string;
  /** Default: the active run's experiment, else the active experiment. */
  experimentId?: string;
}

/** fluent._create_logged_model: the run context's tags (mlflow.user, mlflow.source.*) under the caller's. */
async function create(options: CreateLoggedModelOptions, extraTags: Record<string, string> = {}): Promise<LoggedModel> {
  const run = activeRun();
  const sourceRunId = options.sourceRunId ?? run?.info.runId ?? null;
  let experimentId = options.experimentId;
  if (experimentId === undefined) {
    experimentId = run ? run.info.experimentId : await getExperimentIdForModels(sourceRunId);
  }
  const tags = { ...defaultRunTags(), ...strings(options.tags), ...extraTags };
  const model = await client().createLoggedModel(experimentId, options.name ?? null, sourceRunId, tags, strings(options.params), options.modelType ?? null);
  lastModelId = model.modelId;
  return model;
}

/** mlflow.initialize_logged_model: a PENDING model with no files; finish it with logModel({modelId}) or finalizeLoggedModel. */
export function initializeLoggedModel(options: CreateLoggedModelOptions = {}): Promise<LoggedModel> {
  return create(options);
}

/** The same as initializeLoggedModel (MlflowClient.create_logged_model, with the fluent defaults). */
export const createLoggedModel = initializeLoggedModel;

const IS_EXTERNAL_TAG = "mlflow.model.isExternal";
const REGISTERED_MODEL_META = "registered_model_meta";

/**
 * mlflow.create_external_model: a READY model whose files live elsewhere, with the tag
 * mlflow.model.isExternal=true and MLflow's placeholder MLmodel.
 */
export async function createExternalModel(options: CreateLoggedModelOptions = {}): Promise<LoggedModel> {
  const model = await create(options, { [IS_EXTERNAL_TAG]: "true" });
  const c = client();
  const repo = c.store.loggedModelArtifactRepository(model);
  const yaml = mlmodelYaml({
    artifactPath: model.artifactLocation,
    modelId: model.modelId,
    runId: model.sourceRunId,
    metadata: { [IS_EXTERNAL_TAG]: true },
  }).replace(
    "prompts: null\n",
    `prompts: null\nsignature:\n  inputs: '[{"type": "boolean", "required": true}]'\n  outputs: '[{"type": "boolean", "required": true}]'\n  params: null\n`,
  );
  await repo.writeArtifact(MLMODEL_FILE_NAME, yaml);
  return c.finalizeLoggedModel(model.modelId, "READY");
}

export interface LogModelOptions extends CreateLoggedModelOptions {
  /** The training step this model (checkpoint) belongs to; the run's metrics at this step are linked to it. Default 0. */
  step?: number;
  /** A folder whose contents become the model's files. */
  directory?: string;
  /** Files to write, by relative path: text or bytes. */
  files?: Record<string, string | Uint8Array>;
  /** MLmodel flavors, e.g. `{onnx: {onnx_version: "1.17.0", data: "model.onnx", ...}}`. Default: none. */
  flavors?: { [name: string]: YamlValue };
  /** MLmodel metadata. */
  metadata?: { [key: string]: YamlValue };
  /** Log into this existing (PENDING) model instead of creating one (Model.log's model_id). */
  modelId?: string;
  /** The run the model comes from. Default: the active run; with none, the model has no run. */
  runId?: string;
}

/**
 * Model.log's log_model_metrics_for_step: the run's points at `step` become the model's too.
 * MLflow skips points already linked to a model (`metric.model_id is None`), but its file store
 * reads a run's history without model ids, so it re-logs those as well: a second row with the
 * same key, timestamp, step and value, which `mlflow migrate-filestore` then refuses (UNIQUE
 * constraint). Points the model already holds are skipped here, as MLflow means to.
 */
async function linkStepMetrics(c: MlflowClient, runId: string, modelId: string, step: number): Promise<void> {
  const run = await c.getRun(runId);
  const pointKey = (m: Metric) => `${m.key}\0${String(m.step)}\0${String(m.timestamp)}\0${m.value}`;
  const held = new Set((await c.getLoggedModel(modelId)).metrics.filter((m) => m.runId === runId).map(pointKey));
  const linked: Metric[] = [];
  for (const key of Object.keys(run.data.metrics)) {
    for (const m of await c.getMetricHistory(runId, key)) {
      if (m.step === step && !held.has(pointKey(m))) linked.push({ ...m, modelId } as Metric);
    }
  }
  // MLflow re-logs them through log_batch, so they are appended to the run's history again too.
  await c.logBatch(runId, linked); // in MLflow's chunks (client.logBatch)
}

/**
 * Model.log for a model made outside Python: creates the logged model (or fills `modelId`),
 * records it as an output of the run at `step`, links the run's metrics at that step, writes
 * the files and an MLmodel, and finalizes it READY (FAILED, and rethrown, if anything fails).
 * The model's params are `params` plus the run's params, as MLflow does.
 */
export async function logModel(options: LogModelOptions = {}): Promise<LoggedModel> {
  const c = client();
  const step = options.step ?? 0;
  if (!Number.isInteger(step)) throw new InvalidParameterError(`step must be an integer, got ${String(step)}.`);
  const active = activeRun();
  const runId = options.runId ?? active?.info.runId;
  if (options.directory !== undefined && !fs.statSync(options.directory).isDirectory()) {
    throw new InvalidParameterError(`directory '${options.directory}' is not a folder.`);
  }
  for (const file of Object.keys(options.files ?? {})) validateArtifactFile(file);
  let model: LoggedModel;
  if (options.modelId !== undefined) {
    model = await c.getLoggedModel(options.modelId);
  } else {
    const runParams = runId ? (await c.getRun(runId)).data.params : {};
    model = await create({ ...options, sourceRunId: runId, params: { ...strings(options.params), ...runParams } });
  }
  try {
    if (runId !== undefined) {
      const output: LoggedModelOutput = { modelId: model.modelId, step };
      await c.logOutputs(runId, [output]);
      if (active && active.info.runId === runId) (active.outputs ??= { modelOutputs: [] }).modelOutputs.push(output);
      await linkStepMetrics(c, runId, model.modelId, step);
    }
    const repo = c.store.loggedModelArtifactRepository(model);
    if (options.directory !== undefined) await repo.logArtifacts(options.directory);
    for (const [file, data] of Object.entries(options.files ?? {})) await repo.writeArtifact(file, data);
    const dir = repo.rootDir ?? fileUriToPath(model.artifactLocation);
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(path.join(dir, MLMODEL_FILE_NAME))) {
      const yaml = mlmodelYaml({
        artifactPath: model.artifactLocation,
        modelId: model.modelId,
        runId: runId ?? null,
        flavors: options.flavors,
        metadata: options.metadata,
        modelSizeBytes: totalFileSize(dir),
      });
      await repo.writeArtifact(MLMODEL_FILE_NAME, yaml);
    }
  } catch (err) {
    await c.finalizeLoggedModel(model.modelId, "FAILED").catch(() => undefined);
    throw err;
  }
  lastModelId = model.modelId;
  return c.finalizeLoggedModel(model.modelId, "READY");
}

/** mlflow.finalize_logged_model */
export function finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
  return client().finalizeLoggedModel(modelId, status);
}

/** mlflow.get_logged_model */
export function getLoggedModel(modelId: string): Promise<LoggedModel> {
  return client().getLoggedModel(modelId);
}

/** mlflow.last_logged_model: the model this process last created or logged. */
export async function lastLoggedModel(): Promise<LoggedModel | undefined> {
  return lastModelId ? client().getLoggedModel(lastModelId) : undefined;
}

/** mlflow.set_logged_model_tags */
export function setLoggedModelTags(modelId: string, tags: TagInput): Promise<void> {
  return client().setLoggedModelTags(modelId, tags);
}

/** mlflow.delete_logged_model_tag */
export function deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
  return client().deleteLoggedModelTag(modelId, key);
}

/** mlflow.log_model_params: to `modelId`, else the active model. */
export function logModelParams(params: TagInput, modelId?: string): Promise<void> {
  const id = modelId ?? getActiveModelId();
  if (!id) throw new InvalidParameterError("No model to log params to: pass a modelId or set an active model.");
  return client().logModelParams(id, params);
}

export interface SearchLoggedModelsOptions {
  /** Default: the active experiment. */
  experimentIds?: string[];
  /** e.g. "metrics.accuracy > 0.9 AND params.lr = '0.01'", "source_run_id = '<run id>'", "name LIKE 'ckpt-%'". */
  filterString?: string;
  /** Restrict metric clauses (and the models returned) to metrics on these datasets. */
  datasets?: DatasetFilter[];
  /** A positive integer; every match when omitted or null. */
  maxResults?: number | null;
  /** e.g. [{fieldName: "metrics.accuracy", ascending: false}]. Ties: newest first, then model id. */
  orderBy?: LoggedModelOrderBy[];
}

/** mlflow.search_logged_models(output_format="list"): every page up to maxResults. */
export async function searchLoggedModels(options: SearchLoggedModelsOptions = {}): Promise<LoggedModel[]> {
  const c = client();
  const ids = options.experimentIds?.length ? options.experimentIds : [await getExperimentIdForModels(null)];
  // As MLflow: every page asks for maxResults, and the pages stop once that many are in.
  return collectPages((token) => c.searchLoggedModels(ids, options.filterString, options.datasets, options.maxResults, options.orderBy, token), options.maxResults ?? undefined);
}

/**
 * mlflow.set_active_model: by id, or by name (the newest model of that name in the active
 * experiment, created as an external model when there is none). Metrics logged without a
 * modelId are then linked to it.
 */
export async function setActiveModel(options: { name?: string; modelId?: string }): Promise<LoggedModel> {
  if (options.name === undefined && options.modelId === undefined) throw new InvalidParameterError("Either name or model_id must be provided");
  let model: LoggedModel;
  if (options.modelId !== undefined) {
    model = await getLoggedModel(options.modelId);
    if (options.name !== undefined && model.name !== options.name) {
      throw new InvalidParameterError(
        `LoggedModel with model_id '${options.modelId}' has name '${model.name}', which does not match the provided name '${options.name}'.`,
      );
    }
  } else {
    const found = await searchLoggedModels({ filterString: `name='${options.name!.replace(/'/g, "\\'")}'`, maxResults: 2 });
    model = found[0] ?? (await createExternalModel({ name: options.name }));
  }
  setActiveModelId(model.modelId);
  return model;
}

export interface DownloadArtifactsOptions {
  /** `models:/<model_id>`, `runs:/<run_id>/<path>`, or omitted with runId. */
  artifactUri?: string;
  runId?: string;
  artifactPath?: string;
  /** Default: a new temporary folder. */
  dstPath?: string;
}

/** mlflow.artifacts.download_artifacts: copies the files and returns their local path. */
export async function downloadArtifacts(options: DownloadArtifactsOptions): Promise<string> {
  const c = client();
  const dst = options.dstPath ?? fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-download-"));
  fs.mkdirSync(dst, { recursive: true });
  const uri = options.artifactUri;
  if (uri !== undefined) {
    if (options.runId !== undefined || options.artifactPath !== undefined) {
      throw new MlflowError("If `artifact_uri` is specified, `run_id` and `artifact_path` must not be specified.", "INVALID_PARAMETER_VALUE");
    }
    const models = /^models:\/([^/]+)(?:\/(.*))?$/.exec(uri);
    if (models) {
      if (models[2]) {
        throw new InvalidParameterError(`Not a logged model URI: ${uri}. Use models:/<model_id>; registered model versions are not supported.`);
      }
      const local = await c.downloadLoggedModelArtifacts(models[1]!, "", dst);
      // ModelsArtifactRepository marks a downloaded model folder with its registry name and version.
      if (fs.existsSync(path.join(local, MLMODEL_FILE_NAME))) {
        fs.writeFileSync(path.join(local, REGISTERED_MODEL_META), dumpMetaYaml({ model_name: null, model_version: null }));
      }
      return local;
    }
    const runs = /^runs:\/([^/]+)\/?(.*)$/.exec(uri);
    if (runs) return c.downloadArtifacts(runs[1]!, runs[2] ?? "", dst);
    throw new InvalidParameterError(`Unsupported artifact URI '${uri}': use models:/<model_id> or runs:/<run_id>/<path>.`);
  }
  if (options.runId === undefined) throw new InvalidParameterError("Either `artifact_uri` or `run_id` must be specified.");
  return c.downloadArtifacts(options.runId, options.artifactPath ?? "", dst);
}
