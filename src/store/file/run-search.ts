/** FileStore.search_runs in two passes: decide the page from the keys the query names, then read the page. */
import type { Run } from "../../entities.js";
import { MlflowError } from "../../errors.js";
import { filterRuns, paginate, parseStartOffset, searchReferences, sortRuns } from "../../search/index.js";
import { runsMaxResults } from "../../validation/max-results.js";
import { PagedList } from "../paged-list.js";
import type { SearchRunsRequest } from "../tracking-store.js";
import { warn } from "./damage.js";
import { firstRunsInNaturalOrder } from "./natural-order.js";
import { listRunInfos } from "./run-listing.js";
import { keysOrNone, listSelection, readRun, readRunData } from "./run-reader.js";
import type { StoreContext } from "./store-context.js";

export function searchRuns(ctx: StoreContext, req: SearchRunsRequest): PagedList<Run> {
  const maxResults = runsMaxResults(req.maxResults);
  ctx.flushAll();
  ctx.ensureStore();
  // Datasets clauses need each run's inputs, so they take the one-pass road.
  const refs = searchReferences(req.filterString, req.orderBy);
  const view = req.runViewType ?? "ACTIVE_ONLY";
  ctx.runCache.beginPass();
  try {
    const candidates: Run[] = [];
    const dirs = new Map<Run, string>();
    // Without a filter or order-by, the page is the first runs in natural order; one more
    // than the page tells whether a next page exists. A negative offset counts from the end.
    const offset = refs.naturalOrderOnly ? parseStartOffset(req.pageToken) : -1;
    const first = offset >= 0 ? firstRunsInNaturalOrder(ctx, req.experimentIds.map(String), view, offset + maxResults + 1) : undefined;
    const listings = first ? [first] : req.experimentIds.map((id) => listRunInfos(ctx, String(id), view));
    for (const listing of listings) {
      for (const [info, runDir] of listing) {
        try {
          const run = refs.datasets ? readRun(ctx, info, runDir) : readRunData(ctx, info, runDir, refs);
          candidates.push(run);
          dirs.set(run, runDir);
        } catch (err) {
          if (err instanceof MlflowError) throw err;
          warn(`Run '${info.runId}' skipped: ${(err as Error).message}`);
        }
      }
    }
    const page = paginate(sortRuns(filterRuns(candidates, req.filterString), req.orderBy), req.pageToken, maxResults);
    const runs = new PagedList<Run>([], page.token);
    const select = refs.datasets ? undefined : listSelection(req.select, (kind) => page.map((run) => keysOrNone(ctx, dirs.get(run)!, kind)));
    for (const run of page) {
      if (refs.datasets) {
        runs.push(run);
        continue;
      }
      try {
        runs.push(readRun(ctx, run.info, dirs.get(run)!, select));
      } catch (err) {
        // As in the first pass: a run that became unreadable is skipped, not the search.
        if (err instanceof MlflowError) throw err;
        warn(`Run '${run.info.runId}' skipped: ${(err as Error).message}`);
      }
    }
    ctx.runCache.save();
    return runs;
  } finally {
    ctx.runCache.endPass();
  }
}
