/**
 * The MLmodel descriptor a logged model's artifacts start with (mlflow.models.Model.to_dict /
 * save): where the model lives, its id, the run that made it, its flavors, and its size. Written
 * with the same YAML layout as PyYAML's safe_dump(default_flow_style=False).
 *
 * mlruns models are not Python objects, so no flavor is implied: pass `flavors` when the files
 * follow one (an ONNX file with `{onnx: {...}}` can then be loaded by mlflow.onnx), otherwise the
 * MLmodel has `flavors: {}` like MLflow's external models.
 */
import fs from "node:fs";
import path from "node:path";
import { dumpYaml, type YamlValue } from "../python/pyyaml-emit.js";

export const MLMODEL_FILE_NAME = "MLmodel";

export interface MlmodelFields {
  artifactPath: string;
  modelId: string;
  runId: string | null;
  flavors?: { readonly [name: string]: YamlValue };
  metadata?: { readonly [key: string]: YamlValue };
  modelSizeBytes?: number | null;
  /** Default: now. */
  utcTimeCreated?: Date;
}

/** str(datetime.now(timezone.utc).replace(tzinfo=None)): microseconds only when non-zero. */
export function pythonUtcTimestamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const base = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  const micros = d.getUTCMilliseconds() * 1000;
  return micros ? `${base}.${p(micros, 6)}` : base;
}

/** Model.to_dict() for a model logged by mlruns. */
export function mlmodelDict(f: MlmodelFields): { [key: string]: YamlValue } {
  const doc: { [key: string]: YamlValue } = {
    artifact_path: f.artifactPath,
    flavors: f.flavors ?? {},
    model_id: f.modelId,
    model_uuid: f.modelId,
    prompts: null,
    utc_time_created: pythonUtcTimestamp(f.utcTimeCreated ?? new Date()),
  };
  if (f.runId) doc.run_id = f.runId;
  if (f.metadata) doc.metadata = f.metadata;
  if (f.modelSizeBytes !== undefined && f.modelSizeBytes !== null) doc.model_size_bytes = f.modelSizeBytes;
  return doc;
}

export function mlmodelYaml(f: MlmodelFields): string {
  return dumpYaml(mlmodelDict(f));
}

/** get_total_file_size: every file below `dir`. */
export function totalFileSize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += totalFileSize(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}
