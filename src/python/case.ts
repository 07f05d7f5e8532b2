/**
 * Python `re.IGNORECASE` character equality for str patterns (re/_compiler.py + _sre):
 * a cased pattern character `c` matches `x` when lower(x) is lower(c) or one of Python's extra
 * equivalents of it (re/_casefix.py: i/ı, s/ſ, µ/μ, ...); an uncased `c` matches only itself.
 * `lower`/`upper` are _sre's per-code-point mappings. JavaScript's case tables come from the
 * running engine's Unicode version; characters newer than Python's may differ.
 */

/** re._casefix._EXTRA_CASES (Python 3.11) as groups of mutually equivalent lowercase letters. */
const EXTRA_GROUPS: number[][] = [
  [0x69, 0x131],
  [0x73, 0x17f],
  [0xb5, 0x3bc],
  [0x345, 0x3b9, 0x1fbe],
  [0x390, 0x1fd3],
  [0x3b0, 0x1fe3],
  [0x3b2, 0x3d0],
  [0x3b5, 0x3f5],
  [0x3b8, 0x3d1],
  [0x3ba, 0x3f0],
  [0x3c0, 0x3d6],
  [0x3c1, 0x3f1],
  [0x3c2, 0x3c3],
  [0x3c6, 0x3d5],
  [0x432, 0x1c80],
  [0x434, 0x1c81],
  [0x43e, 0x1c82],
  [0x441, 0x1c83],
  [0x442, 0x1c84, 0x1c85],
  [0x44a, 0x1c86],
  [0x463, 0x1c87],
  [0x1c88, 0xa64b],
  [0x1e61, 0x1e9b],
  [0xfb05, 0xfb06],
];

const CANONICAL = new Map<number, number>();
for (const group of EXTRA_GROUPS) {
  const min = Math.min(...group);
  for (const cp of group) CANONICAL.set(cp, min);
}

function isSurrogate(cp: number): boolean {
  return cp >= 0xd800 && cp < 0xe000;
}

/** _sre.unicode_tolower: the simple lowercase mapping. */
export function pyLower(cp: number): number {
  if (isSurrogate(cp)) return cp;
  if (cp === 0x130) return 0x69;
  const s = String.fromCodePoint(cp).toLowerCase();
  const first = s.codePointAt(0)!;
  return s.length === String.fromCodePoint(first).length ? first : cp;
}

/** _PyUnicode_ToUppercase: the first code point of the uppercase mapping. */
function pyUpper(cp: number): number {
  if (isSurrogate(cp)) return cp;
  return String.fromCodePoint(cp).toUpperCase().codePointAt(0)!;
}

/** _sre.unicode_iscased */
export function pyIsCased(cp: number): boolean {
  return pyLower(cp) !== cp || pyUpper(cp) !== cp;
}

function canonicalLower(cp: number): number {
  const lo = pyLower(cp);
  return CANONICAL.get(lo) ?? lo;
}

function isAsciiLetter(cp: number): boolean {
  return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}

const canonicalCache = new Map<number, number>();

function cachedCanonicalLower(cp: number): number {
  let v = canonicalCache.get(cp);
  if (v === undefined) {
    v = canonicalLower(cp);
    if (canonicalCache.size > 10_000) canonicalCache.clear();
    canonicalCache.set(cp, v);
  }
  return v;
}

/** Does string character `x` match pattern character `c` under re.IGNORECASE? */
export function pyCaseInsensitiveEqual(c: number, x: number): boolean {
  if (c === x) return true;
  if (c < 0x80 && x < 0x80) {
    // Both ASCII: only letters fold, and only onto each other (the non-ASCII equivalents
    // such as U+212A KELVIN SIGN for "k" need the slow path below).
    return isAsciiLetter(c) && isAsciiLetter(x) && (c | 0x20) === (x | 0x20);
  }
  if (c >= 0x80 && !pyIsCased(c)) return false;
  return cachedCanonicalLower(x) === cachedCanonicalLower(c);
}
