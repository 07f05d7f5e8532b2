import YAML from "yaml";
import type { Experiment, FileInfo, Metric, PagedList, Param, Run, RunInfo, RunStatus, RunTag, ViewType } from "../entities.js";
import { InvalidParameterError } from "../errors.js";
import { openStore } from "../store/open-store.js";
import type { TrackingStore } from "../store/tracking-store.js";
import { validateExperimentId, validateRunId } from "../validation/names.js";
import { validateMetric, validateParam, validateTag } from "../validation/values.js";
import { getTrackingUri } from "./tracking-uri.js";

export type TagInput = Record<string, unknown>;

function toTags(tags: TagInput | RunTag[] | undefined): RunTag[] {
  if (!tags) return [];
  if (Array.isArray(tags)) return tags;
  return Object.entries(tags).map(([key, value]) => ({ key, value: value as string }));
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

  constructor(trackingUri?: string) {
    this.trackingUri = trackingUri ?? getTrackingUri();
    this.store = openStore(this.trackingUri);
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
    return this.store.searchExperiments(options);
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
  async createRun(experimentId: string, startTime?: number, tags?: TagInput, runName?: string): Promise<Run> {
    const tagList = toTags(tags);
    return this.store.createRun({
      experimentId: validateExperimentId(experimentId ?? "0"),
      userId: String(tagList.find((t) => t.key === "mlflow.user")?.value ?? "unknown"),
      startTime: startTime ?? Date.now(),
      tags: tagList,
      runName,
    });
  }
  async getRun(runId: string): Promise<Run> {
    return this.store.getRun(validateRunId(runId));
  }
  async setTerminated(runId: string, status: RunStatus = "FINISHED", endTime?: number): Promise<void> {
    await this.store.updateRunInfo(validateRunId(runId), checkStatus(status), endTime ?? Date.now());
  }
  async updateRun(runId: string, status?: RunStatus, name?: string): Promise<RunInfo> {
    const info = (await this.getRun(runId)).info;
    return this.store.updateRunInfo(runId, status ? checkStatus(status) : info.status, info.endTime, name);
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
  logMetric(runId: string, key: string, value: number, timestamp?: number, step?: number): void {
    const metric = validateMetric({ key, value, timestamp: timestamp ?? Date.now(), step: step ?? 0 });
    this.store.queueMetrics(validateRunId(runId), [metric]);
  }
  async logBatch(runId: string, metrics: Metric[] = [], params: Param[] = [], tags: RunTag[] = []): Promise<void> {
    return this.store.logBatch(validateRunId(runId), { metrics, params, tags });
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
  ): Promise<PagedList<Run>> {
    const ids = (Array.isArray(experimentIds) ? experimentIds : [experimentIds]).map((id) => validateExperimentId(id));
    return this.store.searchRuns({ experimentIds: ids, filterString, runViewType, maxResults, orderBy, pageToken });
  }

  // ---- artifacts ----
  async logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<void> {
    await (await this.artifacts(runId)).logArtifact(localPath, artifactPath);
  }
  async logArtifacts(runId: string, localDir: string, artifactPath?: string): Promise<void> {
    await (await this.artifacts(runId)).logArtifacts(localDir, artifactPath);
  }
  async logText(runId: string, text: string, artifactFile: string): Promise<void> {
    await (await this.artifacts(runId)).writeArtifact(artifactFile, text);
  }
  async logDict(runId: string, dictionary: unknown, artifactFile: string): Promise<void> {
    await (await this.artifacts(runId)).writeArtifact(artifactFile, serializeDict(dictionary, artifactFile));
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

  private async artifacts(runId: string) {
    const { info } = await this.getRun(runId);
    return this.store.artifactRepository(info);
  }
}

/** mlflow.log_dict: YAML for .yaml/.yml (sorted keys off, like MLflow), JSON (indent 2) otherwise. */
function serializeDict(dictionary: unknown, artifactFile: string): string {
  if (/\.ya?ml$/i.test(artifactFile)) {
    return YAML.stringify(dictionary, { indent: 2 });
  }
  return JSON.stringify(dictionary, null, 2);
}
