/**
 * Metrics linked to a logged model and a dataset, as mlflow.log_metric / log_metrics do it:
 *
 * - the model is `modelId`, else the active model (setActiveModel), else the models this run
 *   logged at the same step (logModel({step})), else none;
 * - the run records what the metric refers to (_log_inputs_for_metrics_if_necessary): a model
 *   it neither used nor produced becomes a model input, a dataset it has not logged becomes a
 *   dataset input without tags;
 * - the run's metric line names the dataset, and the model's metrics file gets the point too.
 *
 * log_metric links the first matching model only (its loop returns on the first iteration);
 * log_metrics links every one. Both are reproduced.
 */
import type { Dataset, Int64, LinkedMetricPoint, MetricPoint } from "../entities.js";
import type { MetricInputs } from "../store/tracking-store.js";
import { getActiveModelId } from "./active-model.js";
import type { ActiveRun } from "./run-context.js";

export interface MetricLinkOptions {
  /** The logged model the metric measures. */
  modelId?: string;
  /** The dataset it was measured on (e.g. from datasetFromRecords). */
  dataset?: Dataset;
}

/** The steps at which a run logged models, rebuilt only when its outputs grow. */
const outputSteps = new WeakMap<object, { count: number; steps: Set<number> }>();

function stepsWithModels(run: ActiveRun): Set<number> | undefined {
  const outputs = run.outputs?.modelOutputs;
  if (outputs === undefined || outputs.length === 0) return undefined;
  let hit = outputSteps.get(outputs);
  if (hit === undefined || hit.count !== outputs.length) {
    hit = { count: outputs.length, steps: new Set(outputs.map((o) => o.step)) };
    outputSteps.set(outputs, hit);
  }
  return hit.steps;
}

/** Could a point at `step`, logged to `run` without options, be linked to a model? (the hot path's test) */
export function mayLink(run: ActiveRun, step: Int64): boolean {
  if (getActiveModelId() !== undefined) return true;
  const steps = stepsWithModels(run);
  return steps !== undefined && typeof step === "number" && steps.has(step);
}

function modelsAtStep(run: ActiveRun, step: Int64): string[] {
  return (run.outputs?.modelOutputs ?? []).filter((o) => o.step === step).map((o) => o.modelId);
}

export function queueLinkedMetrics(run: ActiveRun, metrics: MetricPoint[], options: MetricLinkOptions, linkAll: boolean): void {
  const modelId = options.modelId ?? getActiveModelId();
  const dataset = options.dataset;
  const inputs: MetricInputs = {};
  const runInputs = (run.inputs ??= { datasetInputs: [], modelInputs: [] });
  if (modelId !== undefined) {
    const known =
      runInputs.modelInputs.some((m) => m.modelId === modelId) || (run.outputs?.modelOutputs ?? []).some((m) => m.modelId === modelId);
    if (!known) inputs.models = [{ modelId }];
  }
  if (dataset !== undefined && !runInputs.datasetInputs.some((d) => d.dataset.name === dataset.name && d.dataset.digest === dataset.digest)) {
    inputs.datasets = [{ dataset, tags: [] }];
  }
  const linked: LinkedMetricPoint[] = [];
  for (const m of metrics) {
    const ids = modelId !== undefined ? [modelId] : modelsAtStep(run, m.step);
    const chosen: (string | null)[] = ids.length === 0 ? [null] : linkAll ? ids : [ids[0]!];
    for (const id of chosen) {
      linked.push({ ...m, modelId: id, datasetName: dataset?.name ?? null, datasetDigest: dataset?.digest ?? null });
    }
  }
  const needInputs = inputs.models !== undefined || inputs.datasets !== undefined;
  run.store.queueMetrics(run.info.runId, linked, needInputs ? inputs : undefined);
  // As MLflow updates the in-memory run, so the inputs are recorded once.
  if (inputs.models) runInputs.modelInputs.push(...inputs.models);
  if (inputs.datasets) runInputs.datasetInputs.push(...inputs.datasets);
}
