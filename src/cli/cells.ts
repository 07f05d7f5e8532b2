/** Table cells shared by several commands. */
import type { RunStatus } from "../index.js";
import type { Style } from "./style.js";
import type { Cell } from "./table.js";

export function statusCell(status: RunStatus, style: Style): Cell {
  const paint = status === "FINISHED" ? style.green : status === "FAILED" ? style.red : status === "KILLED" ? style.yellow : style.cyan;
  return { text: status, paint };
}

export const MISSING = "-";

/** A param or tag value for a table cell: an empty string shows as "" (dim), so it is not mistaken for a gap. */
export function textCell(value: string, style: Style): Cell {
  return value === "" ? { text: '""', paint: style.dim } : value;
}
