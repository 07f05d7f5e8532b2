/**
 * mlruns: MLflow's tracking API for Node, writing MLflow's file store directly.
 * `import * as mlflow from "mlruns"` gives the fluent API; `MlflowClient` the explicit one.
 * Only MLflow's API is here, listed name by name; the competition helpers are `mlruns/competition`.
 */
export { setTrackingUri, getTrackingUri } from "./api/tracking-uri.js";
export {
  createExperiment,
  setExperiment,
  getExperiment,
  getExperimentByName,
  deleteExperiment,
  restoreExperiment,
  renameExperiment,
  setExperimentTag,
  setExperimentTags,
  startRun,
  endRun,
  withRun,
  activeRun,
  lastActiveRun,
  getRun,
  deleteRun,
  restoreRun,
  getMetricHistory,
  logParam,
  logParams,
  logMetric,
  logMetrics,
  setTag,
  setTags,
  deleteTag,
  logText,
  logDict,
  logArtifact,
  logArtifacts,
  listArtifacts,
  flush,
  searchRuns,
} from "./api/fluent.js";
export type { ActiveRun, StartRunOptions, SearchRunsOptions, LogMetricOptions } from "./api/fluent.js";
export {
  enableSystemMetricsLogging,
  disableSystemMetricsLogging,
  setSystemMetricsSamplingInterval,
  setSystemMetricsSamplesBeforeLogging,
  setSystemMetricsNodeId,
} from "./system-metrics/index.js";
export { logInput, logInputs } from "./api/datasets.js";
export type { LogInputOptions } from "./api/datasets.js";
export {
  initializeLoggedModel,
  createLoggedModel,
  createExternalModel,
  logModel,
  finalizeLoggedModel,
  getLoggedModel,
  lastLoggedModel,
  setLoggedModelTags,
  deleteLoggedModelTag,
  logModelParams,
  searchLoggedModels,
  setActiveModel,
  getActiveModelId,
  clearActiveModel,
  downloadArtifacts,
} from "./api/logged-models.js";
export type { CreateLoggedModelOptions, LogModelOptions, SearchLoggedModelsOptions, DownloadArtifactsOptions } from "./api/logged-models.js";
export type { MetricLinkOptions } from "./api/metric-links.js";
export type { DatasetFilter, LoggedModelOrderBy } from "./search/logged-model-search.js";
export { filterLoggedModels, sortLoggedModels } from "./search/logged-model-search.js";
export type { RunRow } from "./api/run-rows.js";
export { MlflowClient } from "./api/client.js";
export type { ArtifactGlobs } from "./artifacts/artifact-globs.js";
export { PagedList } from "./store/paged-list.js";
export {
  MlflowError,
  InvalidParameterError,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  InvalidStateError,
  StoreIOError,
  MissingDependencyError,
  TrackingServerUnavailableError,
  TrackingServerAuthError,
  SyncInProgressError,
  type MlflowErrorCode,
} from "./errors.js";
export type {
  RunStatus,
  LifecycleStage,
  ViewType,
  Metric,
  Int64,
  MetricPoint,
  Param,
  RunTag,
  Experiment,
  RunInfo,
  RunData,
  Run,
  FileInfo,
  MetricLinks,
  LinkedMetric,
  LinkedMetricPoint,
  Dataset,
  InputTag,
  DatasetInput,
  LoggedModelInput,
  LoggedModelOutput,
  RunInputs,
  RunOutputs,
  RunWithIO,
  LoggedModelStatus,
  LoggedModel,
} from "./entities.js";
export type { KeyChooser, KeySelection, RunSelection, TrackingStore, HardDeleteVerbs, DeletedRun } from "./store/tracking-store.js";
export { historyColumns, type MetricColumns } from "./store/metric-columns.js";
export { FileStore, DEFAULT_FLUSH_INTERVAL_MS } from "./store/file/index.js";
export { RestStore, DEFAULT_REST_FLUSH_INTERVAL_MS, type RestStoreOptions } from "./store/rest/rest-store.js";
export { registerStore, type StoreFactory } from "./store/registry.js";
export { datasetFromRecords, datasetFromCsv, datasetFromFrame, metaDataset } from "./data/dataset.js";
export type { DatasetOptions, MetaDatasetOptions, DatasetSourceInput, TableInput } from "./data/dataset.js";

export { relocate, diagnoseStore, repairStore } from "./store/file/index.js";
export type { RelocateReport, RelocateOptions, Problem, RepairResult } from "./store/file/index.js";
export { syncStore } from "./sync/sync-store.js";
export type { SyncOptions } from "./sync/sync-store.js";
export type { SyncSummary, SyncProgress } from "./sync/summary.js";
