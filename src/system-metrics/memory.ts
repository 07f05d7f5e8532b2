import os from "node:os";
import { readProcFile, type Sampler } from "./sampler.js";

export interface MemoryUse {
  total: number;
  used: number;
}

/**
 * psutil.virtual_memory() on Linux: used = total - free - buffers - (cached + SReclaimable),
 * or total - free when that goes negative (LXC containers). Values are bytes.
 */
export function parseMeminfo(text: string): MemoryUse | undefined {
  const kib = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) kib.set(m[1]!, Number(m[2]) * 1024);
  }
  const total = kib.get("MemTotal");
  const free = kib.get("MemFree");
  if (total === undefined || free === undefined) return undefined;
  const cached = (kib.get("Cached") ?? 0) + (kib.get("SReclaimable") ?? 0);
  let used = total - free - cached - (kib.get("Buffers") ?? 0);
  if (used < 0) used = total - free;
  return { total, used };
}

/** Elsewhere Node's totalmem - freemem (macOS counts inactive pages as used there). */
function readMemory(): MemoryUse {
  const meminfo = readProcFile("meminfo");
  const parsed = meminfo !== undefined ? parseMeminfo(meminfo) : undefined;
  return parsed ?? { total: os.totalmem(), used: os.totalmem() - os.freemem() };
}

/** CPUMonitor's memory half: MLflow's percentage is used / total, not psutil's own percent. */
export function memorySampler(): Sampler {
  return {
    aggregation: "average",
    sample() {
      const { total, used } = readMemory();
      return { system_memory_usage_megabytes: used / 1e6, system_memory_usage_percentage: (used / total) * 100 };
    },
  };
}
