import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { logArtifact, setTag } from "../api/fluent.js";
import { InvalidParameterError } from "../errors.js";
import { TAGS } from "./keys.js";
import { formatTimestamp } from "./run-name.js";

/** Artifact folder of submissions, and the tag naming the run's submission file. */
export const SUBMISSIONS_DIR = "submissions";
export const SUBMISSION_TAG = TAGS.submissionFile;

export interface LogSubmissionOptions {
  /** Stamp of the file name `submission_{timestamp}.csv`: a Date (formatted YYYYMMDD_HHMMSS, local time) or a ready string. Default: now. */
  timestamp?: Date | string;
  /** When rows are given, also keep the CSV in this folder (the file you upload). Default: only a temporary copy. */
  outputDir?: string;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const s = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header: the union of the rows' keys, in first-seen order; null and undefined are empty cells. */
export function toCsv(rows: ReadonlyArray<object>): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const [i, row] of rows.entries()) {
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new InvalidParameterError(`Submission row ${i} is not a record: ${JSON.stringify(row)}`);
    }
    for (const k of Object.keys(row)) if (!seen.has(k)) (seen.add(k), columns.push(k));
  }
  const lines = [columns.map(csvCell).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell((row as Record<string, unknown>)[c])).join(","));
  return lines.join("\n") + "\n";
}

/** `submission_{YYYYMMDD_HHMMSS}.csv`. */
export function submissionFileName(timestamp: Date | string = new Date()): string {
  const stamp = typeof timestamp === "string" ? timestamp : formatTimestamp(timestamp);
  if (!/^[A-Za-z0-9_.-]+$/.test(stamp)) throw new InvalidParameterError(`Invalid submission timestamp '${stamp}': use letters, digits, '_', '.', '-'.`);
  return `submission_${stamp}.csv`;
}

/**
 * Logs a submission to the active run as `submissions/submission_{timestamp}.csv` and tags the
 * run with `submission_file=<that name>`, so a file name leads back to its run
 * (`tags.submission_file = 'submission_20250131_142501.csv'`). Give either the path of a CSV you
 * wrote (it is logged under the standard name) or the rows, which are written as CSV.
 * Returns the artifact path, relative to the run's artifact root.
 */
export async function logSubmission(pathOrRows: string | ReadonlyArray<object>, options: LogSubmissionOptions = {}): Promise<string> {
  const name = submissionFileName(options.timestamp);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-submission-"));
  try {
    const staged = path.join(tmp, name);
    if (typeof pathOrRows === "string") {
      if (!fs.statSync(pathOrRows, { throwIfNoEntry: false })?.isFile()) {
        throw new InvalidParameterError(`Submission file '${pathOrRows}' does not exist or is not a file.`);
      }
      fs.copyFileSync(pathOrRows, staged);
    } else if (Array.isArray(pathOrRows)) {
      const csv = toCsv(pathOrRows);
      fs.writeFileSync(staged, csv);
      if (options.outputDir) {
        fs.mkdirSync(options.outputDir, { recursive: true });
        fs.writeFileSync(path.join(options.outputDir, name), csv);
      }
    } else {
      throw new InvalidParameterError("logSubmission expects a file path or an array of row records.");
    }
    await logArtifact(staged, SUBMISSIONS_DIR);
    await setTag(SUBMISSION_TAG, name);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return `${SUBMISSIONS_DIR}/${name}`;
}
