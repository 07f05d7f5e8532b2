import { onExit } from "signal-exit";
import type { RunStatus } from "../entities.js";
import { openedStores } from "../store/registry.js";
import { allOpenRuns, forgetRun } from "./run-context.js";

let installed = false;
let crashed = false;

/**
 * On every way out (normal exit, uncaught exception, unhandled rejection, SIGINT, SIGTERM,
 * SIGHUP) flush buffered points and end open runs: FINISHED on exit code 0, FAILED on an
 * uncaught error or a non-zero exit code, KILLED on a signal. signal-exit re-raises the
 * signal afterwards, so the process still dies the way it would have without us.
 * (kill -9 cannot be caught: points younger than the flush interval are lost then.)
 */
export function installExitHooks(): void {
  if (installed) return;
  installed = true;
  // The monitor variant observes without changing Node's own crash behaviour.
  process.on("uncaughtExceptionMonitor", () => {
    crashed = true;
  });
  onExit((code, signal) => {
    const status: RunStatus = signal ? "KILLED" : crashed || (code ?? 0) !== 0 ? "FAILED" : "FINISHED";
    shutdownAll(status);
  });
}

function shutdownAll(status: RunStatus): void {
  const endTime = Date.now();
  const runs = allOpenRuns();
  for (const store of openedStores()) {
    const endings = runs.filter((r) => r.store === store).map((r) => ({ runId: r.info.runId, status, endTime }));
    try {
      store.shutdownSync(endings);
    } catch (err) {
      process.stderr.write(`mlruns: could not close runs on exit: ${(err as Error).message}\n`);
    }
  }
  for (const r of runs) forgetRun(r.info.runId);
}
