/**
 * Searching logged models as MLflow's file store does (SearchLoggedModelsUtils in
 * mlflow/utils/search_utils.py): the run filter grammar with the logged-model attribute keys,
 * metric clauses that may be restricted to datasets, and order-by dictionaries
 * (`{fieldName, ascending, datasetName, datasetDigest}`) with MLflow's tie-breakers
 * (creation_timestamp descending, then model_id ascending).
 *
 * Two places where MLflow 3.17's file store raises an AttributeError instead of answering are
 * answered here: the attribute aliases `creation_time` and `last_updated_time` (which MLflow's
 * documentation and SQL store accept) filter and sort as `creation_timestamp` and
 * `last_updated_timestamp`.
 */
import type { LinkedMetric, LoggedModel } from "../entities.js";
import { InvalidParameterError } from "../errors.js";
import { compare, NUMERIC_COMPARATORS, UncomparableError, type Comparable } from "./comparators.js";
import { SearchFilterError } from "./errors.js";
import { RUNS, type Dialect, type EntityType } from "./identifiers.js";
import { parseFilter, type FilterClause } from "./parse-filter.js";
import { comparePyStr } from "../python/strings.js";

/** SearchLoggedModelsUtils.NUMERIC_ATTRIBUTES */
const NUMERIC_ATTRIBUTES = new Set(["creation_timestamp", "creation_time", "last_updated_timestamp", "last_updated_time"]);
/** VALID_SEARCH_ATTRIBUTE_KEYS (also the order-by attribute keys) */
const ATTRIBUTE_KEYS = new Set(["name", "model_id", "model_type", "status", "source_run_id", ...NUMERIC_ATTRIBUTES]);
/** VALID_TAG_COMPARATORS = VALID_PARAM_COMPARATORS for logged models: no IS [NOT] NULL. */
const STRING_COMPARATORS: ReadonlySet<string> = new Set(["!=", "=", "LIKE", "ILIKE"]);

/** LIST_SUPPORTED_KEYS is None for logged models: every attribute takes `IN (...)`. */
class EverySet extends Set<string> {
  override has(): boolean {
    return true;
  }
}

/** SearchLoggedModelsUtils: SearchUtils' grammar (run entity aliases) with logged-model attributes. */
export const LOGGED_MODELS: Dialect = {
  name: "runs",
  searchAttributes: ATTRIBUTE_KEYS,
  orderByAttributes: ATTRIBUTE_KEYS,
  numericAttributes: NUMERIC_ATTRIBUTES,
  listKeys: new EverySet(),
  nullableTypes: new Set<EntityType>(["tag", "parameter"]),
  entityType: RUNS.entityType,
};

const ALIASES: Record<string, string> = { creation_time: "creation_timestamp", last_updated_time: "last_updated_timestamp" };

export interface DatasetFilter {
  datasetName: string;
  datasetDigest?: string | null;
}

export interface LoggedModelOrderBy {
  fieldName: string;
  ascending?: boolean;
  datasetName?: string | null;
  datasetDigest?: string | null;
}

function isMetricOnDataset(m: LinkedMetric, d: DatasetFilter): boolean {
  return m.datasetName === d.datasetName && (d.datasetDigest === undefined || d.datasetDigest === null || d.datasetDigest === m.datasetDigest);
}

/** getattr(model, key) for the attributes a filter can name. */
function attribute(model: LoggedModel, key: string): string | number | null | undefined {
  switch (ALIASES[key] ?? key) {
    case "name":
      return model.name;
    case "model_id":
      return model.modelId;
    case "model_type":
      return model.modelType;
    case "status":
      return model.status;
    case "source_run_id":
      return model.sourceRunId;
    case "creation_timestamp":
      return model.creationTimestamp;
    case "last_updated_timestamp":
      return model.lastUpdatedTimestamp;
    case "experiment_id":
      return model.experimentId;
    case "artifact_location":
      return model.artifactLocation;
    case "status_message":
      return model.statusMessage;
    case "model_uri":
      return model.modelUri;
    default:
      return undefined;
  }
}

function checkComparator(clause: FilterClause, allowed: ReadonlySet<string>, filter: string): void {
  if (!allowed.has(clause.comparator)) {
    throw new SearchFilterError(
      `Invalid comparator '${clause.comparator}' not one of '${[...allowed].map((c) => `'${c}'`).join(", ")}'`,
      filter,
      clause.comparatorPosition,
    );
  }
}

/** SearchLoggedModelsUtils._does_logged_model_match_clause */
function matchesClause(model: LoggedModel, clause: FilterClause, filter: string, datasets: readonly DatasetFilter[] | undefined): boolean {
  const { comparator, key } = clause;
  let lhs: Comparable | null | undefined;
  const value = clause.value as Comparable | null;
  if (clause.type === "metric") {
    checkComparator(clause, NUMERIC_COMPARATORS, filter);
    let matching = model.metrics.filter((m) => m.key === key);
    if (datasets?.length) matching = matching.filter((m) => datasets.some((d) => isMetricOnDataset(m, d)));
    lhs = matching.length ? matching[0]!.value : null;
  } else if (clause.type === "parameter") {
    checkComparator(clause, STRING_COMPARATORS, filter);
    lhs = Object.hasOwn(model.params, key) ? model.params[key]! : null;
  } else if (clause.type === "tag") {
    checkComparator(clause, STRING_COMPARATORS, filter);
    lhs = Object.hasOwn(model.tags, key) ? model.tags[key]! : null;
  } else if (clause.type === "attribute" && NUMERIC_ATTRIBUTES.has(key)) {
    checkComparator(clause, NUMERIC_COMPARATORS, filter);
    lhs = attribute(model, key) as number;
  } else {
    // String attributes, and `datasets.<key>` (MLflow looks the key up on the model too).
    const v = attribute(model, key);
    if (v === undefined) {
      throw new SearchFilterError(`Invalid logged model search key '${key}'`, filter, clause.position);
    }
    lhs = v;
  }
  if (lhs === null || lhs === undefined) return false;
  try {
    return compare(comparator, lhs, value);
  } catch (e) {
    if (e instanceof UncomparableError) {
      throw new SearchFilterError(`Cannot evaluate this clause: ${e.message}`, filter, clause.comparatorPosition, { cause: e });
    }
    throw e;
  }
}

/** SearchLoggedModelsUtils.filter_logged_models */
export function filterLoggedModels(models: LoggedModel[], filterString?: string | null, datasets?: readonly DatasetFilter[]): LoggedModel[] {
  if (datasets?.some((d) => !d || !d.datasetName)) {
    throw new InvalidParameterError("`dataset_name` in the `datasets` clause must be specified.");
  }
  if (!filterString && !datasets?.length) return models.slice();
  const clauses = parseFilter(filterString ?? "", LOGGED_MODELS);
  let candidates = models;
  if (datasets?.length && !clauses.some((c) => c.type === "metric")) {
    candidates = models.filter((m) => m.metrics.some((metric) => datasets.some((d) => isMetricOnDataset(metric, d))));
  }
  return candidates.filter((m) => clauses.every((c) => matchesClause(m, c, filterString ?? "", datasets)));
}

interface ParsedOrderBy {
  field: string;
  metricKey: string | undefined;
  ascending: boolean;
  datasetName: string | null;
  datasetDigest: string | null;
}

/** SearchLoggedModelsUtils.parse_order_by_for_logged_models */
export function parseLoggedModelOrderBy(o: LoggedModelOrderBy): ParsedOrderBy {
  if (o === null || typeof o !== "object" || Array.isArray(o)) {
    throw new InvalidParameterError("`order_by` must be a list of dictionaries.");
  }
  let field = o.fieldName;
  if (field === undefined || field === null) throw new InvalidParameterError("`field_name` in the `order_by` clause must be specified.");
  if (typeof field !== "string") throw new InvalidParameterError(`Invalid order by field name: ${String(field)}.`);
  let metricKey: string | undefined;
  if (field.includes(".")) {
    const dot = field.indexOf(".");
    const entity = field.slice(0, dot);
    if (entity !== "metrics") throw new InvalidParameterError(`Invalid order by field name: ${entity}, only \`metrics.<name>\` is allowed.`);
    metricKey = field.slice(dot + 1);
  } else {
    field = field.trim();
    if (!ATTRIBUTE_KEYS.has(field)) throw new InvalidParameterError(`Invalid order by field name: ${field}.`);
    field = ALIASES[field] ?? field;
  }
  const ascending = o.ascending ?? true;
  if (ascending !== true && ascending !== false) {
    throw new InvalidParameterError(`Value of \`ascending\` in the \`order_by\` clause must be a boolean, got ${typeof ascending} for field ${field}.`);
  }
  const datasetName = o.datasetName ?? null;
  const datasetDigest = o.datasetDigest ?? null;
  if (datasetDigest && !datasetName) {
    throw new InvalidParameterError("`dataset_digest` can only be specified if `dataset_name` is also specified.");
  }
  return { field, metricKey, ascending, datasetName, datasetDigest };
}

type SortValue = string | number | null;

function sortValue(model: LoggedModel, o: ParsedOrderBy): SortValue {
  if (o.metricKey === undefined) return (attribute(model, o.field) ?? null) as SortValue;
  // The latest (by timestamp) of the model's metrics for this key and dataset.
  let latest: LinkedMetric | undefined;
  for (const m of model.metrics) {
    if (m.key !== o.metricKey) continue;
    if (o.datasetName && m.datasetName !== o.datasetName) continue;
    if (o.datasetDigest && m.datasetDigest !== o.datasetDigest) continue;
    if (latest === undefined || m.timestamp > latest.timestamp) latest = m;
  }
  return latest ? latest.value : null;
}

/** One position of the sort key tuple: None last in both directions (_Reversor, _LoggedModelMetricComp). */
function cmp(a: SortValue, b: SortValue, ascending: boolean): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  let c: number;
  if (typeof a === "number" && typeof b === "number") c = a < b ? -1 : a > b ? 1 : 0;
  else c = comparePyStr(String(a), String(b));
  return ascending ? c : -c;
}

/** SearchLoggedModelsUtils.sort */
export function sortLoggedModels(models: LoggedModel[], orderBy?: readonly LoggedModelOrderBy[] | null): LoggedModel[] {
  const parsed = (orderBy ?? []).map(parseLoggedModelOrderBy);
  const fields = parsed.map((p) => (p.metricKey === undefined ? p.field : undefined));
  if (!fields.includes("creation_timestamp")) parsed.push({ field: "creation_timestamp", metricKey: undefined, ascending: false, datasetName: null, datasetDigest: null });
  if (!fields.includes("model_id")) parsed.push({ field: "model_id", metricKey: undefined, ascending: true, datasetName: null, datasetDigest: null });
  const keyed = models.map((model) => ({ model, key: parsed.map((p) => sortValue(model, p)) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < parsed.length; i++) {
      const c = cmp(x.key[i]!, y.key[i]!, parsed[i]!.ascending);
      if (c !== 0) return c;
    }
    return 0;
  });
  return keyed.map((k) => k.model);
}

