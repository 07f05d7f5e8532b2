import type { DatasetInput, LoggedModel, LoggedModelInput, LoggedModelOutput, LoggedModelStatus, Param, RunTag } from "../../entities.js";
import { ResourceNotFoundError } from "../../errors.js";
import { SEARCH_LOGGED_MODEL_MAX_RESULTS_DEFAULT } from "../../validation/max-results.js";
import { PagedList } from "../paged-list.js";
import type { CreateLoggedModelRequest, SearchLoggedModelsRequest } from "../tracking-store.js";
import type { HttpClient } from "./http-client.js";
// The same checks the file store makes before it writes: a server given an empty name or a
// number for a digest stores it as sent (proto3 JSON), so they are made before the request.
import { checkDataset, checkModelStatus } from "../../validation/inputs.js";
import { datasetInputToJson, loggedModelFromJson, modelStatusToJson } from "./proto-entities.js";

const API = "/api/2.0/mlflow";

/** MLflow 3's endpoints: runs/log-inputs, runs/outputs and logged-models (service.proto). */
export class RestLoggedModels {
  constructor(private readonly http: HttpClient) {}

  async logInputs(runId: string, datasets: DatasetInput[] = [], models: LoggedModelInput[] = []): Promise<void> {
    await this.http.callJson("POST", `${API}/runs/log-inputs`, logInputsBody(runId, datasets, models));
  }

  async logOutputs(runId: string, models: LoggedModelOutput[]): Promise<void> {
    await this.http.callJson("POST", `${API}/runs/outputs`, { run_id: runId, models: models.map((m) => ({ model_id: m.modelId, step: m.step })) });
  }

  async create(req: CreateLoggedModelRequest): Promise<LoggedModel> {
    const body: Record<string, unknown> = { experiment_id: req.experimentId, tags: req.tags ?? [], params: req.params ?? [] };
    if (req.name) body.name = req.name;
    if (req.sourceRunId) body.source_run_id = req.sourceRunId;
    if (req.modelType) body.model_type = req.modelType;
    const res = await this.http.callJson<{ model: any }>("POST", `${API}/logged-models`, body);
    return loggedModelFromJson(res.model);
  }

  /** A deleted model is read with `?allow_deleted=true` (RestStore.get_logged_model, handlers._get_logged_model). */
  async get(modelId: string, allowDeleted = false): Promise<LoggedModel> {
    const query = allowDeleted ? "?allow_deleted=true" : "";
    const res = await this.http.callJson<{ model: any }>("GET", `${API}/logged-models/${modelSegment(modelId)}${query}`);
    return loggedModelFromJson(res.model);
  }

  async finalize(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    const res = await this.http.callJson<{ model: any }>("PATCH", `${API}/logged-models/${modelSegment(modelId)}`, {
      model_id: modelId,
      status: modelStatusToJson(checkModelStatus(status)),
    });
    return loggedModelFromJson(res.model);
  }

  async setTags(modelId: string, tags: RunTag[]): Promise<void> {
    await this.http.callJson("PATCH", `${API}/logged-models/${modelSegment(modelId)}/tags`, { model_id: modelId, tags });
  }

  async deleteTag(modelId: string, key: string): Promise<void> {
    await this.http.callJson("DELETE", `${API}/logged-models/${modelSegment(modelId)}/tags/${encodeURIComponent(key)}`);
  }

  async logParams(modelId: string, params: Param[]): Promise<void> {
    await this.http.callJson("POST", `${API}/logged-models/${modelSegment(modelId)}/params`, { model_id: modelId, params });
  }

  async delete(modelId: string): Promise<void> {
    await this.http.callJson("DELETE", `${API}/logged-models/${modelSegment(modelId)}`);
  }

  async search(req: SearchLoggedModelsRequest): Promise<PagedList<LoggedModel>> {
    const body: Record<string, unknown> = { experiment_ids: req.experimentIds };
    if (req.filterString) body.filter = req.filterString;
    if (req.datasets?.length) {
      body.datasets = req.datasets.map((d) => (d.datasetDigest ? { dataset_name: d.datasetName, dataset_digest: d.datasetDigest } : { dataset_name: d.datasetName }));
    }
    body.max_results = req.maxResults ?? SEARCH_LOGGED_MODEL_MAX_RESULTS_DEFAULT;
    if (req.orderBy?.length) {
      body.order_by = req.orderBy.map((o) => {
        const out: Record<string, unknown> = { field_name: o.fieldName, ascending: o.ascending ?? true };
        if (o.datasetName) out.dataset_name = o.datasetName;
        if (o.datasetDigest) out.dataset_digest = o.datasetDigest;
        return out;
      });
    }
    if (req.pageToken) body.page_token = req.pageToken;
    const res = await this.http.callJson<{ models?: any[]; next_page_token?: string }>("POST", `${API}/logged-models/search`, body);
    return new PagedList((res.models ?? []).map(loggedModelFromJson), res.next_page_token || null);
  }
}

/** The runs/log-inputs request body (also sent by the exit flush). */
export function logInputsBody(runId: string, datasets: DatasetInput[], models: LoggedModelInput[]): unknown {
  return {
    run_id: runId,
    datasets: datasets.map((input) => datasetInputToJson({ ...input, dataset: checkDataset(input.dataset) })),
    models: models.map((m) => ({ model_id: m.modelId })),
  };
}

/**
 * The model id as one path segment. An id with "/" or a bare "."/".." cannot be one (the server's
 * router answers a bare 404, ENDPOINT_NOT_FOUND) and no model has it: the server's "not found".
 */
function modelSegment(modelId: string): string {
  if (modelId.includes("/") || modelId === "." || modelId === "..") throw new ResourceNotFoundError(`Logged model with ID '${modelId}' not found.`);
  return encodeURIComponent(modelId);
}
