/**
 * The JSON endpoints, read through the TrackingStore (the same store and search engine as the
 * library and the CLI). Datasette-style: the page's data is what a script gets from the same URLs.
 */
import type { ServerResponse } from "node:http";
import type { Run, ViewType } from "../../entities.js";
import { ResourceNotFoundError } from "../../errors.js";
import { allExperiments } from "../../store/experiment-lookup.js";
import { collectPages } from "../../store/paged-list.js";
import type { TrackingStore } from "../../store/tracking-store.js";
import { historyColumns } from "../../store/metric-columns.js";
import { serveArtifacts } from "./artifact-file.js";
import { downsampleColumnsMinMax } from "./downsample.js";
import { historyAnswer, parseHistoryQuery } from "./metric-history.js";
import { commaList, integerParam } from "./query.js";
import { runsBrief } from "./runs-brief.js";
import { HttpError, sendJson } from "./respond.js";
import { handleTableApi } from "./table-api.js";

const VIEWS: readonly ViewType[] = ["ACTIVE_ONLY", "DELETED_ONLY", "ALL"];
/** Points of a run page's sparkline, per metric. */
const SPARKLINE_POINTS = 40;
const NO_DATA = { metrics: [], params: [], tags: [], inputs: false } as const;

/** Answers `/api/...`; returns false when no endpoint has this path. */
export async function handleApi(store: TrackingStore, res: ServerResponse, url: URL): Promise<boolean> {
  const parts = url.pathname.split("/").slice(2).map(decodeSegment);
  const q = url.searchParams;
  if (await handleTableApi(store, res, parts, q)) return true;
  if (parts.length === 1 && parts[0] === "experiments") {
    sendJson(res, 200, await experiments(store, view(q.get("view")), flag("runCounts", q.get("runCounts"), true)));
  } else if (parts.length === 1 && parts[0] === "runs-brief") {
    sendJson(res, 200, await runsBrief(store, q));
  } else if (parts.length === 1 && parts[0] === "runs") {
    sendJson(res, 200, await runs(store, q));
  } else if (parts[0] === "runs" && parts.length === 2) {
    sendJson(res, 200, await runDetails(store, parts[1]!));
  } else if (parts[0] === "runs" && parts[2] === "metrics" && parts.length >= 4) {
    // A metric key may hold '/', sent as %2F or as it is.
    const key = parts.slice(3).join("/");
    const query = parseHistoryQuery(q);
    sendJson(res, 200, historyAnswer(key, await historyColumns(store, parts[1]!, key), query));
  } else if (parts[0] === "runs" && parts.length === 3 && (parts[2] === "artifacts" || parts[2] === "artifact")) {
    await serveArtifacts(res, async () => store.artifactRepository((await store.getRun(parts[1]!)).info), parts[2], q);
  } else {
    return false;
  }
  return true;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new HttpError(400, "INVALID_PARAMETER_VALUE", `Bad percent-encoding in the URL path: '${s}'.`);
  }
}

function view(v: string | null): ViewType {
  if (v === null || v === "") return "ACTIVE_ONLY";
  if ((VIEWS as string[]).includes(v)) return v as ViewType;
  throw new HttpError(400, "INVALID_PARAMETER_VALUE", `view must be one of ${VIEWS.join(", ")}, got '${v}'.`);
}

function flag(name: string, v: string | null, fallback: boolean): boolean {
  if (v === null || v === "") return fallback;
  if (v === "true" || v === "false") return v === "true";
  throw new HttpError(400, "INVALID_PARAMETER_VALUE", `${name} must be true or false, got '${v}'.`);
}

/**
 * Each experiment with its active and deleted run counts and the time of its latest activity (as
 * `mlruns experiments`). Counting reads every run's meta.yaml (≈ 1 s for 10,000 runs), so a page
 * that needs only the names asks with runCounts=false: the runs table's first paint waited for it.
 */
async function experiments(store: TrackingStore, viewType: ViewType, withCounts: boolean) {
  const all = await allExperiments(store, viewType);
  if (!withCounts) return { experiments: all.map((e) => ({ ...e, lastActivityTime: maxTime(e.lastUpdateTime, e.creationTime) })) };
  const out = [];
  for (const e of all) {
    let runCount = 0;
    let deletedRunCount = 0;
    let lastActivityTime = maxTime(e.lastUpdateTime, e.creationTime);
    // meta.yaml alone: no metric, param or tag file is read for counting.
    const runs = await collectPages((pageToken) => store.searchRuns({ experimentIds: [e.experimentId], runViewType: "ALL", maxResults: 50_000, pageToken, select: NO_DATA }));
    for (const r of runs) {
      if (r.info.lifecycleStage === "active") runCount++;
      else deletedRunCount++;
      lastActivityTime = maxTime(lastActivityTime, r.info.startTime, r.info.endTime);
    }
    out.push({ ...e, runCount, deletedRunCount, lastActivityTime });
  }
  out.sort((a, b) => (b.lastActivityTime ?? -Infinity) - (a.lastActivityTime ?? -Infinity));
  return { experiments: out };
}

function maxTime(...times: (number | null | undefined)[]): number | null {
  const known = times.filter((t): t is number => typeof t === "number");
  return known.length ? Math.max(...known) : null;
}

async function runs(store: TrackingStore, q: URLSearchParams) {
  const ids = commaList(q, "experiments");
  if (!ids.length) throw new HttpError(400, "INVALID_PARAMETER_VALUE", "Pass one or more experiment ids: /api/runs?experiments=0,1");
  const page = await store.searchRuns({
    experimentIds: ids,
    filterString: q.get("filter") ?? "",
    runViewType: view(q.get("view")),
    maxResults: integerParam(q, "maxResults", 1),
    orderBy: q.getAll("orderBy").filter(Boolean),
    pageToken: q.get("pageToken") || null,
  });
  return { runs: [...page], nextPageToken: page.token };
}

async function runDetails(store: TrackingStore, runId: string) {
  const run = await store.getRun(runId);
  const experiment = await store.getExperiment(run.info.experimentId);
  const metrics = [];
  for (const key of Object.keys(run.data.metrics).sort()) {
    const cols = await historyColumns(store, runId, key);
    const { steps, values } = cols;
    // NaN is never a min or max (as `mlruns history`); a history of only NaN has neither.
    let min: number | null = null;
    let max: number | null = null;
    for (const v of values) {
      if (Number.isNaN(v)) continue;
      if (min === null || v < min) min = v;
      if (max === null || v > max) max = v;
    }
    // The sparkline comes from the same read: at most SPARKLINE_POINTS [step, value] pairs.
    const spark = Array.from(downsampleColumnsMinMax(cols, SPARKLINE_POINTS / 2), (i): [number, number] => [steps[i]!, values[i]!]);
    metrics.push({ key, last: run.data.metrics[key], min, max, steps: values.length, spark });
  }
  const parentId = run.data.tags["mlflow.parentRunId"];
  const parent = parentId ? await store.getRun(parentId).then(brief, (e) => (e instanceof ResourceNotFoundError ? { runId: parentId, runName: null, missing: true } : Promise.reject(e))) : null;
  const children = await store.searchRuns({
    experimentIds: [run.info.experimentId],
    filterString: `tags.mlflow.parentRunId = '${runId.replace(/'/g, "")}'`,
    maxResults: 1000,
    select: NO_DATA,
  });
  return { run, experiment: { experimentId: experiment.experimentId, name: experiment.name }, metrics, parent, children: children.map(brief) };
}

function brief(r: Run) {
  return { runId: r.info.runId, runName: r.info.runName, status: r.info.status };
}
