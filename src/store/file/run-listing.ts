/** The run folders of an experiment, and their infos (what search and delete/restore walk). */
import path from "node:path";
import type { RunInfo, ViewType } from "../../entities.js";
import { isYamlError, warn } from "./damage.js";
import { EXPERIMENT_FOLDERS } from "./layout.js";
import { isAccessError } from "../../util/fs/folders.js";
import { MissingMetaError } from "./persisted-meta.js";
import { runInfoFromDir } from "./run-meta.js";
import type { StoreContext } from "./store-context.js";

export const inView = (info: RunInfo, view: ViewType) => view === "ALL" || (view === "ACTIVE_ONLY") === (info.lifecycleStage === "active");

/** The experiment's runs in this view, each with its folder. */
export function listRunInfos(ctx: StoreContext, experimentId: string, view: ViewType): [RunInfo, string][] {
  const infos: [RunInfo, string][] = [];
  for (const runDir of runFolders(ctx, experimentId)) {
    const info = listedRunInfo(ctx, experimentId, runDir);
    if (info && inView(info, view)) infos.push([info, runDir]);
  }
  return infos;
}

function runFolders(ctx: StoreContext, experimentId: string): string[] {
  const folders = runFolderNames(ctx, experimentId);
  // Folder names from readdir: nothing to normalise, so concatenated rather than path.join'ed.
  return folders ? folders.names.map((name) => folders.expDir + path.sep + name) : [];
}

/** The experiment's run folders; the run cache forgets the others unless `retain` is false (the caller does it). */
export function runFolderNames(ctx: StoreContext, experimentId: string, retain = true): { expDir: string; names: string[] } | undefined {
  const expDir = ctx.layout.experimentDir(experimentId);
  if (!expDir) return undefined;
  const names = ctx.layout.subfolders(expDir);
  if (retain) ctx.runCache.retain(expDir, names);
  return { expDir, names: names.filter((name) => !EXPERIMENT_FOLDERS.has(name)) };
}

/** A listed run folder's info; undefined (with a warning) when it is not a readable run of this experiment. */
export function listedRunInfo(ctx: StoreContext, experimentId: string, runDir: string): RunInfo | undefined {
  let info: RunInfo;
  try {
    info = runInfoFromDir(ctx, runDir);
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
  ctx.runs.remember(info.runId, experimentId, runDir);
  return info;
}
