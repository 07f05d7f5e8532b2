import { logMetrics } from "../api/fluent.js";
import { InvalidParameterError } from "../errors.js";

/** Rows as records (`[{a: 1, b: null}, …]`) or columns (`{a: [1, 2], b: [null, 3]}`). */
// Records are typed `object` so interfaces without an index signature are accepted.
export type Table = ReadonlyArray<object> | Readonly<Record<string, ArrayLike<unknown>>>;

export interface DatasetInfo {
  n_rows: number;
  n_cols: number;
  total_nulls: number;
  /** total_nulls / (n_rows × n_cols); 0 for an empty table. */
  null_ratio: number;
}

/** null, undefined and NaN are missing, as pandas' isnull() sees None and NaN. */
export function isNull(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "number" && Number.isNaN(value));
}

/**
 * Shape and missing values of a table. For records, the columns are every key seen in any row
 * and a key absent from a row counts as a null there. For a column map, every column must
 * have the same length.
 */
export function datasetInfo(table: Table): DatasetInfo {
  let nRows: number;
  let nCols: number;
  let nulls = 0;
  if (Array.isArray(table)) {
    const rows = table as ReadonlyArray<Record<string, unknown>>;
    const columns = new Set<string>();
    for (const [i, row] of rows.entries()) {
      if (row === null || typeof row !== "object" || Array.isArray(row)) {
        throw new InvalidParameterError(`Row ${i} is not a record: ${JSON.stringify(row)}`);
      }
      for (const k of Object.keys(row)) columns.add(k);
    }
    nRows = rows.length;
    nCols = columns.size;
    for (const row of rows) for (const c of columns) if (isNull(row[c])) nulls++;
  } else if (table !== null && typeof table === "object") {
    const cols = Object.entries(table as Record<string, ArrayLike<unknown>>);
    nCols = cols.length;
    nRows = cols.length ? cols[0]![1].length : 0;
    for (const [name, col] of cols) {
      if (col === null || typeof col !== "object" || typeof col.length !== "number") {
        throw new InvalidParameterError(`Column '${name}' is not an array.`);
      }
      if (col.length !== nRows) {
        throw new InvalidParameterError(`Column '${name}' has ${col.length} values, but '${cols[0]![0]}' has ${nRows}: a table's columns must have equal lengths.`);
      }
      for (let i = 0; i < col.length; i++) if (isNull(col[i])) nulls++;
    }
  } else {
    throw new InvalidParameterError("A table is an array of records or an object of equal-length columns.");
  }
  const cells = nRows * nCols;
  return { n_rows: nRows, n_cols: nCols, total_nulls: nulls, null_ratio: cells === 0 ? 0 : nulls / cells };
}

/**
 * Logs `{prefix}.n_rows`, `{prefix}.n_cols`, `{prefix}.total_nulls` and `{prefix}.null_ratio`
 * as metrics of the active run (numbers you filter and sort on: `metrics."train.n_rows" > 1000`)
 * and returns them. Only the summary is logged, never the data.
 */
export function logDatasetInfo(table: Table, options: { prefix?: string } = {}): DatasetInfo {
  const info = datasetInfo(table);
  const prefix = options.prefix ?? "dataset";
  logMetrics({
    [`${prefix}.n_rows`]: info.n_rows,
    [`${prefix}.n_cols`]: info.n_cols,
    [`${prefix}.total_nulls`]: info.total_nulls,
    [`${prefix}.null_ratio`]: info.null_ratio,
  });
  return info;
}
