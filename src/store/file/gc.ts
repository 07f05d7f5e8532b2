/**
 * Removal for good in a file store, what `mlflow gc` does (FileStore._get_deleted_runs,
 * _hard_delete_run, _hard_delete_experiment, _get_deleted_logged_models,
 * _hard_delete_logged_model, and the gc command's artifact deletion). Every folder removed is
 * checked to be inside the store (or, for artifacts kept elsewhere, to be the run's or model's
 * own `<id>/artifacts` folder); nothing is removed that is not marked deleted.
 */
import fs from "node:fs";
import path from "node:path";
import { InvalidStateError } from "../../errors.js";
import { isLocalUri } from "../../util/file-uri.js";
import type { DeletedRun } from "../tracking-store.js";
import { isExperimentId } from "../../validation/names.js";
import { modelArtifactDir, runArtifactDir } from "./artifact-location.js";
import { getExperiment } from "./experiments.js";
import { toLoggedModel } from "./logged-model-meta.js";
import { listModels, modelOnDisk } from "./logged-models.js";
import { META, readMetaYaml } from "./persisted-meta.js";
import { listRunInfos } from "./run-listing.js";
import { readRunInfo } from "./run-meta.js";
import type { StoreContext } from "./store-context.js";

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/**
 * Every experiment folder, active and deleted, with its meta.yaml: a stray folder at the root is
 * none, nor is a copy whose name is no experiment id ("1.bak"; search warns about it, gc walks past).
 */
function experimentIds(ctx: StoreContext): string[] {
  ctx.ensureStore();
  const { layout } = ctx;
  const held = (parent: string) => (id: string) => isExperimentId(id) && fs.existsSync(path.join(parent, id, META));
  return [...layout.activeExperimentIds().filter(held(layout.rootDir)), ...layout.deletedExperimentIds().filter(held(layout.trashDir))];
}

export function getDeletedRuns(ctx: StoreContext, olderThanMs = 0, now = Date.now()): DeletedRun[] {
  const out: DeletedRun[] = [];
  for (const experimentId of experimentIds(ctx)) {
    for (const [info, runDir] of listRunInfos(ctx, experimentId, "DELETED_ONLY")) {
      const raw = readMetaYaml(runDir).deleted_time;
      const deletedTime = raw === undefined || raw === null ? null : Number(raw);
      if (deletedTime === null || now - deletedTime >= olderThanMs) out.push({ runId: info.runId, experimentId, runName: info.runName, deletedTime });
    }
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

export function hardDeleteRun(ctx: StoreContext, runId: string): string[] {
  const info = readRunInfo(ctx, runId);
  if (info.lifecycleStage !== "deleted") {
    throw new InvalidStateError(`Run ${runId} is not in \`deleted\` lifecycle stage. Only runs in \`deleted\` lifecycle stage can be deleted.`);
  }
  const dir = ctx.locateRun(runId).runDir;
  if (!inside(ctx.rootDir, dir)) throw new InvalidStateError(`refusing to remove ${dir}: it is outside the store ${ctx.rootDir}`);
  // A moved store's default-layout location means its own folder here, never the old path.
  const note = removeArtifacts(info.artifactUri, runArtifactDir(ctx.rootDir, info), dir, runId, `run ${runId}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return note ? [note] : [];
}

export function hardDeleteExperiment(ctx: StoreContext, experimentId: string): void {
  if (getExperiment(ctx, experimentId).lifecycleStage !== "deleted") {
    throw new InvalidStateError(
      `Experiments ['${experimentId}'] are not in the deleted lifecycle stage. Only experiments in the deleted lifecycle stage can be hard-deleted.`,
    );
  }
  const trash = ctx.layout.trashDir;
  const dir = ctx.layout.experimentDir(experimentId, "DELETED_ONLY");
  if (!dir || !inside(trash, dir) || !fs.existsSync(path.join(dir, META))) throw new InvalidStateError(`Experiment '${experimentId}' is marked deleted but is not in ${trash}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Deleted models as search lists active ones: a damaged folder is skipped with a warning. */
export function getDeletedLoggedModels(ctx: StoreContext, olderThanMs = 0, now = Date.now()): string[] {
  ctx.flushAll();
  const ids: string[] = [];
  for (const experimentId of experimentIds(ctx)) {
    for (const model of listModels(ctx, experimentId, "DELETED_ONLY")) if (model.lastUpdatedTimestamp <= now - olderThanMs) ids.push(model.modelId);
  }
  return ids;
}

export function hardDeleteLoggedModel(ctx: StoreContext, modelId: string): void {
  const m = modelOnDisk(ctx, modelId, true);
  if (m.lifecycleStage !== "deleted") {
    throw new InvalidStateError(`Logged model ${modelId} is not in \`deleted\` lifecycle stage. Only logged models in \`deleted\` lifecycle stage can be deleted.`);
  }
  const model = toLoggedModel(m);
  removeArtifacts(model.artifactLocation, modelArtifactDir(ctx.rootDir, model), m.modelDir, modelId, `model ${modelId}`);
  fs.rmSync(m.modelDir, { recursive: true, force: true });
}
