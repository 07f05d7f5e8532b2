/**
 * Metric lines that name a dataset or belong to a logged model (MLflow 3):
 *
 *   run metrics/<key>:             "<ts> <value> <step>\n" or "<ts> <value> <step> <dataset name> <dataset digest>\n"
 *   models/<id>/metrics/<key>:     "<ts> <value> <step> <run id>\n" or "... <run id> <dataset name> <dataset digest>\n"
 *
 * (FileStore._log_run_metric, _log_model_metric, _get_model_metric_from_line.) Fields are
 * space-separated, so a dataset name or digest with whitespace would make a line MLflow cannot
 * read; such links are refused.
 */
import type { LinkedMetric, LinkedMetricPoint } from "../../entities.js";
import { InvalidParameterError } from "../../errors.js";
import { parsePythonFloat, pythonFloatRepr } from "../../python/float.js";
import { isLaterMetric } from "../latest-point.js";
import { formatMetricLine, parseMetricLine, metricFileLines } from "./metric-lines.js";

/** Check a metric's dataset link can be written as metric-line fields. */
export function checkDatasetLink(name: unknown, digest: unknown): void {
  for (const [field, v] of [["name", name], ["digest", digest]] as const) {
    if (typeof v !== "string" || v === "" || /\s/.test(v)) {
      throw new InvalidParameterError(
        `A metric's dataset ${field} must be a non-empty string without whitespace (metric files separate fields with spaces), got ${JSON.stringify(v)}.`,
      );
    }
  }
}

function hasDataset(m: LinkedMetricPoint): boolean {
  return m.datasetName !== undefined && m.datasetName !== null && m.datasetDigest !== undefined && m.datasetDigest !== null;
}

/** A run's metric line: 3 fields, or 5 with the dataset. */
export function formatRunMetricLine(m: LinkedMetricPoint): string {
  if (!hasDataset(m)) return formatMetricLine(m);
  return `${m.timestamp} ${pythonFloatRepr(m.value)} ${m.step} ${m.datasetName} ${m.datasetDigest}\n`;
}

/** A logged model's metric line: 4 fields, or 6 with the dataset. */
export function formatModelMetricLine(m: LinkedMetricPoint, runId: string): string {
  const base = `${m.timestamp} ${pythonFloatRepr(m.value)} ${m.step} ${runId}`;
  return hasDataset(m) ? `${base} ${m.datasetName} ${m.datasetDigest}\n` : `${base}\n`;
}

/** FileStore._get_model_metric_from_line: 4 or 6 fields. */
export function parseModelMetricLine(key: string, line: string, modelId: string): LinkedMetric {
  const parts = line.trim().split(" ");
  if (parts.length !== 4 && parts.length !== 6) {
    throw new Error(`Metric '${key}' is malformed; persisted metric data contained ${parts.length} fields. Expected 4 or 6 fields.`);
  }
  const timestamp = Number(parts[0]);
  const step = Number(parts[2]);
  if (!Number.isInteger(timestamp) || !Number.isInteger(step)) throw new Error(`Metric '${key}' is malformed: '${line}'`);
  return {
    key,
    value: parsePythonFloat(parts[1]!),
    timestamp,
    step,
    modelId,
    runId: parts[3]!,
    datasetName: parts.length === 6 ? parts[4]! : null,
    datasetDigest: parts.length === 6 ? parts[5]! : null,
  };
}

/** The 5-field run metric lines' dataset, which parseMetricLine leaves out. */
export function runMetricLineDataset(line: string): { datasetName: string; datasetDigest: string } | undefined {
  const parts = line.trim().split(" ");
  return parts.length === 5 ? { datasetName: parts[3]!, datasetDigest: parts[4]! } : undefined;
}

/**
 * FileStore._get_model_metrics_from_file: every line of a model's metric file, grouped by
 * (dataset name, dataset digest) in order of first appearance, and the max of each group by
 * (step, timestamp, value). Unreadable lines are reported and skipped.
 */
export function parseModelMetricFile(key: string, text: string, modelId: string, onDamage?: (problem: string) => void): LinkedMetric[] {
  const groups = new Map<string, LinkedMetric>();
  const lines = metricFileLines(text, (line) => parseModelMetricLine(key, line, modelId), onDamage);
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let m: LinkedMetric;
    try {
      m = parseModelMetricLine(key, line, modelId);
    } catch {
      onDamage?.(`an unreadable line ${i + 1}: '${line.slice(0, 80)}'`);
      return;
    }
    const group = `${m.datasetName ?? "\0"}\0${m.datasetDigest ?? "\0"}`;
    const best = groups.get(group);
    if (!best || isLaterMetric(m, best)) groups.set(group, m);
  });
  return [...groups.values()];
}
