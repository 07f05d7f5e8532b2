/**
 * Dataset digests exactly as mlflow/data/digest_utils.py computes them: compute_pandas_digest
 * for tables, and MetaDataset's sha256 of its config.
 */
import { nodeCrypto } from "../util/lazy-module.js";
import type { Frame } from "./frame.js";
import { combineHashArrays, hashFloat64, hashInt64, hashStrings, uint64Bytes } from "./pandas-hash.js";
import { comparePyStr } from "../python/strings.js";

/** digest_utils.MAX_ROWS: only the first 10,000 rows are hashed (the row count always is). */
export const MAX_ROWS = 10_000;

/**
 * compute_pandas_digest: md5 over hash_pandas_object(df.head(10000)[string and number
 * columns]), the row count as int64, and every column name; the first 8 hex digits.
 *
 * Kept columns: int64 and float64, and columns whose every value is a str (a missing value
 * disqualifies). They are hashed in `Index.union` order: sorted by name when both kinds
 * occur, in table order when only one does.
 */
export function pandasDigest(frame: Frame): string {
  const n = Math.min(frame.nRows, MAX_ROWS);
  const strings = frame.columns.filter((c) => c.dtype === "str" && c.values.every((v) => typeof v === "string"));
  const numbers = frame.columns.filter((c) => c.dtype === "int64" || c.dtype === "float64");
  const kept = strings.length && numbers.length ? [...strings, ...numbers].sort((a, b) => comparePyStr(a.name, b.name)) : strings.length ? strings : numbers;
  const hashes = kept.map((c) => {
    const values = c.values.slice(0, n);
    if (c.dtype === "str") return hashStrings(values as string[]);
    if (c.dtype === "int64") return hashInt64(values as (number | bigint)[]);
    return hashFloat64(values as number[]);
  });
  // The RangeIndex is hashed last, as int64 0..n-1.
  hashes.push(hashInt64(Array.from({ length: n }, (_, i) => i)));
  const md5 = nodeCrypto().createHash("md5");
  md5.update(uint64Bytes(combineHashArrays(hashes, n)));
  const rows = Buffer.alloc(8);
  rows.writeBigInt64LE(BigInt(frame.nRows));
  md5.update(rows);
  for (const c of frame.columns) md5.update(Buffer.from(c.name, "utf8"));
  return md5.digest("hex").slice(0, 8);
}

/** MetaDataset._compute_digest: sha256 of json.dumps(config), first 8 hex digits. */
export function metaDatasetDigest(configJson: string): string {
  return nodeCrypto().createHash("sha256").update(configJson, "utf8").digest("hex").slice(0, 8);
}
