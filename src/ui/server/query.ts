/**
 * Reading /api query strings: comma lists, run-id lists, integers. A malformed value is a 400
 * with MLflow's INVALID_PARAMETER_VALUE code.
 */
import { HttpError } from "./respond.js";

/** Run ids one request may name (/api/compare, /api/runs-brief): a chart or a table of more is unreadable, and the limit keeps a request bounded. */
export const MAX_RUNS_PER_REQUEST = 100;

export function badRequest(message: string): HttpError {
  return new HttpError(400, "INVALID_PARAMETER_VALUE", message);
}

/** Every `name` parameter split at commas: `?runs=a,b&runs=c` is [a, b, c]; blanks dropped. */
export function commaList(q: URLSearchParams, name: string): string[] {
  return q
    .getAll(name)
    .flatMap((s) => s.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The distinct run ids of `?runs=`: at least one (else 400 with `missing`), at most MAX_RUNS_PER_REQUEST. */
export function runIdList(q: URLSearchParams, missing: string): string[] {
  const ids = [...new Set(commaList(q, "runs"))];
  if (!ids.length) throw badRequest(missing);
  if (ids.length > MAX_RUNS_PER_REQUEST) throw badRequest(`At most ${MAX_RUNS_PER_REQUEST} runs at once, got ${ids.length}.`);
  return ids;
}

/** A whole number of at least `min`, or undefined when absent or empty. */
export function integerParam(q: URLSearchParams, name: string, min: number): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw badRequest(`${name} must be an integer of at least ${min}, got '${v}'.`);
  return Number(v);
}
