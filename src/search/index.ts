/**
 * MLflow's search language for runs and experiments, as the file store implements it
 * (mlflow/utils/search_utils.py): filter strings, order-by clauses and page tokens. Pure
 * functions over entities; no I/O.
 */
import { RUNS } from "./identifiers.js";
import { parseFilter, type FilterClause } from "./parse-filter.js";

export { SearchFilterError } from "./errors.js";
export { filterRuns } from "./evaluate.js";
export { filterExperiments, sortExperiments } from "./experiment-search.js";
export { paginate, parseStartOffset } from "./paginate.js";
export { compareNatural, naturalOrder, sortRuns } from "./sort-runs.js";
export type { ClauseValue, EntityType, FilterClause } from "./parse-filter.js";

/**
 * Parse a run filter (SearchUtils.parse_search_filter). An empty or missing filter has no
 * clauses. Throws SearchFilterError where MLflow raises. Comparator/type mismatches such as
 * `metrics.x LIKE '1'` are not errors here: like MLflow, filterRuns reports them when a run is
 * tested against the clause.
 */
export function parseSearchFilter(filterString: string | undefined): FilterClause[] {
  return parseFilter(filterString, RUNS);
}
export { searchReferences, type SearchReferences } from "./references.js";
