/**
 * Which comparators each kind of clause accepts (SearchUtils.VALID_*_COMPARATORS) and how a
 * comparison is computed (SearchUtils.get_comparison_func), with Python's semantics.
 */
import { ilike, like } from "./like.js";
import { comparePyStr } from "../python/strings.js";

export const NUMERIC_COMPARATORS: ReadonlySet<string> = new Set([">", ">=", "!=", "=", "<", "<="]);
export const PARAM_COMPARATORS: ReadonlySet<string> = new Set(["!=", "=", "LIKE", "ILIKE", "IS NULL", "IS NOT NULL"]);
export const TAG_COMPARATORS = PARAM_COMPARATORS;
export const STRING_ATTRIBUTE_COMPARATORS: ReadonlySet<string> = new Set(["!=", "=", "LIKE", "ILIKE", "IN", "NOT IN"]);
export const DATASET_COMPARATORS = STRING_ATTRIBUTE_COMPARATORS;

/** A comparison Python cannot make (e.g. `<` between None and a number, LIKE against a tuple). */
export class UncomparableError extends Error {}

export type Comparable = string | number | readonly string[];

function isList(v: Comparable | null): v is readonly string[] {
  return Array.isArray(v);
}

function order(a: Comparable | null, b: Comparable | null, op: string): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  if (typeof a === "string" && typeof b === "string") return comparePyStr(a, b);
  throw new UncomparableError(`'${op}' not supported between ${describe(a)} and ${describe(b)}`);
}

function describe(v: Comparable | null): string {
  if (v === null) return "None";
  if (isList(v)) return "a list";
  return typeof v === "number" ? "a number" : "a string";
}

/** Python `==` on the values a clause can hold: no coercion, lists never equal scalars. */
function equal(a: Comparable | null, b: Comparable | null): boolean {
  if (isList(a) || isList(b)) {
    return isList(a) && isList(b) && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return a === b;
}

/** `SearchUtils.get_comparison_func(comparator)(lhs, value)`. */
export function compare(comparator: string, lhs: Comparable | null, value: Comparable | null): boolean {
  switch (comparator) {
    case "=":
      return equal(lhs, value);
    case "!=":
      return !equal(lhs, value);
    case ">":
      return order(lhs, value, comparator) > 0;
    case ">=":
      return order(lhs, value, comparator) >= 0;
    case "<":
      return order(lhs, value, comparator) < 0;
    case "<=":
      return order(lhs, value, comparator) <= 0;
    case "LIKE":
    case "ILIKE":
      if (typeof lhs !== "string" || typeof value !== "string") {
        throw new UncomparableError(`${comparator} needs a string value and a string pattern`);
      }
      return comparator === "LIKE" ? like(lhs, value) : ilike(lhs, value);
    case "IN":
    case "NOT IN": {
      if (!isList(value)) throw new UncomparableError(`${comparator} needs a list`);
      const found = value.some((v) => equal(lhs, v));
      return comparator === "IN" ? found : !found;
    }
    default:
      throw new UncomparableError(`Unknown comparator '${comparator}'`);
  }
}
