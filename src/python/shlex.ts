/**
 * Python's `shlex.split(s)` (posix mode, whitespace-split, no comments), which MLflow applies
 * to order-by clauses. Throws where shlex raises ValueError.
 */
const WHITESPACE = " \t\r\n";
const QUOTES = "'\"";
const ESCAPE = "\\";
const ESCAPED_QUOTES = '"';

export class ShlexError extends Error {}

export function shlexSplit(s: string): string[] {
  const out: string[] = [];
  const chars = [...s];
  let i = 0;
  for (;;) {
    let token = "";
    let quoted = false;
    let state: string | null = " ";
    let escapedState = " ";
    for (;;) {
      const next = i < chars.length ? chars[i++]! : "";
      if (state === " ") {
        if (!next) {
          state = null;
          break;
        } else if (WHITESPACE.includes(next)) {
          if (token || quoted) break;
        } else if (next === ESCAPE) {
          escapedState = "a";
          state = next;
        } else if (QUOTES.includes(next)) {
          state = next;
        } else {
          token = next;
          state = "a";
        }
      } else if (QUOTES.includes(state)) {
        quoted = true;
        if (!next) throw new ShlexError("No closing quotation");
        if (next === state) {
          state = "a";
        } else if (next === ESCAPE && ESCAPED_QUOTES.includes(state)) {
          escapedState = state;
          state = next;
        } else {
          token += next;
        }
      } else if (state === ESCAPE) {
        if (!next) throw new ShlexError("No escaped character");
        if (QUOTES.includes(escapedState) && next !== state && next !== escapedState) token += state;
        token += next;
        state = escapedState;
      } else {
        // state "a": inside an unquoted word
        if (!next) {
          state = null;
          break;
        } else if (WHITESPACE.includes(next)) {
          state = " ";
          if (token || quoted) break;
        } else if (QUOTES.includes(next)) {
          state = next;
        } else if (next === ESCAPE) {
          escapedState = "a";
          state = next;
        } else {
          token += next;
        }
      }
    }
    if (!quoted && token === "") {
      if (state === null) return out;
      continue;
    }
    out.push(token);
    if (state === null) return out;
  }
}
