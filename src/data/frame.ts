/**
 * A table as pandas would hold it after `pd.DataFrame(records)`: columns in order of first
 * appearance, each with the dtype pandas infers. Only what digests, schemas and profiles need.
 *
 * JavaScript has one number type, so a column whose numbers are all integral is int64 (as
 * `json.loads` data would give in Python) and any other number column is float64. A key
 * missing from a record and `undefined` are NaN; `null` is None. A number column with a
 * missing value becomes float64, as in pandas.
 */
import { InvalidParameterError } from "../errors.js";

export type DType = "int64" | "float64" | "bool" | "str" | "object";

/** Cell values: numbers for int64/float64 (NaN where missing), booleans, strings, or raw values. */
export interface Column {
  readonly name: string;
  readonly dtype: DType;
  readonly values: readonly unknown[];
}

export interface Frame {
  readonly columns: readonly Column[];
  readonly nRows: number;
}

/** Rows as records (`[{a: 1}, …]`) or columns (`{a: [1, 2]}`). */
export type TableInput = ReadonlyArray<object> | Readonly<Record<string, ArrayLike<unknown>>>;

/** A missing cell: pandas' None or NaN. */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}

function isIntegral(v: unknown): boolean {
  return (typeof v === "number" && Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) || typeof v === "bigint";
}

/** The dtype pandas infers for one column of Python values. */
export function inferDType(values: readonly unknown[]): DType {
  let numbers = 0, integral = 0, bools = 0, strings = 0, nones = 0, nans = 0;
  for (const v of values) {
    if (v === null) nones++;
    else if (v === undefined || (typeof v === "number" && Number.isNaN(v))) nans++;
    else if (typeof v === "number" || typeof v === "bigint") {
      numbers++;
      if (isIntegral(v)) integral++;
    } else if (typeof v === "boolean") bools++;
    else if (typeof v === "string") strings++;
    else return "object";
  }
  const present = values.length - nones - nans;
  if (present === 0) return nones > 0 ? "object" : "float64";
  if (numbers === present) return integral === numbers && nones + nans === 0 ? "int64" : "float64";
  if (bools === present) return nones + nans === 0 ? "bool" : "object";
  if (strings === present) return "str";
  return "object";
}

function normalise(values: unknown[], dtype: DType): unknown[] {
  if (dtype === "float64") return values.map((v) => (isMissing(v) ? NaN : Number(v)));
  if (dtype === "int64") return values.map((v) => (typeof v === "bigint" ? v : Number(v)));
  return values;
}

export function frameFromColumns(columns: ReadonlyArray<{ name: string; values: unknown[] }>): Frame {
  const nRows = columns.length ? columns[0]!.values.length : 0;
  return {
    nRows,
    columns: columns.map(({ name, values }) => {
      const dtype = inferDType(values);
      return { name, dtype, values: normalise(values, dtype) };
    }),
  };
}

/** pd.DataFrame(records) or pd.DataFrame(dict_of_columns). */
export function frameFromTable(table: TableInput): Frame {
  if (Array.isArray(table)) {
    const rows = table as ReadonlyArray<Record<string, unknown>>;
    const names: string[] = [];
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      if (row === null || typeof row !== "object" || Array.isArray(row)) {
        throw new InvalidParameterError(`Row ${i} is not a record: ${JSON.stringify(row)}`);
      }
      for (const k of Object.keys(row)) if (!seen.has(k)) seen.add(k), names.push(k);
    });
    return frameFromColumns(names.map((name) => ({ name, values: rows.map((r) => (Object.hasOwn(r, name) ? r[name] : undefined)) })));
  }
  if (table === null || typeof table !== "object") {
    throw new InvalidParameterError("Expected an array of records or an object of equal-length columns.");
  }
  const entries = Object.entries(table as Record<string, ArrayLike<unknown>>);
  const lengths = new Set(entries.map(([, col]) => col.length));
  if (lengths.size > 1) {
    throw new InvalidParameterError(`All columns must have the same length, got lengths ${[...lengths].join(", ")}.`);
  }
  return frameFromColumns(entries.map(([name, col]) => ({ name, values: Array.from(col) })));
}
