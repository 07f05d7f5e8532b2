import type { ArtifactRepository } from "../artifacts/artifact-repository.js";
import type {
  DatasetInput,
  Experiment,
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
import type { MetricColumns } from "./metric-columns.js";
import type { PagedList } from "./paged-list.js";

export interface SearchExperimentsRequest {
  viewType?: ViewType;
  maxResults?: number;
  filterString?: string;
  orderBy?: string[];
  pageToken?: string | null;
}

export interface SearchRunsRequest {
  experimentIds: string[];
  filterString?: string;
  runViewType?: ViewType;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string | null;
  /** The data the caller will look at; by default all of it. */
  select?: RunSelection;
}

/**
 * Which keys of each returned run's metrics, params and tags to fill in ("all", the default,
 * a list, or a KeyChooser). A hint, not a filter: a store may return more (a REST store returns
 * whole runs), so callers must not read absence as "the run has no such key" for unselected
 * ones. It saves the file store reading files nobody shows, e.g. every tag of 1,000 runs for a
 * table of metrics.
 */
export interface RunSelection {
  metrics?: KeySelection;
  params?: KeySelection;
  tags?: KeySelection;
  /** false: the caller does not need inputs and outputs (a store may leave them empty). */
  inputs?: boolean;
}

export type KeySelection = "all" | readonly string[] | KeyChooser;

/**
 * Picks the keys to read once the page is known, from the keys each of its runs has (for
 * metrics, one per metric file, whatever its points): a table can choose its columns without
 * reading every value. Called at most once per search.
 */
export type KeyChooser = (keysByRun: ReadonlyArray<readonly string[]>) => readonly string[];

export interface CreateRunRequest {
  experimentId: string;
  userId: string;
  startTime: number;
  tags: RunTag[];
  runName?: string;
}

export interface CreateLoggedModelRequest {
  experimentId: string;
  name?: string | null;
  sourceRunId?: string | null;
  tags?: RunTag[];
  params?: Param[];
  modelType?: string | null;
}

export interface SearchLoggedModelsRequest {
  experimentIds: string[];
  filterString?: string | null;
  datasets?: DatasetFilter[];
  maxResults?: number | null;
  orderBy?: LoggedModelOrderBy[];
  pageToken?: string | null;
}

/** Inputs a linked metric needs on its run (mlflow.log_metric's _log_inputs_for_metrics_if_necessary). */
export interface MetricInputs {
  datasets?: DatasetInput[];
  models?: LoggedModelInput[];
}

export interface RunEnding {
  runId: string;
  status: RunStatus;
  endTime: number;
}

/** A deleted run and when it was deleted; null when the store has no time for it (MLflow then counts it as old enough). */
export interface DeletedRun {
  runId: string;
  experimentId: string;
  runName: string | null;
  deletedTime: number | null;
}

/**
 * Removal for good, the verbs `mlflow gc` uses (FileStore._get_deleted_runs, _hard_delete_run,
 * _hard_delete_experiment, _get_deleted_logged_models, _hard_delete_logged_model), in camelCase.
 * Each refuses (InvalidStateError) what is not deleted first. Unlike MLflow's, hardDeleteRun and
 * hardDeleteLoggedModel also remove the files (MLflow's gc command does that itself through the
 * artifact repository): a caller never touches the store's folders. `now` (ms) is the clock
 * `olderThanMs` counts back from. Optional in TrackingStore: MLflow's REST API has no endpoint
 * for any of them (mlflow gc opens the server's backend store directly), so a REST store has none.
 */
export interface HardDeleteVerbs {
  /** Deleted runs, in every experiment (deleted ones too), deleted at least `olderThanMs` before `now`. */
  getDeletedRuns(olderThanMs?: number, now?: number): Promise<DeletedRun[]>;
  /** Removes a deleted run and its artifacts; returns notes on artifacts it left in place (and why). */
  hardDeleteRun(runId: string): Promise<string[]>;
  /** Removes a deleted experiment with everything still in it. */
  hardDeleteExperiment(experimentId: string): Promise<void>;
  /** Ids of deleted logged models last updated at least `olderThanMs` before `now`. */
  getDeletedLoggedModels(olderThanMs?: number, now?: number): Promise<string[]>;
  /** Removes a deleted logged model and its files. */
  hardDeleteLoggedModel(modelId: string): Promise<void>;
}

/** Whether this store can remove things for good (see HardDeleteVerbs). */
export function canHardDelete(store: TrackingStore): store is TrackingStore & HardDeleteVerbs {
  const verbs: (keyof HardDeleteVerbs)[] = ["getDeletedRuns", "hardDeleteRun", "hardDeleteExperiment", "getDeletedLoggedModels", "hardDeleteLoggedModel"];
  return verbs.every((verb) => typeof store[verb] === "function");
}

/**
 * What the API layer needs from a tracking backend. The file store (./file) is the first
 * implementation; a REST client for an MLflow server is meant to be a sibling folder.
 *
 * Every verb is async because a network store needs it. Metric points take a separate,
 * synchronous path (`queueMetrics`) so a training loop never awaits: the store buffers
 * them and makes them durable on `flush()` or its own schedule.
 */
export interface TrackingStore extends Partial<HardDeleteVerbs> {
  /** The URI this store was opened from, as the user would pass it to setTrackingUri. */
  readonly trackingUri: string;
  /**
   * True when `getMetricHistory` returns points in the order they were logged, so a history
   * only grows at its end (the file store reads its append-only files in order). A SQL-backed
   * server orders by its table instead; sync then compares with the target (docs/sync.md).
   */
  readonly historyInLoggedOrder?: boolean;

  searchExperiments(request: SearchExperimentsRequest): Promise<PagedList<Experiment>>;
  createExperiment(name: string, artifactLocation?: string, tags?: RunTag[]): Promise<string>;
  getExperiment(experimentId: string): Promise<Experiment>;
  getExperimentByName(name: string): Promise<Experiment | null>;
  deleteExperiment(experimentId: string): Promise<void>;
  restoreExperiment(experimentId: string): Promise<void>;
  renameExperiment(experimentId: string, newName: string): Promise<void>;
  setExperimentTag(experimentId: string, tag: RunTag): Promise<void>;

  createRun(request: CreateRunRequest): Promise<Run>;
  getRun(runId: string): Promise<Run>;
  /** Writes the run's queued points, then its info; then throws if some of the run's points are still unwritten. */
  updateRunInfo(runId: string, status: RunStatus, endTime: number | null, runName?: string): Promise<RunInfo>;
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;

  logBatch(runId: string, batch: { metrics?: MetricPoint[]; params?: Param[]; tags?: RunTag[] }): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  getMetricHistory(runId: string, key: string): Promise<Metric[]>;
  /**
   * Optional: the same history as getMetricHistory, point for point and in the same order, as
   * three typed columns, for readers that want numbers, not objects (a chart, a report). Callers
   * use historyColumns() (metric-columns.ts), which falls back to getMetricHistory.
   */
  getMetricHistoryColumns?(runId: string, key: string): Promise<MetricColumns>;
  searchRuns(request: SearchRunsRequest): Promise<PagedList<Run>>;

  // ---- MLflow 3: run inputs and outputs, logged models ----
  logInputs(runId: string, datasets?: DatasetInput[], models?: LoggedModelInput[]): Promise<void>;
  logOutputs(runId: string, models: LoggedModelOutput[]): Promise<void>;
  createLoggedModel(request: CreateLoggedModelRequest): Promise<LoggedModel>;
  getLoggedModel(modelId: string, allowDeleted?: boolean): Promise<LoggedModel>;
  finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel>;
  setLoggedModelTags(modelId: string, tags: RunTag[]): Promise<void>;
  deleteLoggedModelTag(modelId: string, key: string): Promise<void>;
  logLoggedModelParams(modelId: string, params: Param[]): Promise<void>;
  deleteLoggedModel(modelId: string): Promise<void>;
  searchLoggedModels(request: SearchLoggedModelsRequest): Promise<PagedList<LoggedModel>>;
  /** Where a logged model's files are read and written. */
  loggedModelArtifactRepository(model: LoggedModel): ArtifactRepository;

  /** Where this run's artifacts are read and written. */
  artifactRepository(info: RunInfo): ArtifactRepository;

  /**
   * Buffer already-validated points; throws synchronously if the run cannot take them. A point
   * with `modelId` also goes to that logged model's metrics, one with `datasetName` and
   * `datasetDigest` names the dataset in its line; `inputs` are recorded on the run first.
   */
  queueMetrics(runId: string, metrics: LinkedMetricPoint[], inputs?: MetricInputs): void;
  /**
   * Make every queued point durable. Points that cannot be written stay queued and are
   * retried; while any are, this throws (typed) why, as the run's updateRunInfo does for its own.
   */
  flush(): Promise<void>;
  /**
   * Exit hooks cannot await: write every queued point and end these runs before returning.
   * A store that cannot do I/O synchronously does what it can and documents the rest.
   */
  shutdownSync(endings: RunEnding[]): void;
}
