/** What to sync: the source's experiments (all, or those named) and their runs, parents first. */
import type { Experiment, Run } from "../entities.js";
import { InvalidParameterError } from "../errors.js";
import { collectPages } from "../store/paged-list.js";
import type { TrackingStore } from "../store/tracking-store.js";

const PAGE = 1000;

export interface ExperimentPlan {
  experiment: Experiment;
  /** Active runs, each after its parent when the parent is in this list. */
  runs: Run[];
}

export async function listExperiments(from: TrackingStore, wanted?: readonly string[]): Promise<Experiment[]> {
  const all = await collectPages((pageToken) => from.searchExperiments({ viewType: "ACTIVE_ONLY", maxResults: PAGE, pageToken }));
  if (!wanted?.length) return all.sort((a, b) => Number(a.experimentId) - Number(b.experimentId) || a.experimentId.localeCompare(b.experimentId));
  return wanted.map((ref) => {
    const found = all.find((e) => e.name === ref) ?? all.find((e) => e.experimentId === ref);
    if (!found) {
      throw new InvalidParameterError(`No active experiment named '${ref}' (or with that id) in ${from.trackingUri}. Experiments there: ${all.map((e) => `'${e.name}'`).join(", ") || "none"}.`);
    }
    return found;
  });
}

export async function listRuns(from: TrackingStore, experimentId: string): Promise<Run[]> {
  const runs = await collectPages((pageToken) => from.searchRuns({ experimentIds: [experimentId], runViewType: "ACTIVE_ONLY", maxResults: PAGE, orderBy: ["attributes.start_time ASC"], pageToken }));
  return parentsFirst(runs);
}

/** Orders runs so that a parent comes before its children: its target id is needed to rewrite mlflow.parentRunId. */
export function parentsFirst(runs: Run[]): Run[] {
  const byId = new Map(runs.map((r) => [r.info.runId, r]));
  const out: Run[] = [];
  const placed = new Set<string>();
  const place = (run: Run, seen: Set<string>) => {
    if (placed.has(run.info.runId) || seen.has(run.info.runId)) return;
    seen.add(run.info.runId);
    const parent = byId.get(run.data.tags["mlflow.parentRunId"] ?? "");
    if (parent) place(parent, seen);
    placed.add(run.info.runId);
    out.push(run);
  };
  for (const run of runs) place(run, new Set());
  return out;
}
