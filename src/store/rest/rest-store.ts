import { HttpArtifactRepository } from "./artifact-repository.js";
import type { ArtifactRepository } from "../../artifacts/artifact-repository.js";
import { LocalArtifactRepository } from "../../artifacts/local-artifact-repository.js";
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
import { InvalidParameterError, MlflowError } from "../../errors.js";
import { fileUriToPath, isLocalUri } from "../../util/file-uri.js";
import type { PagedList } from "../paged-list.js";
import type {
  CreateLoggedModelRequest,
  CreateRunRequest,
  MetricInputs,
  RunEnding,
  SearchExperimentsRequest,
  SearchLoggedModelsRequest,
  SearchRunsRequest,
  TrackingStore,
} from "../tracking-store.js";
import { settingsFromEnv, type RestClientSettings } from "./client-settings.js";
import { sendBeforeExit, type ExitRequest, type ExitResult } from "./exit-sender.js";
import { RestExperiments } from "./experiments.js";
import { HttpClient, jsonRequest } from "./http-client.js";
import { RestLoggedModels, logInputsBody } from "./logged-models.js";
import { LinkedInputs } from "./linked-inputs.js";
import { MetricQueue, type ExitBatch } from "./metric-queue.js";
import { metricToJson } from "./proto-entities.js";
import { RestRuns } from "./runs.js";

export interface RestStoreOptions extends Partial<RestClientSettings> {
  /** How long queued metric points may wait before they are sent (ms); a full batch of 1,000 goes at once. */
  flushIntervalMs?: number;
  /** How long the exit flush may take to send what is still queued (ms). Default: MLFLOW_HTTP_REQUEST_TIMEOUT. */
  exitDeadlineMs?: number;
  /** Where MLFLOW_* settings are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_REST_FLUSH_INTERVAL_MS = 1000;

/**
 * A TrackingStore backed by an MLflow tracking server, over its REST API
 * (MLflow's mlflow/store/tracking/rest_store.py). See docs/rest-store.md.
 */
export class RestStore implements TrackingStore {
  readonly trackingUri: string;
  readonly http: HttpClient;
  private readonly experiments: RestExperiments;
  private readonly runs: RestRuns;
  private readonly models: RestLoggedModels;
  private readonly queue: MetricQueue;
  private readonly exitDeadlineMs: number;
  /** The runs/log-inputs calls linked metrics need, sent before their run's next batch. */
  private readonly linkedInputs: LinkedInputs;
  /** Runs this store deleted: queueMetrics refuses them at the call, as the file store does (others are refused by the server at the next send). */
  private readonly deletedRuns = new Set<string>();

  constructor(trackingUri: string, options: RestStoreOptions = {}) {
    const { flushIntervalMs, exitDeadlineMs, env, ...overrides } = options;
    const { baseUri, username, password } = splitCredentials(trackingUri);
    this.trackingUri = baseUri;
    const settings = settingsFromEnv(env ?? process.env, { username, password, ...overrides });
    this.http = new HttpClient(baseUri, settings);
    this.experiments = new RestExperiments(this.http);
    this.runs = new RestRuns(this.http);
    this.models = new RestLoggedModels(this.http);
    this.linkedInputs = new LinkedInputs((runId, datasets, models) => this.models.logInputs(runId, datasets, models));
    this.exitDeadlineMs = exitDeadlineMs ?? settings.timeoutSeconds * 1000;
    this.queue = new MetricQueue(
      (runId, points) => this.sendBatch(runId, points),
      (batches) => this.sendExit(batches, []).map((r) => (r.ok ? undefined : r.error)),
      flushIntervalMs ?? DEFAULT_REST_FLUSH_INTERVAL_MS,
    );
  }

  // ---- experiments ----------------------------------------------------------------------------

  async searchExperiments(req: SearchExperimentsRequest = {}): Promise<PagedList<Experiment>> {
    return this.experiments.search(req);
  }
  async createExperiment(name: string, artifactLocation?: string, tags: RunTag[] = []): Promise<string> {
    return this.experiments.create(name, artifactLocation, tags);
  }
  async getExperiment(experimentId: string): Promise<Experiment> {
    return this.experiments.get(experimentId);
  }
  async getExperimentByName(name: string): Promise<Experiment | null> {
    return this.experiments.getByName(name);
  }
  async deleteExperiment(experimentId: string): Promise<void> {
    await this.queue.flush();
    return this.experiments.delete(experimentId);
  }
  async restoreExperiment(experimentId: string): Promise<void> {
    return this.experiments.restore(experimentId);
  }
  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    return this.experiments.rename(experimentId, newName);
  }
  async setExperimentTag(experimentId: string, tag: RunTag): Promise<void> {
    return this.experiments.setTag(experimentId, tag);
  }

  // ---- runs -----------------------------------------------------------------------------------

  async createRun(req: CreateRunRequest): Promise<Run> {
    return this.runs.create(req);
  }
  async getRun(runId: string): Promise<Run> {
    await this.flushRun(runId);
    return this.runs.get(runId);
  }
  async updateRunInfo(runId: string, status: RunStatus, endTime: number | null, runName?: string): Promise<RunInfo> {
    await this.flushRun(runId);
    const info = await this.runs.update(runId, status, endTime, runName);
    // After the status is sent: points that could not be sent never leave a run RUNNING.
    this.throwFailures(runId);
    return info;
  }
  async deleteRun(runId: string): Promise<void> {
    await this.flushRun(runId);
    await this.runs.delete(runId);
    this.deletedRuns.add(runId);
  }
  async restoreRun(runId: string): Promise<void> {
    await this.runs.restore(runId);
    this.deletedRuns.delete(runId);
  }
  async logBatch(runId: string, batch: { metrics?: MetricPoint[]; params?: Param[]; tags?: RunTag[] }): Promise<void> {
    return this.runs.logBatch(runId, batch);
  }
  async deleteTag(runId: string, key: string): Promise<void> {
    return this.runs.deleteTag(runId, key);
  }
  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    await this.flushRun(runId);
    return this.runs.metricHistory(runId, key);
  }
  async searchRuns(req: SearchRunsRequest): Promise<PagedList<Run>> {
    if (this.queue.size) await this.queue.flush();
    return this.runs.search(req);
  }

  // ---- MLflow 3: inputs, outputs, logged models -----------------------------------------------

  async logInputs(runId: string, datasets?: DatasetInput[], models?: LoggedModelInput[]): Promise<void> {
    return this.models.logInputs(runId, datasets, models);
  }
  async logOutputs(runId: string, models: LoggedModelOutput[]): Promise<void> {
    return this.models.logOutputs(runId, models);
  }
  async createLoggedModel(req: CreateLoggedModelRequest): Promise<LoggedModel> {
    return this.models.create(req);
  }
  async getLoggedModel(modelId: string, allowDeleted?: boolean): Promise<LoggedModel> {
    await this.flushAll();
    return this.models.get(modelId, allowDeleted);
  }
  async finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    return this.models.finalize(modelId, status);
  }
  async setLoggedModelTags(modelId: string, tags: RunTag[]): Promise<void> {
    return this.models.setTags(modelId, tags);
  }
  async deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    return this.models.deleteTag(modelId, key);
  }
  async logLoggedModelParams(modelId: string, params: Param[]): Promise<void> {
    return this.models.logParams(modelId, params);
  }
  async deleteLoggedModel(modelId: string): Promise<void> {
    return this.models.delete(modelId);
  }
  async searchLoggedModels(req: SearchLoggedModelsRequest): Promise<PagedList<LoggedModel>> {
    await this.flushAll();
    return this.models.search(req);
  }

  // ---- artifacts ------------------------------------------------------------------------------

  loggedModelArtifactRepository(model: LoggedModel): ArtifactRepository {
    return this.repositoryFor(model.artifactLocation);
  }
  artifactRepository(info: RunInfo): ArtifactRepository {
    return this.repositoryFor(info.artifactUri);
  }

  /** A server without --serve-artifacts hands out local paths: the client writes there itself, as MLflow's does. */
  private repositoryFor(uri: string): ArtifactRepository {
    return isLocalUri(uri) ? new LocalArtifactRepository(fileUriToPath(uri)) : new HttpArtifactRepository(this.http, uri);
  }

  // ---- buffered metrics -----------------------------------------------------------------------

  queueMetrics(runId: string, metrics: LinkedMetricPoint[], inputs?: MetricInputs): void {
    // The server's wording (SqlAlchemyStore._check_run_is_active).
    if (this.deletedRuns.has(runId)) throw new InvalidParameterError(`The run ${runId} must be in the 'active' state. Current state is deleted.`);
    if (inputs) this.linkedInputs.record(runId, inputs);
    this.queue.push(runId, metrics);
  }

  async flush(): Promise<void> {
    await this.queue.flush();
    this.throwFailures();
  }

  /**
   * Exit hooks cannot await: every queued point and the runs' endings are sent by one
   * synchronous child process (exit-sender.ts), within exitDeadlineMs. What it could not
   * send is reported on stderr by the exit flush, and the exit code becomes 1.
   */
  shutdownSync(endings: RunEnding[]): void {
    const exit = this.queue.takeForExit();
    const endingRequests = endings.map((e) => this.exitRequest("/api/2.0/mlflow/runs/update", { run_id: e.runId, status: e.status, end_time: e.endTime }));
    const results = this.sendExit(exit.batches, endingRequests);
    exit.settle(results.slice(0, exit.batches.length).map((r) => (r.ok ? undefined : r.error)));
    results.slice(exit.batches.length).forEach((r, i) => {
      if (!r.ok) process.stderr.write(`mlruns: could not end run ${endings[i]!.runId} on ${this.trackingUri}: ${r.error}\n`);
    });
  }

  private async sendBatch(runId: string, points: LinkedMetricPoint[]): Promise<void> {
    const sendable = await this.linkedInputs.before(runId, points);
    if (sendable.length) await this.runs.logBatch(runId, { metrics: sendable });
  }

  /**
   * The exit flush's requests: the linked inputs still unsent first (their points need them),
   * then the batches and `more`; returns the results of the batches and `more`.
   */
  private sendExit(batches: ExitBatch[], more: ExitRequest[]): ExitResult[] {
    const inputs = this.linkedInputs.takeUnsent();
    const inputRequests = inputs.map((i) => this.exitRequest("/api/2.0/mlflow/runs/log-inputs", logInputsBody(i.runId, i.datasets, i.models)));
    const results = this.sendSync([...inputRequests, ...batches.map((b) => this.batchRequest(b)), ...more]);
    results.slice(0, inputs.length).forEach((r, i) => {
      if (!r.ok) process.stderr.write(`mlruns: could not record the inputs of run ${inputs[i]!.runId}'s linked metrics on ${this.trackingUri}: ${r.error}\n`);
    });
    return results.slice(inputs.length);
  }

  private batchRequest(b: ExitBatch): ExitRequest {
    return this.exitRequest("/api/2.0/mlflow/runs/log-batch", { run_id: b.runId, metrics: b.points.map(metricToJson), params: [], tags: [] });
  }

  private exitRequest(path: string, body: unknown): ExitRequest {
    return { method: "POST", ...this.http.prepare(jsonRequest("POST", path, body)) };
  }

  private sendSync(requests: ExitRequest[]) {
    return sendBeforeExit(requests, this.http, this.exitDeadlineMs);
  }

  private async flushRun(runId: string): Promise<void> {
    if (this.queue.hasPending(runId)) await this.queue.flush();
  }

  private async flushAll(): Promise<void> {
    if (this.queue.size) await this.queue.flush();
  }

  /** Throws why points are unsent, if they are: of this run, or of any. */
  private throwFailures(runId?: string): void {
    const failures = [...this.linkedInputs.takeRefusals(runId), ...this.queue.takeFailures(runId)];
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      throw new MlflowError(`Metric points of ${failures.length} runs were not sent:\n${failures.map((f) => `- ${f.message}`).join("\n")}`, failures[0]!.errorCode, { cause: failures[0] });
    }
  }
}

/**
 * http://user:pass@host is how some users write basic auth; fetch refuses credentials in a
 * URL, so they become MLFLOW_TRACKING_USERNAME/PASSWORD for this store.
 */
function splitCredentials(uri: string): { baseUri: string; username?: string; password?: string } {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new InvalidParameterError(`Tracking URI '${uri}' is not a valid http(s) URL: write it as http://host:port (e.g. http://127.0.0.1:5000).`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidParameterError(`Tracking URI '${uri}' is not http(s).`);
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return { baseUri: url.toString().replace(/\/+$/, ""), username, password };
}
