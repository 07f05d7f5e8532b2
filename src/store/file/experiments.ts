/** The experiment verbs of the file store (FileStore.create_experiment, get_experiment, …). */
import fs from "node:fs";
import path from "node:path";
import type { Experiment, RunTag, ViewType } from "../../entities.js";
import { InvalidParameterError, InvalidStateError, MlflowError, ResourceAlreadyExistsError, ResourceNotFoundError } from "../../errors.js";
import { filterExperiments, paginate, sortExperiments } from "../../search/index.js";
import { fileUriToPath, isLocalUri, pathToFileUri } from "../../util/file-uri.js";
import { experimentsMaxResults } from "../../validation/max-results.js";
import { validateExperimentId } from "../../validation/names.js";
import { validateExperimentName, validateExperimentTag } from "../../validation/values.js";
import type { PagedList } from "../paged-list.js";
import type { SearchExperimentsRequest } from "../tracking-store.js";
import { isYamlError, warn } from "./damage.js";
import { readKeyedFiles, writeKeyFile } from "./key-files.js";
import { checkKeyPaths } from "./key-paths.js";
import { DEFAULT_EXPERIMENT_ID } from "./layout.js";
import { isAccessError } from "../../util/fs/folders.js";
import { experimentFromMeta, experimentToMeta, MissingMetaError, readMetaYaml, writeMetaYaml } from "./persisted-meta.js";
import { listRunInfos } from "./run-listing.js";
import { writeRunInfo } from "./run-meta.js";
import { withStoreLockSync } from "./store-lock.js";
import { newExperimentId } from "./ids.js";
import type { StoreContext } from "./store-context.js";

function readExperiment(ctx: StoreContext, experimentId: string, view: ViewType = "ALL"): Experiment | undefined {
  validateExperimentId(experimentId);
  const dir = ctx.layout.experimentDir(experimentId, view);
  if (!dir) return undefined;
  const exp = experimentFromMeta(readMetaYaml(dir), readKeyedFiles(path.join(dir, "tags")));
  if (exp.experimentId !== experimentId) {
    warn(`Experiment ID mismatch in ${path.join(dir, "meta.yaml")}: recorded as '${exp.experimentId}'. Experiment ignored.`);
    return undefined;
  }
  return exp;
}

function listExperiments(ctx: StoreContext, view: ViewType): Experiment[] {
  ctx.ensureStore();
  const ids = [
    ...(view !== "DELETED_ONLY" ? ctx.layout.activeExperimentIds() : []),
    ...(view !== "ACTIVE_ONLY" ? ctx.layout.deletedExperimentIds() : []),
  ];
  const out: Experiment[] = [];
  for (const id of ids) {
    try {
      const exp = readExperiment(ctx, id, view);
      if (exp) out.push(exp);
    } catch (err) {
      if (err instanceof MissingMetaError || err instanceof MlflowError || isYamlError(err) || isAccessError(err)) {
        warn(`Malformed or unreadable experiment '${id}' skipped: ${(err as Error).message}`);
      } else throw err;
    }
  }
  return out;
}

export function writeNewExperiment(ctx: StoreContext, experimentId: string, name: string, artifactLocation: string | undefined, tags: RunTag[]): void {
  const dir = path.join(ctx.rootDir, experimentId);
  fs.mkdirSync(dir);
  const now = Date.now();
  const exp: Experiment = {
    experimentId,
    name,
    artifactLocation: artifactLocation ? resolveLocalUri(artifactLocation) : `${ctx.artifactRootUri}/${experimentId}`,
    lifecycleStage: "active",
    tags: {},
    creationTime: now,
    lastUpdateTime: now,
  };
  writeMetaYaml(dir, experimentToMeta(exp, false));
  for (const tag of tags) writeKeyFile(path.join(dir, "tags"), tag.key, tag.value);
}

export function searchExperiments(ctx: StoreContext, req: SearchExperimentsRequest): PagedList<Experiment> {
  const maxResults = experimentsMaxResults(req.maxResults);
  const filtered = filterExperiments(listExperiments(ctx, req.viewType ?? "ACTIVE_ONLY"), req.filterString);
  const sorted = sortExperiments(filtered, req.orderBy?.length ? req.orderBy : ["creation_time DESC", "experiment_id ASC"]);
  return paginate(sorted, req.pageToken, maxResults);
}

export function createExperiment(ctx: StoreContext, name: string, artifactLocation: string | undefined, tags: RunTag[]): string {
  ctx.ensureStore();
  validateExperimentName(name);
  const validTags = tags.map((t) => validateExperimentTag(t.key, t.value));
  // MLflow checks the name, then creates: two processes can both pass the check. Here the
  // check and the create happen under one store lock, so exactly one of them wins.
  return withStoreLockSync(ctx.rootDir, "experiments", () => {
    assertNameFree(ctx, name);
    const id = newExperimentId();
    writeNewExperiment(ctx, id, name, artifactLocation, validTags);
    return id;
  });
}

function assertNameFree(ctx: StoreContext, name: string): void {
  const existing = listExperiments(ctx, "ALL").find((e) => e.name === name);
  if (!existing) return;
  if (existing.lifecycleStage === "deleted") {
    throw new ResourceAlreadyExistsError(
      `Experiment '${name}' already exists in deleted state. You can restore the experiment, or permanently delete the experiment from the .trash folder (under tracking server's root folder) in order to use this experiment name again.`,
    );
  }
  throw new ResourceAlreadyExistsError(`Experiment '${name}' already exists.`);
}

export function getExperiment(ctx: StoreContext, experimentId: string): Experiment {
  ctx.ensureStore();
  const exp = readExperiment(ctx, experimentId); // which checks the id
  if (!exp) throw new ResourceNotFoundError(`Experiment '${experimentId}' does not exist.`);
  return exp;
}

export function getExperimentByName(ctx: StoreContext, name: string): Experiment | null {
  return listExperiments(ctx, "ALL").find((e) => e.name === name) ?? null;
}

export function deleteExperiment(ctx: StoreContext, experimentId: string): void {
  ctx.ensureStore();
  if (String(experimentId) === DEFAULT_EXPERIMENT_ID) {
    throw new InvalidParameterError(`Cannot delete the default experiment '${DEFAULT_EXPERIMENT_ID}'. This is an internally reserved experiment.`);
  }
  const dir = ctx.layout.experimentDir(validateExperimentId(experimentId), "ACTIVE_ONLY");
  if (!dir) throw new ResourceNotFoundError(`Could not find experiment with ID ${experimentId}`);
  const exp = getExperiment(ctx, experimentId);
  // MLflow writes each point at its call: pending ones go to the experiment before it moves.
  ctx.flushAll();
  const now = Date.now();
  for (const [info] of listRunInfos(ctx, experimentId, "ACTIVE_ONLY")) {
    writeRunInfo(ctx, { ...info, lifecycleStage: "deleted" }, now);
  }
  writeMetaYaml(dir, experimentToMeta({ ...exp, lifecycleStage: "deleted", lastUpdateTime: now }, true));
  fs.renameSync(dir, path.join(ctx.layout.trashDir, experimentId));
  ctx.runs.forget();
}

export function restoreExperiment(ctx: StoreContext, experimentId: string): void {
  ctx.ensureStore();
  const dir = ctx.layout.experimentDir(validateExperimentId(experimentId), "DELETED_ONLY");
  if (!dir) throw new ResourceNotFoundError(`Could not find deleted experiment with ID ${experimentId}`);
  if (ctx.layout.experimentDir(experimentId, "ACTIVE_ONLY")) {
    throw new ResourceAlreadyExistsError(`Cannot restore experiment with ID ${experimentId}. An experiment with same ID already exists.`);
  }
  ctx.flushAll();
  const target = path.join(ctx.rootDir, experimentId);
  fs.renameSync(dir, target);
  ctx.runs.forget();
  const exp = getExperiment(ctx, experimentId);
  for (const [info] of listRunInfos(ctx, experimentId, "DELETED_ONLY")) {
    writeRunInfo(ctx, { ...info, lifecycleStage: "active" }, null);
  }
  writeMetaYaml(target, experimentToMeta({ ...exp, lifecycleStage: "active", lastUpdateTime: Date.now() }, true));
}

export function renameExperiment(ctx: StoreContext, experimentId: string, newName: string): void {
  ctx.ensureStore();
  validateExperimentName(newName);
  const exp = getExperiment(ctx, experimentId);
  ctx.flushAll();
  withStoreLockSync(ctx.rootDir, "experiments", () => {
    // MLflow checks the name before the stage: a taken name is RESOURCE_ALREADY_EXISTS either way.
    assertNameFree(ctx, newName);
    if (exp.lifecycleStage !== "active") {
      throw new InvalidStateError(`Cannot rename experiment in non-active lifecycle stage. Current stage: ${exp.lifecycleStage}`);
    }
    writeMetaYaml(ctx.layout.experimentDir(experimentId)!, experimentToMeta({ ...exp, name: newName, lastUpdateTime: Date.now() }, true));
  });
}

export function setExperimentTag(ctx: StoreContext, experimentId: string, tag: RunTag): void {
  const valid = validateExperimentTag(tag.key, tag.value);
  const exp = getExperiment(ctx, experimentId);
  if (exp.lifecycleStage !== "active") {
    throw new InvalidParameterError(`The experiment ${exp.experimentId} must be in the 'active' lifecycle_stage to set tags`);
  }
  const tagsDir = path.join(ctx.layout.experimentDir(experimentId)!, "tags");
  checkKeyPaths("Tag", tagsDir, [valid], `experiment ${experimentId}`);
  writeKeyFile(tagsDir, valid.key, valid.value);
}

/** resolve_uri_if_local: relative paths become absolute file URIs; other schemes pass through. */
function resolveLocalUri(location: string): string {
  return isLocalUri(location) ? pathToFileUri(fileUriToPath(location)) : location;
}
