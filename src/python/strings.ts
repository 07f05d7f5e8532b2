/** Python string semantics the search code depends on, where JavaScript's differ. */

/**
 * Python's `a < b` on str: code point order. JavaScript compares UTF-16 code units, which
 * disagrees when a surrogate pair meets a BMP character at or above U+E000; rotating those two
 * ranges restores code point order.
 */
export function comparePyStr(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rotate(x) - rotate(y);
  }
  return a.length - b.length;
}

function rotate(unit: number): number {
  if (unit >= 0xd800 && unit < 0xe000) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** Python's str.isspace() characters. */
const PY_SPACE = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

export function isPySpace(ch: string): boolean {
  return ch.length > 0 && PY_SPACE.includes(ch);
}

/** Python's str.strip() with no argument. */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isPySpace(s[start]!)) start++;
  while (end > start && isPySpace(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** Python's `s.split(sep, 1)`. */
export function splitOnce(s: string, sep: string): [string] | [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + sep.length)];
}

const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * Replace every Unicode decimal digit (category Nd, which Python's int() and float() accept)
 * by its ASCII digit. Nd characters come in contiguous runs of ten starting at zero.
 */
export function asciiDigits(s: string): string {
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || !DECIMAL_DIGIT.test(ch)) {
      out += ch;
      continue;
    }
    let zero = cp;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
    out += String((cp - zero) % 10);
  }
  return out;
}

/**
 * Python's int(str) in base 10: surrounding whitespace, an optional sign, digits with single
 * underscores between them. Returns null where Python raises ValueError.
 */
export function pyIntFromStr(s: string): number | null {
  const t = asciiDigits(pyStrip(s));
  if (!/^[+-]?[0-9]+(_[0-9]+)*$/.test(t)) return null;
  return Number(t.replace(/_/g, ""));
}

/** Python's float() of a numeric literal already recognised by the SQL lexer. */
export function pyFloatFromLiteral(s: string): number {
  return Number(asciiDigits(s));
}
