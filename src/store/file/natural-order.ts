/** Search's fast path: the first runs in natural order without reading every meta.yaml. */
import path from "node:path";
import type { RunInfo, ViewType } from "../../entities.js";
import { compareNatural } from "../../search/index.js";
import { mergeSorted } from "../../util/merge-sorted.js";
import { inView, listedRunInfo, runFolderNames } from "./run-listing.js";
import type { StoreContext } from "./store-context.js";

type Candidate = { startTime: number | null; runId: string; runDir: string; experimentId: string; checked?: RunInfo } | undefined;

/**
 * The first `count` runs in natural order (start_time descending, run_id), reading only as
 * many meta.yaml files as that takes: runs are walked in the order of their cached start_time
 * and run_id (which never change, see RunCache.cachedInOrder) and checked until `count` are
 * in the view. undefined when a checked run's order turns out to differ from its cached one,
 * or the cache is damaged: then only a full listing is exact.
 */
export function firstRunsInNaturalOrder(ctx: StoreContext, experimentIds: string[], view: ViewType, count: number): [RunInfo, string][] | undefined {
  const streams: Iterable<Candidate>[] = [];
  for (const experimentId of experimentIds) {
    const folders = runFolderNames(ctx, experimentId, false); // cachedInOrder forgets removed runs
    if (!folders) continue;
    const dir = (name: string) => folders.expDir + path.sep + name;
    const { runs, uncached } = ctx.runCache.cachedInOrder(folders.expDir, folders.names);
    const read: Candidate[] = [];
    for (const name of uncached) {
      const info = listedRunInfo(ctx, experimentId, dir(name));
      if (info) read.push({ startTime: info.startTime, runId: info.runId, runDir: dir(name), experimentId, checked: info });
    }
    read.sort(byCandidate);
    const cached = mapIterable(runs, (run): Candidate => run && { startTime: run[1][0], runId: run[1][1], runDir: dir(run[0]), experimentId });
    streams.push(cached, read);
  }
  const out: [RunInfo, string][] = [];
  for (const run of mergeSorted(streams, byCandidate)) {
    if (out.length === count) break;
    if (!run) return undefined;
    const info = run.checked ?? listedRunInfo(ctx, run.experimentId, run.runDir);
    if (!info) continue;
    if (info.startTime !== run.startTime || info.runId !== run.runId) return undefined;
    if (inView(info, view)) out.push([info, run.runDir]);
  }
  return out;
}

/** Natural order of search candidates; undefined (a damaged cache) first, so it is met before anything after it is trusted. */
function byCandidate(a: { startTime: number | null; runId: string } | undefined, b: { startTime: number | null; runId: string } | undefined): number {
  if (!a || !b) return !a ? -1 : 1;
  return compareNatural(a.startTime, a.runId, b.startTime, b.runId);
}

function* mapIterable<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}
