/** The run cache's validity test, git's index's: a file is unchanged while its (inode, size, mtime) is. */
import fs, { type Stats } from "node:fs";

/** [inode, size, mtimeMs] */
export type Stamp = [number, number, number];

/** A metric's or tag's file as last read: [inode, size, mtimeMs, value]. */
export type Stamped = [number, number, number, unknown];

export const stampOf = (st: Stats): Stamp => [st.ino, st.size, st.mtimeMs];
export const sameStamp = (s: Stamp | Stamped, st: Stats) => s[0] === st.ino && s[1] === st.size && s[2] === st.mtimeMs;

export const isStamp = (s: unknown): s is Stamp => Array.isArray(s) && s.length === 3 && typeof s[0] === "number" && typeof s[1] === "number" && typeof s[2] === "number";

/** JSON has no NaN, ±Infinity or -0, and metrics have all four: those go as strings. */
export const encodeValue = (v: unknown) => (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? String(Object.is(v, -0) ? "-0" : v) : v);

/** A cached [inode, size, mtimeMs, value] of the kind's type; anything else is re-read. */
export function isStamped(t: unknown, kind: "metrics" | "tags"): t is Stamped {
  if (!Array.isArray(t) || t.length !== 4 || typeof t[0] !== "number" || typeof t[1] !== "number" || typeof t[2] !== "number") return false;
  const v: unknown = t[3];
  return kind === "tags" ? typeof v === "string" : v === null || typeof v === "number" || (typeof v === "string" && NON_JSON_NUMBERS.has(v));
}

export const NON_JSON_NUMBERS = new Set(["NaN", "Infinity", "-Infinity", "-0"]);

export function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

export function statOrUndefined(file: string): Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

export function mtimeOf(dir: string): number {
  try {
    return fs.statSync(dir).mtimeMs;
  } catch {
    return 0; // missing: "settled", and different from any real mtime once it appears
  }
}
