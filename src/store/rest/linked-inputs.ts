import type { DatasetInput, LinkedMetricPoint, LoggedModelInput } from "../../entities.js";
import { MlflowError, TrackingServerUnavailableError } from "../../errors.js";
import type { MetricInputs } from "../tracking-store.js";

/** Sends one run's inputs (runs/log-inputs). */
export type SendInputs = (runId: string, datasets: DatasetInput[], models: LoggedModelInput[]) => Promise<void>;

interface Unsent {
  datasets: DatasetInput[];
  models: LoggedModelInput[];
}

/**
 * The inputs linked metrics need recorded on their run before the points
 * (mlflow.log_metric's _log_inputs_for_metrics_if_necessary). Each is sent once, before the run's
 * next batch. An outage keeps it for the next attempt; a refusal is reported (flush(), the run's
 * end) and drops only the points linked to it, never the run's other points.
 */
export class LinkedInputs {
  /** Inputs already recorded or on their way, so each is sent once per process. */
  private readonly known = new Set<string>();
  private readonly unsent = new Map<string, Unsent>();
  private readonly refused = new Map<string, MlflowError>();

  constructor(private readonly send: SendInputs) {}

  record(runId: string, inputs: MetricInputs): void {
    const datasets = (inputs.datasets ?? []).filter((d) => !this.known.has(datasetKey(runId, d)));
    const models = (inputs.models ?? []).filter((m) => !this.known.has(modelKey(runId, m)));
    if (!datasets.length && !models.length) return;
    for (const d of datasets) this.known.add(datasetKey(runId, d));
    for (const m of models) this.known.add(modelKey(runId, m));
    const entry = this.unsent.get(runId) ?? { datasets: [], models: [] };
    entry.datasets.push(...datasets);
    entry.models.push(...models);
    this.unsent.set(runId, entry);
  }

  /**
   * Sends the run's unsent inputs; returns the points that may go. Throws on an outage (the
   * inputs stay, the queue keeps the points); a refusal drops the points linked to the refused inputs.
   */
  async before(runId: string, points: LinkedMetricPoint[]): Promise<LinkedMetricPoint[]> {
    const entry = this.unsent.get(runId);
    if (!entry) return points;
    // Taken out while on the wire: inputs recorded meanwhile form a new entry and are not lost.
    this.unsent.delete(runId);
    try {
      await this.send(runId, entry.datasets, entry.models);
      return points;
    } catch (err) {
      if (err instanceof TrackingServerUnavailableError || !(err instanceof MlflowError)) {
        const later = this.unsent.get(runId);
        this.unsent.set(runId, { datasets: [...entry.datasets, ...(later?.datasets ?? [])], models: [...entry.models, ...(later?.models ?? [])] });
        throw err;
      }
      // Forgotten, so a later point linked to the same input tries again.
      for (const d of entry.datasets) this.known.delete(datasetKey(runId, d));
      for (const m of entry.models) this.known.delete(modelKey(runId, m));
      const linked = (p: LinkedMetricPoint) =>
        entry.datasets.some((d) => d.dataset.name === p.datasetName && d.dataset.digest === p.datasetDigest) || entry.models.some((m) => m.modelId === p.modelId);
      const kept = points.filter((p) => !linked(p));
      const dropped = points.length - kept.length;
      this.refused.set(runId, dropped ? withNote(err, `; ${dropped} metric point(s) of run ${runId} linked to these inputs were dropped`) : err);
      return kept;
    }
  }

  /** Every run's unsent inputs, handed over (for the exit flush, which sends them before the points). */
  takeUnsent(): Array<{ runId: string } & Unsent> {
    const out = [...this.unsent].map(([runId, entry]) => ({ runId, ...entry }));
    this.unsent.clear();
    return out;
  }

  /** Why inputs of this run (or any run) were refused, handed over once. */
  takeRefusals(runId?: string): MlflowError[] {
    const out: MlflowError[] = [];
    for (const [id, err] of this.refused) {
      if (runId !== undefined && id !== runId) continue;
      out.push(err);
      this.refused.delete(id);
    }
    return out;
  }
}

function datasetKey(runId: string, d: DatasetInput): string {
  return `${runId}\0d\0${d.dataset.name}\0${d.dataset.digest}`;
}

function modelKey(runId: string, m: LoggedModelInput): string {
  return `${runId}\0m\0${m.modelId}`;
}

/** The server's error, same class and code, with what it cost appended. */
function withNote(err: MlflowError, note: string): MlflowError {
  err.message = `runs/log-inputs was refused: ${err.message}${note}`;
  return err;
}
