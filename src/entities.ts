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
  runName: string;
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
}

export interface PagedList<T> {
  items: T[];
  nextPageToken: string | null;
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
