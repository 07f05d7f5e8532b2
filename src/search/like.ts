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
import { pyCaseInsensitiveEqual } from "../python/case.js";

const ANY_RUN = -1;
const ANY_ONE = -2;
const NEWLINE = 0x0a;

const compiled = new Map<string, Int32Array>();

function compile(pattern: string): Int32Array {
  let items = compiled.get(pattern);
  if (!items) {
    items = Int32Array.from([...pattern], (ch) => (ch === "%" ? ANY_RUN : ch === "_" ? ANY_ONE : ch.codePointAt(0)!));
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, items);
  }
  return items;
}

const exact = (c: number, x: number): boolean => c === x;

/** Add the states reachable through `%` items without consuming input. */
function close(items: Int32Array, states: Uint8Array): void {
  for (let k = 0; k < items.length; k++) if (states[k] && items[k] === ANY_RUN) states[k + 1] = 1;
}

function matchLike(value: string, pattern: string, ignoreCase: boolean): boolean {
  const items = compile(pattern);
  const m = items.length;
  const anchoredEnd = !pattern.endsWith("%");
  const same = ignoreCase ? pyCaseInsensitiveEqual : exact;
  let states = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  states[0] = 1;
  close(items, states);
  for (let i = 0; i < value.length; ) {
    const x = value.codePointAt(i)!;
    i += x > 0xffff ? 2 : 1;
    if (states[m]) {
      if (!anchoredEnd) return true;
      if (x === NEWLINE && i === value.length) return true;
    }
    next.fill(0);
    let any = false;
    for (let k = 0; k < m; k++) {
      if (!states[k]) continue;
      const item = items[k]!;
      if (item === ANY_RUN) {
        if (x !== NEWLINE) {
          next[k] = 1;
          any = true;
        }
      } else if (item === ANY_ONE) {
        if (x !== NEWLINE) {
          next[k + 1] = 1;
          any = true;
        }
      } else if (same(item, x)) {
        next[k + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    close(items, next);
    [states, next] = [next, states];
  }
  return states[m] === 1;
}

export function like(value: string, pattern: string): boolean {
  return matchLike(value, pattern, false);
}

export function ilike(value: string, pattern: string): boolean {
  return matchLike(value, pattern, true);
}
