/**
 * Matching runs against parsed clauses: SearchUtils._does_run_match_clause and
 * SearchUtils.filter.
 *
 * Like MLflow, the comparator is checked against the clause's type here, when a clause is first
 * evaluated, not while parsing. So `metrics.x LIKE 1` is an error only when there is a run to
 * test it on, and a clause is never checked for a run that an earlier clause already rejected
 * (MLflow's `all(...)` stops at the first False).
 *
 * `datasets.*` clauses: MLflow matches them against `run.inputs.dataset_inputs`. Our Run entity
 * carries no inputs yet, so such runs behave exactly like MLflow runs that logged no dataset:
 * the clause never matches (MLflow's `any()` over an empty list), for every comparator,
 * including `!=` and `NOT IN`. Runs that do carry MLflow-shaped
 * `inputs.datasetInputs` (see DatasetInputLike) are matched as MLflow would.
 */
import type { Run, RunInfo } from "../entities.js";
import {
  DATASET_COMPARATORS,
  NUMERIC_COMPARATORS,
  PARAM_COMPARATORS,
  STRING_ATTRIBUTE_COMPARATORS,
  TAG_COMPARATORS,
  UncomparableError,
  compare,
  type Comparable,
} from "./comparators.js";
import { SearchFilterError } from "./errors.js";
import { RUNS, translateKeyAlias } from "./identifiers.js";
import { parseFilter, type FilterClause } from "./parse-filter.js";

/** MLflow's tag marking a dataset input's context (mlflow.utils.mlflow_tags.MLFLOW_DATASET_CONTEXT). */
export const DATASET_CONTEXT_TAG = "mlflow.data.context";

/** The shape of MLflow's DatasetInput, for runs that carry `inputs.datasetInputs`. */
export interface DatasetInputLike {
  readonly dataset: { readonly name: string; readonly digest: string };
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

function datasetInputs(run: Run): readonly DatasetInputLike[] {
  const inputs = (run as { inputs?: { datasetInputs?: readonly DatasetInputLike[] } }).inputs;
  return inputs?.datasetInputs ?? [];
}

/** RunInfo attributes by MLflow's snake_case name. */
export function runAttribute(info: RunInfo, key: string): string | number | null {
  switch (key) {
    case "run_id":
      return info.runId;
    case "run_name":
      return info.runName;
    case "user_id":
      return info.userId;
    case "status":
      return info.status;
    case "start_time":
      return info.startTime;
    case "end_time":
      return info.endTime;
    case "artifact_uri":
      return info.artifactUri;
    default:
      throw new Error(`Not a run attribute: ${key}`);
  }
}

export function own<V>(record: Record<string, V>, key: string): V | null {
  return Object.hasOwn(record, key) ? record[key]! : null;
}

function checkComparator(clause: FilterClause, allowed: ReadonlySet<string>, filter: string): void {
  if (!allowed.has(clause.comparator)) {
    const kind = clause.type === "parameter" ? "param" : clause.type;
    throw new SearchFilterError(
      `Invalid comparator '${clause.comparator}' for ${kind} '${clause.key}': not one of ${[...allowed]
        .map((c) => `'${c}'`)
        .join(", ")}`,
      filter,
      clause.comparatorPosition,
    );
  }
}

function comparisonError(clause: FilterClause, filter: string, e: unknown): never {
  if (e instanceof UncomparableError) {
    throw new SearchFilterError(`Cannot evaluate this clause: ${e.message}`, filter, clause.comparatorPosition, { cause: e });
  }
  throw e;
}

/** Does `run` satisfy `clause`? Throws SearchFilterError where MLflow raises. */
export function runMatchesClause(run: Run, clause: FilterClause, filter: string): boolean {
  const { comparator } = clause;
  const key = translateKeyAlias(clause.key);
  let lhs: Comparable | null;
  const value = clause.value as Comparable | null;
  switch (clause.type) {
    case "metric":
      checkComparator(clause, NUMERIC_COMPARATORS, filter);
      lhs = own(run.data.metrics, key);
      break;
    case "parameter":
      checkComparator(clause, PARAM_COMPARATORS, filter);
      lhs = own(run.data.params, key);
      break;
    case "tag":
      checkComparator(clause, TAG_COMPARATORS, filter);
      lhs = own(run.data.tags, key);
      break;
    case "attribute":
      checkComparator(clause, RUNS.numericAttributes.has(key) ? NUMERIC_COMPARATORS : STRING_ATTRIBUTE_COMPARATORS, filter);
      lhs = runAttribute(run.info, key);
      break;
    case "dataset": {
      checkComparator(clause, DATASET_COMPARATORS, filter);
      try {
        return datasetInputs(run).some((input) => {
          if (key === "context") {
            return input.tags.some((t) => t.key === DATASET_CONTEXT_TAG && compare(comparator, t.value, value));
          }
          return compare(comparator, key === "name" ? input.dataset.name : input.dataset.digest, value);
        });
      } catch (e) {
        return comparisonError(clause, filter, e);
      }
    }
  }
  if (comparator === "IS NULL") return lhs === null;
  if (comparator === "IS NOT NULL") return lhs !== null;
  if (lhs === null) return false;
  try {
    return compare(comparator, lhs, value);
  } catch (e) {
    return comparisonError(clause, filter, e);
  }
}

/** SearchUtils.filter: the runs matching every clause, in their original order. */
export function filterRuns(runs: Run[], filterString?: string): Run[] {
  if (!filterString) return runs.slice();
  const clauses = parseFilter(filterString, RUNS);
  return runs.filter((run) => clauses.every((clause) => runMatchesClause(run, clause, filterString)));
}
