import { onExit } from "signal-exit";

/** Something holding writes in memory that must reach the store before the process ends. */
export interface PendingWrites {
  /** Writes what it can, `retryAll`: also what an earlier failure set aside; never throws. */
  flushSync(retryAll?: boolean): void;
  /** What is still unwritten after flushSync, one message each. */
  describeUnwritten(): string[];
}

const holding = new Set<PendingWrites>();
let installed = false;

/**
 * Called when `writes` starts holding something: from then until `released`, every catchable
 * way out (the event loop draining, process.exit, an uncaught exception or rejection, SIGINT,
 * SIGTERM, SIGHUP) writes it first. Lives at the store level, not in the fluent API, so points
 * buffered through MlflowClient or a store opened directly are kept as well (issue #14).
 */
export function holdUntilExit(writes: PendingWrites): void {
  holding.add(writes);
  if (installed) return;
  installed = true;
  // signal-exit re-raises a signal after its handlers, so the exit code or signal is kept.
  onExit(flushAllSync);
}

/** `writes` holds nothing any more. */
export function released(writes: PendingWrites): void {
  holding.delete(writes);
}

/**
 * Writes everything held, in every store; what cannot be written is said on stderr, and a
 * process that would have exited 0 exits 1 instead, so a script or CI job sees the loss.
 */
export function flushAllSync(): void {
  for (const writes of [...holding]) {
    writes.flushSync(true);
    const unwritten = writes.describeUnwritten();
    for (const message of unwritten) process.stderr.write(`mlruns: not written before exit: ${message}\n`);
    if (unwritten.length > 0 && !process.exitCode) process.exitCode = 1;
  }
}
