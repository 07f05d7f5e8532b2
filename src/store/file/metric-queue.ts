/** The logging hot path: points queued to the metric writer, appended in batches (metric-writer.ts). */
import type { LinkedMetricPoint } from "../../entities.js";
import type { MetricInputs } from "../tracking-store.js";
import { checkDatasetLink, formatModelMetricLine, formatRunMetricLine } from "./linked-metric-lines.js";
import { formatMetricLine } from "./metric-lines.js";
import { activeRunInfo } from "./run-meta.js";
import { logInputs, modelMetricFile } from "./run-writes.js";
import type { StoreContext } from "./store-context.js";

export function queueMetrics(ctx: StoreContext, runId: string, metrics: LinkedMetricPoint[], inputs?: MetricInputs): void {
  // The hot path: a cached location is trusted without a stat() per point.
  const runDir = ctx.runDirFast(runId);
  // MLflow refuses points for a deleted run at the call; meta.yaml is read once per run.
  if (!ctx.activeRuns.has(runId)) {
    activeRunInfo(ctx, runId);
    ctx.activeRuns.add(runId);
  }
  if (inputs !== undefined) recordMetricInputs(ctx, runId, inputs);
  for (const m of metrics) {
    if (m.modelId == null && m.datasetName == null) ctx.metricWriter.append(ctx.metricKeys.file(runId, runDir, m.key), formatMetricLine(m));
    else queueLinkedMetric(ctx, runId, runDir, m);
  }
}

/** FileStore.log_metric with model_id / dataset: the run's line, and the model's (_log_model_metric). */
function queueLinkedMetric(ctx: StoreContext, runId: string, runDir: string, m: LinkedMetricPoint): void {
  if (m.datasetName != null || m.datasetDigest != null) checkDatasetLink(m.datasetName, m.datasetDigest);
  const modelFile = m.modelId != null ? modelMetricFile(ctx, runId, runDir, m.modelId, m.key) : undefined;
  ctx.metricWriter.append(ctx.metricKeys.file(runId, runDir, m.key), formatRunMetricLine(m));
  if (modelFile) ctx.metricWriter.append(modelFile, formatModelMetricLine(m, runId));
}

function recordMetricInputs(ctx: StoreContext, runId: string, inputs: MetricInputs): void {
  const datasets = (inputs.datasets ?? []).filter((d) => !ctx.linkedInputs.has(`${runId}\0d\0${d.dataset.name}\0${d.dataset.digest}`));
  const models = (inputs.models ?? []).filter((m) => !ctx.linkedInputs.has(`${runId}\0m\0${m.modelId}`));
  if (!datasets.length && !models.length) return;
  logInputs(ctx, runId, datasets, models);
  for (const d of datasets) ctx.linkedInputs.add(`${runId}\0d\0${d.dataset.name}\0${d.dataset.digest}`);
  for (const m of models) ctx.linkedInputs.add(`${runId}\0m\0${m.modelId}`);
}
