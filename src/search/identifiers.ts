/**
 * How MLflow names what a clause talks about: `<entity>.<key>` or a bare attribute, entity
 * aliases, which attribute keys exist, which are numeric. Two dialects, as in MLflow:
 * SearchUtils (runs) and SearchExperimentsUtils (experiments).
 */
import { splitOnce } from "../python/strings.js";

export type EntityType = "metric" | "parameter" | "tag" | "attribute" | "dataset";

export interface Identifier {
  type: EntityType;
  key: string;
}

/** Thrown with MLflow's wording; the caller adds the position. */
export class IdentifierError extends Error {}

/** SearchUtils._VALID_IDENTIFIERS and the canonical name each alias maps to. */
const RUN_ENTITY_ALIASES: ReadonlyMap<string, EntityType> = new Map([
  ["metric", "metric"],
  ["metrics", "metric"],
  ["parameter", "parameter"],
  ["parameters", "parameter"],
  ["param", "parameter"],
  ["params", "parameter"],
  ["tag", "tag"],
  ["tags", "tag"],
  ["attribute", "attribute"],
  ["attributes", "attribute"],
  ["attr", "attribute"],
  ["run", "attribute"],
  ["dataset", "dataset"],
  ["datasets", "dataset"],
]);

/** SearchUtils.DATASET_ATTRIBUTES */
export const DATASET_KEYS: ReadonlySet<string> = new Set(["name", "digest", "context"]);

export interface Dialect {
  readonly name: "runs" | "experiments";
  /** Attribute keys a filter may use (VALID_SEARCH_ATTRIBUTE_KEYS). */
  readonly searchAttributes: ReadonlySet<string>;
  /** Attribute keys an order-by may use (VALID_ORDER_BY_ATTRIBUTE_KEYS). */
  readonly orderByAttributes: ReadonlySet<string>;
  /** Attributes compared as numbers (NUMERIC_ATTRIBUTES). */
  readonly numericAttributes: ReadonlySet<string>;
  /** Attributes that take `IN (...)` lists (LIST_SUPPORTED_KEYS). */
  readonly listKeys: ReadonlySet<string>;
  /** Entity types that accept IS NULL / IS NOT NULL. */
  readonly nullableTypes: ReadonlySet<EntityType>;
  /** The `<entity>.` part: validate and canonicalise it. */
  entityType(raw: string): EntityType;
}

function trimEnds(s: string): string {
  return s.slice(1, -1);
}

function isQuoted(s: string, q: string): boolean {
  return s.length >= 2 && s.startsWith(q) && s.endsWith(q);
}

/** SearchUtils._trim_backticks */
export function trimBackticks(s: string): string {
  return isQuoted(s, "`") ? trimEnds(s) : s;
}

/** SearchUtils._strip_quotes; returns null where MLflow demands quotes and finds none. */
export function stripQuotes(s: string, expectQuoted = false): string | null {
  if (isQuoted(s, "'") || isQuoted(s, '"')) return trimEnds(s);
  return expectQuoted ? null : s;
}

function runEntityType(raw: string): EntityType {
  const entity = trimBackticks(raw);
  const type = RUN_ENTITY_ALIASES.get(entity);
  if (type === undefined) {
    throw new IdentifierError(
      `Invalid entity type '${entity}'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']`,
    );
  }
  return type;
}

function experimentEntityType(raw: string): EntityType {
  // SearchExperimentsUtils checks the raw prefix before trimming backticks.
  if (raw !== "attribute" && raw !== "tag" && raw !== "tags") {
    throw new IdentifierError(
      `Invalid entity type '${raw}'. Valid entity types are ('attribute', 'tag', 'tags')`,
    );
  }
  return raw === "attribute" ? "attribute" : "tag";
}

/** RunInfo's searchable attributes plus MLflow's aliases ("created", "run name", ...). */
const RUN_ATTRIBUTES = ["artifact_uri", "end_time", "run_id", "run_name", "start_time", "status", "user_id"];

export const RUNS: Dialect = {
  name: "runs",
  searchAttributes: new Set([...RUN_ATTRIBUTES, "created", "Created", "run name", "Run name", "Run Name"]),
  orderByAttributes: new Set([...RUN_ATTRIBUTES, "created", "Created"]),
  numericAttributes: new Set(["start_time", "end_time", "created", "Created"]),
  listKeys: new Set(["run_id"]),
  nullableTypes: new Set<EntityType>(["tag", "parameter"]),
  entityType: runEntityType,
};

const EXPERIMENT_ATTRIBUTES = ["name", "experiment_id", "creation_time", "last_update_time"];

export const EXPERIMENTS: Dialect = {
  name: "experiments",
  searchAttributes: new Set(EXPERIMENT_ATTRIBUTES),
  orderByAttributes: new Set(EXPERIMENT_ATTRIBUTES),
  numericAttributes: new Set(["creation_time", "last_update_time"]),
  listKeys: new Set(["experiment_id"]),
  nullableTypes: new Set<EntityType>(["tag"]),
  entityType: experimentEntityType,
};

function pyRepr(s: string): string {
  return `'${s}'`;
}

function setRepr(keys: ReadonlySet<string>): string {
  return `{${[...keys].map(pyRepr).join(", ")}}`;
}

/**
 * SearchUtils._get_identifier / SearchExperimentsUtils._get_identifier: split the written
 * identifier at its first ".", canonicalise the entity, unquote the key, and check attribute
 * and dataset keys.
 */
export function resolveIdentifier(text: string, dialect: Dialect, validAttributes: ReadonlySet<string>): Identifier {
  const parts = splitOnce(text, ".");
  let type: EntityType;
  let rawKey: string;
  if (parts.length === 1) {
    type = "attribute";
    rawKey = parts[0];
  } else {
    type = dialect.entityType(parts[0]);
    rawKey = parts[1];
  }
  const key = trimBackticks(stripQuotes(rawKey)!);
  if (type === "attribute" && !validAttributes.has(key)) {
    throw new IdentifierError(`Invalid attribute key '${key}' specified. Valid keys are '${setRepr(validAttributes)}'`);
  }
  if (type === "dataset" && !DATASET_KEYS.has(key)) {
    throw new IdentifierError(`Invalid dataset key '${key}' specified. Valid keys are '${setRepr(DATASET_KEYS)}'`);
  }
  return { type, key };
}

/** SearchUtils.translate_key_alias */
export function translateKeyAlias(key: string): string {
  if (key === "created" || key === "Created") return "start_time";
  if (key === "run name" || key === "Run name" || key === "Run Name") return "run_name";
  return key;
}
