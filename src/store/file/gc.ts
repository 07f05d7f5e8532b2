/**
 * Removal for good in a file store, what `mlflow gc` does (FileStore._get_deleted_runs,
 * _hard_delete_run, _hard_delete_experiment, _get_deleted_logged_models,
 * _hard_delete_logged_model, and the gc command's artifact deletion). Every folder removed is
 * checked to be inside the store (or, for artifacts kept elsewhere, to be the run's or model's
 * own `<id>/artifacts` folder); nothing is removed that is not marked deleted.
 */
import fs from "node:fs";
import path from "node:path";
import type { LoggedModel, Run, ViewType } from "../../entities.js";
import { InvalidStateError } from "../../errors.js";
import { isLocalUri } from "../../util/file-uri.js";
import type { DeletedRun } from "../tracking-store.js";
import { modelArtifactDir, runArtifactDir } from "./artifact-location.js";
import type { FileStore } from "./file-store.js";
import { MODELS_FOLDER, TRASH_FOLDER as TRASH } from "./layout.js";
import { META, MissingMetaError, readMetaYaml } from "./persisted-meta.js";


function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** The experiment folders: <root>/<id> and <root>/.trash/<id>, each with its meta.yaml. */
function experimentDirs(root: string): string[] {
  const dirs: string[] = [];
  for (const parent of [root, path.join(root, TRASH)]) {
    let names: string[];
    try {
      names = fs.readdirSync(parent);
    } catch {
      continue;
    }
    for (const name of names) if (name !== TRASH && fs.existsSync(path.join(parent, name, META))) dirs.push(path.join(parent, name));
  }
  return dirs;
}

/** <root>/<exp>/<run> or <root>/.trash/<exp>/<run>, whichever holds the run's meta.yaml. */
function runDir(root: string, run: Run): string {
  for (const parent of [root, path.join(root, TRASH)]) {
    const dir = path.join(parent, run.info.experimentId, run.info.runId);
    if (fs.existsSync(path.join(dir, META))) return dir;
  }
  throw new InvalidStateError(`Run '${run.info.runId}' metadata is in invalid state: no folder under ${root} holds it.`);
}

async function allExperimentIds(store: FileStore): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | null = null;
  do {
    const page = await store.searchExperiments({ viewType: "ALL", maxResults: 50_000, pageToken });
    ids.push(...page.map((e) => e.experimentId));
    pageToken = page.token;
  } while (pageToken);
  return ids;
}

async function allRuns(store: FileStore, experimentIds: string[], runViewType: ViewType): Promise<Run[]> {
  const runs: Run[] = [];
  if (experimentIds.length === 0) return runs;
  let pageToken: string | null = null;
  do {
    const page = await store.searchRuns({ experimentIds, runViewType, maxResults: 50_000, pageToken, select: { metrics: [], params: [], tags: [], inputs: false } });
    runs.push(...page);
    pageToken = page.token;
  } while (pageToken);
  return runs;
}

export async function getDeletedRuns(store: FileStore, olderThanMs = 0, now = Date.now()): Promise<DeletedRun[]> {
  const out: DeletedRun[] = [];
  for (const run of await allRuns(store, await allExperimentIds(store), "DELETED_ONLY")) {
    const raw = readMetaYaml(runDir(store.rootDir, run)).deleted_time;
    const deletedTime = raw === undefined || raw === null ? null : Number(raw);
    if (deletedTime === null || now - deletedTime >= olderThanMs) out.push({ runId: run.info.runId, deletedTime });
  }
  return out;
}

/**
 * Remove a folder of artifacts the store's records point at, when it is recognisably `owner`'s:
 * inside `ownerDir` (removed with it), or an `<owner id>/artifacts` folder elsewhere (the custom
 * artifact location's layout). Returns a note when the files are left in place.
 */
function removeArtifacts(recorded: string, artifactDir: string, ownerDir: string, ownerId: string, what: string): string | undefined {
  if (!recorded) return undefined;
  if (!isLocalUri(recorded)) return `left the artifacts of ${what} at ${recorded}: not a local folder`;
  if (inside(ownerDir, artifactDir)) return undefined;
  if (path.basename(artifactDir) === "artifacts" && path.basename(path.dirname(artifactDir)) === ownerId) {
    fs.rmSync(artifactDir, { recursive: true, force: true });
    try {
      // The <id> folder around it is left empty: remove it too, but only if it is empty.
      fs.rmdirSync(path.dirname(artifactDir));
    } catch {
      // not empty, or already gone
    }
    return undefined;
  }
  return fs.existsSync(artifactDir) ? `left the artifacts of ${what} at ${artifactDir}: it does not look like that ${what.split(" ")[0]}'s artifact folder` : undefined;
}

export async function hardDeleteRun(store: FileStore, runId: string): Promise<string[]> {
  const run = await store.getRun(runId);
  if (run.info.lifecycleStage !== "deleted") {
    throw new InvalidStateError(`Run ${runId} is not in \`deleted\` lifecycle stage. Only runs in \`deleted\` lifecycle stage can be deleted.`);
  }
  const root = store.rootDir;
  const dir = runDir(root, run);
  if (!inside(root, dir)) throw new InvalidStateError(`refusing to remove ${dir}: it is outside the store ${root}`);
  // A moved store's default-layout location means its own folder here, never the old path.
  const note = removeArtifacts(run.info.artifactUri, runArtifactDir(root, run.info), dir, runId, `run ${runId}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return note ? [note] : [];
}

export async function hardDeleteExperiment(store: FileStore, experimentId: string): Promise<void> {
  const experiment = await store.getExperiment(experimentId);
  if (experiment.lifecycleStage !== "deleted") {
    throw new InvalidStateError(
      `Experiments ['${experimentId}'] are not in the deleted lifecycle stage. Only experiments in the deleted lifecycle stage can be hard-deleted.`,
    );
  }
  const trash = path.join(store.rootDir, TRASH);
  const dir = path.join(trash, experimentId);
  if (!inside(trash, dir) || !fs.existsSync(path.join(dir, META))) throw new InvalidStateError(`Experiment '${experimentId}' is marked deleted but is not in ${trash}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

function modelDirs(root: string): string[] {
  const dirs: string[] = [];
  for (const expDir of experimentDirs(root)) {
    const models = path.join(expDir, MODELS_FOLDER);
    let names: string[];
    try {
      names = fs.readdirSync(models);
    } catch {
      continue;
    }
    for (const name of names) dirs.push(path.join(models, name));
  }
  return dirs;
}

export async function getDeletedLoggedModels(store: FileStore, olderThanMs = 0, now = Date.now()): Promise<string[]> {
  await store.flush();
  const ids: string[] = [];
  for (const dir of modelDirs(store.rootDir)) {
    let meta: Record<string, unknown>;
    try {
      meta = readMetaYaml(dir);
    } catch (err) {
      if (err instanceof MissingMetaError) continue;
      throw err;
    }
    if (meta.lifecycle_stage === "deleted" && Number(meta.last_updated_timestamp ?? 0) <= now - olderThanMs) ids.push(String(meta.model_id));
  }
  return ids;
}

export async function hardDeleteLoggedModel(store: FileStore, modelId: string): Promise<void> {
  const model: LoggedModel = await store.getLoggedModel(modelId, true);
  const active = await store.getLoggedModel(modelId).then(
    () => true,
    () => false,
  );
  if (active) {
    throw new InvalidStateError(`Logged model ${modelId} is not in \`deleted\` lifecycle stage. Only logged models in \`deleted\` lifecycle stage can be deleted.`);
  }
  const dir = modelDirs(store.rootDir).find((d) => path.basename(d) === modelId);
  if (!dir) throw new InvalidStateError(`Model '${modelId}' metadata is in invalid state.`);
  removeArtifacts(model.artifactLocation, modelArtifactDir(store.rootDir, model), dir, modelId, `model ${modelId}`);
  fs.rmSync(dir, { recursive: true, force: true });
}
