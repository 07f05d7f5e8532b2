import type { Run, ViewType } from "../entities.js";
import { collectPages } from "../store/paged-list.js";
import { SEARCH_MAX_RESULTS_THRESHOLD } from "../validation/max-results.js";
import type { MlflowClient } from "./client.js";

/** mlflow.search_runs' paging: pages of at most SEARCH_MAX_RESULTS_THRESHOLD until maxResults runs or the last page. */
export function searchAllPages(c: MlflowClient, ids: string[], filterString: string, runViewType: ViewType, maxResults: number, orderBy?: string[]): Promise<Run[]> {
  return collectPages((token, wanted) => c.searchRuns(ids, filterString, runViewType, Math.min(wanted, SEARCH_MAX_RESULTS_THRESHOLD), orderBy, token), maxResults);
}
