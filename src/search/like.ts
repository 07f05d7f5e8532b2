/**
 * MLflow's LIKE / ILIKE for the file store (search_utils._convert_like_pattern_to_regex):
 * `%` is any run of characters and `_` exactly one, neither crossing a newline (Python's `.`);
 * there is no escape character. Python's re.match anchors at the start; unless the pattern ends
 * with `%` it is anchored at the end too, where Python's `$` also accepts one trailing "\n".
 * ILIKE compares characters as Python's re.IGNORECASE does (python/case.ts).
 *
 * Implemented as a small NFA over code points instead of a RegExp, because JavaScript's
 * case-insensitive regexps fold case differently from Python's.
 */
import { pyCaseInsensitiveEqual } from "./python/case.js";

const ANY_RUN = -1;
const ANY_ONE = -2;
const NEWLINE = 0x0a;

function compile(pattern: string): number[] {
  return [...pattern].map((ch) => (ch === "%" ? ANY_RUN : ch === "_" ? ANY_ONE : ch.codePointAt(0)!));
}

function matchLike(value: string, pattern: string, ignoreCase: boolean): boolean {
  const items = compile(pattern);
  const m = items.length;
  const anchoredEnd = !pattern.endsWith("%");
  const same = ignoreCase ? pyCaseInsensitiveEqual : (c: number, x: number) => c === x;

  const closure = (states: Set<number>): Set<number> => {
    for (const k of states) if (k < m && items[k] === ANY_RUN) states.add(k + 1);
    return states;
  };
  let states = closure(new Set([0]));
  const chars = [...value].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < chars.length; i++) {
    if (!anchoredEnd && states.has(m)) return true;
    if (anchoredEnd && states.has(m) && i === chars.length - 1 && chars[i] === NEWLINE) return true;
    const x = chars[i]!;
    const next = new Set<number>();
    for (const k of states) {
      if (k >= m) continue;
      const item = items[k]!;
      if (item === ANY_RUN) {
        if (x !== NEWLINE) next.add(k);
      } else if (item === ANY_ONE) {
        if (x !== NEWLINE) next.add(k + 1);
      } else if (same(item, x)) {
        next.add(k + 1);
      }
    }
    if (next.size === 0) return false;
    states = closure(next);
  }
  return states.has(m);
}

export function like(value: string, pattern: string): boolean {
  return matchLike(value, pattern, false);
}

export function ilike(value: string, pattern: string): boolean {
  return matchLike(value, pattern, true);
}
