/**
 * Logged models in MLflow's file-store layout (FileStore.create_logged_model and friends in
 * mlflow/store/tracking/file_store.py):
 *
 *   <experiment>/models/<model_id>/meta.yaml          the LoggedModel without tags, params, metrics
 *   <experiment>/models/<model_id>/params/<key>       one file per param, no trailing newline
 *   <experiment>/models/<model_id>/tags/<key>         one file per tag
 *   <experiment>/models/<model_id>/metrics/<key>      "<ts> <value> <step> <run id> [<dataset name> <digest>]" lines
 *   <experiment>/models/<model_id>/artifacts/         the model's files (artifact_location)
 *
 * meta.yaml has `lifecycle_stage: active` right after creation; MLflow's finalize rewrites it
 * without that key and deletion with `lifecycle_stage: deleted` (tags and params never touch
 * it), and we do exactly the same.
 */
import fs from "node:fs";
import path from "node:path";
import type { LinkedMetric, LoggedModel, LoggedModelStatus } from "../../entities.js";
import { LOGGED_MODEL_STATUS_CODES } from "../../entities.js";
import { InvalidParameterError } from "../../errors.js";
import { uuid4Hex } from "./ids.js";
import { listKeys } from "./key-files.js";
import { parseModelMetricFile } from "./linked-metric-lines.js";
import { readMetaYaml, writeMetaYaml } from "./persisted-meta.js";
import type { MetaValue } from "../../python/pyyaml-emit.js";


/** FileStore.create_logged_model: f"m-{uuid4 hex}". */
export function newModelId(): string {
  return `m-${uuid4Hex()}`;
}

const BAD_NAME_CHARS = ["/", ":", ".", "%", '"', "'"];

/** _validate_logged_model_name */
export function validateLoggedModelName(name: unknown): void {
  if (name === undefined || name === null) return;
  if (typeof name !== "string" || name === "" || BAD_NAME_CHARS.some((c) => name.includes(c))) {
    throw new InvalidParameterError(
      `Invalid model name (${JSON.stringify(name)}) provided. Model name must be a non-empty string and cannot contain the following characters: ('/', ':', '.', '%', '"', "'")`,
    );
  }
}

const STATUS_BY_CODE = new Map(Object.entries(LOGGED_MODEL_STATUS_CODES).map(([k, v]) => [v, k as LoggedModelStatus]));

/** The persisted fields of a LoggedModel (FileStore._make_persisted_model_dict). */
export type ModelRecord = Omit<LoggedModel, "tags" | "params" | "metrics" | "modelUri">;

/** _make_persisted_model_dict, plus lifecycle_stage when MLflow writes one. */
export function modelToMeta(m: ModelRecord, lifecycleStage?: "active" | "deleted"): Record<string, MetaValue> {
  const meta: Record<string, MetaValue> = {
    artifact_location: m.artifactLocation,
    creation_timestamp: m.creationTimestamp,
    experiment_id: m.experimentId,
    last_updated_timestamp: m.lastUpdatedTimestamp,
    model_id: m.modelId,
    model_type: m.modelType,
    name: m.name,
    source_run_id: m.sourceRunId,
    status: LOGGED_MODEL_STATUS_CODES[m.status],
    status_message: m.statusMessage,
  };
  if (lifecycleStage) meta.lifecycle_stage = lifecycleStage;
  return meta;
}

const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** LoggedModel.from_dictionary on a meta.yaml. */
export function modelFromMeta(meta: Record<string, unknown>): ModelRecord {
  const code = meta.status ?? 2;
  const status = STATUS_BY_CODE.get(Number(code));
  if (status === undefined) throw new InvalidParameterError(`Unknown model status: ${String(code)}`);
  return {
    experimentId: String(meta.experiment_id ?? ""),
    modelId: String(meta.model_id ?? ""),
    name: String(meta.name ?? ""),
    artifactLocation: String(meta.artifact_location ?? ""),
    creationTimestamp: Number(meta.creation_timestamp ?? 0),
    lastUpdatedTimestamp: Number(meta.last_updated_timestamp ?? 0),
    modelType: optStr(meta.model_type),
    sourceRunId: optStr(meta.source_run_id),
    status,
    statusMessage: optStr(meta.status_message),
  };
}

export interface ModelOnDisk {
  record: ModelRecord;
  lifecycleStage: string;
  tags: Record<string, string>;
  params: Record<string, string>;
  metrics: LinkedMetric[];
}

function readKeyed(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of listKeys(dir)) out[key] = fs.readFileSync(path.join(dir, key), "utf8");
  return out;
}

/** FileStore._get_model_info_from_dir */
export function readModelDir(modelDir: string, onDamage: (file: string, problem: string) => void): ModelOnDisk {
  const meta = readMetaYaml(modelDir);
  const record = modelFromMeta(meta);
  const metricsDir = path.join(modelDir, "metrics");
  const metrics: LinkedMetric[] = [];
  for (const key of listKeys(metricsDir)) {
    const file = path.join(metricsDir, key);
    metrics.push(...parseModelMetricFile(key, fs.readFileSync(file, "utf8"), record.modelId, (problem) => onDamage(file, problem)));
  }
  return {
    record,
    lifecycleStage: String(meta.lifecycle_stage ?? "active"),
    tags: readKeyed(path.join(modelDir, "tags")),
    params: readKeyed(path.join(modelDir, "params")),
    metrics,
  };
}

export function toLoggedModel(m: ModelOnDisk): LoggedModel {
  return { ...m.record, tags: m.tags, params: m.params, metrics: m.metrics, modelUri: `models:/${m.record.modelId}` };
}

export function writeModelMeta(modelDir: string, record: ModelRecord, lifecycleStage?: "active" | "deleted"): void {
  writeMetaYaml(modelDir, modelToMeta(record, lifecycleStage));
}
