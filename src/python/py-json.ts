/**
 * Python's `json.dumps(value)` with its defaults, byte for byte: ", " and ": " separators,
 * ensure_ascii (every non-ASCII character as \uXXXX, astral characters as surrogate pairs),
 * keys in insertion order, floats by repr() (`1.0`, `1e-05`, `NaN`, `Infinity`).
 *
 * MLflow stores several JSON documents inside meta.yaml values (a dataset's source, schema and
 * profile), and digests hash some of them, so the text has to be Python's, not JSON.stringify's.
 */
import { pythonFloatRepr } from "./float.js";

/** A number marked as a Python float, so integral values print as `1.0` rather than `1`. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyJson = string | number | boolean | null | PyFloat | readonly PyJson[] | { readonly [key: string]: PyJson };

const ESCAPES: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** json.encoder.py_encode_basestring_ascii */
export function pyJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const esc = ESCAPES[ch];
    if (esc) out += esc;
    else {
      const c = s.charCodeAt(i);
      // UTF-16 code units are exactly the \uXXXX (surrogate pair) escapes Python writes.
      out += c < 0x20 || c > 0x7e ? "\\u" + c.toString(16).padStart(4, "0") : ch;
    }
  }
  return out + '"';
}

function pyFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  return pythonFloatRepr(v);
}

/** Plain JS numbers print as Python ints when integral, as floats otherwise. */
function pyNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : pyFloat(v);
}

export function pyJsonDumps(value: PyJson): string {
  if (value === null) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "string") return pyJsonString(value);
  if (typeof value === "number") return pyNumber(value);
  if (value instanceof PyFloat) return pyFloat(value.value);
  if (Array.isArray(value)) return `[${value.map((v) => pyJsonDumps(v)).join(", ")}]`;
  const entries = Object.entries(value as { [key: string]: PyJson });
  return `{${entries.map(([k, v]) => `${pyJsonString(k)}: ${pyJsonDumps(v)}`).join(", ")}}`;
}
