/**
 * mlflow.log_input / log_inputs: record the datasets a run used, with a context ("training",
 * "validation", ...) stored as the input tag `mlflow.data.context`, and optional tags.
 */
import type { Dataset, DatasetInput, LoggedModelInput } from "../entities.js";
import { InvalidParameterError } from "../errors.js";
import { DATASET_CONTEXT_TAG } from "../search/evaluate.js";
import { MlflowClient } from "./client.js";
import { activeRunOrUndefined, type ActiveRun } from "./run-context.js";
import { startRun } from "./fluent.js";

export interface LogInputOptions {
  /** Stored as the input tag mlflow.data.context; searchRuns filters on it as datasets.context. */
  context?: string;
  tags?: Record<string, unknown>;
  /** A logged model the run used (mlflow.log_input's `model`). */
  model?: LoggedModelInput;
}

/** _create_dataset_input */
function datasetInput(dataset: Dataset | undefined | null, context?: string | null, tags?: Record<string, unknown> | null): DatasetInput | undefined {
  if ((context || (tags && Object.keys(tags).length)) && !dataset) {
    throw new InvalidParameterError("`dataset` must be specified if `context` or `tags` is specified.");
  }
  if (!dataset) return undefined;
  const inputTags = Object.entries(tags ?? {}).map(([key, value]) => ({ key, value: String(value) }));
  if (context) inputTags.push({ key: DATASET_CONTEXT_TAG, value: context });
  return { dataset, tags: inputTags };
}

function remember(run: ActiveRun, datasets: DatasetInput[], models: LoggedModelInput[]): void {
  const inputs = (run.inputs ??= { datasetInputs: [], modelInputs: [] });
  inputs.datasetInputs.push(...datasets);
  inputs.modelInputs.push(...models);
}

/**
 * mlflow.log_input: the dataset (from datasetFromRecords, datasetFromCsv, metaDataset or your
 * own Dataset) becomes an input of the active run, started if none is.
 */
export async function logInput(dataset?: Dataset | null, options: LogInputOptions = {}): Promise<void> {
  const run = activeRunOrUndefined() ?? (await startRun());
  const input = datasetInput(dataset, options.context, options.tags);
  const datasets = input ? [input] : [];
  const models = options.model ? [options.model] : [];
  await new MlflowClient(run.store.trackingUri).logInputs(run.info.runId, datasets, models);
  remember(run, datasets, models);
}

/** mlflow.log_inputs: several datasets at once; `contexts` and `tagsList` line up with `datasets`. */
export async function logInputs(
  datasets: (Dataset | null)[] = [],
  contexts: (string | null)[] = [],
  tagsList: (Record<string, unknown> | null)[] = [],
): Promise<void> {
  if (!(datasets.length === contexts.length && contexts.length === tagsList.length)) {
    throw new InvalidParameterError("`logInputs` requires `datasets`, `contexts`, `tagsList` to be non-empty lists of the same length.");
  }
  const run = activeRunOrUndefined() ?? (await startRun());
  const inputs = datasets.map((d, i) => datasetInput(d, contexts[i], tagsList[i])).filter((d): d is DatasetInput => d !== undefined);
  await new MlflowClient(run.store.trackingUri).logInputs(run.info.runId, inputs, []);
  remember(run, inputs, []);
}
