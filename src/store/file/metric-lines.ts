import type { Metric, MetricPoint } from "../../entities.js";
import { parsePythonFloat, pythonFloatRepr } from "../../python/float.js";

/** One line of a metric file, as FileStore._log_run_metric writes it: "{timestamp} {value} {step}\n". */
export function formatMetricLine(m: MetricPoint): string {
  return `${m.timestamp} ${pythonFloatRepr(m.value)} ${m.step}\n`;
}

/**
 * FileStore._get_metric_from_line: 2, 3 or 5 space-separated fields. MLflow 3.17 reads the
 * step only from 3-field lines (`int(parts[2]) if len(parts) == 3 else 0`), so a 5-field line
 * (with dataset name and digest) reads as step 0 there; we read it the same way, so mlruns and
 * the MLflow UI agree on the same file.
 */
export function parseMetricLine(key: string, line: string): Metric {
  const parts = line.trim().split(" ");
  if (parts.length !== 2 && parts.length !== 3 && parts.length !== 5) {
    throw new Error(`Metric '${key}' is malformed; persisted metric data contained ${parts.length} fields. Expected 2, 3, or 5 fields.`);
  }
  const timestamp = Number(parts[0]);
  const step = parts.length === 3 ? Number(parts[2]) : 0;
  if (!Number.isInteger(timestamp) || !Number.isInteger(step)) throw new Error(`Metric '${key}' is malformed: '${line}'`);
  return { key, value: parsePythonFloat(parts[1]), timestamp, step };
}

/**
 * A metric file's terminated lines, and its last line when that has no newline: `whole` when
 * it reads as a metric line of the file's shape (see isWholeTail), else torn.
 */
export function splitMetricText(text: string, parse: (line: string) => unknown): { lines: string[]; tail?: { text: string; whole: boolean } } {
  const lines = text.split("\n");
  const last = lines.pop()!;
  if (last.trim() === "") return { lines };
  return { lines, tail: { text: last, whole: isWholeTail(last, lastNonBlank(lines), parse) } };
}

/**
 * Whether a last line without a newline is data. MLflow reads any last line that
 * _get_metric_from_line accepts (readlines keeps it), so hand-written files often end so. A
 * write cut short by kill -9 leaves a prefix of a line, which MLflow misreads: "17 0.5" cut
 * from "17 0.5 3" reads as step 0. Such a prefix has fewer fields than the lines written
 * with it, so a tail counts as whole only with as many fields as the line before it. A cut
 * inside the step (or value of a 2-field line) stays undetectable: docs/crash-safety.md.
 */
export function isWholeTail(tail: string, previous: string | undefined, parse: (line: string) => unknown): boolean {
  try {
    parse(tail);
  } catch {
    return false;
  }
  return previous === undefined || fieldCount(previous) === fieldCount(tail);
}

function lastNonBlank(lines: string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim() !== "") return lines[i];
  return undefined;
}

function fieldCount(line: string): number {
  return line.trim().split(" ").length;
}

/** The lines to read: the terminated ones and a whole last line; a torn one is reported. */
export function metricFileLines(text: string, parse: (line: string) => unknown, onDamage?: (problem: string) => void): string[] {
  const { lines, tail } = splitMetricText(text, parse);
  if (tail?.whole) lines.push(tail.text);
  else if (tail) onDamage?.(`an incomplete last line '${tail.text.slice(0, 80)}' (a write that was cut short)`);
  return lines;
}
