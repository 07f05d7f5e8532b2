/** Fitting a table to the terminal: cut long text cells and headers first, then drop the least important columns. */
import { widestCells, type Cell, type Column } from "./table.js";
import { displayWidth } from "./text.js";

export interface FitColumn extends Column {
  /** Where the column goes when there is no room: undefined never goes; the highest goes first. */
  dropRank?: number;
  /** When the table is too wide, text cells are cut to this width before any column is dropped. */
  squeezeTo?: number;
  /** When the table is too wide, the header is this one (metrics.rmse: rmse). */
  shortHeader?: string;
}

export interface FittedTable {
  /** The columns kept, in their order, with maxWidth lowered where cells were cut. */
  columns: Column[];
  /** Each kept column's index in the input. */
  kept: number[];
  /** The headers of the columns dropped, most important first. */
  hidden: string[];
}

/**
 * The columns that fit in `width` terminal columns (with `gap` between columns). Measures
 * every cell once, whatever the number of tries: a 1,000-run listing has 12,000 cells. Never
 * drops a column without a dropRank, so the result can still be wider than `width`.
 */
export function fitTable(columns: FitColumn[], rows: Cell[][], width: number, gap = 2): FittedTable {
  const cells = widestCells(columns, rows);
  const header = (i: number, squeeze: boolean) => (squeeze && columns[i]!.shortHeader !== undefined ? columns[i]!.shortHeader! : columns[i]!.header);
  const headerWidths = columns.map((_, i) => [displayWidth(header(i, false)), displayWidth(header(i, true))] as const);
  const cap = (i: number, squeeze: boolean) => {
    const s = columns[i]!.squeezeTo;
    return squeeze && s !== undefined ? Math.min(s, columns[i]!.maxWidth ?? s) : columns[i]!.maxWidth;
  };
  const need = (kept: number[], squeeze: boolean) =>
    kept.reduce((sum, i) => sum + Math.max(headerWidths[i]![Number(squeeze)]!, Math.min(cells[i]!, cap(i, squeeze) ?? Infinity)), 0) +
    gap * (kept.length - 1);

  // The fixed columns, then each other column, the most important first, if it still fits: a
  // wide column that does not fit leaves room for narrower, less important ones.
  let kept = columns.map((_, i) => i).filter((i) => columns[i]!.dropRank === undefined);
  const byRank = columns.map((_, i) => i).filter((i) => columns[i]!.dropRank !== undefined);
  byRank.sort((a, b) => columns[a]!.dropRank! - columns[b]!.dropRank!);
  for (const i of byRank) if (need([...kept, i], true) <= width) kept.push(i);
  kept = kept.sort((a, b) => a - b);
  // Whole cells and headers when they fit in what is left: cut only where it makes room.
  const squeeze = need(kept, false) > width;
  const hidden = columns.map((_, i) => i).filter((i) => !kept.includes(i));
  hidden.sort((a, b) => columns[a]!.dropRank! - columns[b]!.dropRank!);
  return {
    columns: kept.map((i) => ({ ...columns[i]!, header: header(i, squeeze), maxWidth: cap(i, squeeze) })),
    kept,
    hidden: hidden.map((i) => columns[i]!.header),
  };
}
