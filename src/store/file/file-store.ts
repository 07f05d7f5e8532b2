import fs from "node:fs";
import path from "node:path";
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
} from "../../entities.js";
import {
  InvalidParameterError,
  InvalidStateError,
  MlflowError,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  StoreIOError,
} from "../../errors.js";
import { compareNatural, filterExperiments, filterRuns, paginate, parseStartOffset, searchReferences, sortExperiments, sortRuns, type SearchReferences } from "../../search/index.js";
import { fileUriToPath, pathToFileUri } from "../../util/file-uri.js";
import * as gc from "./gc.js";
import { PagedList } from "../paged-list.js";
import { modelArtifactDir, runArtifactDir } from "./artifact-location.js";
import { experimentsMaxResults, loggedModelsMaxResults, runsMaxResults } from "../../validation/max-results.js";
import { validateEntityKey, validateExperimentId, validateRunId } from "../../validation/names.js";
import { validateBatch, validateExperimentName, validateExperimentTag, validateMetric, validateParam, validateTag } from "../../validation/values.js";
import { LocalArtifactRepository } from "../../artifacts/local-artifact-repository.js";
import type { ArtifactRepository } from "../../artifacts/artifact-repository.js";
import type {
  KeyChooser,
  KeySelection,
  RunSelection,
  CreateLoggedModelRequest,
  CreateRunRequest,
  MetricInputs,
  RunEnding,
  SearchExperimentsRequest,
  SearchLoggedModelsRequest,
  SearchRunsRequest,
  TrackingStore,
} from "../tracking-store.js";
import { filterLoggedModels, sortLoggedModels } from "../../search/logged-model-search.js";
import { checkDatasetLink, formatModelMetricLine, formatRunMetricLine, parseRunMetricFile } from "./linked-metric-lines.js";
import {
  checkModelStatus,
  MODELS_FOLDER,
  newModelId,
  readModelDir,
  toLoggedModel,
  validateLoggedModelName,
  writeModelMeta,
  type ModelOnDisk,
} from "./logged-models.js";
import { INPUTS_FOLDER, OUTPUTS_FOLDER, checkDataset, readRunInputs, readRunOutputs, validateModelId, writeRunInputs, writeRunOutputs } from "./run-inputs.js";
import { tempPath, writeFileAtomicSync } from "./atomic-write.js";
import { generateRunName, newExperimentId, newRunId } from "./ids.js";
import { checkKeyPaths } from "./key-paths.js";
import { MetricKeys } from "./metric-keys.js";
import { readKeyedFiles } from "./key-files.js";
import { mergeSorted } from "../../util/merge-sorted.js";
import { RunCache, defaultRunCacheDir, runCacheEnabled, type KeyKind } from "./run-cache.js";
import { formatMetricLine, latestMetric, parseMetricFile } from "./metric-lines.js";
import { MetricWriter, type MetricFileOwner } from "./metric-writer.js";
import { tornBackupPath } from "./torn-tail.js";
import { withStoreLockSync } from "./store-lock.js";
import { translateFsErrors } from "./fs-errors.js";
import {
  experimentFromMeta,
  experimentToMeta,
  MissingMetaError,
  parseMetaYaml,
  readMetaYaml,
  runInfoFromMeta,
  runInfoToMeta,
  writeMetaYaml,
} from "./persisted-meta.js";

const TRASH = ".trash";
const DEFAULT_EXPERIMENT_ID = "0";
// FileStore.RESERVED_EXPERIMENT_FOLDERS: never run folders.
const RESERVED_EXPERIMENT_FOLDERS = new Set(["tags", "datasets", "traces", "models"]);
const RUN_NAME_TAG = "mlflow.runName";

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

interface RunLocation {
  experimentId: string;
  runDir: string;
}

function warn(message: string): void {
  process.emitWarning(message, { code: "MLRUNS_DAMAGED_STORE" });
}

/** MLflow's FileStore (mlflow/store/tracking/file_store.py), rebuilt on synchronous fs calls. */
export class FileStore implements TrackingStore {
  readonly trackingUri: string;
  readonly rootDir: string;
  private readonly trashDir: string;
  private readonly artifactRootUri: string;
  private readonly metricWriter: MetricWriter;
  private readonly runLocations = new Map<string, RunLocation>();
  private initialized = false;
  /** Search reads every run; this keeps it from re-reading files that did not change. */
  private readonly runCache: RunCache;
  private readonly modelLocations = new Map<string, { experimentId: string; modelDir: string }>();
  /** Inputs already recorded for linked metrics, so each is written (and checked) once per process. */
  private readonly linkedInputs = new Set<string>();

  constructor(rootUri: string, options: FileStoreOptions = {}) {
    this.trackingUri = rootUri;
    this.rootDir = fileUriToPath(rootUri);
    this.trashDir = path.join(this.rootDir, TRASH);
    this.artifactRootUri = pathToFileUri(this.rootDir);
    this.metricWriter = new MetricWriter(options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS, undefined, (file) => this.metricFileOwner(file));
    this.runCache = new RunCache(options.cacheDir === undefined ? defaultRunCacheDir() : (options.cacheDir ?? undefined), runCacheEnabled());
  }

  /** Like FileStore.__init__, but on first use: opening a store to read it should not create it. */
  private ensureStore(): void {
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
          this.writeNewExperiment(DEFAULT_EXPERIMENT_ID, "Default", undefined, []);
        }
      });
    }
    fs.mkdirSync(this.trashDir, { recursive: true });
    this.initialized = true;
  }

  // ---- experiments -------------------------------------------------------------------------

  private activeExperimentIds(): string[] {
    return subdirs(this.rootDir).filter((d) => d !== TRASH && d !== "models");
  }

  private deletedExperimentIds(): string[] {
    return subdirs(this.trashDir);
  }

  private experimentDir(experimentId: string, view: ViewType = "ALL"): string | undefined {
    const parents: string[] = [];
    if (view !== "DELETED_ONLY") parents.push(this.rootDir);
    if (view !== "ACTIVE_ONLY") parents.push(this.trashDir);
    for (const parent of parents) {
      const dir = path.join(parent, experimentId);
      if (isDir(dir)) return dir;
    }
    return undefined;
  }

  private readExperiment(experimentId: string, view: ViewType = "ALL"): Experiment | undefined {
    validateExperimentId(experimentId);
    const dir = this.experimentDir(experimentId, view);
    if (!dir) return undefined;
    const exp = experimentFromMeta(readMetaYaml(dir), readKeyedFiles(path.join(dir, "tags")));
    if (exp.experimentId !== experimentId) {
      warn(`Experiment ID mismatch in ${path.join(dir, "meta.yaml")}: recorded as '${exp.experimentId}'. Experiment ignored.`);
      return undefined;
    }
    return exp;
  }

  private listExperiments(view: ViewType): Experiment[] {
    this.ensureStore();
    const ids = [
      ...(view !== "DELETED_ONLY" ? this.activeExperimentIds() : []),
      ...(view !== "ACTIVE_ONLY" ? this.deletedExperimentIds() : []),
    ];
    const out: Experiment[] = [];
    for (const id of ids) {
      try {
        const exp = this.readExperiment(id, view);
        if (exp) out.push(exp);
      } catch (err) {
        if (err instanceof MissingMetaError || err instanceof MlflowError || isYamlError(err) || isAccessError(err)) {
          warn(`Malformed or unreadable experiment '${id}' skipped: ${(err as Error).message}`);
        } else throw err;
      }
    }
    return out;
  }

  private writeNewExperiment(experimentId: string, name: string, artifactLocation: string | undefined, tags: RunTag[]): void {
    const dir = path.join(this.rootDir, experimentId);
    fs.mkdirSync(dir);
    const now = Date.now();
    const exp: Experiment = {
      experimentId,
      name,
      artifactLocation: artifactLocation ? resolveLocalUri(artifactLocation) : `${this.artifactRootUri}/${experimentId}`,
      lifecycleStage: "active",
      tags: {},
      creationTime: now,
      lastUpdateTime: now,
    };
    writeMetaYaml(dir, experimentToMeta(exp, false));
    for (const tag of tags) writeKeyFile(path.join(dir, "tags"), tag.key, tag.value);
  }

  async searchExperiments(req: SearchExperimentsRequest = {}): Promise<PagedList<Experiment>> {
    const maxResults = experimentsMaxResults(req.maxResults);
    const filtered = filterExperiments(this.listExperiments(req.viewType ?? "ACTIVE_ONLY"), req.filterString);
    const sorted = sortExperiments(filtered, req.orderBy?.length ? req.orderBy : ["creation_time DESC", "experiment_id ASC"]);
    return paginate(sorted, req.pageToken, maxResults);
  }

  async createExperiment(name: string, artifactLocation?: string, tags: RunTag[] = []): Promise<string> {
    this.ensureStore();
    validateExperimentName(name);
    const validTags = tags.map((t) => validateExperimentTag(t.key, t.value));
    // MLflow checks the name, then creates: two processes can both pass the check. Here the
    // check and the create happen under one store lock, so exactly one of them wins.
    return withStoreLockSync(this.rootDir, "experiments", () => {
      this.assertNameFree(name);
      const id = newExperimentId();
      this.writeNewExperiment(id, name, artifactLocation, validTags);
      return id;
    });
  }

  private assertNameFree(name: string): void {
    const existing = this.listExperiments("ALL").find((e) => e.name === name);
    if (!existing) return;
    if (existing.lifecycleStage === "deleted") {
      throw new ResourceAlreadyExistsError(
        `Experiment '${name}' already exists in deleted state. You can restore the experiment, or permanently delete the experiment from the .trash folder (under tracking server's root folder) in order to use this experiment name again.`,
      );
    }
    throw new ResourceAlreadyExistsError(`Experiment '${name}' already exists.`);
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    this.ensureStore();
    const exp = this.readExperiment(validateExperimentId(experimentId));
    if (!exp) throw new ResourceNotFoundError(`Experiment '${experimentId}' does not exist.`);
    return exp;
  }

  async getExperimentByName(name: string): Promise<Experiment | null> {
    return this.listExperiments("ALL").find((e) => e.name === name) ?? null;
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    this.ensureStore();
    if (String(experimentId) === DEFAULT_EXPERIMENT_ID) {
      throw new InvalidParameterError(`Cannot delete the default experiment '${DEFAULT_EXPERIMENT_ID}'. This is an internally reserved experiment.`);
    }
    const dir = this.experimentDir(validateExperimentId(experimentId), "ACTIVE_ONLY");
    if (!dir) throw new ResourceNotFoundError(`Could not find experiment with ID ${experimentId}`);
    const exp = (await this.getExperiment(experimentId))!;
    // MLflow writes each point at its call: pending ones go to the experiment before it moves.
    this.flushAll();
    const now = Date.now();
    for (const [info] of this.listRunInfos(experimentId, "ACTIVE_ONLY")) {
      this.writeRunInfo({ ...info, lifecycleStage: "deleted" }, now);
    }
    writeMetaYaml(dir, experimentToMeta({ ...exp, lifecycleStage: "deleted", lastUpdateTime: now }, true));
    fs.renameSync(dir, path.join(this.trashDir, experimentId));
    this.runLocations.clear();
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    this.ensureStore();
    const dir = this.experimentDir(validateExperimentId(experimentId), "DELETED_ONLY");
    if (!dir) throw new ResourceNotFoundError(`Could not find deleted experiment with ID ${experimentId}`);
    if (this.experimentDir(experimentId, "ACTIVE_ONLY")) {
      throw new ResourceAlreadyExistsError(`Cannot restore experiment with ID ${experimentId}. An experiment with same ID already exists.`);
    }
    this.flushAll();
    const target = path.join(this.rootDir, experimentId);
    fs.renameSync(dir, target);
    this.runLocations.clear();
    const exp = (await this.getExperiment(experimentId))!;
    for (const [info] of this.listRunInfos(experimentId, "DELETED_ONLY")) {
      this.writeRunInfo({ ...info, lifecycleStage: "active" }, null);
    }
    writeMetaYaml(target, experimentToMeta({ ...exp, lifecycleStage: "active", lastUpdateTime: Date.now() }, true));
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    this.ensureStore();
    validateExperimentName(newName);
    const exp = await this.getExperiment(experimentId);
    this.flushAll();
    withStoreLockSync(this.rootDir, "experiments", () => {
      // MLflow checks the name before the stage: a taken name is RESOURCE_ALREADY_EXISTS either way.
      this.assertNameFree(newName);
      if (exp.lifecycleStage !== "active") {
        throw new InvalidStateError(`Cannot rename experiment in non-active lifecycle stage. Current stage: ${exp.lifecycleStage}`);
      }
      writeMetaYaml(this.experimentDir(experimentId)!, experimentToMeta({ ...exp, name: newName, lastUpdateTime: Date.now() }, true));
    });
  }

  async setExperimentTag(experimentId: string, tag: RunTag): Promise<void> {
    const valid = validateExperimentTag(tag.key, tag.value);
    const exp = await this.getExperiment(experimentId);
    if (exp.lifecycleStage !== "active") {
      throw new InvalidParameterError(`The experiment ${exp.experimentId} must be in the 'active' lifecycle_stage to set tags`);
    }
    const tagsDir = path.join(this.experimentDir(experimentId)!, "tags");
    checkKeyPaths("Tag", tagsDir, [valid], `experiment ${experimentId}`);
    writeKeyFile(tagsDir, valid.key, valid.value);
  }

  // ---- runs ---------------------------------------------------------------------------------

  /** _find_run_root, remembered: run folders only move when their experiment is (un)deleted. */
  private locateRun(runId: string): RunLocation {
    validateRunId(runId);
    this.ensureStore();
    const cached = this.runLocations.get(runId);
    if (cached && isDir(cached.runDir)) return cached;
    const parents = [
      ...this.activeExperimentIds().map((id) => [id, path.join(this.rootDir, id)]),
      ...this.deletedExperimentIds().map((id) => [id, path.join(this.trashDir, id)]),
    ];
    for (const [experimentId, expDir] of parents) {
      const runDir = path.join(expDir, runId);
      // A run is a folder with meta.yaml, as search lists it. MLflow's _is_valid_run_directory
      // also wants metrics/, params/ and artifacts/, but git drops them when empty; a missing
      // one means "none". What that check guards against, a meta.yaml planted in an artifacts
      // folder, cannot be reached: runDir is always <experiment>/<run id>.
      if (fs.existsSync(path.join(runDir, "meta.yaml"))) {
        const loc = { experimentId, runDir };
        this.runLocations.set(runId, loc);
        return loc;
      }
    }
    throw new ResourceNotFoundError(`Run '${runId}' not found`);
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

  private readRunInfo(runId: string): RunInfo {
    const { experimentId, runDir } = this.locateRun(runId);
    const info = this.runInfoFromDir(runDir);
    if (info.experimentId !== experimentId || info.runId !== runId) {
      throw new InvalidStateError(`Run '${runId}' metadata is in invalid state.`);
    }
    return info;
  }

  private runInfoFromDir(runDir: string): RunInfo {
    // Concatenated, not path.join'ed: runDir is already normal, and search does this per run.
    const file = runDir + path.sep + "meta.yaml";
    let info: RunInfo;
    try {
      info = this.runCache.info(runDir, (text) => runInfoFromMeta(parseMetaYaml(text, file)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new MissingMetaError(`Missing ${file}`);
      throw err;
    }
    // A copy: callers build updated infos from it, and the cached one must stay as on disk.
    return { ...info };
  }

  private writeRunInfo(info: RunInfo, deletedTime?: number | null): void {
    writeMetaYaml(this.locateRun(info.runId).runDir, runInfoToMeta(info, deletedTime));
    if (info.lifecycleStage === "active") this.activeRuns.add(info.runId);
    else this.activeRuns.delete(info.runId);
  }

  private activeRunInfo(runId: string): RunInfo {
    const info = this.readRunInfo(runId);
    if (info.lifecycleStage !== "active") {
      throw new InvalidParameterError(`The run ${runId} must be in the 'active' state. Current state is ${info.lifecycleStage}.`);
    }
    return info;
  }

  /** The experiment's runs in this view, each with its folder. */
  private listRunInfos(experimentId: string, view: ViewType): [RunInfo, string][] {
    const infos: [RunInfo, string][] = [];
    for (const runDir of this.runFolders(experimentId)) {
      const info = this.listedRunInfo(experimentId, runDir);
      if (info && inView(info, view)) infos.push([info, runDir]);
    }
    return infos;
  }

  private runFolders(experimentId: string): string[] {
    const folders = this.runFolderNames(experimentId);
    // Folder names from readdir: nothing to normalise, so concatenated rather than path.join'ed.
    return folders ? folders.names.map((name) => folders.expDir + path.sep + name) : [];
  }

  /** The experiment's run folders; the run cache forgets the others unless `retain` is false (the caller does it). */
  private runFolderNames(experimentId: string, retain = true): { expDir: string; names: string[] } | undefined {
    const expDir = this.experimentDir(experimentId);
    if (!expDir) return undefined;
    const names = subdirs(expDir);
    if (retain) this.runCache.retain(expDir, names);
    return { expDir, names: names.filter((name) => !RESERVED_EXPERIMENT_FOLDERS.has(name)) };
  }

  /** A listed run folder's info; undefined (with a warning) when it is not a readable run of this experiment. */
  private listedRunInfo(experimentId: string, runDir: string): RunInfo | undefined {
    let info: RunInfo;
    try {
      info = this.runInfoFromDir(runDir);
    } catch (err) {
      if (err instanceof MissingMetaError || isYamlError(err) || isAccessError(err)) {
        warn(`Malformed or unreadable run folder skipped: ${runDir}: ${(err as Error).message}`);
        return undefined;
      }
      throw err;
    }
    if (info.experimentId !== experimentId) {
      warn(`Wrong experiment ID (${info.experimentId}) recorded for run '${info.runId}' in ${runDir}. It should be ${experimentId}. Run ignored.`);
      return undefined;
    }
    this.runLocations.set(info.runId, { experimentId, runDir });
    return info;
  }

  /**
   * The first `count` runs in natural order (start_time descending, run_id), reading only as
   * many meta.yaml files as that takes: runs are walked in the order of their cached start_time
   * and run_id (which never change, see RunCache.cachedInOrder) and checked until `count` are
   * in the view. undefined when a checked run's order turns out to differ from its cached one,
   * or the cache is damaged: then only a full listing is exact.
   */
  private firstRunsInNaturalOrder(experimentIds: string[], view: ViewType, count: number): [RunInfo, string][] | undefined {
    type Candidate = { startTime: number | null; runId: string; runDir: string; experimentId: string; checked?: RunInfo } | undefined;
    const streams: Iterable<Candidate>[] = [];
    for (const experimentId of experimentIds) {
      const folders = this.runFolderNames(experimentId, false); // cachedInOrder forgets removed runs
      if (!folders) continue;
      const dir = (name: string) => folders.expDir + path.sep + name;
      const { runs, uncached } = this.runCache.cachedInOrder(folders.expDir, folders.names);
      const read: Candidate[] = [];
      for (const name of uncached) {
        const info = this.listedRunInfo(experimentId, dir(name));
        if (info) read.push({ startTime: info.startTime, runId: info.runId, runDir: dir(name), experimentId, checked: info });
      }
      read.sort(byCandidate);
      const cached = mapIterable(runs, (run): Candidate => run && { startTime: run[1][0], runId: run[1][1], runDir: dir(run[0]), experimentId });
      streams.push(cached, read);
    }
    const out: [RunInfo, string][] = [];
    for (const run of mergeSorted(streams, byCandidate)) {
      if (out.length === count) break;
      if (!run) return undefined;
      const info = run.checked ?? this.listedRunInfo(run.experimentId, run.runDir);
      if (!info) continue;
      if (info.startTime !== run.startTime || info.runId !== run.runId) return undefined;
      if (inView(info, view)) out.push([info, run.runDir]);
    }
    return out;
  }

  private readRun(info: RunInfo, runDir = this.locateRun(info.runId).runDir, select: ListedSelection = {}): Run {
    const has = (folder: string) => select.inputs !== false && this.runCache.hasSubfolder(runDir, folder);
    return {
      ...this.readRunData(info, runDir, select),
      inputs: has(INPUTS_FOLDER) ? readRunInputs(path.dirname(runDir), runDir, info.runId, warn) : { datasetInputs: [], modelInputs: [] },
      outputs: has(OUTPUTS_FOLDER) ? readRunOutputs(runDir, warn) : { modelOutputs: [] },
    };
  }

  /**
   * A run's info and the selected keys of its data. Search reads every run this way with only
   * the keys its filter and order-by name (enough to decide the page, at a fraction of the
   * reads), then reads the page's runs with what the caller selected (all, by default).
   */
  private readRunData(info: RunInfo, runDir: string, select: ListedSelection): Run {
    const all = (sel: ListedKeys | undefined): sel is "all" | undefined => sel === undefined || sel === "all";
    const keysOf = (kind: "metrics" | "tags", sel: ListedKeys | undefined) => (all(sel) ? this.runCache.keys(runDir, kind) : sel);
    // Built as entries, then Object.fromEntries: assigning obj["__proto__"] would drop a key
    // that MLflow allows.
    const metrics: [string, number][] = [];
    for (const key of keysOf("metrics", select.metrics)) {
      const latest = this.latestMetric(runDir, key);
      if (latest !== undefined) metrics.push([key, latest]);
    }
    const tags: [string, string][] = [];
    let runNameTag: string | undefined;
    for (const key of keysOf("tags", select.tags)) {
      const value = this.runCache.tag(runDir, key);
      if (value === undefined) continue;
      tags.push([key, value]);
      if (key === RUN_NAME_TAG) runNameTag = value;
    }
    let params: Record<string, string> = {};
    if (all(select.params)) params = this.runCache.params(runDir);
    else if (select.params.length) {
      const stored = this.runCache.params(runDir);
      params = Object.fromEntries(select.params.filter((key) => Object.hasOwn(stored, key)).map((key) => [key, stored[key]!]));
    }
    // _get_run_from_info: an empty or missing run_name is taken from the tag when that has one.
    const runName = info.runName || (runNameTag ?? this.runCache.tag(runDir, RUN_NAME_TAG)) || info.runName;
    const data = { metrics: Object.fromEntries(metrics), params, tags: Object.fromEntries(tags) };
    return { info: { ...info, runName }, data };
  }

  /** A run's keys of one kind; none when its folder became unreadable (its read will say so). */
  private keysOrNone(runDir: string, kind: KeyKind): string[] {
    try {
      return this.runCache.keys(runDir, kind);
    } catch (err) {
      if (err instanceof MlflowError) throw err;
      return [];
    }
  }

  private latestMetric(runDir: string, key: string): number | undefined {
    return this.runCache.latestMetric(runDir, key, (text, file) => {
      const points = parseMetricFile(key, text, tornLineWarning(file));
      return points.length ? latestMetric(points).value : undefined;
    });
  }

  async createRun(req: CreateRunRequest): Promise<Run> {
    this.ensureStore();
    const experimentId = req.experimentId ?? DEFAULT_EXPERIMENT_ID;
    const exp = await this.getExperiment(experimentId);
    if (exp.lifecycleStage !== "active") {
      throw new InvalidStateError(`Could not create run under non-active experiment with ID ${experimentId}.`);
    }
    const tags = req.tags.map((t) => validateTag(t.key, t.value));
    const tagName = tags.find((t) => t.key === RUN_NAME_TAG)?.value;
    if (req.runName && tagName && req.runName !== tagName) {
      throw new InvalidParameterError(
        `Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${req.runName}', mlflow.runName='${tagName}').`,
      );
    }
    const runName = req.runName || tagName || generateRunName();
    if (!tagName) tags.push({ key: RUN_NAME_TAG, value: runName });
    const runId = newRunId();
    const runDir = path.join(this.experimentDir(experimentId)!, runId);
    checkKeyPaths("Tag", path.join(runDir, "tags"), tags, `run ${runId}`);
    const info: RunInfo = {
      runId,
      runName,
      experimentId,
      userId: req.userId,
      status: "RUNNING",
      startTime: req.startTime,
      endTime: null,
      artifactUri: `${exp.artifactLocation}/${runId}/artifacts`,
      lifecycleStage: "active",
    };
    fs.mkdirSync(runDir);
    // Tags and folders first, meta.yaml last: a run folder without meta.yaml is skipped by
    // readers, so a crash here never leaves a half-made run that looks whole; a failure
    // (a file name too long for the disk, say) removes what was made.
    try {
      for (const sub of ["metrics", "params", "artifacts", "tags"]) fs.mkdirSync(path.join(runDir, sub));
      for (const tag of tags) writeKeyFile(path.join(runDir, "tags"), tag.key, tag.value);
      writeMetaYaml(runDir, runInfoToMeta(info));
    } catch (err) {
      fs.rmSync(runDir, { recursive: true, force: true });
      throw err;
    }
    this.runLocations.set(runId, { experimentId, runDir });
    this.activeRuns.add(runId);
    return this.readRun(info);
  }

  async getRun(runId: string): Promise<Run> {
    this.flushRun(runId);
    return this.readRun(this.readRunInfo(runId));
  }

  async updateRunInfo(runId: string, status: RunStatus, endTime: number | null, runName?: string): Promise<RunInfo> {
    this.flushRun(runId);
    const info = this.activeRunInfo(runId);
    const updated: RunInfo = { ...info, status, endTime, runName: runName || info.runName };
    if (runName) writeKeyFile(path.join(this.locateRun(runId).runDir, "tags"), RUN_NAME_TAG, runName);
    this.writeRunInfo(updated);
    // After the status is written: points that could not be written never leave a run RUNNING.
    this.throwWriteFailures(this.locateRun(runId).runDir);
    return updated;
  }

  async deleteRun(runId: string): Promise<void> {
    this.flushRun(runId);
    const info = this.readRunInfo(runId);
    this.writeRunInfo({ ...info, lifecycleStage: "deleted" }, Date.now());
  }

  async restoreRun(runId: string): Promise<void> {
    this.flushRun(runId);
    const info = this.readRunInfo(runId);
    this.writeRunInfo({ ...info, lifecycleStage: "active" }, null);
  }

  async logBatch(runId: string, batch: { metrics?: MetricPoint[]; params?: Param[]; tags?: RunTag[] }): Promise<void> {
    validateRunId(runId);
    const metrics = (batch.metrics ?? []).map((m, i) => withLinks(validateMetric(m, `metrics[${i}]`), m));
    const params = (batch.params ?? []).map((p, i) => validateParam(p.key, p.value, `params[${i}]`));
    const tags = (batch.tags ?? []).map((t, i) => validateTag(t.key, t.value, `tags[${i}]`));
    validateBatch(metrics, params, tags);
    this.activeRunInfo(runId);
    const { runDir } = this.locateRun(runId);
    // Every key is checked before anything is written, so a refused batch leaves no trace.
    checkKeyPaths("Param", path.join(runDir, "params"), params, `run ${runId}`);
    checkKeyPaths("Tag", path.join(runDir, "tags"), tags, `run ${runId}`);
    const run = this.metricKeys.draft(runId, runDir, metrics.map((m) => m.key));
    const models = metrics.map((m) => (m.modelId == null ? undefined : this.modelMetricFile(runId, runDir, m.modelId, m.key)));
    run.commit();
    for (const p of params) this.writeParam(runDir, runId, p);
    if (metrics.length) {
      metrics.forEach((m, i) => {
        this.metricWriter.append(run.files[i]!, formatRunMetricLine(m));
        if (models[i]) this.metricWriter.append(models[i], formatModelMetricLine(m, runId));
      });
      this.metricWriter.flushSync();
      // This batch's points only: an older point's failure is for flush() and the run's end.
      this.throwWriteFailures([...run.files, ...models.filter((f) => f !== undefined)]);
    }
    for (const t of tags) {
      // FileStore.update_run_info(run_name=""): an empty name keeps the old one (the tag is still written).
      if (t.key === RUN_NAME_TAG && t.value) this.writeRunInfo({ ...this.readRunInfo(runId), runName: t.value });
      writeKeyFile(path.join(runDir, "tags"), t.key, t.value);
    }
  }

  /**
   * Params are immutable. The value goes to a temp file that is then hard-linked into place:
   * link() fails if the param exists, so two processes racing with different values get one
   * value and one error, and no reader ever sees a half-written file.
   */
  private writeParam(runDir: string, runId: string, param: Param): void {
    const target = path.join(runDir, "params", param.key);
    if (param.key.includes("/")) fs.mkdirSync(path.dirname(target), { recursive: true });
    // In the run folder, not params/: a temp file left by a crash must never read as a param.
    const tmp = tempPath(runDir, `param-${param.key}`);
    fs.writeFileSync(tmp, param.value);
    try {
      fs.linkSync(tmp, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const current = fs.readFileSync(target, "utf8");
      if (current !== param.value) {
        throw new InvalidParameterError(
          `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${current}' for run ID='${runId}'. Attempted logging new value '${param.value}'.`,
        );
      }
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    this.activeRunInfo(runId);
    validateEntityKey("Tag", key);
    const file = path.join(this.locateRun(runId).runDir, "tags", key);
    if (!fs.existsSync(file)) throw new ResourceNotFoundError(`No tag with name: ${key} in run with id ${runId}`);
    fs.rmSync(file);
  }

  async getMetricHistory(runId: string, key: string): Promise<Metric[]> {
    validateEntityKey("Metric", key, "name");
    this.flushRun(runId);
    const file = path.join(this.locateRun(runId).runDir, "metrics", key);
    if (!fs.existsSync(file)) return [];
    return parseRunMetricFile(key, fs.readFileSync(file, "utf8"), tornLineWarning(file));
  }

  async searchRuns(req: SearchRunsRequest): Promise<PagedList<Run>> {
    const maxResults = runsMaxResults(req.maxResults);
    this.flushAll();
    this.ensureStore();
    // Two passes: decide the page from the keys the query names, then read the page's runs
    // whole. Datasets clauses need each run's inputs, so they take the one-pass road.
    const refs = searchReferences(req.filterString, req.orderBy);
    const view = req.runViewType ?? "ACTIVE_ONLY";
    this.runCache.beginPass();
    try {
      const candidates: Run[] = [];
      const dirs = new Map<Run, string>();
      // Without a filter or order-by, the page is the first runs in natural order; one more
      // than the page tells whether a next page exists. A negative offset counts from the end.
      const offset = refs.naturalOrderOnly ? parseStartOffset(req.pageToken) : -1;
      const first = offset >= 0 ? this.firstRunsInNaturalOrder(req.experimentIds.map(String), view, offset + maxResults + 1) : undefined;
      const listings = first ? [first] : req.experimentIds.map((id) => this.listRunInfos(String(id), view));
      for (const listing of listings) {
        for (const [info, runDir] of listing) {
          try {
            const run = refs.datasets ? this.readRun(info, runDir) : this.readRunData(info, runDir, refs);
            candidates.push(run);
            dirs.set(run, runDir);
          } catch (err) {
            if (err instanceof MlflowError) throw err;
            warn(`Run '${info.runId}' skipped: ${(err as Error).message}`);
          }
        }
      }
      const page = paginate(sortRuns(filterRuns(candidates, req.filterString), req.orderBy), req.pageToken, maxResults);
      const runs = new PagedList<Run>([], page.token);
      const select = refs.datasets ? undefined : listSelection(req.select, (kind) => page.map((run) => this.keysOrNone(dirs.get(run)!, kind)));
      for (const run of page) {
        if (refs.datasets) {
          runs.push(run);
          continue;
        }
        try {
          runs.push(this.readRun(run.info, dirs.get(run)!, select));
        } catch (err) {
          // As in the first pass: a run that became unreadable is skipped, not the search.
          if (err instanceof MlflowError) throw err;
          warn(`Run '${run.info.runId}' skipped: ${(err as Error).message}`);
        }
      }
      this.runCache.save();
      return runs;
    } finally {
      this.runCache.endPass();
    }
  }

  // ---- MLflow 3: run inputs and outputs ----------------------------------------------------------

  async logInputs(runId: string, datasets?: DatasetInput[], models?: LoggedModelInput[]): Promise<void> {
    this.logInputsSync(runId, datasets ?? [], models ?? []);
  }

  /** FileStore.log_inputs */
  private logInputsSync(runId: string, datasets: readonly DatasetInput[], models: readonly LoggedModelInput[]): void {
    validateRunId(runId);
    const checkedDatasets = datasets.map((input) => ({
      dataset: checkDataset(input.dataset),
      tags: (input.tags ?? []).map((t) => ({ key: String(t.key), value: String(t.value) })),
    }));
    const checkedModels = models.map((m) => ({ modelId: validateModelId(m.modelId) }));
    this.activeRunInfo(runId);
    const { runDir } = this.locateRun(runId);
    writeRunInputs(path.dirname(runDir), runDir, runId, checkedDatasets, checkedModels);
  }

  /** FileStore.log_outputs */
  async logOutputs(runId: string, models: LoggedModelOutput[]): Promise<void> {
    validateRunId(runId);
    const checked = models.map((m) => {
      if (!Number.isInteger(m.step)) throw new InvalidParameterError(`A model output's step must be an integer, got ${String(m.step)}.`);
      return { modelId: validateModelId(m.modelId), step: m.step };
    });
    this.activeRunInfo(runId);
    writeRunOutputs(this.locateRun(runId).runDir, checked);
  }

  // ---- MLflow 3: logged models ----------------------------------------------------------------------

  /** FileStore._find_model_root: the model's folder in any experiment, active or deleted. */
  private locateModel(modelId: string): { experimentId: string; modelDir: string } {
    validateModelId(modelId);
    this.ensureStore();
    const cached = this.modelLocations.get(modelId);
    if (cached && isDir(cached.modelDir)) return cached;
    const parents = [
      ...this.activeExperimentIds().map((id) => [id, path.join(this.rootDir, id)]),
      ...this.deletedExperimentIds().map((id) => [id, path.join(this.trashDir, id)]),
    ];
    for (const [experimentId, expDir] of parents) {
      const modelDir = path.join(expDir, MODELS_FOLDER, modelId);
      if (isDir(modelDir)) {
        const loc = { experimentId, modelDir };
        this.modelLocations.set(modelId, loc);
        return loc;
      }
    }
    throw new ResourceNotFoundError(`Model '${modelId}' not found`);
  }

  private readModel(modelDir: string): ModelOnDisk {
    return readModelDir(modelDir, (file, problem) => tornLineWarning(file)(problem));
  }

  /** FileStore._get_model_dict: deleted models are not found unless asked for. */
  private modelOnDisk(modelId: string, allowDeleted = false): ModelOnDisk & { modelDir: string } {
    this.flushAll();
    const { experimentId, modelDir } = this.locateModel(modelId);
    let m: ModelOnDisk;
    try {
      m = this.readModel(modelDir);
    } catch (err) {
      if (err instanceof MissingMetaError) throw new ResourceNotFoundError(`Model '${modelId}' not found`);
      throw err;
    }
    if (!allowDeleted && m.lifecycleStage === "deleted") throw new ResourceNotFoundError(`Model '${modelId}' not found`);
    if (m.record.experimentId !== experimentId) throw new InvalidStateError(`Model '${modelId}' metadata is in invalid state.`);
    return { ...m, modelDir };
  }

  async getLoggedModel(modelId: string, allowDeleted = false): Promise<LoggedModel> {
    return toLoggedModel(this.modelOnDisk(modelId, allowDeleted));
  }

  /** FileStore.create_logged_model: PENDING, with `lifecycle_stage: active` in meta.yaml. */
  async createLoggedModel(req: CreateLoggedModelRequest): Promise<LoggedModel> {
    validateLoggedModelName(req.name);
    const experimentId = String(req.experimentId ?? DEFAULT_EXPERIMENT_ID);
    const exp = await this.getExperiment(experimentId);
    if (exp.lifecycleStage !== "active") {
      throw new InvalidStateError(`Could not create model under non-active experiment with ID ${experimentId}.`);
    }
    const params = (req.params ?? []).map((p, i) => validateParam(p.key, p.value, `params[${i}]`));
    const tags = (req.tags ?? []).map((t) => ({ key: validateEntityKey("Tag", t.key), value: t.value === null || t.value === undefined ? "" : String(t.value) }));
    if (req.sourceRunId !== undefined && req.sourceRunId !== null) validateRunId(req.sourceRunId);
    if (req.modelType !== undefined && req.modelType !== null && typeof req.modelType !== "string") {
      throw new InvalidParameterError(`model_type must be a string, got ${typeof req.modelType}.`);
    }
    const modelId = newModelId();
    const now = Date.now();
    const record = {
      experimentId,
      modelId,
      name: req.name || generateRunName(),
      artifactLocation: `${exp.artifactLocation}/${MODELS_FOLDER}/${modelId}/artifacts`,
      creationTimestamp: now,
      lastUpdatedTimestamp: now,
      modelType: req.modelType ?? null,
      sourceRunId: req.sourceRunId ?? null,
      status: "PENDING" as const,
      statusMessage: null,
    };
    const modelDir = path.join(this.experimentDir(experimentId)!, MODELS_FOLDER, modelId);
    checkKeyPaths("Param", path.join(modelDir, "params"), params, `logged model ${modelId}`);
    checkKeyPaths("Tag", path.join(modelDir, "tags"), tags, `logged model ${modelId}`);
    fs.mkdirSync(modelDir, { recursive: true });
    for (const p of params) writeKeyFile(path.join(modelDir, "params"), p.key, p.value);
    for (const t of tags) writeKeyFile(path.join(modelDir, "tags"), t.key, t.value);
    fs.mkdirSync(path.join(modelDir, "metrics"), { recursive: true });
    fs.mkdirSync(path.join(modelDir, "params"), { recursive: true });
    // meta.yaml last: a model folder without one is skipped by readers (as MLflow skips it).
    writeModelMeta(modelDir, record, "active");
    this.modelLocations.set(modelId, { experimentId, modelDir });
    return this.getLoggedModel(modelId);
  }

  /** FileStore.finalize_logged_model: meta.yaml rewritten with the new status (and no lifecycle_stage). */
  async finalizeLoggedModel(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    const checked = checkModelStatus(status);
    const m = this.modelOnDisk(modelId);
    // The recorded location, not the one resolved for this machine, goes back to disk.
    const recorded = readModelDir(m.modelDir, () => {}).record;
    writeModelMeta(m.modelDir, { ...recorded, status: checked, lastUpdatedTimestamp: Date.now() });
    return this.getLoggedModel(modelId);
  }

  async setLoggedModelTags(modelId: string, tags: RunTag[]): Promise<void> {
    const { modelDir } = this.modelOnDisk(modelId);
    for (const t of tags) validateEntityKey("Tag", t.key);
    checkKeyPaths("Tag", path.join(modelDir, "tags"), tags, `logged model ${modelId}`);
    for (const t of tags) {
      writeKeyFile(path.join(modelDir, "tags"), t.key, t.value === null || t.value === undefined ? "" : String(t.value));
    }
  }

  async deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    validateEntityKey("Tag", key);
    const { modelDir } = this.modelOnDisk(modelId);
    const file = path.join(modelDir, "tags", key);
    if (!fs.existsSync(file)) throw new ResourceNotFoundError(`No tag with key '${key}' found for model with ID '${modelId}'.`);
    fs.rmSync(file);
  }

  /** FileStore.log_logged_model_params: unlike run params, these may be overwritten. */
  async logLoggedModelParams(modelId: string, params: Param[]): Promise<void> {
    const checked = params.map((p, i) => validateParam(p.key, p.value, `params[${i}]`));
    const { modelDir } = this.modelOnDisk(modelId);
    checkKeyPaths("Param", path.join(modelDir, "params"), checked, `logged model ${modelId}`);
    for (const p of checked) writeKeyFile(path.join(modelDir, "params"), p.key, p.value);
  }

  /** FileStore.delete_logged_model: meta.yaml gets `lifecycle_stage: deleted`; files stay. */
  async deleteLoggedModel(modelId: string): Promise<void> {
    const m = this.modelOnDisk(modelId);
    const recorded = readModelDir(m.modelDir, () => {}).record;
    writeModelMeta(m.modelDir, { ...recorded, lastUpdatedTimestamp: Date.now() }, "deleted");
  }

  /** FileStore._list_models */
  private listModels(experimentId: string): LoggedModel[] {
    const expDir = this.experimentDir(validateExperimentId(experimentId));
    if (!expDir) return [];
    const out: LoggedModel[] = [];
    for (const name of subdirs(path.join(expDir, MODELS_FOLDER))) {
      if (RESERVED_EXPERIMENT_FOLDERS.has(name)) continue;
      const modelDir = path.join(expDir, MODELS_FOLDER, name);
      let m: ModelOnDisk;
      try {
        m = this.readModel(modelDir);
      } catch (err) {
        // MLflow skips folders without meta.yaml quietly (metrics logged for a model kept elsewhere
        // make such folders); anything else unreadable is reported.
        if (err instanceof MissingMetaError) continue;
        if (err instanceof MlflowError || isYamlError(err) || isAccessError(err)) {
          warn(`Malformed or unreadable model folder skipped: ${modelDir}: ${(err as Error).message}`);
          continue;
        }
        throw err;
      }
      if (m.lifecycleStage === "deleted") continue;
      if (m.record.experimentId !== experimentId) {
        warn(`Wrong experiment ID (${m.record.experimentId}) recorded for model '${m.record.modelId}' in ${modelDir}. It should be ${experimentId}. Model ignored.`);
        continue;
      }
      this.modelLocations.set(m.record.modelId, { experimentId, modelDir });
      out.push(toLoggedModel(m));
    }
    return out;
  }

  /** FileStore.search_logged_models */
  async searchLoggedModels(req: SearchLoggedModelsRequest): Promise<PagedList<LoggedModel>> {
    const maxResults = loggedModelsMaxResults(req.maxResults);
    this.flushAll();
    this.ensureStore();
    const models: LoggedModel[] = [];
    for (const id of req.experimentIds) models.push(...this.listModels(String(id)));
    return paginate(sortLoggedModels(filterLoggedModels(models, req.filterString, req.datasets), req.orderBy), req.pageToken, maxResults);
  }

  /** A moved store's own folder, not meta.yaml's old path (artifact-location.ts). */
  loggedModelArtifactRepository(model: LoggedModel): ArtifactRepository {
    return new LocalArtifactRepository(modelArtifactDir(this.rootDir, model));
  }

  /** A moved store's own folder, not meta.yaml's old path (artifact-location.ts). */
  artifactRepository(info: RunInfo): ArtifactRepository {
    return new LocalArtifactRepository(this.localArtifactDir(info));
  }

  /** The folder a run's artifacts are read from and written to. */
  localArtifactDir(info: RunInfo): string {
    return runArtifactDir(this.rootDir, info);
  }

  // ---- buffered metrics -----------------------------------------------------------------------

  queueMetrics(runId: string, metrics: LinkedMetricPoint[], inputs?: MetricInputs): void {
    // The hot path: a cached location is trusted without a stat() per point.
    const { runDir } = this.runLocations.get(runId) ?? this.locateRun(runId);
    // MLflow refuses points for a deleted run at the call; meta.yaml is read once per run.
    if (!this.activeRuns.has(runId)) {
      this.activeRunInfo(runId);
      this.activeRuns.add(runId);
    }
    if (inputs !== undefined) this.recordMetricInputs(runId, inputs);
    for (const m of metrics) {
      if (m.modelId == null && m.datasetName == null) this.metricWriter.append(this.metricKeys.file(runId, runDir, m.key), formatMetricLine(m));
      else this.queueLinkedMetric(runId, runDir, m);
    }
  }

  /** FileStore.log_metric with model_id / dataset: the run's line, and the model's (_log_model_metric). */
  private queueLinkedMetric(runId: string, runDir: string, m: LinkedMetricPoint): void {
    if (m.datasetName != null || m.datasetDigest != null) checkDatasetLink(m.datasetName, m.datasetDigest);
    const modelFile = m.modelId != null ? this.modelMetricFile(runId, runDir, m.modelId, m.key) : undefined;
    this.metricWriter.append(this.metricKeys.file(runId, runDir, m.key), formatRunMetricLine(m));
    if (modelFile) this.metricWriter.append(modelFile, formatModelMetricLine(m, runId));
  }

  /** MLflow writes a model's metrics under the logging run's experiment, wherever the model is. */
  private modelMetricFile(runId: string, runDir: string, modelId: string, key: string): string {
    return this.metricKeys.file(runId, path.join(path.dirname(runDir), MODELS_FOLDER, validateModelId(modelId)), key);
  }

  private recordMetricInputs(runId: string, inputs: MetricInputs): void {
    const datasets = (inputs.datasets ?? []).filter((d) => !this.linkedInputs.has(`${runId}\0d\0${d.dataset.name}\0${d.dataset.digest}`));
    const models = (inputs.models ?? []).filter((m) => !this.linkedInputs.has(`${runId}\0m\0${m.modelId}`));
    if (!datasets.length && !models.length) return;
    this.logInputsSync(runId, datasets, models);
    for (const d of datasets) this.linkedInputs.add(`${runId}\0d\0${d.dataset.name}\0${d.dataset.digest}`);
    for (const m of models) this.linkedInputs.add(`${runId}\0m\0${m.modelId}`);
  }

  private readonly metricKeys = new MetricKeys(() => this.flushAll());
  /** Runs this process created, restored or queued points for while active: the hot path reads no meta.yaml. */
  private readonly activeRuns = new Set<string>();

  /** Throws why points are still unwritten, if they are: of these files, under this run folder, or anywhere. */
  private throwWriteFailures(where?: string | string[]): void {
    const failures = this.metricWriter.failuresOf(where);
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      throw new StoreIOError(`${failures.length} metric files could not be written:\n${failures.map((f) => `- ${f.message}`).join("\n")}`, failures[0]!.path, failures[0]);
    }
  }

  private flushRun(runId: string): void {
    const loc = this.runLocations.get(runId);
    if (!loc || this.metricWriter.hasPendingUnder(loc.runDir)) this.flushAll();
  }

  private flushAll(): void {
    if (this.metricWriter.size) this.metricWriter.flushSync();
  }

  async flush(): Promise<void> {
    this.metricWriter.flushSync(true);
    this.throwWriteFailures();
  }

  shutdownSync(endings: RunEnding[]): void {
    this.flushAll();
    for (const e of endings) {
      const info = this.readRunInfo(e.runId);
      if (info.lifecycleStage !== "active") continue;
      this.writeRunInfo({ ...info, status: e.status, endTime: e.endTime });
    }
  }

  // ---- removal for good (mlflow gc): ./gc.ts ----
  getDeletedRuns(olderThanMs?: number, now?: number) { return gc.getDeletedRuns(this, olderThanMs, now); }
  hardDeleteRun(runId: string) { return gc.hardDeleteRun(this, runId); }
  hardDeleteExperiment(experimentId: string) { return gc.hardDeleteExperiment(this, experimentId); }
  getDeletedLoggedModels(olderThanMs?: number, now?: number) { return gc.getDeletedLoggedModels(this, olderThanMs, now); }
  hardDeleteLoggedModel(modelId: string) { return gc.hardDeleteLoggedModel(this, modelId); }
}

// Every verb a caller can reach reports file-system failures as typed StoreIOErrors.
translateFsErrors(FileStore.prototype, [
  "searchExperiments", "createExperiment", "getExperiment", "getExperimentByName", "deleteExperiment",
  "restoreExperiment", "renameExperiment", "setExperimentTag", "createRun", "getRun", "updateRunInfo",
  "deleteRun", "restoreRun", "logBatch", "deleteTag", "getMetricHistory", "searchRuns", "queueMetrics",
  "flush", "shutdownSync", "artifactRepository", "logInputs", "logOutputs", "createLoggedModel", "getLoggedModel",
  "finalizeLoggedModel", "setLoggedModelTags", "deleteLoggedModelTag", "logLoggedModelParams", "deleteLoggedModel",
  "searchLoggedModels", "loggedModelArtifactRepository",
] satisfies (keyof FileStore)[]);

/** A validated metric with the links its input carried (validateMetric keeps only the four fields). */
function withLinks(valid: MetricPoint, input: LinkedMetricPoint): LinkedMetricPoint {
  if (input.modelId == null && input.datasetName == null && input.datasetDigest == null) return valid;
  if (input.datasetName != null || input.datasetDigest != null) checkDatasetLink(input.datasetName, input.datasetDigest);
  return {
    ...valid,
    modelId: input.modelId == null ? null : validateModelId(input.modelId),
    datasetName: input.datasetName ?? null,
    datasetDigest: input.datasetDigest ?? null,
  };
}

function tornLineWarning(file: string): (problem: string) => void {
  return (problem) => warn(`Skipped ${problem} in ${file}. 'mlruns doctor' reports such damage.`);
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

type ListedKeys = Exclude<KeySelection, KeyChooser>;
/** A RunSelection whose choosers have been called. */
type ListedSelection = { [K in keyof RunSelection]: Exclude<RunSelection[K], KeyChooser> };

/** Calls the selection's choosers with the keys each of the page's runs has. */
function listSelection(select: RunSelection | undefined, keysOf: (kind: KeyKind) => string[][]): ListedSelection | undefined {
  if (!select) return select;
  const listed = (kind: KeyKind): ListedKeys | undefined => {
    const sel = select[kind];
    return typeof sel === "function" ? sel(keysOf(kind)) : sel;
  };
  return { ...select, metrics: listed("metrics"), params: listed("params"), tags: listed("tags") };
}

/** Natural order of search candidates; undefined (a damaged cache) first, so it is met before anything after it is trusted. */
function byCandidate(a: { startTime: number | null; runId: string } | undefined, b: { startTime: number | null; runId: string } | undefined): number {
  if (!a || !b) return !a ? -1 : 1;
  return compareNatural(a.startTime, a.runId, b.startTime, b.runId);
}

function* mapIterable<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

const inView = (info: RunInfo, view: ViewType) => view === "ALL" || (view === "ACTIVE_ONLY") === (info.lifecycleStage === "active");

function subdirs(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    if (isAccessError(err)) {
      warn(`Unreadable folder skipped: ${dir}: ${(err as Error).message}`);
      return [];
    }
    throw err;
  }
}

/**
 * Tags and experiment tags: last writer wins, and no reader ever sees half a value. The temp
 * file goes to the folder above tags/, where MLflow does not look for keys.
 */
function writeKeyFile(dir: string, key: string, value: string): void {
  const target = path.join(dir, key);
  fs.mkdirSync(key.includes("/") ? path.dirname(target) : dir, { recursive: true });
  writeFileAtomicSync(target, value, path.dirname(dir), { fsync: false });
}

function isAccessError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === "EACCES" || code === "EPERM" || code === "EIO";
}

function isYamlError(err: unknown): boolean {
  return err instanceof Error && /YAML/i.test(err.name);
}

/** resolve_uri_if_local: relative paths become absolute file URIs; other schemes pass through. */
function resolveLocalUri(location: string): string {
  if (location.startsWith("file:") || !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(location)) return pathToFileUri(fileUriToPath(location));
  return location;
}
