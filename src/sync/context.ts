import type { TrackingStore } from "../store/tracking-store.js";
import type { Ledger } from "./ledger.js";
import type { SyncSummary } from "./summary.js";

/** The tag on each target run (and logged model) naming its source: how a lost or lagging journal is recovered. */
export const SOURCE_RUN_TAG = "mlruns.sync.sourceRunId";
export const SOURCE_MODEL_TAG = "mlruns.sync.sourceModelId";

/** A target id that a dry run pretends to have created. */
export const DRY_RUN_ID = "(dry run)";

export interface SyncContext {
  readonly from: TrackingStore;
  readonly to: TrackingStore;
  readonly ledger: Ledger;
  readonly summary: SyncSummary;
  readonly dryRun: boolean;
  /** Metric points per logBatch request (MLflow's MAX_METRICS_PER_BATCH is the ceiling). */
  readonly batchSize: number;
  /**
   * Called before each request that changes the target for a run or model: throws once the sync
   * has stopped (another run met an error that ends it), else journals that the entry is touched.
   */
  readonly beforeSend: (id: string, model?: boolean) => void;
  /** Called after each step that changes the counters. */
  readonly tick: () => void;
}
