import type {
  DatasetInput,
  Experiment,
  LinkedMetric,
  LinkedMetricPoint,
  LoggedModel,
  LoggedModelStatus,
  Metric,
  Run,
  RunInfo,
  RunStatus,
} from "../../entities.js";

/**
 * MLflow's protobuf messages as the server writes them in JSON (mlflow/protos/service.proto,
 * snake_case field names) turned into mlruns' camelCase entities, and back. int64 fields may
 * come as numbers or as decimal strings (proto3 JSON); doubles may be "NaN"/"Infinity".
 */
type Json = Record<string, any>;

export function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (value === "NaN") return NaN;
  if (value === "Infinity") return Infinity;
  if (value === "-Infinity") return -Infinity;
  return Number(value ?? 0);
}

function optionalNumber(value: unknown): number | null {
  return value === undefined || value === null ? null : toNumber(value);
}

function keyValues(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of (list as Json[] | undefined) ?? []) out[kv.key] = kv.value ?? "";
  return out;
}

export function experimentFromJson(e: Json): Experiment {
  return {
    experimentId: String(e.experiment_id),
    name: e.name,
    artifactLocation: e.artifact_location ?? "",
    lifecycleStage: e.lifecycle_stage ?? "active",
    tags: keyValues(e.tags),
    creationTime: optionalNumber(e.creation_time),
    lastUpdateTime: optionalNumber(e.last_update_time),
  };
}

export function runInfoFromJson(i: Json): RunInfo {
  return {
    runId: i.run_id ?? i.run_uuid,
    // An empty name is how proto3 JSON leaves out a run that has none.
    runName: i.run_name || null,
    experimentId: String(i.experiment_id),
    userId: i.user_id ?? "",
    status: (i.status ?? "RUNNING") as RunStatus,
    startTime: optionalNumber(i.start_time),
    endTime: optionalNumber(i.end_time),
    artifactUri: i.artifact_uri ?? "",
    lifecycleStage: i.lifecycle_stage ?? "active",
  };
}

export function runFromJson(r: Json): Run {
  const data = r.data ?? {};
  const metrics: Record<string, number> = {};
  for (const m of (data.metrics as Json[] | undefined) ?? []) metrics[m.key] = toNumber(m.value);
  return {
    info: runInfoFromJson(r.info ?? {}),
    data: { metrics, params: keyValues(data.params), tags: keyValues(data.tags) },
    inputs: {
      datasetInputs: ((r.inputs?.dataset_inputs as Json[] | undefined) ?? []).map(datasetInputFromJson),
      modelInputs: ((r.inputs?.model_inputs as Json[] | undefined) ?? []).map((m) => ({ modelId: m.model_id })),
    },
    outputs: { modelOutputs: ((r.outputs?.model_outputs as Json[] | undefined) ?? []).map((m) => ({ modelId: m.model_id, step: toNumber(m.step) })) },
  };
}

export function metricFromJson(m: Json): Metric {
  return { key: m.key, value: toNumber(m.value), timestamp: toNumber(m.timestamp), step: toNumber(m.step) };
}

function linkedMetricFromJson(m: Json): LinkedMetric {
  return {
    ...metricFromJson(m),
    modelId: m.model_id ?? null,
    datasetName: m.dataset_name ?? null,
    datasetDigest: m.dataset_digest ?? null,
    runId: m.run_id ?? null,
  };
}

/** A point as service.proto's Metric message; the links only when set. */
export function metricToJson(m: LinkedMetricPoint): Json {
  const out: Json = { key: m.key, value: m.value, timestamp: m.timestamp, step: m.step };
  if (m.modelId != null) out.model_id = m.modelId;
  if (m.datasetName != null) out.dataset_name = m.datasetName;
  if (m.datasetDigest != null) out.dataset_digest = m.datasetDigest;
  return out;
}

function datasetInputFromJson(d: Json): DatasetInput {
  const ds = d.dataset ?? {};
  return {
    dataset: {
      name: ds.name,
      digest: ds.digest,
      sourceType: ds.source_type ?? "",
      source: ds.source ?? "",
      schema: ds.schema ?? null,
      profile: ds.profile ?? null,
    },
    tags: ((d.tags as Json[] | undefined) ?? []).map((t) => ({ key: t.key, value: t.value ?? "" })),
  };
}

export function datasetInputToJson(d: DatasetInput): Json {
  const ds: Json = { name: d.dataset.name, digest: d.dataset.digest, source_type: d.dataset.sourceType, source: d.dataset.source };
  if (d.dataset.schema != null) ds.schema = d.dataset.schema;
  if (d.dataset.profile != null) ds.profile = d.dataset.profile;
  return { dataset: ds, tags: d.tags.map((t) => ({ key: t.key, value: t.value })) };
}

/** service.proto's LoggedModelStatus names, e.g. LOGGED_MODEL_READY. */
export function modelStatusToJson(status: LoggedModelStatus): string {
  return status === "UNSPECIFIED" ? "LOGGED_MODEL_STATUS_UNSPECIFIED" : `LOGGED_MODEL_${status}`;
}

function modelStatusFromJson(status: unknown): LoggedModelStatus {
  const name = String(status ?? "").replace(/^LOGGED_MODEL_/, "");
  return name === "PENDING" || name === "READY" || name === "FAILED" ? name : "UNSPECIFIED";
}

export function loggedModelFromJson(m: Json): LoggedModel {
  const info = m.info ?? {};
  const data = m.data ?? {};
  return {
    experimentId: String(info.experiment_id),
    modelId: info.model_id,
    name: info.name,
    artifactLocation: info.artifact_uri ?? "",
    creationTimestamp: toNumber(info.creation_timestamp_ms),
    lastUpdatedTimestamp: toNumber(info.last_updated_timestamp_ms ?? info.creation_timestamp_ms),
    modelType: info.model_type || null,
    sourceRunId: info.source_run_id || null,
    status: modelStatusFromJson(info.status),
    statusMessage: info.status_message || null,
    tags: keyValues(info.tags),
    params: keyValues(data.params),
    metrics: ((data.metrics as Json[] | undefined) ?? []).map(linkedMetricFromJson),
    modelUri: `models:/${info.model_id}`,
  };
}
