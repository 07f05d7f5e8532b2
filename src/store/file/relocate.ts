/**
 * `relocate`: make a moved (copied, rsynced, unpacked) file store open in stock MLflow again.
 *
 * MLflow records absolute locations in meta.yaml: every experiment's `artifact_location`
 * (`file:///old/root/<exp>`) and every run's `artifact_uri`
 * (`file:///old/root/<exp>/<run>/artifacts`). MLflow takes them as they are, so after a move
 * it lists no artifacts (or, worse, the ones still at the old place). mlruns already reads a
 * moved tree from its own folders (artifact-location.ts); this rewrites the files so
 * MLflow does too.
 *
 * Only locations that follow the default layout are rewritten, to the same layout under the
 * store's current absolute path, written as MLflow writes them (`Path.as_uri()`; a location
 * recorded as a plain absolute path stays a plain path). Runs in `.trash/` get the location
 * MLflow itself gives them, `<root>/<exp>/<run>/artifacts`: MLflow never rewrites it on
 * delete, and restoring the experiment moves the folder back there. Anything else (a custom
 * `artifactLocation`, `s3://…`, a relative path) is left untouched and reported.
 *
 * Each meta.yaml is replaced atomically (temp file, fsync, rename) with only that one field
 * changed: the file is read as a plain record and dumped again by the same emitter that
 * writes MLflow-identical YAML. A file that emitter would not reproduce byte for byte (not
 * written by MLflow or mlruns, or hand-edited) is never rewritten: it is reported as skipped.
 * A second run changes nothing. Run it while nothing is writing to the store.
 */
import fs from "node:fs";
import path from "node:path";
import { fileUriToPath, pathToFileUri } from "../../util/file-uri.js";
import { EXPERIMENT_FOLDERS, STORE_ROOT_FOLDERS, TRASH_FOLDER } from "./layout.js";
import { isDir, subfolders } from "../../util/fs/folders.js";
import { META, readMetaYaml, writeMetaYaml } from "./persisted-meta.js";
import { dumpMetaYaml, type MetaValue } from "../../python/pyyaml-emit.js";


const subdirs = (dir: string) => subfolders(dir, { sorted: true });

export interface RelocateOptions {
  /** Report what would change and write nothing. Default: false (the CLI defaults to a dry run). */
  dryRun?: boolean;
}

export type RelocateField = "artifact_location" | "artifact_uri";

export interface RelocateEntry {
  /** The meta.yaml concerned (absolute path). */
  file: string;
  kind: "experiment" | "run" | "model";
  experimentId: string;
  runId?: string;
  modelId?: string;
  /** Whether it lives under `.trash/` (a deleted experiment). */
  inTrash: boolean;
  field: RelocateField;
}

export interface RelocateChange extends RelocateEntry {
  from: string;
  to: string;
}

export interface RelocateCustom extends RelocateEntry {
  /** The recorded location, left as it is: it does not follow the default layout. */
  value: string;
}

export interface RelocateSkip {
  file: string;
  reason: string;
}

export interface RelocateReport {
  /** The store's absolute path, and the file URI new locations are rooted at. */
  storeDir: string;
  rootUri: string;
  dryRun: boolean;
  /** Rewritten, or in a dry run would be. */
  changed: RelocateChange[];
  /** Already pointing into this store. */
  unchanged: RelocateEntry[];
  /** Not the default layout: left untouched. */
  custom: RelocateCustom[];
  /** meta.yaml files that could not be rewritten safely; nothing was written to them. */
  skipped: RelocateSkip[];
  /** Folders without a meta.yaml, which MLflow ignores too (e.g. a run cut short before its meta.yaml). */
  ignored: RelocateSkip[];
}

/**
 * Rewrites the default-layout artifact locations of every experiment and run under `storeDir`
 * (including `.trash/`) to the store's current location. See the module comment.
 */
export function relocate(storeDir: string, options: RelocateOptions = {}): RelocateReport {
  // storeDir: a folder path or a file: URI.
  const root = fileUriToPath(storeDir);
  const stat = fs.statSync(root, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new Error(`Not a folder: ${root}`);
  if (!isDir(path.join(root, TRASH_FOLDER)) && !subdirs(root).some((d) => fs.existsSync(path.join(root, d, META)))) {
    throw new Error(`${root} does not look like an MLflow file store (no experiment folder with a ${META}, no ${TRASH_FOLDER}/)`);
  }
  const rootUri = pathToFileUri(root);
  const report: RelocateReport = { storeDir: root, rootUri, dryRun: options.dryRun ?? false, changed: [], unchanged: [], custom: [], skipped: [], ignored: [] };

  const experimentDirs: { dir: string; id: string; inTrash: boolean }[] = [];
  for (const name of subdirs(root)) {
    if (name.startsWith(".") || STORE_ROOT_FOLDERS.has(name)) continue;
    experimentDirs.push({ dir: path.join(root, name), id: name, inTrash: false });
  }
  for (const name of subdirs(path.join(root, TRASH_FOLDER))) {
    if (name.startsWith(".")) continue;
    experimentDirs.push({ dir: path.join(root, TRASH_FOLDER, name), id: name, inTrash: true });
  }

  for (const { dir, id, inTrash } of experimentDirs) {
    const file = path.join(dir, META);
    if (!fs.existsSync(file)) {
      report.ignored.push({ file: dir, reason: `no ${META}: not an experiment folder` });
      continue;
    }
    const entry: RelocateEntry = { file, kind: "experiment", experimentId: id, inTrash, field: "artifact_location" };
    // An experiment meta.yaml that cannot be rewritten does not stop its runs being relocated;
    // one that names another experiment does: MLflow ignores that experiment, runs and all.
    const meta = loadRecord(file, report);
    if (meta && String(meta.record.experiment_id) !== id) {
      report.skipped.push({ file, reason: `experiment_id '${String(meta.record.experiment_id)}' does not match its folder '${id}' (MLflow ignores this experiment)` });
      continue;
    }
    if (meta) handleField(meta, entry, `/${id}`, root, rootUri, report);

    for (const runName of subdirs(dir)) {
      if (EXPERIMENT_FOLDERS.has(runName) || runName.startsWith(".")) continue;
      const runFile = path.join(dir, runName, META);
      if (!fs.existsSync(runFile)) {
        report.ignored.push({ file: path.join(dir, runName), reason: `no ${META}: not a run folder` });
        continue;
      }
      const runMeta = loadRecord(runFile, report);
      if (!runMeta) continue;
      const runId = String(runMeta.record.run_id ?? runMeta.record.run_uuid ?? "");
      if (runId !== runName || String(runMeta.record.experiment_id) !== id) {
        report.skipped.push({
          file: runFile,
          reason: `run_id '${runId}' / experiment_id '${String(runMeta.record.experiment_id)}' do not match the folder ${id}/${runName} (MLflow ignores this run)`,
        });
        continue;
      }
      const runEntry: RelocateEntry = { file: runFile, kind: "run", experimentId: id, runId, inTrash, field: "artifact_uri" };
      handleField(runMeta, runEntry, `/${id}/${runId}/artifacts`, root, rootUri, report);
    }

    // MLflow 3 logged models: <exp>/models/<model_id>/meta.yaml, artifacts beside it.
    for (const modelId of subdirs(path.join(dir, "models"))) {
      const modelFile = path.join(dir, "models", modelId, META);
      if (!fs.existsSync(modelFile)) {
        report.ignored.push({ file: path.dirname(modelFile), reason: `no ${META}: not a logged model folder` });
        continue;
      }
      const modelMeta = loadRecord(modelFile, report);
      if (!modelMeta) continue;
      if (String(modelMeta.record.model_id) !== modelId || String(modelMeta.record.experiment_id) !== id) {
        report.skipped.push({ file: modelFile, reason: `model_id / experiment_id do not match the folder ${id}/models/${modelId}` });
        continue;
      }
      const modelEntry: RelocateEntry = { file: modelFile, kind: "model", experimentId: id, modelId, inTrash, field: "artifact_location" };
      handleField(modelMeta, modelEntry, `/${id}/models/${modelId}/artifacts`, root, rootUri, report);
    }
  }
  return report;
}

interface LoadedMeta {
  file: string;
  record: Record<string, MetaValue>;
}

/** meta.yaml as a plain record, only when dumping it again reproduces the file byte for byte. */
function loadRecord(file: string, report: RelocateReport): LoadedMeta | undefined {
  let text: string;
  let doc: Record<string, unknown>;
  try {
    text = fs.readFileSync(file, "utf8");
    doc = readMetaYaml(path.dirname(file));
  } catch (err) {
    report.skipped.push({ file, reason: `unreadable: ${(err as Error).message}` });
    return undefined;
  }
  const bad = Object.entries(doc).find(([, v]) => !isMetaValue(v));
  if (bad) {
    report.skipped.push({ file, reason: `value of '${bad[0]}' is not one MLflow's meta.yaml holds (${JSON.stringify(bad[1])}); not rewritten` });
    return undefined;
  }
  const record = doc as Record<string, MetaValue>;
  if (dumpMetaYaml(record) !== text) {
    report.skipped.push({ file, reason: "not in MLflow's own YAML layout (hand-edited, or written by another tool); not rewritten, edit it by hand" });
    return undefined;
  }
  return { file, record };
}

function isMetaValue(v: unknown): boolean {
  if (v === null || typeof v === "string") return true;
  if (typeof v === "number") return Number.isSafeInteger(v);
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.values(v as object).every((x) => typeof x === "string");
  return false;
}

function handleField(meta: LoadedMeta, entry: RelocateEntry, tail: string, root: string, rootUri: string, report: RelocateReport): void {
  const recorded = meta.record[entry.field];
  const value = typeof recorded === "string" ? recorded : "";
  const target = defaultLayoutTarget(value, tail, root, rootUri);
  if (target === undefined) {
    report.custom.push({ ...entry, value: recorded === undefined ? "" : String(recorded) });
    return;
  }
  if (target === value) {
    report.unchanged.push(entry);
    return;
  }
  report.changed.push({ ...entry, from: value, to: target });
  if (!report.dryRun) writeMetaYaml(path.dirname(meta.file), { ...meta.record, [entry.field]: target });
}

/**
 * Where a default-layout location belongs in this store, or undefined when `value` is not one:
 * a local `file:` URI (no host) or an absolute path, ending in `tail`.
 */
function defaultLayoutTarget(value: string, tail: string, root: string, rootUri: string): string | undefined {
  if (!value.endsWith(tail)) return undefined;
  if (/^file:(\/\/\/|\/(?!\/))/.test(value) || value.startsWith("file://localhost/")) return `${rootUri}${tail}`;
  if (value.startsWith("/")) return `${root}${tail}`;
  return undefined;
}
