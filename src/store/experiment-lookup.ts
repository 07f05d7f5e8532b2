/**
 * Finding experiments in a TrackingStore the way the CLI's `-e` and `mlruns report` do: every
 * experiment of a view across pages, and one experiment by id (all digits) or, failing that, by name.
 */
import type { Experiment, ViewType } from "../entities.js";
import { ResourceNotFoundError } from "../errors.js";
import { collectPages } from "./paged-list.js";
import type { TrackingStore } from "./tracking-store.js";

/** Every experiment of the view, page after page. */
export function allExperiments(store: TrackingStore, viewType: ViewType = "ACTIVE_ONLY"): Promise<Experiment[]> {
  return collectPages((pageToken) => store.searchExperiments({ viewType, pageToken }));
}

/** By id when `ref` is all digits and such an experiment exists, else by name; ResourceNotFoundError when neither. */
export async function resolveExperiment(store: TrackingStore, ref: string): Promise<Experiment> {
  if (/^\d+$/.test(ref)) {
    try {
      return await store.getExperiment(ref);
    } catch (err) {
      if (!(err instanceof ResourceNotFoundError)) throw err;
    }
  }
  const byName = await store.getExperimentByName(ref);
  if (byName) return byName;
  throw new ResourceNotFoundError(`No experiment with id or name '${ref}'. List them with 'mlruns experiments'.`);
}
