import { InvalidParameterError } from "../errors.js";

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/**
 * `YYYYMMDD_HHMMSS` in the machine's local time, as Python's
 * `datetime.now().strftime("%Y%m%d_%H%M%S")`: the stamp in run names and submission files.
 */
export function formatTimestamp(date: Date = new Date()): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new InvalidParameterError(`Invalid date for a timestamp: ${String(date)}`);
  }
  return (
    `${pad(date.getFullYear(), 4)}${pad(date.getMonth() + 1)}${pad(date.getDate())}` +
    `_${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

/** The run name a competition run gets: `{model_type}_{YYYYMMDD_HHMMSS}`, e.g. `random_forest_20250131_142501`. */
export function competitionRunName(modelType: string, date: Date = new Date()): string {
  if (typeof modelType !== "string" || modelType.trim() === "") {
    throw new InvalidParameterError(`modelType must be a non-empty string, got ${JSON.stringify(modelType)}`);
  }
  return `${modelType}_${formatTimestamp(date)}`;
}
