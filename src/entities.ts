/** MLflow's tracking entities, camelCased. Field names follow mlflow.entities. */

export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";
export type LifecycleStage = "active" | "deleted";
export type ViewType = "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";

export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

/**
 * A 64-bit integer as the API takes it: a number that is a safe integer, or a bigint in the
 * int64 range (MLflow's steps and timestamps are int64; a number past 2^53 is not exact).
 */
export type Int64 = number | bigint;

/** A metric point as logged: its step and timestamp may be bigints. Read back, they are numbers. */
export interface MetricPoint {
  key: string;
  value: number;
  timestamp: Int64;
  step: Int64;
}

export interface Param {
  key: string;
  value: string;
}

export interface RunTag {
  key: string;
  value: string;
}

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  tags: Record<string, string>;
  creationTime: number | null;
  lastUpdateTime: number | null;
}

export interface RunInfo {
  runId: string;
  /** null for a run with no name anywhere (MLflow 1.x wrote none): MLflow's run_name None. */
  runName: string | null;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number | null;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

export interface RunData {
  /** Latest value of each metric, chosen as MLflow chooses it (max by step, then timestamp, then value). */
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
}

export interface Run {
  info: RunInfo;
  data: RunData;
  /** Datasets and logged models the run used (MLflow 3); set by getRun and searchRuns. */
  inputs?: RunInputs;
  /** Logged models the run produced (MLflow 3); set by getRun and searchRuns. */
  outputs?: RunOutputs;
}

export interface FileInfo {
  path: string;
  isDir: boolean;
  fileSize: number | null;
}

/** MLflow's RunStatus enum values, as stored in run meta.yaml (mlflow/protos/service.proto). */
export const RUN_STATUS_CODES: Record<RunStatus, number> = {
  RUNNING: 1,
  SCHEDULED: 2,
  FINISHED: 3,
  FAILED: 4,
  KILLED: 5,
};

export function runStatusFromCode(code: unknown): RunStatus {
  const entry = Object.entries(RUN_STATUS_CODES).find(([, v]) => v === code);
  return (entry?.[0] as RunStatus | undefined) ?? "RUNNING";
}

export function isTerminalStatus(status: RunStatus): boolean {
  return status === "FINISHED" || status === "FAILED" || status === "KILLED";
}

// ---- MLflow 3: datasets, run inputs and outputs, logged models ------------------------------

/** The logged model and dataset a metric point was measured for (MLflow 3). */
export interface MetricLinks {
  modelId?: string | null;
  datasetName?: string | null;
  datasetDigest?: string | null;
  /** The run that logged it (set on a logged model's metrics). */
  runId?: string | null;
}

/** A metric point as read back, with its links. */
export type LinkedMetric = Metric & MetricLinks;
/** A metric point as logged, with its links. */
export type LinkedMetricPoint = MetricPoint & MetricLinks;

/** mlflow.entities.Dataset: what a run input records about a dataset. */
export interface Dataset {
  name: string;
  /** A short fingerprint of the data (8 hex digits for the digests MLflow computes). */
  digest: string;
  /** "local", "http", "s3", "code", … */
  sourceType: string;
  /** JSON text describing the source, e.g. `{"uri": "/data/train.csv"}`. */
  source: string;
  /** JSON text, e.g. `{"mlflow_colspec": [...]}`, or null. */
  schema: string | null;
  /** JSON text, e.g. `{"num_rows": 100, "num_elements": 400}`, or null. */
  profile: string | null;
}

export interface InputTag {
  key: string;
  value: string;
}

export interface DatasetInput {
  dataset: Dataset;
  tags: InputTag[];
}

export interface LoggedModelInput {
  modelId: string;
}

export interface LoggedModelOutput {
  modelId: string;
  step: number;
}

export interface RunInputs {
  datasetInputs: DatasetInput[];
  modelInputs: LoggedModelInput[];
}

export interface RunOutputs {
  modelOutputs: LoggedModelOutput[];
}

/** A run with its inputs and outputs, as getRun and searchRuns return it. */
export interface RunWithIO extends Run {
  inputs: RunInputs;
  outputs: RunOutputs;
}

export type LoggedModelStatus = "UNSPECIFIED" | "PENDING" | "READY" | "FAILED";

/** LoggedModelStatus.to_int(), as stored in a model's meta.yaml. */
export const LOGGED_MODEL_STATUS_CODES: Record<LoggedModelStatus, number> = {
  UNSPECIFIED: 0,
  PENDING: 1,
  READY: 2,
  FAILED: 3,
};

/** mlflow.entities.LoggedModel. */
export interface LoggedModel {
  experimentId: string;
  /** "m-" and 32 hex digits. */
  modelId: string;
  name: string;
  /** Where the model's files are: `file:///…/<experiment>/models/<model_id>/artifacts`. */
  artifactLocation: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  modelType: string | null;
  sourceRunId: string | null;
  status: LoggedModelStatus;
  statusMessage: string | null;
  tags: Record<string, string>;
  params: Record<string, string>;
  /** For each metric key and dataset, the latest point (max by step, timestamp, value). */
  metrics: LinkedMetric[];
  /** `models:/<model_id>` */
  modelUri: string;
}
