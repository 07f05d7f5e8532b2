/** A run's meta.yaml: read (through the search cache), checked and rewritten. */
import path from "node:path";
import type { RunInfo } from "../../entities.js";
import { InvalidParameterError, InvalidStateError } from "../../errors.js";
import { MissingMetaError, parseMetaYaml, runInfoFromMeta, runInfoToMeta, writeMetaYaml } from "./persisted-meta.js";
import type { StoreContext } from "./store-context.js";

export function runInfoFromDir(ctx: StoreContext, runDir: string): RunInfo {
  // Concatenated, not path.join'ed: runDir is already normal, and search does this per run.
  const file = runDir + path.sep + "meta.yaml";
  let info: RunInfo;
  try {
    info = ctx.runCache.info(runDir, (text) => runInfoFromMeta(parseMetaYaml(text, file)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new MissingMetaError(`Missing ${file}`);
    throw err;
  }
  // A copy: callers build updated infos from it, and the cached one must stay as on disk.
  return { ...info };
}

export function readRunInfo(ctx: StoreContext, runId: string): RunInfo {
  const { experimentId, runDir } = ctx.locateRun(runId);
  const info = runInfoFromDir(ctx, runDir);
  if (info.experimentId !== experimentId || info.runId !== runId) {
    throw new InvalidStateError(`Run '${runId}' metadata is in invalid state.`);
  }
  return info;
}

export function writeRunInfo(ctx: StoreContext, info: RunInfo, deletedTime?: number | null): void {
  writeMetaYaml(ctx.locateRun(info.runId).runDir, runInfoToMeta(info, deletedTime));
  if (info.lifecycleStage === "active") ctx.activeRuns.add(info.runId);
  else ctx.activeRuns.delete(info.runId);
}

/** The run's info, if it may be written to (MLflow's _check_run_is_active). */
export function activeRunInfo(ctx: StoreContext, runId: string): RunInfo {
  const info = readRunInfo(ctx, runId);
  if (info.lifecycleStage !== "active") {
    throw new InvalidParameterError(`The run ${runId} must be in the 'active' state. Current state is ${info.lifecycleStage}.`);
  }
  return info;
}
