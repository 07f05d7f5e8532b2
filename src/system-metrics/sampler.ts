import { readFileSync } from "node:fs";

/** One source of system metrics (MLflow's BaseMetricsMonitor subclasses). */
export interface Sampler {
  /** One reading, named as MLflow names it without the system/ prefix; a name it could not read is left out. */
  sample(): Record<string, number> | Promise<Record<string, number>>;
  /**
   * "average": the mean of the readings since the last log, rounded to 0.1 (CPUMonitor,
   * DiskMonitor, GPUMonitor); "latest": the last reading as it is (NetworkMonitor).
   */
  readonly aggregation: "average" | "latest";
}

/** A /proc file's text, or undefined where the platform has none (macOS, Windows, some sandboxes). */
export function readProcFile(name: string): string | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    return readFileSync(`/proc/${name}`, "latin1");
  } catch {
    return undefined;
  }
}

/**
 * Python's round(x, 1): the nearest tenth, ties to even. Ties exist in binary only for
 * quarters (0.25, 0.75, ...); toFixed rounds every other value exactly as Python does.
 */
export function roundLikePython(x: number): number {
  if (!Number.isFinite(x)) return x;
  const quarters = x * 4;
  if (Number.isInteger(quarters) && !Number.isInteger(x * 2)) {
    const tenths = x * 10;
    const down = Math.floor(tenths);
    return (down % 2 === 0 ? down : down + 1) / 10;
  }
  return Number(x.toFixed(1));
}
