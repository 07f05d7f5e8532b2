import type { Experiment, FileInfo, Int64, Metric, Run, RunStatus, ViewType } from "../entities.js";
import { InvalidParameterError, MlflowError, ResourceAlreadyExistsError } from "../errors.js";
import { openStore } from "../store/registry.js";
import type { TrackingStore } from "../store/tracking-store.js";
import { overallMaxResults } from "../validation/max-results.js";
import { validateMetric } from "../validation/values.js";
import type { ArtifactGlobs } from "../artifacts/artifact-globs.js";
import { checkStatus, MlflowClient, type TagInput } from "./client.js";
import { installExitHooks } from "./exit-hooks.js";
import { activeRunOrUndefined, popRun, pushRun, runInChildContext, type ActiveRun } from "./run-context.js";
import { runsToRows, type RunRow } from "./run-rows.js";
import { searchAllPages } from "./search-pages.js";
import { defaultRunTags } from "../tracking-context/system-tags.js";
import { getTrackingUri } from "./tracking-uri.js";
import { mayLink, queueLinkedMetrics, type MetricLinkOptions } from "./metric-links.js";
import { resolveSystemMetrics, startSystemMetrics, stopSystemMetrics } from "../system-metrics/index.js";

export type { ActiveRun } from "./run-context.js";

/** set_experiment's choice, remembered per store: an id from one store means nothing in another. */
let activeExperiment: { trackingUri: string; experimentId: string } | undefined;
let lastRunId: string | undefined;

function client(): MlflowClient {
  return new MlflowClient(getTrackingUri());
}

function store(): TrackingStore {
  return openStore(getTrackingUri());
}

// ---- experiments ------------------------------------------------------------------------------

export function createExperiment(name: string, options: { artifactLocation?: string; tags?: TagInput } = {}): Promise<string> {
  return client().createExperiment(name, options.artifactLocation, options.tags);
}

/**
 * mlflow.set_experiment: make an experiment active, creating it when the name is new.
 * With no argument, MLFLOW_EXPERIMENT_NAME or MLFLOW_EXPERIMENT_ID names it.
 */
export async function setExperiment(
  nameOrOptions?: string | { experimentName?: string; experimentId?: string },
): Promise<Experiment> {
  const opts = typeof nameOrOptions === "string" ? { experimentName: nameOrOptions } : (nameOrOptions ?? {});
  const name = opts.experimentName ?? (opts.experimentId ? undefined : process.env.MLFLOW_EXPERIMENT_NAME);
  const id = opts.experimentId ?? (name ? undefined : process.env.MLFLOW_EXPERIMENT_ID);
  if ((name && id) || (!name && !id)) {
    throw new InvalidParameterError("Must specify exactly one of: `experimentId` or `experimentName`.");
  }
  const c = client();
  let exp: Experiment | null;
  if (id) {
    exp = await c.getExperiment(id);
  } else {
    exp = await c.getExperimentByName(name!);
    if (!exp) {
      try {
        exp = await c.getExperiment(await c.createExperiment(name!));
      } catch (err) {
        // Another process created it between our look-up and our create: use theirs.
        if (!(err instanceof ResourceAlreadyExistsError)) throw err;
        exp = await c.getExperimentByName(name!);
        if (!exp) throw err;
      }
    }
  }
  if (exp.lifecycleStage !== "active") {
    throw new MlflowError(
      `Cannot set a deleted experiment '${exp.name}' as the active experiment. You can restore the experiment, or permanently delete the experiment to create a new one.`,
      "INVALID_PARAMETER_VALUE",
    );
  }
  activeExperiment = { trackingUri: c.store.trackingUri, experimentId: exp.experimentId };
  // As MLflow does, so child processes inherit the experiment.
  process.env.MLFLOW_EXPERIMENT_ID = exp.experimentId;
  return exp;
}

export function getExperiment(experimentId: string): Promise<Experiment> {
  return client().getExperiment(experimentId);
}
export function getExperimentByName(name: string): Promise<Experiment | null> {
  return client().getExperimentByName(name);
}
export function deleteExperiment(experimentId: string): Promise<void> {
  return client().deleteExperiment(experimentId);
}
export function restoreExperiment(experimentId: string): Promise<void> {
  return client().restoreExperiment(experimentId);
}
export function renameExperiment(experimentId: string, newName: string): Promise<void> {
  return client().renameExperiment(experimentId, newName);
}
/** mlflow.set_experiment_tag: tags the active experiment. */
export async function setExperimentTag(key: string, value: unknown): Promise<void> {
  await client().setExperimentTag(await resolveExperimentId(), key, value);
}
export async function setExperimentTags(tags: TagInput): Promise<void> {
  const id = await resolveExperimentId();
  for (const [k, v] of Object.entries(tags)) await client().setExperimentTag(id, k, v);
}

/**
 * The experiment a logged model goes to when neither a run nor an id says (fluent._create_logged_model):
 * the active experiment, else the source run's.
 */
export async function getExperimentIdForModels(sourceRunId: string | null): Promise<string> {
  if (activeExperiment && activeExperiment.trackingUri === store().trackingUri) return activeExperiment.experimentId;
  if (process.env.MLFLOW_EXPERIMENT_NAME || process.env.MLFLOW_EXPERIMENT_ID) return resolveExperimentId();
  if (sourceRunId) return (await client().getRun(sourceRunId)).info.experimentId;
  return "0";
}

/** fluent._get_experiment_id: the active experiment, else the environment, else Default ("0"). */
async function resolveExperimentId(): Promise<string> {
  if (activeExperiment && activeExperiment.trackingUri === store().trackingUri) return activeExperiment.experimentId;
  if (process.env.MLFLOW_EXPERIMENT_NAME || process.env.MLFLOW_EXPERIMENT_ID) {
    const exp = await setExperiment();
    return exp.experimentId;
  }
  return "0";
}

// ---- runs -------------------------------------------------------------------------------------

export interface StartRunOptions {
  runId?: string;
  experimentId?: string;
  runName?: string;
  nested?: boolean;
  parentRunId?: string;
  tags?: TagInput;
  description?: string;
  /** Log system/ metrics while the run is active; MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING decides when omitted. */
  logSystemMetrics?: boolean;
}

/** mlflow.start_run. Resumes when `runId` or MLFLOW_RUN_ID names an existing run. */
export async function startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
  installExitHooks();
  const current = activeRunOrUndefined();
  if (current && !options.nested) {
    throw new MlflowError(
      `Run with UUID ${current.info.runId} is already active. To start a new run, first end the current run with endRun(). To start a nested run, call startRun with nested: true, or use withRun.`,
      "INVALID_STATE",
    );
  }
  const systemMetrics = resolveSystemMetrics(options.logSystemMetrics);
  const c = client();
  const resumeId = options.runId ?? process.env.MLFLOW_RUN_ID;
  let run: Run;
  if (resumeId) {
    run = await c.getRun(resumeId);
    if (run.info.lifecycleStage === "deleted") {
      throw new MlflowError(`Cannot start run with ID ${resumeId} because it is in the deleted state.`, "INVALID_STATE");
    }
    if (options.experimentId && options.experimentId !== run.info.experimentId) {
      throw new InvalidParameterError(`Run ${resumeId} belongs to experiment ${run.info.experimentId}, not ${options.experimentId}.`);
    }
    if (run.info.status !== "RUNNING") await c.store.updateRunInfo(resumeId, "RUNNING", null);
    const tags = { ...(options.tags ?? {}) };
    if (options.description !== undefined) tags["mlflow.note.content"] = options.description;
    if (Object.keys(tags).length) await c.logBatch(resumeId, [], [], Object.entries(tags).map(([key, value]) => ({ key, value: value as string })));
    if (options.runName) await c.updateRun(resumeId, undefined, options.runName);
    run = await c.getRun(resumeId);
  } else {
    const parentRunId = options.parentRunId ?? (options.nested ? current?.info.runId : undefined);
    if (options.parentRunId && options.nested && current && current.info.runId !== options.parentRunId) {
      throw new InvalidParameterError(
        `Current run with UUID ${current.info.runId} does not match the specified parent_run_id ${options.parentRunId}. To start a new nested run under the parent run with UUID ${current.info.runId}, first end the current run with endRun().`,
      );
    }
    // resolve_tags: context tags first, the caller's tags override them.
    const tags: Record<string, unknown> = { ...defaultRunTags(), ...(options.tags ?? {}) };
    if (parentRunId) tags["mlflow.parentRunId"] = parentRunId;
    if (options.description !== undefined) tags["mlflow.note.content"] = options.description;
    const experimentId = options.experimentId ?? (await resolveExperimentId());
    run = await c.createRun(experimentId, Date.now(), tags, options.runName);
  }
  const active: ActiveRun = { ...run, store: c.store };
  pushRun(active);
  lastRunId = run.info.runId;
  await startSystemMetrics(c.store, run, systemMetrics, Boolean(resumeId));
  return active;
}

/** mlflow.end_run: ends the innermost active run of this async context. */
export async function endRun(status: RunStatus = "FINISHED"): Promise<void> {
  const run = activeRunOrUndefined();
  if (!run) return;
  checkStatus(status);
  // Before the status is written, so the monitor's last points are flushed with the run's.
  stopSystemMetrics(run.info.runId);
  try {
    // updateRunInfo writes the run's pending points first, and reports those it could not
    // write after the status is set, so the run never stays RUNNING.
    await run.store.updateRunInfo(run.info.runId, status, Date.now());
  } finally {
    popRun(run.info.runId);
    lastRunId = run.info.runId;
  }
}

/**
 * `with mlflow.start_run() as run:` for Node. The run is FINISHED when `fn` resolves and
 * FAILED when it throws (the error is rethrown). Each call has its own async context, so
 * runs started by concurrent withRun calls never see each other.
 */
export function withRun<T>(options: StartRunOptions, fn: (run: ActiveRun) => Promise<T> | T): Promise<T>;
export function withRun<T>(fn: (run: ActiveRun) => Promise<T> | T): Promise<T>;
export function withRun<T>(
  optionsOrFn: StartRunOptions | ((run: ActiveRun) => Promise<T> | T),
  maybeFn?: (run: ActiveRun) => Promise<T> | T,
): Promise<T> {
  const options = typeof optionsOrFn === "function" ? {} : optionsOrFn;
  const fn = typeof optionsOrFn === "function" ? optionsOrFn : maybeFn!;
  return runInChildContext(async () => {
    const run = await startRun(options);
    let result: T;
    try {
      result = await fn(run);
    } catch (err) {
      await endRun("FAILED");
      throw err;
    }
    await endRun("FINISHED");
    return result;
  });
}

export function activeRun(): ActiveRun | undefined {
  return activeRunOrUndefined();
}

/** The most recent run started or ended by this process (mlflow.last_active_run). */
export async function lastActiveRun(): Promise<Run | undefined> {
  const active = activeRunOrUndefined();
  const id = active?.info.runId ?? lastRunId;
  return id ? client().getRun(id) : undefined;
}

export function getRun(runId: string): Promise<Run> {
  return client().getRun(runId);
}
export function deleteRun(runId: string): Promise<void> {
  return client().deleteRun(runId);
}
export function restoreRun(runId: string): Promise<void> {
  return client().restoreRun(runId);
}
export function getMetricHistory(runId: string, key: string): Promise<Metric[]> {
  return client().getMetricHistory(runId, key);
}

// ---- logging to the active run -------------------------------------------------------------------

/** MLflow starts a run on first use when none is active; so do the awaited logging calls. */
async function runForLogging(): Promise<ActiveRun> {
  return activeRunOrUndefined() ?? (await startRun());
}

function runForMetrics(): ActiveRun {
  const run = activeRunOrUndefined();
  if (!run) {
    throw new MlflowError("No active run to log metrics to. Call startRun() or withRun() first.", "INVALID_STATE");
  }
  return run;
}

export async function logParam(key: string, value: unknown): Promise<unknown> {
  const run = await runForLogging();
  return new MlflowClient(run.store.trackingUri).logParam(run.info.runId, key, value);
}

export async function logParams(params: Record<string, unknown>): Promise<void> {
  const run = await runForLogging();
  const c = new MlflowClient(run.store.trackingUri);
  const entries = Object.entries(params).map(([key, value]) => ({ key, value: value as string }));
  await c.logBatch(run.info.runId, [], entries); // the client splits it as MLflow's does
}

export interface LogMetricOptions extends MetricLinkOptions {
  /** An int64: a safe integer, or a bigint past 2^53. */
  step?: Int64;
  /** Milliseconds since the epoch; an int64 as `step`. */
  timestamp?: Int64;
}

/**
 * Validates and queues; never awaits. See README "When is my data on disk". With `modelId`
 * and/or `dataset`, the point is linked to that logged model and dataset as in MLflow 3.
 */
export function logMetric(key: string, value: number, options: LogMetricOptions = {}): void {
  const run = runForMetrics();
  const metric = validateMetric({ key, value, timestamp: options.timestamp ?? Date.now(), step: options.step ?? 0 });
  if (options.modelId === undefined && options.dataset === undefined && !mayLink(run, metric.step)) {
    run.store.queueMetrics(run.info.runId, [metric]);
    return;
  }
  queueLinkedMetrics(run, [metric], options, false);
}

export function logMetrics(metrics: Record<string, number>, options: LogMetricOptions = {}): void {
  const run = runForMetrics();
  const timestamp = options.timestamp ?? Date.now();
  const step = options.step ?? 0;
  // Validate all before queueing any, so a bad value leaves nothing half-logged.
  const valid = Object.entries(metrics).map(([key, value]) => validateMetric({ key, value, timestamp, step }));
  // The validated step: a bigint within 2^53 is a number by now, as the model outputs' steps are.
  if (options.modelId === undefined && options.dataset === undefined && !mayLink(run, valid[0]?.step ?? step)) {
    run.store.queueMetrics(run.info.runId, valid);
    return;
  }
  queueLinkedMetrics(run, valid, options, true);
}

export async function setTag(key: string, value: unknown): Promise<void> {
  const run = await runForLogging();
  await new MlflowClient(run.store.trackingUri).setTag(run.info.runId, key, value);
}

export async function setTags(tags: TagInput): Promise<void> {
  const run = await runForLogging();
  const entries = Object.entries(tags).map(([key, value]) => ({ key, value: value as string }));
  const c = new MlflowClient(run.store.trackingUri);
  await c.logBatch(run.info.runId, [], [], entries);
}

export async function deleteTag(key: string): Promise<void> {
  const run = await runForLogging();
  await new MlflowClient(run.store.trackingUri).deleteTag(run.info.runId, key);
}

export async function logText(text: string, artifactFile: string): Promise<void> {
  const run = await runForLogging();
  await new MlflowClient(run.store.trackingUri).logText(run.info.runId, text, artifactFile);
}

export async function logDict(dictionary: unknown, artifactFile: string): Promise<void> {
  const run = await runForLogging();
  await new MlflowClient(run.store.trackingUri).logDict(run.info.runId, dictionary, artifactFile);
}

export async function logArtifact(localPath: string, artifactPath?: string): Promise<void> {
  const run = await runForLogging();
  await new MlflowClient(run.store.trackingUri).logArtifact(run.info.runId, localPath, artifactPath);
}

export async function logArtifacts(localDir: string, artifactPath?: string, options?: ArtifactGlobs): Promise<void> {
  const run = await runForLogging();
  await new MlflowClient(run.store).logArtifacts(run.info.runId, localDir, artifactPath, options);
}

export async function listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
  return client().listArtifacts(runId, path);
}

/** Make every queued metric point durable now. */
export async function flush(): Promise<void> {
  await store().flush();
  const run = activeRunOrUndefined();
  if (run && run.store !== store()) await run.store.flush();
}

// ---- search -----------------------------------------------------------------------------------

export interface SearchRunsOptions {
  experimentIds?: string[];
  experimentNames?: string[];
  filterString?: string;
  runViewType?: ViewType;
  /** A positive integer; 100,000 when omitted, every match when null. */
  maxResults?: number | null;
  orderBy?: string[];
}

/** mlflow.search_runs: every page up to maxResults, as Run objects or flat rows. */
export async function searchRuns(options: SearchRunsOptions & { outputFormat: "rows" }): Promise<RunRow[]>;
export async function searchRuns(options?: SearchRunsOptions & { outputFormat?: "list" }): Promise<Run[]>;
export async function searchRuns(options: SearchRunsOptions & { outputFormat?: "list" | "rows" } = {}): Promise<Run[] | RunRow[]> {
  const c = client();
  let ids = options.experimentIds ?? [];
  if (options.experimentNames?.length) {
    for (const name of options.experimentNames) {
      const exp = await c.getExperimentByName(name);
      if (exp) ids = [...ids, exp.experimentId];
    }
    if (!ids.length) return [];
  }
  if (!ids.length) ids = [await resolveExperimentId()];
  const runs = await searchAllPages(c, ids, options.filterString ?? "", options.runViewType ?? "ACTIVE_ONLY", overallMaxResults(options.maxResults), options.orderBy);
  return options.outputFormat === "rows" ? runsToRows(runs) : runs;
}
