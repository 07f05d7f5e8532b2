import { InvalidParameterError } from "../errors.js";
import type { Int64, MetricPoint, Param, RunTag } from "../entities.js";
import {
  MAX_ENTITIES_PER_BATCH,
  MAX_ENTITY_KEY_LENGTH,
  MAX_EXPERIMENT_NAME_LENGTH,
  MAX_EXPERIMENT_TAG_KEY_LENGTH,
  MAX_EXPERIMENT_TAG_VAL_LENGTH,
  MAX_METRICS_PER_BATCH,
  MAX_PARAMS_TAGS_PER_BATCH,
  MAX_PARAM_VAL_LENGTH,
  MAX_TAG_VAL_LENGTH,
} from "./limits.js";
import { invalidValueMessage, validateEntityKey } from "./names.js";
import { pythonFloatRepr } from "../python/float.js";

/** A value as an error message shows it (JSON has no bigint). */
function shown(value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : (value ?? null);
}

function at(prefix: string, field: string): string {
  return prefix ? `${prefix}.${field}` : field;
}

/** MLflow counts characters (Python's len: code points), not UTF-16 units: an emoji is one. */
function checkLength(entity: string, limit: number, value: string): string {
  if (value.length <= limit) return value;
  let chars = 0;
  for (const _ of value) chars++;
  if (chars > limit) {
    throw new InvalidParameterError(
      `'${entity}' exceeds the maximum length of ${limit} characters (got ${chars}). Shorten it, or log long text with logText() as an artifact.`,
    );
  }
  return value;
}

/**
 * Like MLflow, params and tags are strings on disk: numbers and booleans are stringified
 * as Python's str() would show them for the same logical value, and null as str(None).
 */
export function stringifyValue(value: unknown, field: string): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return value;
  if (typeof value === "number") return pythonNumberText(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "bigint") return value.toString();
  throw new InvalidParameterError(
    invalidValueMessage(field, String(value), `values must be strings, numbers or booleans, got ${Array.isArray(value) ? "array" : typeof value}. Use logDict() for structured values.`),
  );
}

/** str(x) of the Python value a JS number most likely came from: ints print bare, floats via repr. */
function pythonNumberText(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : pythonFloatRepr(value);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * An int64 as the store writes it: a safe-integer number as is, a bigint in range as a number
 * when that is exact and as a bigint otherwise; undefined for anything else. Never a float or
 * an integer past 2^53 as a number: those print as "1e+21" or inexactly, and MLflow's int()
 * fails on the first.
 */
export function toInt64(value: unknown, nonNegative = false): Int64 | undefined {
  // The hot path (a number step or timestamp) does no BigInt work.
  if (typeof value === "number") return Number.isSafeInteger(value) && (!nonNegative || value >= 0) ? value : undefined;
  if (typeof value !== "bigint" || value < (nonNegative ? 0n : INT64_MIN) || value > INT64_MAX) return undefined;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function int64Advice(value: unknown): string {
  if (typeof value !== "number" || !Number.isInteger(value) || Number.isSafeInteger(value)) return "";
  const big = BigInt(value);
  const inRange = big >= INT64_MIN && big <= INT64_MAX;
  return ` ${value} is past 2^53, where a JavaScript number is not exact${inRange ? `: pass it as a bigint (e.g. ${big}n)` : ", and outside the 64-bit range"}.`;
}

export function validateMetric(metric: { key: unknown; value: unknown; timestamp: unknown; step: unknown }, path = ""): MetricPoint {
  const key = validateEntityKey("Metric", metric.key, at(path, "name"));
  const { value, timestamp, step } = metric;
  if (value === null || value === undefined) {
    throw new InvalidParameterError(`Missing value for required parameter '${at(path, "value")}'.`);
  }
  if (typeof value !== "number") {
    throw new InvalidParameterError(
      invalidValueMessage(at(path, "value"), String(value), `(timestamp=${String(timestamp)}). Please specify value as a valid double (64-bit floating point)`),
    );
  }
  const ts = toInt64(timestamp, true);
  if (ts === undefined) {
    throw new InvalidParameterError(
      invalidValueMessage(at(path, "timestamp"), shown(timestamp), `metric '${key}' (value=${value}). Timestamp must be a nonnegative long (64-bit integer).${int64Advice(timestamp)}`),
    );
  }
  const st = toInt64(step);
  if (st === undefined) {
    throw new InvalidParameterError(
      invalidValueMessage(at(path, "step"), shown(step), `metric '${key}' (value=${value}). Step must be a valid long (64-bit integer).${int64Advice(step)}`),
    );
  }
  checkLength("Metric name", MAX_ENTITY_KEY_LENGTH, key);
  return { key, value, timestamp: ts, step: st };
}

export function validateParam(key: unknown, value: unknown, path = ""): Param {
  const k = validateEntityKey("Param", key, at(path, "key"));
  checkLength("Param key", MAX_ENTITY_KEY_LENGTH, k);
  const v = stringifyValue(value, at(path, "value"));
  return { key: k, value: checkLength("Param value", MAX_PARAM_VAL_LENGTH, v) };
}

export function validateTag(key: unknown, value: unknown, path = ""): RunTag {
  const k = validateEntityKey("Tag", key, at(path, "key"));
  checkLength(at(path, "key"), MAX_ENTITY_KEY_LENGTH, k);
  const v = stringifyValue(value, at(path, "value"));
  return { key: k, value: checkLength(at(path, "value"), MAX_TAG_VAL_LENGTH, v) };
}

export function validateExperimentTag(key: unknown, value: unknown): RunTag {
  const k = validateEntityKey("Tag", key);
  checkLength("key", MAX_EXPERIMENT_TAG_KEY_LENGTH, k);
  const v = stringifyValue(value, "value");
  return { key: k, value: checkLength("value", MAX_EXPERIMENT_TAG_VAL_LENGTH, v) };
}

export function validateExperimentName(name: unknown): string {
  if (name === "" || name === null || name === undefined) {
    throw new InvalidParameterError(`Invalid experiment name: '${name === undefined ? "None" : String(name)}'`);
  }
  if (typeof name !== "string") {
    throw new InvalidParameterError(`Invalid experiment name: ${String(name)}. Expects a string.`);
  }
  return checkLength("name", MAX_EXPERIMENT_NAME_LENGTH, name);
}

export function validateBatch(metrics: MetricPoint[], params: Param[], tags: RunTag[]): void {
  const limit = (entity: string, max: number, n: number) => {
    if (n > max) {
      throw new InvalidParameterError(
        `A batch logging request can contain at most ${max} ${entity}. Got ${n} ${entity}. Please split up ${entity} across multiple requests and try again.`,
      );
    }
  };
  limit("metrics", MAX_METRICS_PER_BATCH, metrics.length);
  limit("params", MAX_PARAMS_TAGS_PER_BATCH, params.length);
  limit("tags", MAX_PARAMS_TAGS_PER_BATCH, tags.length);
  limit("metrics, params, and tags", MAX_ENTITIES_PER_BATCH, metrics.length + params.length + tags.length);
  const seen = new Set<string>();
  const dupes: string[] = [];
  for (const p of params) (seen.has(p.key) ? dupes.push(p.key) : seen.add(p.key));
  if (dupes.length) {
    throw new InvalidParameterError(
      `Duplicate parameter keys have been submitted: ${JSON.stringify(dupes)}. Please ensure the request contains only one param value per param key.`,
    );
  }
}
