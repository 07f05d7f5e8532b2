/**
 * System metrics: mlflow.start_run(log_system_metrics=...) for Node. While a fluent run is
 * active, a monitor samples CPU, memory, disk, network (and NVIDIA GPUs when nvidia-smi is
 * present) and logs them under MLflow's names (system/cpu_utilization_percentage, ...).
 * This file is the fluent API's hook: start a monitor with a run, stop it with the run.
 * Names, defaults and platform notes: docs/system-metrics.md.
 */
import type { Run } from "../entities.js";
import type { TrackingStore } from "../store/tracking-store.js";
import { SystemMetricsMonitor } from "./monitor.js";
import type { SystemMetricsSettings } from "./settings.js";

const monitors = new Map<string, SystemMetricsMonitor>();

const PREFIX = "system/";

/**
 * Starts monitoring `run` when `settings` says so. A resumed run continues after its largest
 * system/ step (SystemMetricsMonitor._get_next_logging_step); a new one starts at step 0.
 */
export async function startSystemMetrics(
  store: TrackingStore,
  run: Run,
  settings: SystemMetricsSettings | undefined,
  resumed: boolean,
): Promise<void> {
  if (!settings) return;
  stopSystemMetrics(run.info.runId);
  const firstStep = resumed ? await nextStep(store, run) : 0;
  const monitor = new SystemMetricsMonitor(store, run.info.runId, settings, firstStep);
  monitors.set(run.info.runId, monitor);
  monitor.start();
}

/** Stops the run's monitor, if it has one: nothing it samples afterwards is logged. */
export function stopSystemMetrics(runId: string): void {
  monitors.get(runId)?.stop();
  monitors.delete(runId);
}

async function nextStep(store: TrackingStore, run: Run): Promise<number> {
  let max = -1;
  for (const key of Object.keys(run.data.metrics)) {
    if (!key.startsWith(PREFIX)) continue;
    for (const m of await store.getMetricHistory(run.info.runId, key)) max = Math.max(max, Number(m.step));
  }
  return max + 1;
}

export {
  enableSystemMetricsLogging,
  disableSystemMetricsLogging,
  setSystemMetricsSamplingInterval,
  setSystemMetricsSamplesBeforeLogging,
  setSystemMetricsNodeId,
  resolveSystemMetrics,
} from "./settings.js";
