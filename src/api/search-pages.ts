import type { Run, ViewType } from "../entities.js";
import { SEARCH_MAX_RESULTS_THRESHOLD } from "../validation/max-results.js";
import type { MlflowClient } from "./client.js";

/** mlflow.search_runs' paging: pages of at most SEARCH_MAX_RESULTS_THRESHOLD until maxResults runs or the last page. */
export async function searchAllPages(c: MlflowClient, ids: string[], filterString: string, runViewType: ViewType, maxResults: number, orderBy?: string[]): Promise<Run[]> {
  const runs: Run[] = [];
  let token: string | null | undefined;
  do {
    const page = await c.searchRuns(ids, filterString, runViewType, Math.min(maxResults - runs.length, SEARCH_MAX_RESULTS_THRESHOLD), orderBy, token);
    runs.push(...page);
    token = page.token;
  } while (token && runs.length < maxResults);
  return runs;
}
