import type { ArtifactRepository } from "../artifacts/artifact-repository.js";
import type { Experiment, Metric, PagedList, Param, Run, RunInfo, RunStatus, RunTag, ViewType } from "../entities.js";

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
}

export interface CreateRunRequest {
  experimentId: string;
  userId: string;
  startTime: number;
  tags: RunTag[];
  runName?: string;
}

export interface RunEnding {
  runId: string;
  status: RunStatus;
  endTime: number;
}

/**
 * What the API layer needs from a tracking backend. The file store (./file) is the first
 * implementation; a REST client for an MLflow server is meant to be a sibling folder.
 *
 * Every verb is async because a network store needs it. Metric points take a separate,
 * synchronous path (`queueMetrics`) so a training loop never awaits: the store buffers
 * them and makes them durable on `flush()` or its own schedule.
 */
export interface TrackingStore {
  /** The URI this store was opened from, as the user would pass it to setTrackingUri. */
  readonly trackingUri: string;

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
  updateRunInfo(runId: string, status: RunStatus, endTime: number | null, runName?: string): Promise<RunInfo>;
  deleteRun(runId: string): Promise<void>;
  restoreRun(runId: string): Promise<void>;

  logBatch(runId: string, batch: { metrics?: Metric[]; params?: Param[]; tags?: RunTag[] }): Promise<void>;
  deleteTag(runId: string, key: string): Promise<void>;
  getMetricHistory(runId: string, key: string): Promise<Metric[]>;
  searchRuns(request: SearchRunsRequest): Promise<PagedList<Run>>;

  /** Where this run's artifacts are read and written. */
  artifactRepository(info: RunInfo): ArtifactRepository;

  /** Buffer already-validated points; throws synchronously if the run cannot take them. */
  queueMetrics(runId: string, metrics: Metric[]): void;
  /** Make every queued point durable. */
  flush(): Promise<void>;
  /**
   * Exit hooks cannot await: write every queued point and end these runs before returning.
   * A store that cannot do I/O synchronously does what it can and documents the rest.
   */
  shutdownSync(endings: RunEnding[]): void;
}
