import fs from "node:fs";
import nodePath from "node:path";
import type YAMLModule from "yaml";
import { lazyModule } from "../util/lazy-module.js";
import type {
  DatasetInput,
  Experiment,
  FileInfo,
  Int64,
  LinkedMetricPoint,
  MetricPoint,
  LoggedModel,
  LoggedModelInput,
  LoggedModelOutput,
  LoggedModelStatus,
  Metric,
  Param,
  Run,
  RunInfo,
  RunStatus,
  RunTag,
  ViewType,
} from "../entities.js";
import type { DatasetFilter, LoggedModelOrderBy } from "../search/logged-model-search.js";
import { InvalidParameterError } from "../errors.js";
import { openStore } from "../store/registry.js";
import type { PagedList } from "../store/paged-list.js";
import type { RunSelection, TrackingStore } from "../store/tracking-store.js";
import { experimentsMaxResults, loggedModelsMaxResults, runsMaxResults } from "../validation/max-results.js";
import { validateExperimentId, validateRunId } from "../validation/names.js";
import { toInt64, validateMetric, validateParam, validateTag } from "../validation/values.js";
import type { ArtifactGlobs } from "../artifacts/artifact-globs.js";
import { batchChunks } from "./batch-chunks.js";
import { logFolder } from "./log-folder.js";
import { getTrackingUri } from "./tracking-uri.js";

export type TagInput = Record<string, unknown>;

function toTags(tags: TagInput | RunTag[] | undefined): RunTag[] {
  if (!tags) return [];
  if (Array.isArray(tags)) return tags;
  return Object.entries(tags).map(([key, value]) => ({ key, value: value as string }));
}

const yaml = lazyModule<typeof YAMLModule>("yaml");

/** A run's start or end time: MLflow's client takes a missing or 0 time as "now". */
function timeOrNow(value: Int64 | null | undefined, field: string): number {
  if (value === undefined || value === null || value === 0 || value === 0n) return Date.now();
  const time = toInt64(value);
  if (typeof time !== "number") {
    throw new InvalidParameterError(`Invalid value ${String(value)} for '${field}': a time is a whole number of milliseconds since the epoch, within ±(2^53 - 1).`);
  }
  return time;
}
const RUN_STATUSES = new Set(["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"]);

export function checkStatus(status: string): RunStatus {
  if (!RUN_STATUSES.has(status)) {
    throw new InvalidParameterError(`Invalid run status '${status}'. Use one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED.`);
  }
  return status as RunStatus;
}

/**
 * mlflow.MlflowClient: explicit ids, MLflow's positional argument order, camelCase names.
 * Every method may be awaited; logMetric queues the point and returns at once.
 */
export class MlflowClient {
  readonly trackingUri: string;
  readonly store: TrackingStore;

  /** A tracking URI (by default the current one, see getTrackingUri) or a store to use as it is. */
  constructor(trackingUriOrStore?: string | TrackingStore) {
    if (typeof trackingUriOrStore === "object" && trackingUriOrStore !== null) {
      this.store = trackingUriOrStore;
      this.trackingUri = trackingUriOrStore.trackingUri;
    } else {
      this.trackingUri = trackingUriOrStore ?? getTrackingUri();
      this.store = openStore(this.trackingUri);
    }
  }

  // ---- experiments ----
  async createExperiment(name: string, artifactLocation?: string, tags?: TagInput): Promise<string> {
    return this.store.createExperiment(name, artifactLocation, toTags(tags));
  }
  async getExperiment(experimentId: string): Promise<Experiment> {
    return this.store.getExperiment(validateExperimentId(experimentId));
  }
  async getExperimentByName(name: string): Promise<Experiment | null> {
    return this.store.getExperimentByName(name);
  }
  async searchExperiments(
    options: { viewType?: ViewType; maxResults?: number; filterString?: string; orderBy?: string[]; pageToken?: string | null } = {},
  ): Promise<PagedList<Experiment>> {
    return this.store.searchExperiments({ ...options, maxResults: experimentsMaxResults(options.maxResults) });
  }
  async deleteExperiment(experimentId: string): Promise<void> {
    return this.store.deleteExperiment(experimentId);
  }
  async restoreExperiment(experimentId: string): Promise<void> {
    return this.store.restoreExperiment(experimentId);
  }
  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    return this.store.renameExperiment(experimentId, newName);
  }
  async setExperimentTag(experimentId: string, key: string, value: unknown): Promise<void> {
    return this.store.setExperimentTag(experimentId, { key, value: value as string });
  }

  // ---- runs ----
  /** MlflowClient.create_run: user_id comes from the mlflow.user tag, else "unknown". */
  async createRun(experimentId: string, startTime?: Int64 | null, tags?: TagInput, runName?: string): Promise<Run> {
    // create_run passes its tags to the store as they are (no str()): FileStore writes None as "".
    const tagList = toTags(tags).map((t) => (t.value === null || t.value === undefined ? { key: t.key, value: "" } : t));
    return this.store.createRun({
      experimentId: validateExperimentId(experimentId ?? "0"),
      userId: String(tagList.find((t) => t.key === "mlflow.user")?.value ?? "unknown"),
      startTime: timeOrNow(startTime, "start_time"),
      tags: tagList,
      runName,
    });
  }
  async getRun(runId: string): Promise<Run> {
    return this.store.getRun(validateRunId(runId));
  }
  /** MlflowClient.set_terminated: an empty status means FINISHED, a missing or 0 end time now. */
  async setTerminated(runId: string, status: RunStatus | "" | null = "FINISHED", endTime?: Int64 | null): Promise<void> {
    await this.store.updateRunInfo(validateRunId(runId), checkStatus(status || "FINISHED"), timeOrNow(endTime, "end_time"));
  }
  /**
   * MlflowClient.update_run: with neither status nor name it returns at once, without even
   * looking the run up (undefined); otherwise the updated info.
   */
  async updateRun(runId: string, status?: RunStatus | "" | null, name?: string | null): Promise<RunInfo | undefined> {
    if ((status === undefined || status === null) && (name === undefined || name === null)) return undefined;
    const info = (await this.getRun(runId)).info;
    return this.store.updateRunInfo(runId, status ? checkStatus(status) : info.status, info.endTime, name ?? undefined);
  }
  async deleteRun(runId: string): Promise<void> {
    return this.store.deleteRun(validateRunId(runId));
  }
  async restoreRun(runId: string): Promise<void> {
    return this.store.restoreRun(validateRunId(runId));
  }

  // ---- data ----
  async logParam(runId: string, key: string, value: unknown): Promise<unknown> {
    const param = validateParam(key, value);
    await this.store.logBatch(validateRunId(runId), { params: [param] });
    return value;
  }
  /**
   * Queues the point; it is on disk within the store's flush interval, at flush(), when the
   * run ends, or when the process exits. Bad input throws here, synchronously.
   */
  logMetric(
    runId: string,
    key: string,
    value: number,
    timestamp?: Int64,
    step?: Int64,
    links?: { modelId?: string | null; datasetName?: string | null; datasetDigest?: string | null },
  ): void {
    const metric: LinkedMetricPoint = validateMetric({ key, value, timestamp: timestamp ?? Date.now(), step: step ?? 0 });
    if (links && (links.modelId != null || links.datasetName != null || links.datasetDigest != null)) {
      // MlflowClient.log_metric writes the links only; it records no run inputs (the fluent API does).
      Object.assign(metric, { modelId: links.modelId ?? null, datasetName: links.datasetName ?? null, datasetDigest: links.datasetDigest ?? null });
    }
    this.store.queueMetrics(validateRunId(runId), [metric]);
  }
  /**
   * MlflowClient.log_batch: an empty batch does nothing; a large one is sent in chunks of at
   * most 1,000 metrics and 100 params and 100 tags, as MLflow's client splits it. Each entry's
   * own validity is checked before the first chunk; what needs the store (a param's earlier
   * value, a key clash with another entry) is checked per chunk, whole, as MLflow does.
   */
  async logBatch(runId: string, metrics: MetricPoint[] = [], params: Param[] = [], tags: RunTag[] = []): Promise<void> {
    if (metrics.length === 0 && params.length === 0 && tags.length === 0) return;
    validateRunId(runId);
    // The store trusts these checked, typed values (it keeps a metric's model and dataset links).
    const checkedMetrics = metrics.map((m, i) => ({ ...(m as LinkedMetricPoint), ...validateMetric(m, `metrics[${i}]`) }));
    const checkedParams = params.map((p, i) => validateParam(p.key, p.value, `params[${i}]`));
    const checkedTags = tags.map((t, i) => validateTag(t.key, t.value, `tags[${i}]`));
    for (const chunk of batchChunks(checkedMetrics, checkedParams, checkedTags)) await this.store.logBatch(runId, chunk);
  }
  async setTag(runId: string, key: string, value: unknown): Promise<void> {
    return this.store.logBatch(validateRunId(runId), { tags: [validateTag(key, value)] });
  }
  async deleteTag(runId: string, key: string): Promise<void> {
    return this.store.deleteTag(validateRunId(runId), key);
  }
  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    return this.store.getMetricHistory(validateRunId(runId), key);
  }
  async searchRuns(
    experimentIds: string[] | string,
    filterString = "",
    runViewType: ViewType = "ACTIVE_ONLY",
    maxResults = 1000,
    orderBy?: string[],
    pageToken?: string | null,
    options: { select?: RunSelection } = {},
  ): Promise<PagedList<Run>> {
    const ids = (Array.isArray(experimentIds) ? experimentIds : [experimentIds]).map((id) => validateExperimentId(id));
    const pageSize = runsMaxResults(maxResults);
    return this.store.searchRuns({ experimentIds: ids, filterString, runViewType, maxResults: pageSize, orderBy, pageToken, select: options.select });
  }

  // ---- artifacts ----
  async logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<void> {
    await (await this.artifacts(runId, true)).logArtifact(localPath, artifactPath);
  }
  /** Copies a folder's files; `options.include` / `exclude` choose them by glob (see docs/api.md). */
  async logArtifacts(runId: string, localDir: string, artifactPath?: string, options?: ArtifactGlobs): Promise<void> {
    await logFolder(await this.artifacts(runId, true), localDir, artifactPath, options);
  }
  async logText(runId: string, text: string, artifactFile: string): Promise<void> {
    await (await this.artifacts(runId, true)).writeArtifact(artifactFile, text);
  }
  async logDict(runId: string, dictionary: unknown, artifactFile: string): Promise<void> {
    await (await this.artifacts(runId, true)).writeArtifact(artifactFile, serializeDict(dictionary, artifactFile));
  }
  async listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
    return (await this.artifacts(runId)).listArtifacts(path);
  }
  async downloadArtifacts(runId: string, path: string, dstDir = "."): Promise<string> {
    return (await this.artifacts(runId)).downloadArtifacts(path, dstDir);
  }

  async flush(): Promise<void> {
    return this.store.flush();
  }

  // ---- MLflow 3: run inputs and outputs ----
  /** MlflowClient.log_inputs: datasets (with their input tags) and logged models the run used. */
  async logInputs(runId: string, datasets?: DatasetInput[], models?: LoggedModelInput[]): Promise<void> {
    return this.store.logInputs(validateRunId(runId), datasets, models);
  }
  /** MlflowClient.log_outputs: logged models the run produced, each at a step. */
  async logOutputs(runId: string, models: LoggedModelOutput[]): Promise<void> {
    return this.store.logOutputs(validateRunId(runId), models);
  }

  // ---- MLflow 3: logged models ----
  /** MlflowClient.create_logged_model: a PENDING model with no files yet. */
  async createLoggedModel(
    experimentId: string,
    name?: string | null,
    sourceRunId?: string | null,
    tags?: TagInput,
    params?: TagInput,
    modelType?: string | null,
  ): Promise<LoggedModel> {
    return this.store.createLoggedModel({
      experimentId: validateExperimentId(experimentId),
      name,
      sourceRunId,
      tags: toTags(tags),
      params: toTags(params),
      modelType,
    });
  }
  async getLoggedModel(modelId: string, allowDeleted = false): Promise<LoggedModel> {
    return this.store.getLoggedModel(modelId, allowDeleted);
  }
  async finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    return this.store.finalizeLoggedModel(modelId, status);
  }
  async setLoggedModelTags(modelId: string, tags: TagInput): Promise<void> {
    return this.store.setLoggedModelTags(modelId, toTags(tags));
  }
  async deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    return this.store.deleteLoggedModelTag(modelId, key);
  }
  /** MlflowClient.log_model_params */
  async logModelParams(modelId: string, params: TagInput): Promise<void> {
    return this.store.logLoggedModelParams(modelId, toTags(params));
  }
  async deleteLoggedModel(modelId: string): Promise<void> {
    return this.store.deleteLoggedModel(modelId);
  }
  /**
   * MlflowClient.search_logged_models: MLflow's filter language for models (`metrics.acc > 0.9`,
   * `params.lr = '0.1'`, `name = 'x'`, `source_run_id = '...'`, ...), order-by dictionaries.
   */
  async searchLoggedModels(
    experimentIds: string[] | string,
    filterString?: string | null,
    datasets?: DatasetFilter[],
    maxResults?: number | null,
    orderBy?: LoggedModelOrderBy[],
    pageToken?: string | null,
  ): Promise<PagedList<LoggedModel>> {
    const ids = (Array.isArray(experimentIds) ? experimentIds : [experimentIds]).map((id) => validateExperimentId(id));
    const pageSize = loggedModelsMaxResults(maxResults);
    return this.store.searchLoggedModels({ experimentIds: ids, filterString, datasets, maxResults: pageSize, orderBy, pageToken });
  }
  async logModelArtifact(modelId: string, localPath: string, artifactPath?: string): Promise<void> {
    await (await this.modelArtifacts(modelId)).logArtifact(localPath, artifactPath);
  }
  async logModelArtifacts(modelId: string, localDir: string, artifactPath?: string, options?: ArtifactGlobs): Promise<void> {
    await logFolder(await this.modelArtifacts(modelId), localDir, artifactPath, options);
  }
  async listLoggedModelArtifacts(modelId: string, path?: string): Promise<FileInfo[]> {
    return (await this.modelArtifacts(modelId)).listArtifacts(path);
  }
  /** Copies the model's files (or `path` among them) into `dstDir`; returns the local path. */
  async downloadLoggedModelArtifacts(modelId: string, path = "", dstDir = "."): Promise<string> {
    const repo = await this.modelArtifacts(modelId);
    // A model with no files yet (PENDING, external): MLflow returns the empty destination.
    if (!path && (await repo.listArtifacts()).length === 0) {
      fs.mkdirSync(dstDir, { recursive: true });
      return nodePath.resolve(dstDir);
    }
    return repo.downloadArtifacts(path, dstDir);
  }

  private async modelArtifacts(modelId: string) {
    return this.store.loggedModelArtifactRepository(await this.store.getLoggedModel(modelId));
  }

  /**
   * The run's artifact repository. Writing needs an active run: MLflow would write a deleted
   * experiment's artifacts under its old folder, leaving one without meta.yaml that breaks
   * later calls on that experiment (a deliberate difference, docs/mlflow-differences.md).
   */
  private async artifacts(runId: string, forWriting = false) {
    const { info } = await this.getRun(runId);
    if (forWriting && info.lifecycleStage !== "active") {
      throw new InvalidParameterError(`The run ${runId} must be in the 'active' state to log artifacts. Current state is ${info.lifecycleStage}; restore it (or its experiment) first.`);
    }
    return this.store.artifactRepository(info);
  }
}

/** mlflow.log_dict: YAML for .yaml/.yml (sorted keys off, like MLflow), JSON (indent 2) otherwise. */
function serializeDict(dictionary: unknown, artifactFile: string): string {
  if (/\.ya?ml$/i.test(artifactFile)) {
    return yaml().stringify(dictionary, { indent: 2 });
  }
  return JSON.stringify(dictionary, null, 2);
}
