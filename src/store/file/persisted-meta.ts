import fs from "node:fs";
import path from "node:path";
import type { Experiment, LifecycleStage, RunInfo } from "../../entities.js";
import { RUN_STATUS_CODES, runStatusFromCode } from "../../entities.js";
import { writeFileAtomicSync } from "../../util/fs/atomic-write.js";
import { dumpMetaYaml, type MetaValue } from "../../python/pyyaml-emit.js";
import { loadPyYaml } from "../../python/pyyaml-resolve.js";

export const META = "meta.yaml";

export class MissingMetaError extends Error {}

/** Read as PyYAML's safe_load would: YAML 1.1, where `yes` is a bool and `1e3` a string. */
export function readMetaYaml(dir: string): Record<string, unknown> {
  const file = path.join(dir, META);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new MissingMetaError(`Missing ${file}`);
    throw err;
  }
  return parseMetaYaml(text, file);
}

export function parseMetaYaml(text: string, file: string): Record<string, unknown> {
  const doc = loadPyYaml(text);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new MissingMetaError(`Empty or invalid ${file}`);
  return doc as Record<string, unknown>;
}

export function writeMetaYaml(dir: string, record: Record<string, MetaValue>): void {
  writeFileAtomicSync(path.join(dir, META), dumpMetaYaml(record));
}

const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
const millis = (v: unknown): number | null => (v === null || v === undefined || v === "" ? null : Number(v));

/** _read_persisted_run_info_dict: status is an int enum, experiment_id may be a legacy int. */
export function runInfoFromMeta(meta: Record<string, unknown>): RunInfo {
  return {
    runId: str(meta.run_id ?? meta.run_uuid),
    runName: meta.run_name === null || meta.run_name === undefined ? null : String(meta.run_name),
    experimentId: str(meta.experiment_id),
    userId: str(meta.user_id),
    status: runStatusFromCode(meta.status ?? 1),
    startTime: millis(meta.start_time),
    endTime: millis(meta.end_time),
    artifactUri: str(meta.artifact_uri),
    lifecycleStage: (meta.lifecycle_stage as LifecycleStage | undefined) ?? "active",
  };
}

/** _make_persisted_run_info_dict, key for key, as MLflow 3.17 writes it. */
export function runInfoToMeta(info: RunInfo, deletedTime?: number | null): Record<string, MetaValue> {
  const meta: Record<string, MetaValue> = {
    artifact_uri: info.artifactUri,
    end_time: info.endTime,
    entry_point_name: "",
    experiment_id: info.experimentId,
    lifecycle_stage: info.lifecycleStage,
    run_id: info.runId,
    run_name: info.runName,
    source_name: "",
    source_type: 4,
    source_version: "",
    start_time: info.startTime,
    status: RUN_STATUS_CODES[info.status],
    tags: [],
    user_id: info.userId,
  };
  if (deletedTime !== undefined && deletedTime !== null) meta.deleted_time = deletedTime;
  return meta;
}

export function experimentFromMeta(meta: Record<string, unknown>, tags: Record<string, string>): Experiment {
  return {
    experimentId: str(meta.experiment_id),
    name: str(meta.name),
    artifactLocation: str(meta.artifact_location),
    lifecycleStage: (meta.lifecycle_stage as LifecycleStage | undefined) ?? "active",
    tags,
    creationTime: millis(meta.creation_time),
    lastUpdateTime: millis(meta.last_update_time),
  };
}

/**
 * dict(Experiment) in MLflow 3.17. On create MLflow drops `tags`; on rename, delete and
 * restore it writes them nested, so `withTags` mirrors which of the two a caller is doing.
 */
export function experimentToMeta(exp: Experiment, withTags: boolean): Record<string, MetaValue> {
  const meta: Record<string, MetaValue> = {
    artifact_location: exp.artifactLocation,
    creation_time: exp.creationTime,
    effective_trace_archival_retention: null,
    experiment_id: exp.experimentId,
    last_update_time: exp.lastUpdateTime,
    lifecycle_stage: exp.lifecycleStage,
    name: exp.name,
    trace_location: null,
    workspace: "default",
  };
  if (withTags) meta.tags = exp.tags;
  return meta;
}
