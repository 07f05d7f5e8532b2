/**
 * mlflow.keras.MlflowCallback for TensorFlow.js: params and `model_summary.txt` when training
 * begins, the logs' values every epoch (step = epoch) or every n batches (step = batches seen
 * so far, as Keras's optimizer.iterations), and on train end the model as a logged model named
 * "model" with a `tfjs` flavor, created PENDING on train begin so every point is linked to it as
 * it is logged (Keras autologging's _initialize_logged_model). As in MLflow 3, its files live with the
 * logged model, and MLflow's `runs:/<run_id>/model` reaches them (RunsArtifactRepository lists
 * and downloads a run's logged model of that name): a copy under the run's own artifacts would
 * be listed twice there.
 *
 * Like autologging (safe_patch's manage_run), it starts a run when none is active and ends only
 * that one. tfjs calls no callback when training throws, so a run it started is ended FAILED by
 * `track(fitPromise)`, by the next fit that uses this callback, or by mlruns's exit hooks when
 * the error ends the process. See docs/tfjs.md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LayersModel, Logs } from "@tensorflow/tfjs";
import type { RunStatus } from "../entities.js";
import { InvalidParameterError } from "../errors.js";
import { MlflowClient } from "../api/client.js";
import { activeRun, endRun, flush, logMetrics, logParams, logText, startRun, type ActiveRun } from "../api/fluent.js";
import { finalizeLoggedModel, initializeLoggedModel, logModel } from "../api/logged-models.js";
import { popRun } from "../api/run-context.js";
import { loadTfjs } from "./load-tfjs.js";
import { MODEL_JSON, modelFolder, WEIGHTS_BIN } from "./model-folder.js";
import { trainingParams } from "./training-params.js";

const tf = loadTfjs();

export interface MlflowCallbackOptions {
  /** Log the logs' values at the end of every epoch, with the epoch as step. Default true. */
  logEveryEpoch?: boolean;
  /** Log them every n batches instead, with the global batch count as step. Needs logEveryEpoch: false. */
  logEveryNSteps?: number;
  /** Save the trained model as a logged model of the run. Default true. */
  logModel?: boolean;
  /** The logged model's name. Default "model", as Keras autologging names it. */
  modelName?: string;
}

type LogValue = number | { dataSync(): ArrayLike<number> };

/** tfjs's batch logs also carry the batch's index and size, which Keras's do not: not metrics. */
const BATCH_BOOKKEEPING = new Set(["batch", "size"]);

/**
 * tfjs hands callbacks scalars still on the backend (BaseLogger's epoch means are tensors).
 * Keras's callback reads them as floats every epoch too; a synchronous read costs less per
 * epoch than awaiting data() (see bench/tfjs-callback.mjs).
 */
function numbers(logs: Record<string, LogValue>, skip?: Set<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key in logs) {
    if (skip?.has(key)) continue;
    const value = logs[key]!;
    out[key] = typeof value === "number" ? value : value.dataSync()[0]!;
  }
  return out;
}

/**
 * mlflow.keras.MlflowCallback is an ExceptionSafeClass: a logging failure (a full disk, a run
 * deleted meanwhile) is a warning, and training goes on.
 */
function warn(hook: string, err: unknown): void {
  const reason = String((err as Error)?.message ?? err).replace(/\.$/, "");
  process.emitWarning(`MlflowCallback.${hook} could not log to MLflow: ${reason}. Training goes on.`, {
    code: "MLRUNS_TFJS_LOGGING_FAILED",
  });
}

async function safely(hook: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    warn(hook, err);
  }
}

export class MlflowCallback extends tf.Callback {
  readonly logEveryEpoch: boolean;
  readonly logEveryNSteps: number | undefined;
  private readonly saveModel: boolean;
  private readonly modelName: string;
  /** The run this callback started and has not ended yet. */
  private startedRun: ActiveRun | undefined;
  /** The logged model this fit's metrics are linked to, PENDING until train end. */
  private pendingModelId: string | undefined;
  private batchesSeen = 0;
  private lastStep = 0;

  constructor(options: MlflowCallbackOptions = {}) {
    super();
    this.logEveryEpoch = options.logEveryEpoch ?? true;
    this.logEveryNSteps = options.logEveryNSteps;
    this.saveModel = options.logModel ?? true;
    this.modelName = options.modelName ?? "model";
    // The ValueErrors of MlflowCallback.__init__, in this API's names.
    if (this.logEveryEpoch && this.logEveryNSteps !== undefined) {
      throw new InvalidParameterError(
        `logEveryNSteps must be undefined if logEveryEpoch is true, received logEveryEpoch=${this.logEveryEpoch} and logEveryNSteps=${this.logEveryNSteps}.`,
      );
    }
    if (!this.logEveryEpoch && this.logEveryNSteps === undefined) {
      throw new InvalidParameterError("logEveryNSteps must be specified if logEveryEpoch is false.");
    }
    if (this.logEveryNSteps !== undefined && !(Number.isInteger(this.logEveryNSteps) && this.logEveryNSteps > 0)) {
      throw new InvalidParameterError(`logEveryNSteps must be a positive integer, got ${String(this.logEveryNSteps)}.`);
    }
  }

  /** The run training logs to: the active one, or the one this callback started. */
  get runId(): string | undefined {
    return this.startedRun?.info.runId ?? activeRun()?.info.runId;
  }

  override async onTrainBegin(): Promise<void> {
    this.batchesSeen = 0;
    this.lastStep = 0;
    await safely("onTrainBegin", async () => {
      // A run left open by a fit that threw: tfjs told nobody, so it failed.
      await this.endStartedRun("FAILED");
      if (!activeRun()) this.startedRun = await startRun();
      const model = this.model as unknown as LayersModel;
      const params = trainingParams(model, this.params);
      await logParams(params);
      // Keras autologging's _initialize_logged_model: every point is linked to the model as it
      // is logged, so the model's metrics are the whole curve and Model.log re-links nothing.
      if (this.saveModel) this.pendingModelId = (await initializeLoggedModel({ name: this.modelName, sourceRunId: activeRun()!.info.runId, params })).modelId;
      const lines: string[] = [];
      model.summary(undefined, undefined, (line?: unknown) => lines.push(String(line)));
      await logText(lines.join("\n"), "model_summary.txt");
    });
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    if (!this.logEveryEpoch || !logs) return;
    this.lastStep = epoch;
    try {
      logMetrics(numbers(logs as Record<string, LogValue>), { step: epoch, modelId: this.pendingModelId });
    } catch (err) {
      warn("onEpochEnd", err);
    }
  }

  override async onBatchEnd(_batch: number, logs?: Logs): Promise<void> {
    if (this.logEveryNSteps === undefined || !logs) return;
    this.batchesSeen += 1;
    if (this.batchesSeen % this.logEveryNSteps !== 0) return;
    this.lastStep = this.batchesSeen;
    try {
      logMetrics(numbers(logs as Record<string, LogValue>, BATCH_BOOKKEEPING), { step: this.batchesSeen, modelId: this.pendingModelId });
    } catch (err) {
      warn("onBatchEnd", err);
    }
  }

  override async onTrainEnd(): Promise<void> {
    // Training succeeded: a model that could not be logged is a warning, the run still FINISHED.
    await safely("onTrainEnd", () => (this.pendingModelId ? this.logTrainedModel(this.pendingModelId) : flush()));
    this.pendingModelId = undefined;
    await safely("onTrainEnd", () => this.endStartedRun("FINISHED"));
  }

  /**
   * Awaits `model.fit(...)` / `model.fitDataset(...)` and, when it throws, ends the run this
   * callback started as FAILED before rethrowing: `await cb.track(model.fit(x, y, {callbacks: [cb]}))`.
   */
  async track<T>(training: Promise<T>): Promise<T> {
    try {
      return await training;
    } catch (err) {
      await this.endStartedRun("FAILED");
      throw err;
    }
  }

  /** Model.log: the model's files, its MLmodel, the run's metrics at the last step linked to it. */
  private async logTrainedModel(modelId: string): Promise<void> {
    const run = activeRun()!;
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-tfjs-"));
    try {
      await (this.model as unknown as LayersModel).save(modelFolder(path.join(staging, "saved")));
      await flush();
      await logModel({
        modelId,
        runId: run.info.runId,
        step: this.lastStep,
        directory: path.join(staging, "saved"),
        flavors: {
          tfjs: {
            format: "layers-model",
            model_json: MODEL_JSON,
            weights: [WEIGHTS_BIN],
            tfjs_version: tf.version.tfjs,
            loader: "tf.loadLayersModel(modelFolder(dir)) with modelFolder from mlruns/tfjs",
          },
        },
      });
    } catch (err) {
      // logModel finalizes FAILED itself; a save that failed before it must too.
      await finalizeLoggedModel(modelId, "FAILED").catch(() => undefined);
      throw err;
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }

  private async endStartedRun(status: RunStatus): Promise<void> {
    // _use_logged_model: a model whose training failed is FAILED, not left PENDING.
    if (status === "FAILED" && this.pendingModelId) {
      const id = this.pendingModelId;
      this.pendingModelId = undefined;
      await finalizeLoggedModel(id, "FAILED");
    }
    const run = this.startedRun;
    if (!run) return;
    this.startedRun = undefined;
    if (activeRun()?.info.runId === run.info.runId) return endRun(status);
    // Ended from another async context (track() awaited elsewhere): end it by id.
    await new MlflowClient(run.store.trackingUri).setTerminated(run.info.runId, status);
    popRun(run.info.runId);
  }
}
