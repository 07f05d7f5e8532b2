import { InvalidParameterError } from "../errors.js";

/**
 * A search filter or order-by clause MLflow would reject. The message quotes the offending
 * text and points at the column with a caret line; `position` is the 0-based offset into
 * `input` (the filter string or the order-by clause).
 */
export class SearchFilterError extends InvalidParameterError {
  readonly position: number;
  readonly input: string;

  constructor(reason: string, input: string, position: number, options?: { cause?: unknown }) {
    const at = Math.max(0, Math.min(position, input.length));
    super(`${reason}\n${pointAt(input, at)}`, options);
    this.position = at;
    this.input = input;
  }
}

/** "  <line of input>\n  <spaces>^", for the line that holds `position`. */
export function pointAt(input: string, position: number): string {
  const lineStart = input.lastIndexOf("\n", position - 1) + 1;
  const nl = input.indexOf("\n", position);
  const lineEnd = nl < 0 ? input.length : nl;
  const lineNo = countNewlines(input, lineStart) + 1;
  const column = [...input.slice(lineStart, position)].length + 1;
  // Long lines are shown as a window around the position.
  let from = lineStart;
  let to = lineEnd;
  if (to - from > WINDOW) {
    from = Math.max(lineStart, position - WINDOW / 2);
    to = Math.min(lineEnd, from + WINDOW);
  }
  const lead = from > lineStart ? "…" : "";
  const tail = to < lineEnd ? "…" : "";
  const shown = lead + visible(input.slice(from, to)) + tail;
  const caret = " ".repeat([...(lead + visible(input.slice(from, position)))].length) + "^";
  const where = input.includes("\n") ? ` (line ${lineNo}, column ${column})` : from > lineStart ? ` (column ${column})` : "";
  return `  ${shown}\n  ${caret}${where}`;
}

const WINDOW = 100;

function countNewlines(s: string, end: number): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0 && i < end; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** Tabs and other control characters would misalign the caret; show them as one space each. */
function visible(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, " ");
}
