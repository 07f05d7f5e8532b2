import { parseOrderBy } from "./order-by.js";
import { parseFilter } from "./parse-filter.js";
import { RUNS } from "./identifiers.js";

/** The run data a filter and an order-by read: a store can load just these to decide the page. */
export interface SearchReferences {
  metrics: string[];
  params: string[];
  tags: string[];
  /** `datasets.` clauses need the run's inputs. */
  datasets: boolean;
  /** No filter clause and no order-by: the page is the first runs in natural order. */
  naturalOrderOnly: boolean;
}

/** Throws SearchFilterError exactly where filterRuns/sortRuns would for the same strings. */
export function searchReferences(filterString: string | undefined, orderBy: readonly string[] | undefined): SearchReferences {
  const refs = { metrics: new Set<string>(), params: new Set<string>(), tags: new Set<string>(), datasets: false };
  const clauses = [
    ...(filterString ? parseFilter(filterString, RUNS) : []),
    ...(orderBy ?? []).map((clause) => parseOrderBy(clause)),
  ];
  for (const { type, key } of clauses) {
    if (type === "metric") refs.metrics.add(key);
    else if (type === "parameter") refs.params.add(key);
    else if (type === "tag") refs.tags.add(key);
    else if (type === "dataset") refs.datasets = true;
  }
  return { metrics: [...refs.metrics], params: [...refs.params], tags: [...refs.tags], datasets: refs.datasets, naturalOrderOnly: clauses.length === 0 };
}
