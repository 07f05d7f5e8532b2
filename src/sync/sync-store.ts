/**
 * syncStore: copies one tracking store into another, incrementally, safely interrupted and
 * repeated. The order of work is what makes it safe: experiments, then runs (created parents
 * first, so mlflow.parentRunId can be rewritten), then logged models (they name their source
 * run), then each run's params, tags, inputs, points and artifacts, and its status last.
 * Design and guarantees: docs/sync.md.
 */
import { InvalidParameterError, MlflowError } from "../errors.js";
import { openStore } from "../store/registry.js";
import { fileUriToPath, isLocalUri, normalizeTrackingUri } from "../util/file-uri.js";
import type { TrackingStore } from "../store/tracking-store.js";
import { DRY_RUN_ID, type SyncContext } from "./context.js";
import { copyArtifacts } from "./copy-artifacts.js";
import { ensureTargetExperiment } from "./copy-experiment.js";
import { copyInputs } from "./copy-inputs.js";
import { copyMetrics } from "./copy-metrics.js";
import { copyModels } from "./copy-models.js";
import { copyParamsAndTags, copyRunInfo, prepareRuns, type RunJob } from "./copy-runs.js";
import { Ledger, ledgerPath } from "./ledger.js";
import { listExperiments, listRuns } from "./plan.js";
import { emptySummary, type SyncProgress, type SyncSummary } from "./summary.js";
import { acquireSyncLock } from "./sync-lock.js";

export interface SyncOptions {
  /** A store, or a tracking URI / folder to open one. */
  from: TrackingStore | string;
  to: TrackingStore | string;
  /** Experiment names (or ids) to sync; all active experiments by default. */
  experiments?: readonly string[];
  /** Count what would be sent, send nothing, record nothing. */
  dryRun?: boolean;
  onProgress?: (progress: SyncProgress) => void;
  /** Runs sent at once (default 4): the target works on several requests while one is in flight. */
  concurrency?: number;
  /** Metric points per request (default and ceiling 1000, MLflow's MAX_METRICS_PER_BATCH). */
  batchSize?: number;
  /** How long to wait for another sync of the same store to the same target (default 0: fail at once). */
  lockWaitMs?: number;
  /** The journal file; by default `.mlruns-sync-<hash of the target URI>.journal` in a file store's root. */
  ledgerFile?: string;
}

const MAX_BATCH = 1000;

function defaultLedgerFile(from: TrackingStore, targetUri: string): string {
  if (!isLocalUri(from.trackingUri)) {
    throw new InvalidParameterError(`Syncing from ${from.trackingUri} needs a ledgerFile: the journal is kept in a local store's folder by default.`);
  }
  return ledgerPath(fileUriToPath(from.trackingUri), targetUri);
}

/** The URI a store is known by: normalizeTrackingUri's, and a server's without its trailing slashes. */
function storeKey(uri: string): string {
  const normal = normalizeTrackingUri(uri);
  return /^https?:/i.test(normal) ? normal.replace(/\/+$/, "") : normal;
}

/** Errors that concern one run or model (bad or conflicting data): reported, and the rest goes on. */
function isItemError(err: unknown): boolean {
  return err instanceof MlflowError && ["INVALID_PARAMETER_VALUE", "RESOURCE_DOES_NOT_EXIST", "INVALID_STATE", "RESOURCE_ALREADY_EXISTS"].includes(err.errorCode);
}

/** Thrown by a send after the sync stopped: the error that stopped it is the one reported. */
class SyncStopped extends Error {}

/**
 * Runs `work` on every item, `size` at a time. The first error that escapes `work` stops the
 * pool: `stop.error` is set (each send checks it, each worker before taking an item), and the
 * error is thrown only once every worker has settled, so nothing is sent after the journal is
 * closed and the lock released.
 */
async function pool<T>(items: readonly T[], size: number, stop: { error?: unknown }, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && stop.error === undefined) {
      try {
        await work(items[next++]!);
      } catch (err) {
        if (stop.error === undefined && !(err instanceof SyncStopped)) stop.error = err;
      }
    }
  };
  await Promise.allSettled(Array.from({ length: Math.min(size, items.length) }, worker));
  if (stop.error !== undefined) throw stop.error;
}

async function syncRun(ctx: SyncContext, job: RunJob): Promise<void> {
  const id = job.source.info.runId;
  await copyParamsAndTags(ctx, job);
  await copyInputs(ctx, job);
  await copyMetrics(ctx, job);
  const sent = await copyArtifacts(ctx, {
    source: ctx.from.artifactRepository(job.source.info),
    target: async () => ctx.to.artifactRepository((await ctx.to.getRun(job.entry.target)).info),
    marks: job.entry.artifacts,
    reconcile: job.reconcile,
    beforeSend: () => ctx.beforeSend(id),
    record: (path, mark) => ctx.ledger.record({ k: "artifact", id, path, mark }),
  });
  job.changed ||= sent;
  await copyRunInfo(ctx, job);
}

export async function syncStore(options: SyncOptions): Promise<SyncSummary> {
  const started = Date.now();
  const open = (store: TrackingStore | string) => (typeof store === "string" ? openStore(store) : store);
  const from = open(options.from);
  const to = open(options.to);
  const targetUri = storeKey(to.trackingUri);
  if (storeKey(from.trackingUri) === targetUri) throw new InvalidParameterError(`Cannot sync ${targetUri} into itself: give another target.`);
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? MAX_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) {
    throw new InvalidParameterError(`batchSize must be an integer from 1 to ${MAX_BATCH} (MLflow's limit of metrics per log-batch request), got ${batchSize}.`);
  }
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidParameterError(`concurrency must be a positive integer, got ${concurrency}.`);

  const summary = emptySummary(from.trackingUri, targetUri, dryRun);
  const progress: SyncProgress = { runsTotal: 0, runsDone: 0, summary };
  const tick = () => options.onProgress?.(progress);
  const file = options.ledgerFile ?? defaultLedgerFile(from, targetUri);
  const lock = dryRun
    ? undefined
    : await acquireSyncLock(file.replace(/\.journal$/, "") + ".owner", targetUri, options.lockWaitMs ?? 0, (who) => {
        progress.waitingFor = who;
        tick();
      });
  progress.waitingFor = undefined;
  const ledger = Ledger.load(file, targetUri);
  const stop: { error?: unknown } = {};
  const beforeSend = (id: string, model?: boolean) => {
    if (stop.error !== undefined) throw new SyncStopped("the sync stopped on another run's error");
    ledger.touch(id, model);
  };
  const ctx: SyncContext = { from, to, ledger, summary, dryRun, batchSize, tick, beforeSend };
  try {
    if (!dryRun) ledger.begin();
    const plans = [];
    for (const experiment of await listExperiments(from, options.experiments)) {
      const runs = await listRuns(from, experiment.experimentId);
      plans.push({ experiment, runs });
      progress.runsTotal += runs.length;
    }
    tick();
    for (const { experiment, runs } of plans) {
      const target = await ensureTargetExperiment(ctx, experiment);
      if (!target) {
        progress.runsDone += runs.length;
        continue;
      }
      const jobs = await prepareRuns(ctx, runs, target);
      await copyModels(ctx, experiment.experimentId, target);
      await pool(jobs, concurrency, stop, async (job) => {
        const created = job.changed;
        try {
          await syncRun(ctx, job);
          ledger.settle(job.source.info.runId);
        } catch (err) {
          if (!isItemError(err)) throw err;
          summary.skipped.push({ what: `run ${job.source.info.runId}${job.entry.target !== DRY_RUN_ID ? ` (target ${job.entry.target})` : ""}`, reason: (err as Error).message });
        }
        if (!created) {
          if (job.changed) summary.runsUpdated++;
          else summary.runsUnchanged++;
        }
        progress.runsDone++;
        tick();
      });
    }
    summary.durationMs = Date.now() - started;
    ledger.end();
    return summary;
  } catch (err) {
    ledger.close();
    throw err;
  } finally {
    lock?.release();
  }
}
