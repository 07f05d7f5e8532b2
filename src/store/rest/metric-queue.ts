import type { LinkedMetricPoint } from "../../entities.js";
import { MlflowError, TrackingServerUnavailableError } from "../../errors.js";
import { MAX_METRICS_PER_BATCH } from "../../validation/limits.js";
import { holdUntilExit, released, type PendingWrites } from "../exit-flush.js";

/** Sends one run's points in one runs/log-batch request (at most MAX_METRICS_PER_BATCH). */
export type SendBatch = (runId: string, points: LinkedMetricPoint[]) => Promise<void>;
/** Sends batches synchronously at exit; returns, for each, undefined (sent) or why not. */
export type SendBatchesSync = (batches: ExitBatch[]) => Array<string | undefined>;

export interface ExitBatch {
  runId: string;
  points: LinkedMetricPoint[];
}

interface Failure {
  summary: string;
  error: MlflowError;
  /** The points are still queued (an outage), so a later success clears it; false: they are lost. */
  kept: boolean;
}

/**
 * The REST store's metric buffer: `push` only appends (the training loop never awaits); a
 * background sender posts runs/log-batch requests of up to 1,000 points (MLflow's
 * MAX_METRICS_PER_BATCH), one at a time, as soon as a run has a full batch or `intervalMs`
 * after the first point. While it holds points, the store-level exit flush (exit-flush.ts)
 * sends them before the process ends.
 *
 * A server that cannot be reached keeps the points here, to be sent at the next tick, flush()
 * or exit; a server that refuses them (4xx) drops them and keeps the reason. Either way the
 * failure is reported: by flush() and the run's end, and on stderr at exit.
 */
export class MetricQueue implements PendingWrites {
  private pending = new Map<string, LinkedMetricPoint[]>();
  private count = 0;
  /** The batch on the wire: at exit it is sent again, since its answer will never come. */
  private inFlight: ExitBatch | undefined;
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly failures = new Map<string, Failure>();
  /** flush() calls waiting for the queue to empty. */
  private flushing = 0;

  constructor(
    private readonly send: SendBatch,
    private readonly sendSync: SendBatchesSync,
    private readonly intervalMs: number,
    /** Above this many points, and with the server failing, push refuses (memory is not a queue for a dead server). */
    private readonly maxPending = 1_000_000,
  ) {}

  get size(): number {
    return this.count + (this.inFlight?.points.length ?? 0);
  }

  push(runId: string, points: LinkedMetricPoint[]): void {
    if (points.length === 0) return;
    if (this.count >= this.maxPending && this.failures.size) throw [...this.failures.values()].at(-1)!.error;
    if (this.size === 0) holdUntilExit(this);
    let list = this.pending.get(runId);
    if (!list) this.pending.set(runId, (list = []));
    for (const p of points) list.push(p);
    this.count += points.length;
    if (list.length >= MAX_METRICS_PER_BATCH) this.kick();
    else this.schedule();
  }

  hasPending(runId: string): boolean {
    return (this.pending.get(runId)?.length ?? 0) > 0 || this.inFlight?.runId === runId;
  }

  /** Sends every point (retrying those a failure kept); resolves when none is left or the server failed. */
  async flush(): Promise<void> {
    // A sender already running for full batches only takes the partial ones too while this waits.
    this.flushing++;
    try {
      this.kick(true);
      while (this.loop) await this.loop;
    } finally {
      this.flushing--;
    }
  }

  /** Why points of this run (or any run) are unsent: the errors flush() and updateRunInfo throw. */
  failuresOf(runId?: string): MlflowError[] {
    if (runId !== undefined) {
      const f = this.failures.get(runId);
      return f ? [f.error] : [];
    }
    return [...this.failures.values()].map((f) => f.error);
  }

  /**
   * Hands over why points were lost, once: dropped points are reported to the caller that
   * asked (flush(), the run's end) and not again at exit. Points held back by an outage stay
   * queued, so their failure stays until they are sent.
   */
  takeFailures(runId?: string): MlflowError[] {
    const errors = this.failuresOf(runId);
    for (const [id, f] of this.failures) if (!f.kept && (runId === undefined || id === runId)) this.failures.delete(id);
    if (this.size === 0 && this.failures.size === 0 && !this.loop) released(this);
    return errors;
  }

  // ---- exit (PendingWrites) -------------------------------------------------------------------

  flushSync(): void {
    const exit = this.takeForExit();
    exit.settle(this.sendSync(exit.batches));
  }

  /**
   * Every point, in batches, for a caller that sends them with other requests at exit
   * (RestStore.shutdownSync); `settle` takes, per batch, undefined (sent) or why not.
   */
  takeForExit(): { batches: ExitBatch[]; settle: (errors: Array<string | undefined>) => void } {
    this.stopTimer();
    const batches: ExitBatch[] = [];
    if (this.inFlight) batches.push(this.inFlight);
    for (const [runId, points] of this.pending) {
      for (let i = 0; i < points.length; i += MAX_METRICS_PER_BATCH) batches.push({ runId, points: points.slice(i, i + MAX_METRICS_PER_BATCH) });
    }
    this.pending = new Map();
    this.count = 0;
    this.inFlight = undefined;
    const settle = (errors: Array<string | undefined>): void => {
      // Summed per run: a run's 3 lost batches are 3,000 points, not the last batch's 1,000.
      const lost = new Map<string, { points: number; error: string }>();
      batches.forEach((b, i) => {
        const error = errors[i];
        if (error === undefined) {
          if (this.failures.get(b.runId)?.kept) this.failures.delete(b.runId);
          return;
        }
        lost.set(b.runId, { points: (lost.get(b.runId)?.points ?? 0) + b.points.length, error });
      });
      for (const [runId, { points, error }] of lost) {
        this.recordFailure(runId, points, new MlflowError(error, "TEMPORARILY_UNAVAILABLE"), "were not sent before exit", false);
      }
      // Still held while something failed: the exit flush reports it (stderr, exit code 1).
      if (this.failures.size === 0) released(this);
    };
    return { batches, settle };
  }

  describeUnwritten(): string[] {
    return [...this.failures.values()].map((f) => f.summary);
  }

  // ---- background sending ---------------------------------------------------------------------

  private kick(all = false): void {
    this.stopTimer();
    this.loop ??= this.drain(all).finally(() => {
      this.loop = undefined;
      if (this.size === 0 && this.failures.size === 0) released(this);
      else if (this.count > 0) this.schedule();
    });
  }

  /** Sends full batches (every batch when `all`), one request at a time; stops at an outage. */
  private async drain(all: boolean): Promise<void> {
    for (;;) {
      const next = this.takeBatch(all || this.flushing > 0);
      if (!next) return;
      this.inFlight = next;
      try {
        await this.send(next.runId, next.points);
        this.inFlight = undefined;
        if (this.failures.get(next.runId)?.kept) this.failures.delete(next.runId);
      } catch (err) {
        this.inFlight = undefined;
        const error = err instanceof MlflowError ? err : new MlflowError(String(err), "INTERNAL_ERROR", { cause: err });
        if (error instanceof TrackingServerUnavailableError) {
          // Back to the front, in order: the next tick, flush() or the exit sends them.
          this.pending.set(next.runId, [...next.points, ...(this.pending.get(next.runId) ?? [])]);
          this.count += next.points.length;
          this.recordFailure(next.runId, next.points.length, error, "are kept in memory and sent again at the next flush", true);
          return;
        }
        this.recordFailure(next.runId, next.points.length, error, "were refused by the server and dropped", false);
      }
    }
  }

  private takeBatch(all: boolean): ExitBatch | undefined {
    for (const [runId, points] of this.pending) {
      if (!all && points.length < MAX_METRICS_PER_BATCH) continue;
      const batch = points.splice(0, MAX_METRICS_PER_BATCH);
      if (points.length === 0) this.pending.delete(runId);
      this.count -= batch.length;
      return { runId, points: batch };
    }
    return undefined;
  }

  private recordFailure(runId: string, points: number, error: MlflowError, fate: string, kept: boolean): void {
    // Points already lost stay reported even if later ones of the run are only delayed.
    if (kept && this.failures.get(runId)?.kept === false) return;
    const summary = `${points} metric point(s) of run ${runId} ${fate}: ${error.message}`;
    // An outage is thrown with the points it holds back named; a refusal as the server's own error.
    const thrown = error instanceof TrackingServerUnavailableError ? new TrackingServerUnavailableError(summary, error.uri, error.status, error) : error;
    this.failures.set(runId, { summary, error: thrown, kept });
  }

  private schedule(): void {
    if (this.timer || this.loop) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick(true);
    }, this.intervalMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
