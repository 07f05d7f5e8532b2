/**
 * maxResults of the search calls, checked as MLflow 3.17 checks it (store/tracking/file_store.py,
 * server/handlers.py): a positive integer, with a per-call ceiling and default. MLflow's file
 * store lets some bad values through to a TypeError or an odd page (search_runs(max_results=-1)
 * returns nothing and a token for offset -1); here every one is an InvalidParameterError.
 */
import { InvalidParameterError } from "../errors.js";

/** SEARCH_MAX_RESULTS_THRESHOLD: the most one page of runs or experiments may hold. */
export const SEARCH_MAX_RESULTS_THRESHOLD = 50000;
/** SEARCH_MAX_RESULTS_DEFAULT */
export const SEARCH_MAX_RESULTS_DEFAULT = 1000;
/** SEARCH_LOGGED_MODEL_MAX_RESULTS_DEFAULT */
export const SEARCH_LOGGED_MODEL_MAX_RESULTS_DEFAULT = 100;

function shown(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function positiveInteger(value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new InvalidParameterError(`Invalid value ${shown(value)} for parameter 'max_results' supplied. It must be a positive integer`);
  }
  return value;
}

/** FileStore.search_experiments: omitted means 1000; null, 0, -1, 1.5 and "3" are refused. */
export function experimentsMaxResults(value: unknown): number {
  const n = positiveInteger(value === undefined ? SEARCH_MAX_RESULTS_DEFAULT : value);
  if (n > SEARCH_MAX_RESULTS_THRESHOLD) {
    throw new InvalidParameterError(`Invalid value ${n} for parameter 'max_results' supplied. It must be at most ${SEARCH_MAX_RESULTS_THRESHOLD}`);
  }
  return n;
}

/**
 * FileStore.search_runs checks only the ceiling (with this message); the tracking server also
 * requires an integer (_assert_intlike), and a page of zero or fewer runs is no page.
 */
export function runsMaxResults(value: unknown): number {
  const n = positiveInteger(value === undefined ? SEARCH_MAX_RESULTS_DEFAULT : value);
  if (n > SEARCH_MAX_RESULTS_THRESHOLD) {
    throw new InvalidParameterError(
      `Invalid value for request parameter max_results. It must be at most ${SEARCH_MAX_RESULTS_THRESHOLD}, but got value ${n}`,
    );
  }
  return n;
}

/** FileStore.search_logged_models: `max_results or 100`, so null and 0 mean 100; no ceiling. */
export function loggedModelsMaxResults(value: unknown): number {
  return positiveInteger(value === undefined || value === null || value === 0 ? SEARCH_LOGGED_MODEL_MAX_RESULTS_DEFAULT : value);
}

/** mlflow.search_runs (fluent): a cap over all pages; omitted means 100,000 (SEARCH_MAX_RESULTS_PANDAS), null no cap. */
export function overallMaxResults(value: unknown): number {
  if (value === undefined) return 100000;
  return value === null ? Infinity : positiveInteger(value);
}
