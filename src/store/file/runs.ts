/** A run's life: created, its status and name updated, deleted and restored, ended at exit. */
import fs from "node:fs";
import path from "node:path";
import type { Run, RunInfo, RunStatus } from "../../entities.js";
import { InvalidParameterError, InvalidStateError } from "../../errors.js";
import { validateTag } from "../../validation/values.js";
import type { CreateRunRequest, RunEnding } from "../tracking-store.js";
import { getExperiment } from "./experiments.js";
import { generateRunName, newRunId } from "./ids.js";
import { writeKeyFile } from "./key-files.js";
import { checkKeyPaths } from "./key-paths.js";
import { DEFAULT_EXPERIMENT_ID } from "./layout.js";
import { runInfoToMeta, writeMetaYaml } from "./persisted-meta.js";
import { activeRunInfo, readRunInfo, writeRunInfo } from "./run-meta.js";
import { RUN_NAME_TAG, readRun } from "./run-reader.js";
import type { StoreContext } from "./store-context.js";

export function createRun(ctx: StoreContext, req: CreateRunRequest): Run {
  ctx.ensureStore();
  const experimentId = req.experimentId ?? DEFAULT_EXPERIMENT_ID;
  const exp = getExperiment(ctx, experimentId);
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
  const runDir = path.join(ctx.layout.experimentDir(experimentId)!, runId);
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
  ctx.runs.remember(runId, experimentId, runDir);
  ctx.activeRuns.add(runId);
  return readRun(ctx, info);
}

export function updateRunInfo(ctx: StoreContext, runId: string, status: RunStatus, endTime: number | null, runName?: string): RunInfo {
  ctx.flushRun(runId);
  const info = activeRunInfo(ctx, runId);
  const updated: RunInfo = { ...info, status, endTime, runName: runName || info.runName };
  if (runName) writeKeyFile(path.join(ctx.locateRun(runId).runDir, "tags"), RUN_NAME_TAG, runName);
  writeRunInfo(ctx, updated);
  // After the status is written: points that could not be written never leave a run RUNNING.
  ctx.throwWriteFailures(ctx.locateRun(runId).runDir);
  return updated;
}

/** Delete (deleted_time now) or restore: only meta.yaml changes; the run stays where it is. */
export function setRunLifecycle(ctx: StoreContext, runId: string, stage: "active" | "deleted"): void {
  ctx.flushRun(runId);
  const info = readRunInfo(ctx, runId);
  writeRunInfo(ctx, { ...info, lifecycleStage: stage }, stage === "deleted" ? Date.now() : null);
}

/** At exit: every pending point written, then each still-active run's status. */
export function shutdownSync(ctx: StoreContext, endings: RunEnding[]): void {
  ctx.flushAll();
  for (const e of endings) {
    const info = readRunInfo(ctx, e.runId);
    if (info.lifecycleStage !== "active") continue;
    writeRunInfo(ctx, { ...info, status: e.status, endTime: e.endTime });
  }
}
