import type { Metric, MetricPoint, Param, Run, RunInfo, RunStatus, RunTag } from "../../entities.js";
import { SEARCH_MAX_RESULTS_DEFAULT } from "../../validation/max-results.js";
import { PagedList } from "../paged-list.js";
import type { CreateRunRequest, SearchRunsRequest } from "../tracking-store.js";
import { viewTypeToJson } from "./experiments.js";
import type { HttpClient } from "./http-client.js";
import { metricFromJson, metricToJson, runFromJson, runInfoFromJson } from "./proto-entities.js";

const API = "/api/2.0/mlflow";

/** The runs endpoints: create, get, update, delete/restore, log-batch, tags, history, search. */
export class RestRuns {
  constructor(private readonly http: HttpClient) {}

  async create(req: CreateRunRequest): Promise<Run> {
    const body: Record<string, unknown> = { experiment_id: req.experimentId, user_id: req.userId, start_time: req.startTime, tags: req.tags };
    if (req.runName) body.run_name = req.runName;
    const res = await this.http.callJson<{ run: any }>("POST", `${API}/runs/create`, body);
    return runFromJson(res.run);
  }

  async get(runId: string): Promise<Run> {
    const res = await this.http.callJson<{ run: any }>("GET", `${API}/runs/get`, undefined, { run_id: runId });
    return runFromJson(res.run);
  }

  async update(runId: string, status: RunStatus, endTime: number | null, runName?: string): Promise<RunInfo> {
    const body: Record<string, unknown> = { run_id: runId, status };
    if (endTime !== null) body.end_time = endTime;
    if (runName) body.run_name = runName;
    const res = await this.http.callJson<{ run_info: any }>("POST", `${API}/runs/update`, body);
    return runInfoFromJson(res.run_info);
  }

  async delete(runId: string): Promise<void> {
    await this.http.callJson("POST", `${API}/runs/delete`, { run_id: runId });
  }

  async restore(runId: string): Promise<void> {
    await this.http.callJson("POST", `${API}/runs/restore`, { run_id: runId });
  }

  /** One runs/log-batch request; the caller keeps it within MLflow's batch limits. */
  async logBatch(runId: string, batch: { metrics?: MetricPoint[]; params?: Param[]; tags?: RunTag[] }): Promise<void> {
    await this.http.callJson("POST", `${API}/runs/log-batch`, {
      run_id: runId,
      metrics: (batch.metrics ?? []).map(metricToJson),
      params: batch.params ?? [],
      tags: batch.tags ?? [],
    });
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.http.callJson("POST", `${API}/runs/delete-tag`, { run_id: runId, key });
  }

  /** Every point, following the server's pages (RestStore.get_metric_history). */
  async metricHistory(runId: string, key: string): Promise<Metric[]> {
    const out: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const res = await this.http.callJson<{ metrics?: any[]; next_page_token?: string }>("GET", `${API}/metrics/get-history`, undefined, {
        run_id: runId,
        metric_key: key,
        page_token: pageToken,
      });
      for (const m of res.metrics ?? []) out.push(metricFromJson(m));
      pageToken = res.next_page_token || undefined;
    } while (pageToken);
    return out;
  }

  async search(req: SearchRunsRequest): Promise<PagedList<Run>> {
    const body: Record<string, unknown> = {
      experiment_ids: req.experimentIds,
      run_view_type: viewTypeToJson(req.runViewType),
      max_results: req.maxResults ?? SEARCH_MAX_RESULTS_DEFAULT,
    };
    if (req.filterString) body.filter = req.filterString;
    if (req.orderBy?.length) body.order_by = req.orderBy;
    if (req.pageToken) body.page_token = req.pageToken;
    const res = await this.http.callJson<{ runs?: any[]; next_page_token?: string }>("POST", `${API}/runs/search`, body);
    return new PagedList((res.runs ?? []).map(runFromJson), res.next_page_token || null);
  }
}
