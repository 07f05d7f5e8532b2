/**
 * SearchUtils.sort: runs in MLflow's natural order (start_time descending, then run_id
 * ascending), then re-sorted stably by each order-by clause from last to first, so the first
 * clause has the highest precedence.
 *
 * Within a clause, runs lacking the key come last whatever the direction, after runs whose
 * value is NaN (SearchUtils._get_value_for_sort): ASC sorts (missing?, value) and DESC sorts
 * (present?, value) in reverse, with None filled by ∓inf and NaN by ±inf.
 */
import type { Run } from "../entities.js";
import { SearchFilterError } from "./errors.js";
import { runAttribute, own } from "./evaluate.js";
import { translateKeyAlias } from "./identifiers.js";
import { parseOrderBy, type OrderByClause } from "./order-by.js";
import { comparePyStr } from "../python/strings.js";

type SortValue = string | number;

/** Python's `<` between two sort values of one column (all numbers or all strings). */
function cmpValues(a: SortValue, b: SortValue): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return comparePyStr(a, b);
  // Mixed types cannot occur in one column; keep the sort total anyway.
  return typeof a === "number" ? -1 : 1;
}

function rawSortValue(run: Run, clause: OrderByClause): SortValue | null {
  const key = translateKeyAlias(clause.key);
  switch (clause.type) {
    case "metric":
      return own(run.data.metrics, key);
    case "parameter":
      return own(run.data.params, key);
    case "tag":
      return own(run.data.tags, key);
    case "attribute":
      return runAttribute(run.info, key);
    default:
      throw new Error(`unreachable: ${clause.type}`);
  }
}

/** SearchUtils._get_value_for_sort as a tuple [flag, value]. */
function sortKey(run: Run, clause: OrderByClause): [boolean, SortValue] {
  const value = rawSortValue(run, clause);
  const isNone = value === null;
  const isNan = typeof value === "number" && Number.isNaN(value);
  const fill = clause.ascending ? Infinity : -Infinity;
  const v = isNone ? fill : isNan ? -fill : value;
  const missing = isNone || isNan;
  return [clause.ascending ? missing : !missing, v];
}

function cmpKeys(a: [boolean, SortValue], b: [boolean, SortValue]): number {
  if (a[0] !== b[0]) return a[0] ? 1 : -1;
  return cmpValues(a[1], b[1]);
}

/** MLflow's natural order: `sorted(runs, key=lambda r: (-r.info.start_time, r.info.run_id))`. */
export function naturalOrder(a: { info: Pick<Run["info"], "startTime" | "runId"> }, b: { info: Pick<Run["info"], "startTime" | "runId"> }): number {
  return compareNatural(a.info.startTime, a.info.runId, b.info.startTime, b.info.runId);
}

/** naturalOrder on the two values it reads. */
export function compareNatural(startA: number | null, idA: string, startB: number | null, idB: string): number {
  // MLflow cannot sort a run without start_time (TypeError); such runs go last here.
  const sa = startA ?? -Infinity;
  const sb = startB ?? -Infinity;
  if (sa !== sb) return sb - sa;
  return comparePyStr(idA, idB);
}

export function sortRuns(runs: Run[], orderBy?: string[]): Run[] {
  let sorted = runs.slice().sort(naturalOrder);
  if (!orderBy || orderBy.length === 0) return sorted;
  for (let i = orderBy.length - 1; i >= 0; i--) {
    const text = orderBy[i]!;
    const clause = parseOrderBy(text);
    if (clause.type === "dataset") {
      // MLflow raises in the sort key, i.e. only when there is something to sort.
      if (sorted.length > 0) {
        throw new SearchFilterError(`Invalid order_by entity type '${clause.type}'`, text, 0);
      }
      continue;
    }
    const keyed = sorted.map((run) => ({ run, key: sortKey(run, clause) }));
    const sign = clause.ascending ? 1 : -1;
    keyed.sort((a, b) => sign * cmpKeys(a.key, b.key));
    sorted = keyed.map((k) => k.run);
  }
  return sorted;
}
