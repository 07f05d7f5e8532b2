/**
 * Experiment search: SearchExperimentsUtils.filter and .sort.
 *
 * Filters use `name`, `experiment_id`, `creation_time`, `last_update_time` (bare or as
 * `attribute.<key>`) and `tag.<key>` / `tags.<key>`; `experiment_id` also takes IN lists.
 * Order-by takes attributes only; the default is "creation_time DESC, experiment_id ASC"
 * (FileStore.search_experiments). Unless the order names experiment_id, MLflow appends
 * experiment_id DESC as the tie-breaker. Missing values sort last in either direction.
 * experiment_id is compared as a string, as MLflow does ("10" < "9").
 */
import type { Experiment } from "../entities.js";
import {
  NUMERIC_COMPARATORS,
  STRING_ATTRIBUTE_COMPARATORS,
  TAG_COMPARATORS,
  UncomparableError,
  compare,
  type Comparable,
} from "./comparators.js";
import { SearchFilterError } from "./errors.js";
import { EXPERIMENTS } from "./identifiers.js";
import { parseOrderBy } from "./order-by.js";
import { parseFilter, type FilterClause } from "./parse-filter.js";
import { comparePyStr } from "../python/strings.js";

export const DEFAULT_EXPERIMENT_ORDER_BY: readonly string[] = ["creation_time DESC", "experiment_id ASC"];

function experimentAttribute(e: Experiment, key: string): string | number | null {
  switch (key) {
    case "name":
      return e.name;
    case "experiment_id":
      return e.experimentId;
    case "creation_time":
      return e.creationTime;
    case "last_update_time":
      return e.lastUpdateTime;
    default:
      throw new Error(`Not an experiment attribute: ${key}`);
  }
}

function check(clause: FilterClause, allowed: ReadonlySet<string>, filter: string): void {
  if (!allowed.has(clause.comparator)) {
    throw new SearchFilterError(
      `Invalid comparator '${clause.comparator}' for ${clause.type} '${clause.key}': not one of ${[...allowed]
        .map((c) => `'${c}'`)
        .join(", ")}`,
      filter,
      clause.comparatorPosition,
    );
  }
}

/** SearchExperimentsUtils._does_experiment_match_clause */
function experimentMatchesClause(e: Experiment, clause: FilterClause, filter: string): boolean {
  const { comparator, key } = clause;
  let lhs: Comparable | null;
  if (clause.type === "attribute" && !EXPERIMENTS.numericAttributes.has(key)) {
    check(clause, STRING_ATTRIBUTE_COMPARATORS, filter);
    lhs = experimentAttribute(e, key);
  } else if (clause.type === "attribute") {
    check(clause, NUMERIC_COMPARATORS, filter);
    lhs = experimentAttribute(e, key);
  } else if (clause.type === "tag") {
    check(clause, TAG_COMPARATORS, filter);
    const present = Object.hasOwn(e.tags, key);
    if (comparator === "IS NULL") return !present;
    if (comparator === "IS NOT NULL") return present;
    if (!present) return false;
    lhs = e.tags[key]!;
  } else {
    throw new SearchFilterError(`Invalid search expression type '${clause.type}'`, filter, clause.position);
  }
  try {
    // Unlike runs, a missing attribute is compared as Python's None: "=" is false, "!=" true,
    // and an ordering comparison fails (MLflow raises TypeError).
    return compare(comparator, lhs, clause.value as Comparable | null);
  } catch (err) {
    if (err instanceof UncomparableError) {
      throw new SearchFilterError(`Cannot evaluate this clause: ${err.message}`, filter, clause.comparatorPosition, {
        cause: err,
      });
    }
    throw err;
  }
}

export function filterExperiments(experiments: Experiment[], filterString?: string): Experiment[] {
  if (!filterString) return experiments.slice();
  const clauses = parseFilter(filterString, EXPERIMENTS);
  return experiments.filter((e) => clauses.every((c) => experimentMatchesClause(e, c, filterString)));
}

type Value = string | number | null;

/** SearchExperimentsUtils._get_sort_key's _Sorter: None last, then value order per direction. */
function cmpSorter(a: Value, b: Value, ascending: boolean): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const c = typeof a === "number" && typeof b === "number" ? (a < b ? -1 : a > b ? 1 : 0) : comparePyStr(String(a), String(b));
  return ascending ? c : -c;
}

export function sortExperiments(experiments: Experiment[], orderBy?: string[]): Experiment[] {
  const clauses = (orderBy && orderBy.length > 0 ? orderBy : DEFAULT_EXPERIMENT_ORDER_BY).map((text) => {
    const parsed = parseOrderBy(text, EXPERIMENTS);
    if (parsed.type !== "attribute") {
      throw new SearchFilterError(`Invalid order_by entity: ${parsed.type}`, text, 0);
    }
    return parsed;
  });
  if (!clauses.some((c) => c.key === "experiment_id")) {
    clauses.push({ type: "attribute", key: "experiment_id", ascending: false });
  }
  return experiments.slice().sort((x, y) => {
    for (const c of clauses) {
      const r = cmpSorter(experimentAttribute(x, c.key), experimentAttribute(y, c.key), c.ascending);
      if (r !== 0) return r;
    }
    return 0;
  });
}
