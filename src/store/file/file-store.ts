import type {
  DatasetInput,
  Experiment,
  LinkedMetricPoint,
  LoggedModel,
  LoggedModelInput,
  LoggedModelOutput,
  LoggedModelStatus,
  Metric,
  MetricPoint,
  Param,
  Run,
  RunInfo,
  RunStatus,
  RunTag,
} from "../../entities.js";
import * as gc from "./gc.js";
import type { ArtifactRepository } from "../../artifacts/artifact-repository.js";
import { LocalArtifactRepository } from "../../artifacts/local-artifact-repository.js";
import type { MetricColumns } from "../metric-columns.js";
import type { PagedList } from "../paged-list.js";
import type {
  CreateLoggedModelRequest,
  CreateRunRequest,
  DeletedRun,
  MetricInputs,
  RunEnding,
  SearchExperimentsRequest,
  SearchLoggedModelsRequest,
  SearchRunsRequest,
  TrackingStore,
} from "../tracking-store.js";
import { modelArtifactDir, runArtifactDir } from "./artifact-location.js";
import * as experiments from "./experiments.js";
import { translatingFsErrors as io } from "./fs-errors.js";
import * as models from "./logged-models.js";
import { queueMetrics } from "./metric-queue.js";
import { getMetricHistory, getMetricHistoryColumns, getRun } from "./run-reader.js";
import { searchRuns } from "./run-search.js";
import * as writes from "./run-writes.js";
import * as runs from "./runs.js";
import { StoreContext, type FileStoreOptions } from "./store-context.js";

export { DEFAULT_FLUSH_INTERVAL_MS, type FileStoreOptions } from "./store-context.js";

/**
 * MLflow's FileStore (mlflow/store/tracking/file_store.py), rebuilt on synchronous fs calls.
 * Each verb lives in the module named for its job (experiments.ts, runs.ts, run-search.ts, …);
 * this class only delegates, every verb through `io`, which reports file-system failures as
 * typed StoreIOErrors (fs-errors.ts).
 */
export class FileStore implements TrackingStore {
  readonly trackingUri: string;
  /** metrics/<key> files are append-only and read in order. */
  readonly historyInLoggedOrder = true;
  readonly rootDir: string;
  private readonly ctx: StoreContext;

  constructor(rootUri: string, options: FileStoreOptions = {}) {
    this.ctx = new StoreContext(rootUri, options);
    this.trackingUri = rootUri;
    this.rootDir = this.ctx.rootDir;
  }

  // ---- experiments -------------------------------------------------------------------------

  async searchExperiments(req: SearchExperimentsRequest = {}): Promise<PagedList<Experiment>> {
    return io(() => experiments.searchExperiments(this.ctx, req));
  }

  async createExperiment(name: string, artifactLocation?: string, tags: RunTag[] = []): Promise<string> {
    return io(() => experiments.createExperiment(this.ctx, name, artifactLocation, tags));
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    return io(() => experiments.getExperiment(this.ctx, experimentId));
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    return io(() => experiments.getExperimentByName(this.ctx, name));
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    io(() => experiments.deleteExperiment(this.ctx, experimentId));
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    io(() => experiments.restoreExperiment(this.ctx, experimentId));
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    io(() => experiments.renameExperiment(this.ctx, experimentId, newName));
  }

  async setExperimentTag(experimentId: string, tag: RunTag): Promise<void> {
    io(() => experiments.setExperimentTag(this.ctx, experimentId, tag));
  }

  // ---- runs ---------------------------------------------------------------------------------

  async createRun(req: CreateRunRequest): Promise<Run> {
    return io(() => runs.createRun(this.ctx, req));
  }

  async getRun(runId: string): Promise<Run> {
    return io(() => getRun(this.ctx, runId));
  }

  async updateRunInfo(runId: string, status: RunStatus, endTime: number | null, runName?: string): Promise<RunInfo> {
    return io(() => runs.updateRunInfo(this.ctx, runId, status, endTime, runName));
  }

  async deleteRun(runId: string): Promise<void> {
    io(() => runs.setRunLifecycle(this.ctx, runId, "deleted"));
  }

  async restoreRun(runId: string): Promise<void> {
    io(() => runs.setRunLifecycle(this.ctx, runId, "active"));
  }

  async logBatch(runId: string, batch: { metrics?: MetricPoint[]; params?: Param[]; tags?: RunTag[] }): Promise<void> {
    io(() => writes.logBatch(this.ctx, runId, batch));
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    io(() => writes.deleteTag(this.ctx, runId, key));
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    return io(() => getMetricHistory(this.ctx, runId, key));
  }

  async getMetricHistoryColumns(runId: string, key: string): Promise<MetricColumns> {
    return io(() => getMetricHistoryColumns(this.ctx, runId, key));
  }

  async searchRuns(req: SearchRunsRequest): Promise<PagedList<Run>> {
    return io(() => searchRuns(this.ctx, req));
  }

  // ---- MLflow 3: run inputs and outputs ----------------------------------------------------------

  async logInputs(runId: string, datasets?: DatasetInput[], models?: LoggedModelInput[]): Promise<void> {
    io(() => writes.logInputs(this.ctx, runId, datasets ?? [], models ?? []));
  }

  async logOutputs(runId: string, models: LoggedModelOutput[]): Promise<void> {
    io(() => writes.logOutputs(this.ctx, runId, models));
  }

  // ---- MLflow 3: logged models ----------------------------------------------------------------------

  async getLoggedModel(modelId: string, allowDeleted = false): Promise<LoggedModel> {
    return io(() => models.getLoggedModel(this.ctx, modelId, allowDeleted));
  }

  async createLoggedModel(req: CreateLoggedModelRequest): Promise<LoggedModel> {
    return io(() => models.createLoggedModel(this.ctx, req));
  }

  async finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    return io(() => models.finalizeLoggedModel(this.ctx, modelId, status));
  }

  async setLoggedModelTags(modelId: string, tags: RunTag[]): Promise<void> {
    io(() => models.setLoggedModelTags(this.ctx, modelId, tags));
  }

  async deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    io(() => models.deleteLoggedModelTag(this.ctx, modelId, key));
  }

  async logLoggedModelParams(modelId: string, params: Param[]): Promise<void> {
    io(() => models.logLoggedModelParams(this.ctx, modelId, params));
  }

  async deleteLoggedModel(modelId: string): Promise<void> {
    io(() => models.deleteLoggedModel(this.ctx, modelId));
  }

  async searchLoggedModels(req: SearchLoggedModelsRequest): Promise<PagedList<LoggedModel>> {
    return io(() => models.searchLoggedModels(this.ctx, req));
  }

  // ---- artifacts ------------------------------------------------------------------------------

  /** A moved store's own folder, not meta.yaml's old path (artifact-location.ts). */
  loggedModelArtifactRepository(model: LoggedModel): ArtifactRepository {
    return io(() => new LocalArtifactRepository(modelArtifactDir(this.rootDir, model)));
  }

  /** A moved store's own folder, not meta.yaml's old path (artifact-location.ts). */
  artifactRepository(info: RunInfo): ArtifactRepository {
    return io(() => new LocalArtifactRepository(this.localArtifactDir(info)));
  }

  /** The folder a run's artifacts are read from and written to. */
  localArtifactDir(info: RunInfo): string {
    return runArtifactDir(this.rootDir, info);
  }

  // ---- buffered metrics -----------------------------------------------------------------------

  queueMetrics(runId: string, metrics: LinkedMetricPoint[], inputs?: MetricInputs): void {
    io(() => queueMetrics(this.ctx, runId, metrics, inputs));
  }

  async flush(): Promise<void> {
    io(() => {
      this.ctx.metricWriter.flushSync(true);
      this.ctx.throwWriteFailures();
    });
  }

  shutdownSync(endings: RunEnding[]): void {
    io(() => runs.shutdownSync(this.ctx, endings));
  }

  // ---- removal for good (mlflow gc): ./gc.ts ----
  async getDeletedRuns(olderThanMs?: number, now?: number): Promise<DeletedRun[]> {
    return io(() => gc.getDeletedRuns(this.ctx, olderThanMs, now));
  }

  async hardDeleteRun(runId: string): Promise<string[]> {
    return io(() => gc.hardDeleteRun(this.ctx, runId));
  }

  async hardDeleteExperiment(experimentId: string): Promise<void> {
    io(() => gc.hardDeleteExperiment(this.ctx, experimentId));
  }

  async getDeletedLoggedModels(olderThanMs?: number, now?: number): Promise<string[]> {
    return io(() => gc.getDeletedLoggedModels(this.ctx, olderThanMs, now));
  }

  async hardDeleteLoggedModel(modelId: string): Promise<void> {
    io(() => gc.hardDeleteLoggedModel(this.ctx, modelId));
  }
}
