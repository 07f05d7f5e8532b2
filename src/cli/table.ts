/** Aligned, borderless tables for the terminal. */
import type { Paint, Style } from "./style.js";
import { displayWidth, oneLine, truncate } from "./text.js";

export interface Column {
  header: string;
  align?: "left" | "right";
  /** Cells wider than this are cut with "…". */
  maxWidth?: number;
}

/** A cell: plain text, or text with a paint applied after alignment (so escapes never skew widths). */
export type Cell = string | { text: string; paint?: Paint };

export interface TableOptions {
  style?: Style;
  /** Print the header row (default true). */
  header?: boolean;
  indent?: string;
  gap?: number;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function cellText(cell: Cell): string {
  return typeof cell === "string" ? cell : cell.text;
}

function cellPaint(cell: Cell): Paint | undefined {
  return typeof cell === "string" ? undefined : cell.paint;
}

/** Each column's widest cell, after the column's maxWidth cut (headers aside). */
export function widestCells(columns: Column[], rows: Cell[][]): number[] {
  return columns.map((col, i) => {
    let widest = 0;
    for (const row of rows) {
      const text = cellText(row[i] ?? "");
      const w = PRINTABLE_ASCII.test(text) ? text.length : displayWidth(oneLine(text));
      if (w > widest) widest = w;
    }
    return col.maxWidth ? Math.min(widest, col.maxWidth) : widest;
  });
}

/** The table as lines (no trailing newline, no trailing spaces). */
export function renderTable(columns: Column[], rows: Cell[][], options: TableOptions = {}): string[] {
  const showHeader = options.header ?? true;
  const gap = " ".repeat(options.gap ?? 2);
  const indent = options.indent ?? "";
  // Each cell's text and width once: a 1,000-run listing has 12,000 cells.
  const cellWidths: number[][] = [];
  const texts = rows.map((row) => {
    const rowWidths: number[] = [];
    cellWidths.push(rowWidths);
    return columns.map((col, i) => {
      let text = cellText(row[i] ?? "");
      let width: number;
      // Printable ASCII (nearly every cell): nothing to escape, one column per character.
      if (PRINTABLE_ASCII.test(text)) width = text.length;
      else {
        text = oneLine(text);
        width = displayWidth(text);
      }
      if (col.maxWidth && width > col.maxWidth) {
        text = truncate(text, col.maxWidth);
        width = displayWidth(text);
      }
      rowWidths.push(width);
      return text;
    });
  });
  const widths = columns.map((col, i) => {
    let w = showHeader ? displayWidth(col.header) : 0;
    for (const row of cellWidths) if (row[i]! > w) w = row[i]!;
    return w;
  });
  const render = (cells: string[], cellWidth: number[], paints: Array<Paint | undefined>): string => {
    const parts = cells.map((text, i) => {
      const col = columns[i]!;
      const last = i === cells.length - 1;
      const pad = " ".repeat(Math.max(0, widths[i]! - cellWidth[i]!));
      const aligned = col.align === "right" ? pad + text : last ? text : text + pad;
      const paint = paints[i];
      if (!paint || text === "") return aligned;
      // Paint the text, not the padding.
      return col.align === "right" ? aligned.slice(0, aligned.length - text.length) + paint(text) : paint(text) + aligned.slice(text.length);
    });
    return (indent + parts.join(gap)).trimEnd();
  };
  const lines: string[] = [];
  if (showHeader) {
    const headerPaint = options.style?.enabled ? options.style.bold : undefined;
    lines.push(render(columns.map((c) => c.header), columns.map((c) => displayWidth(c.header)), columns.map(() => headerPaint)));
  }
  rows.forEach((row, r) => lines.push(render(texts[r]!, cellWidths[r]!, columns.map((_, i) => cellPaint(row[i] ?? "")))));
  return lines;
}
