/**
 * What every part of one FileStore shares: its layout, the remembered locations of runs and
 * models, the search cache and the metric writer. The verbs live in their own modules
 * (experiments.ts, runs.ts, …) as functions of this context; FileStore only delegates.
 */
import fs from "node:fs";
import path from "node:path";
import { InvalidParameterError, ResourceNotFoundError, StoreIOError } from "../../errors.js";
import { fileUriToPath, pathToFileUri } from "../../util/file-uri.js";
import { validateRunId } from "../../validation/names.js";
import { warn } from "./damage.js";
import { writeNewExperiment } from "./experiments.js";
import { DEFAULT_EXPERIMENT_ID, Locations, MODELS_FOLDER, StoreLayout, type Located } from "./layout.js";
import { isDir } from "../../util/fs/folders.js";
import { validateModelId } from "./run-inputs.js";
import { MetricKeys } from "./metric-keys.js";
import { MetricWriter, type MetricFileOwner } from "./metric-writer.js";
import { RunCache, defaultRunCacheDir, runCacheEnabled } from "./run-cache.js";
import { withStoreLockSync } from "./store-lock.js";
import { tornBackupPath } from "./torn-tail.js";

export interface FileStoreOptions {
  /** How long metric points may sit in memory before they are appended (ms). */
  flushIntervalMs?: number;
  /**
   * Where search keeps what it read from run folders between processes (see run-cache.ts).
   * Default: $MLRUNS_CACHE_DIR, else ~/.cache/mlruns/runs; null keeps it in memory only.
   * MLRUNS_CACHE_DIR=off turns the cache off altogether.
   */
  cacheDir?: string | null;
}

export const DEFAULT_FLUSH_INTERVAL_MS = 1000;

export class StoreContext {
  readonly rootDir: string;
  readonly layout: StoreLayout;
  readonly artifactRootUri: string;
  readonly metricWriter: MetricWriter;
  /** Search reads every run; this keeps it from re-reading files that did not change. */
  readonly runCache: RunCache;
  readonly runs: Locations;
  readonly models: Locations;
  readonly metricKeys = new MetricKeys(() => this.flushAll());
  /** Runs this process created, restored or queued points for while active: the hot path reads no meta.yaml. */
  readonly activeRuns = new Set<string>();
  /** Inputs already recorded for linked metrics, so each is written (and checked) once per process. */
  readonly linkedInputs = new Set<string>();
  private initialized = false;

  constructor(
    readonly trackingUri: string,
    options: FileStoreOptions = {},
  ) {
    this.rootDir = fileUriToPath(trackingUri);
    this.layout = new StoreLayout(this.rootDir, { onUnreadable: (dir, err) => warn(`Unreadable folder skipped: ${dir}: ${err.message}`) });
    this.artifactRootUri = pathToFileUri(this.rootDir);
    this.metricWriter = new MetricWriter(options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS, undefined, (file) => this.metricFileOwner(file));
    this.runCache = new RunCache(options.cacheDir === undefined ? defaultRunCacheDir() : (options.cacheDir ?? undefined), runCacheEnabled());
    // A run is a folder with meta.yaml, as search lists it. MLflow's _is_valid_run_directory
    // also wants metrics/, params/ and artifacts/, but git drops them when empty; a missing
    // one means "none". What that check guards against, a meta.yaml planted in an artifacts
    // folder, cannot be reached: runDir is always <experiment>/<run id>.
    this.runs = new Locations(this.layout, (expDir, runId) => path.join(expDir, runId), (dir) => fs.existsSync(path.join(dir, "meta.yaml")));
    this.models = new Locations(this.layout, (expDir, modelId) => path.join(expDir, MODELS_FOLDER, modelId), isDir);
  }

  /** Like FileStore.__init__, but on first use: opening a store to read it should not create it. */
  ensureStore(): void {
    if (this.initialized) return;
    if (fs.existsSync(this.rootDir) && !fs.statSync(this.rootDir).isDirectory()) {
      throw new InvalidParameterError(`Tracking URI '${this.trackingUri}' points at a file, not a folder.`);
    }
    if (!fs.existsSync(this.rootDir)) {
      // As FileStore.__init__: a new store starts with the Default experiment. Several
      // processes may open the same new store at once; the lock lets one of them create it.
      fs.mkdirSync(this.rootDir, { recursive: true });
      withStoreLockSync(this.rootDir, "experiments", () => {
        if (!fs.existsSync(path.join(this.rootDir, DEFAULT_EXPERIMENT_ID))) {
          writeNewExperiment(this, DEFAULT_EXPERIMENT_ID, "Default", undefined, []);
        }
      });
    }
    fs.mkdirSync(this.layout.trashDir, { recursive: true });
    this.initialized = true;
  }

  /** _find_run_root, remembered. */
  locateRun(runId: string): { experimentId: string; runDir: string } {
    validateRunId(runId);
    this.ensureStore();
    const found = this.runs.locate(runId);
    if (!found) throw new ResourceNotFoundError(`Run '${runId}' not found`);
    return { experimentId: found.experimentId, runDir: found.dir };
  }

  /** The hot path's location: a cached one is trusted without a stat(). */
  runDirFast(runId: string): string {
    return this.runs.cached(runId)?.dir ?? this.locateRun(runId).runDir;
  }

  /** FileStore._find_model_root: the model's folder in any experiment, active or deleted. */
  locateModel(modelId: string): Located {
    validateModelId(modelId);
    this.ensureStore();
    const found = this.models.locate(modelId);
    if (!found) throw new ResourceNotFoundError(`Model '${modelId}' not found`);
    return found;
  }

  /**
   * Where a torn last line cut from a metric file is kept: `.<key>.torn` in the run's (or the
   * logged model's) folder, beside meta.yaml, as `mlruns doctor --fix` keeps it.
   */
  private metricFileOwner(metricFile: string): MetricFileOwner {
    const parts = path.relative(this.rootDir, metricFile).split(path.sep);
    const at = parts.indexOf("metrics"); // after <experiment>/<run> or <experiment>/models/<model>
    const key = parts.slice(at + 1).join("/");
    const ownerDir = path.join(this.rootDir, ...parts.slice(0, at));
    const ofModel = parts[at - 2] === MODELS_FOLDER;
    return {
      tornBackup: tornBackupPath(ownerDir, key),
      // MLflow makes a model's metrics folder where the logging run's experiment is.
      mustExist: ofModel ? path.dirname(path.dirname(ownerDir)) : ownerDir,
      label: `metric '${key}' of ${ofModel ? "logged model" : "run"} ${parts[at - 1]}`,
    };
  }

  /** Throws why points are still unwritten, if they are: of these files, under this run folder, or anywhere. */
  throwWriteFailures(where?: string | string[]): void {
    const failures = this.metricWriter.failuresOf(where);
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      throw new StoreIOError(`${failures.length} metric files could not be written:\n${failures.map((f) => `- ${f.message}`).join("\n")}`, failures[0]!.path, failures[0]);
    }
  }

  /** Writes the run's pending points before it is read. */
  flushRun(runId: string): void {
    const loc = this.runs.cached(runId);
    if (!loc || this.metricWriter.hasPendingUnder(loc.dir)) this.flushAll();
  }

  flushAll(): void {
    if (this.metricWriter.size) this.metricWriter.flushSync();
  }
}
