/**
 * A CSV file read as `pd.read_csv(path)` reads it with its defaults (C engine): comma
 * separated, `"` quoting with doubled quotes, the first non-blank line as header, blank lines
 * skipped, pandas' default NA strings, and per-column type inference (int64, then float64,
 * then bool, else str). Enough to give a CSV the digest, schema and profile MLflow gives
 * `mlflow.data.from_pandas(pd.read_csv(path))`.
 *
 * Not supported (an InvalidParameterError says so): rows with more fields than the header
 * (pandas would turn the extra column into the index or fail).
 */
import { InvalidParameterError } from "../errors.js";
import type { Column, DType, Frame } from "./frame.js";

/** pandas' STR_NA_VALUES: read as NaN. */
export const PANDAS_NA_VALUES: ReadonlySet<string> = new Set([
  "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
  "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
]);

/** Split CSV text into records of raw fields (quotes removed); blank lines are skipped. */
export function tokenizeCsv(text: string): string[][] {
  if (text.startsWith("\ufeff")) text = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let inQuotes = false;
  let fieldStarted = false;
  const endRow = () => {
    if (fieldStarted || row.length > 0) {
      row.push(field);
      rows.push(row);
    }
    row = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += ch;
      continue;
    }
    if (ch === '"') {
      inQuotes = true;
      fieldStarted = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      fieldStarted = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (inQuotes) throw new InvalidParameterError("CSV ends inside a quoted field (EOF inside string).");
  endRow();
  return rows;
}

const INT_RE = /^\s*[+-]?\d+\s*$/;
const FLOAT_RE = /^\s*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf|infinity)\s*$/i;
const TRUE_VALUES = new Set(["True", "TRUE", "true"]);
const FALSE_VALUES = new Set(["False", "FALSE", "false"]);
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

function parseFloatText(s: string): number {
  const t = s.trim().toLowerCase().replace(/^\+/, "");
  if (t === "inf" || t === "infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  return Number(t);
}

/** Convert one column's raw strings as pandas' _infer_types does. */
function inferColumn(name: string, raw: readonly (string | null)[]): Column {
  const present = raw.filter((v): v is string => v !== null);
  const hasNa = present.length < raw.length;
  let dtype: DType;
  let values: unknown[];
  const ints = present.length > 0 && present.every((v) => INT_RE.test(v));
  const inRange = ints && present.every((v) => {
    const b = BigInt(v.trim());
    return b >= INT64_MIN && b <= INT64_MAX;
  });
  if (raw.length === 0) {
    dtype = "object"; // a header without rows: empty object columns
    values = [];
  } else if (present.length === 0) {
    dtype = "float64"; // an all-NA column is float64 NaN in pandas
    values = raw.map(() => NaN);
  } else if (inRange && !hasNa) {
    dtype = "int64";
    values = raw.map((v) => {
      const b = BigInt(v!.trim());
      return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    });
  } else if (present.every((v) => INT_RE.test(v) || FLOAT_RE.test(v))) {
    dtype = "float64";
    values = raw.map((v) => (v === null ? NaN : parseFloatText(v)));
  } else if (present.every((v) => TRUE_VALUES.has(v) || FALSE_VALUES.has(v))) {
    dtype = hasNa ? "object" : "bool";
    values = raw.map((v) => (v === null ? NaN : TRUE_VALUES.has(v)));
  } else {
    dtype = "str";
    values = raw.map((v) => (v === null ? NaN : v));
  }
  return { name, dtype, values };
}

/** Header names as pandas makes them: "Unnamed: i" for empty ones, ".1", ".2" for repeats. */
function headerNames(header: readonly string[]): string[] {
  const names = header.map((h, i) => (h === "" ? `Unnamed: ${i}` : h));
  const counts = new Map<string, number>();
  const taken = new Set(names);
  return names.map((n) => {
    let count = counts.get(n) ?? 0;
    counts.set(n, count + 1);
    if (count === 0) return n;
    let candidate = `${n}.${count}`;
    while (taken.has(candidate)) candidate = `${n}.${++count}`;
    counts.set(n, count + 1);
    taken.add(candidate);
    return candidate;
  });
}

/** pd.read_csv(text) with the defaults described above. */
export function parseCsv(text: string): Frame {
  const rows = tokenizeCsv(text);
  if (rows.length === 0) throw new InvalidParameterError("No columns to parse from file");
  const names = headerNames(rows[0]!);
  const data = rows.slice(1);
  data.forEach((r, i) => {
    if (r.length > names.length) {
      throw new InvalidParameterError(`Error tokenizing data: expected ${names.length} fields in line ${i + 2}, saw ${r.length}`);
    }
  });
  const columns = names.map((name, c) =>
    inferColumn(
      name,
      data.map((r) => {
        const v = r[c];
        return v === undefined || PANDAS_NA_VALUES.has(v) ? null : v;
      }),
    ),
  );
  return { columns, nRows: data.length };
}
