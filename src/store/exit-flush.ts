import { onExit } from "signal-exit";

/** Something holding writes in memory that must reach the store before the process ends. */
export interface PendingWrites {
  flushSync(): void;
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

/** Writes everything held, in every store; a failure is reported and the others still written. */
export function flushAllSync(): void {
  for (const writes of [...holding]) {
    try {
      writes.flushSync();
    } catch (err) {
      process.stderr.write(`mlruns: buffered points could not be written on exit: ${(err as Error).message}\n`);
    }
  }
}
