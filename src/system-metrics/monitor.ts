import type { MetricPoint } from "../entities.js";
import type { TrackingStore } from "../store/tracking-store.js";
import { cpuSampler } from "./cpu.js";
import { diskSampler } from "./disk.js";
import { gpuSampler } from "./gpu.js";
import { memorySampler } from "./memory.js";
import { networkSampler } from "./network.js";
import { roundLikePython, type Sampler } from "./sampler.js";
import type { SystemMetricsSettings } from "./settings.js";

/** CPUMonitor (cpu, memory), DiskMonitor, NetworkMonitor, and GPUMonitor when nvidia-smi is there. */
export function defaultSamplers(): Sampler[] {
  const gpu = gpuSampler();
  return [cpuSampler(), memorySampler(), diskSampler(), networkSampler(), ...(gpu ? [gpu] : [])];
}

/**
 * SystemMetricsMonitor.monitor for Node: sample now, wait one interval, and after
 * samplesBeforeLogging samples log their aggregate at the next step (0, 1, 2, ...) with the
 * time of logging. Samples not yet logged when it stops are dropped, as MLflow drops them.
 * Its timer is unref'd: it never keeps the process alive.
 */
export class SystemMetricsMonitor {
  private readonly readings = new Map<string, number[]>();
  private readonly latest = new Map<string, number>();
  private samplesTaken = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: TrackingStore,
    private readonly runId: string,
    private readonly settings: SystemMetricsSettings,
    private step: number,
    private readonly samplers: Sampler[] = defaultSamplers(),
  ) {}

  get nextStep(): number {
    return this.step;
  }

  start(): void {
    void this.sampleThenWait();
  }

  /** No sample and no point after this returns. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async sampleThenWait(): Promise<void> {
    await this.sample();
    if (this.stopped) return;
    this.timer = setTimeout(() => this.afterWait(), this.settings.intervalMs);
    this.timer.unref();
  }

  private afterWait(): void {
    if (this.stopped) return;
    if (++this.samplesTaken >= this.settings.samplesBeforeLogging) {
      this.samplesTaken = 0;
      if (!this.publish()) return;
    }
    void this.sampleThenWait();
  }

  private async sample(): Promise<void> {
    await Promise.all(
      this.samplers.map(async (sampler) => {
        let values: Record<string, number>;
        try {
          values = await sampler.sample();
        } catch {
          return; // MLflow's monitors warn and go on; one failing source must not stop the others
        }
        if (this.stopped) return;
        for (const [name, value] of Object.entries(values)) {
          if (sampler.aggregation === "latest") this.latest.set(name, value);
          else this.readings.set(name, [...(this.readings.get(name) ?? []), value]);
        }
      }),
    );
  }

  /** publish_metrics: one point per name at this step; false when the store refused them. */
  private publish(): boolean {
    const timestamp = Date.now();
    const prefix = `system/${this.settings.nodeId ? `${this.settings.nodeId}/` : ""}`;
    const points: MetricPoint[] = [];
    for (const [name, values] of this.readings) {
      points.push({ key: prefix + name, value: roundLikePython(values.reduce((a, b) => a + b, 0) / values.length), timestamp, step: this.step });
    }
    for (const [name, value] of this.latest) points.push({ key: prefix + name, value, timestamp, step: this.step });
    this.readings.clear();
    this.latest.clear();
    this.step++;
    try {
      this.store.queueMetrics(this.runId, points);
      return true;
    } catch {
      // As MLflow: a run that was deleted or cannot be written ends the monitoring.
      this.stop();
      return false;
    }
  }
}
