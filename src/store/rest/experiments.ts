import type { Experiment, RunTag, ViewType } from "../../entities.js";
import { ResourceNotFoundError } from "../../errors.js";
import { SEARCH_MAX_RESULTS_DEFAULT } from "../../validation/max-results.js";
import { PagedList } from "../paged-list.js";
import type { SearchExperimentsRequest } from "../tracking-store.js";
import type { HttpClient } from "./http-client.js";
import { experimentFromJson } from "./proto-entities.js";

const API = "/api/2.0/mlflow/experiments";

/** The experiments endpoints (service.proto: CreateExperiment, GetExperiment, ...). */
export class RestExperiments {
  constructor(private readonly http: HttpClient) {}

  async search(req: SearchExperimentsRequest): Promise<PagedList<Experiment>> {
    // The server reads a missing max_results as 0 and refuses it: MLflow's client sends its default.
    const body: Record<string, unknown> = { view_type: viewTypeToJson(req.viewType), max_results: req.maxResults ?? SEARCH_MAX_RESULTS_DEFAULT };
    if (req.filterString) body.filter = req.filterString;
    if (req.orderBy?.length) body.order_by = req.orderBy;
    if (req.pageToken) body.page_token = req.pageToken;
    const res = await this.http.callJson<{ experiments?: any[]; next_page_token?: string }>("POST", `${API}/search`, body);
    return new PagedList((res.experiments ?? []).map(experimentFromJson), res.next_page_token || null);
  }

  async create(name: string, artifactLocation?: string, tags: RunTag[] = []): Promise<string> {
    const body: Record<string, unknown> = { name, tags };
    if (artifactLocation) body.artifact_location = artifactLocation;
    const res = await this.http.callJson<{ experiment_id: string }>("POST", `${API}/create`, body);
    return String(res.experiment_id);
  }

  async get(experimentId: string): Promise<Experiment> {
    const res = await this.http.callJson<{ experiment: any }>("GET", `${API}/get`, undefined, { experiment_id: experimentId });
    return experimentFromJson(res.experiment);
  }

  /** RestStore.get_experiment_by_name: null when the server says RESOURCE_DOES_NOT_EXIST. */
  async getByName(name: string): Promise<Experiment | null> {
    try {
      const res = await this.http.callJson<{ experiment: any }>("GET", `${API}/get-by-name`, undefined, { experiment_name: name });
      return experimentFromJson(res.experiment);
    } catch (err) {
      if (err instanceof ResourceNotFoundError) return null;
      throw err;
    }
  }

  async delete(experimentId: string): Promise<void> {
    await this.http.callJson("POST", `${API}/delete`, { experiment_id: experimentId });
  }

  async restore(experimentId: string): Promise<void> {
    await this.http.callJson("POST", `${API}/restore`, { experiment_id: experimentId });
  }

  async rename(experimentId: string, newName: string): Promise<void> {
    await this.http.callJson("POST", `${API}/update`, { experiment_id: experimentId, new_name: newName });
  }

  async setTag(experimentId: string, tag: RunTag): Promise<void> {
    await this.http.callJson("POST", `${API}/set-experiment-tag`, { experiment_id: experimentId, key: tag.key, value: tag.value });
  }
}

/** service.proto's ViewType names. */
export function viewTypeToJson(view: ViewType | undefined): string {
  return view ?? "ACTIVE_ONLY";
}
