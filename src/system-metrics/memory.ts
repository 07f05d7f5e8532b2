import os from "node:os";
import { readProcFile, type Sampler } from "./sampler.js";

export interface MemoryUse {
  total: number;
  used: number;
}

/**
 * psutil.virtual_memory() on Linux (psutil >= 4.4, as MLflow installs it): used = total -
 * MemAvailable, the "available" of free(1). Kernels before 3.14 have no MemAvailable; psutil
 * then estimates it from /proc/zoneinfo, here it is free + cached (psutil's own fallback).
 * Values are bytes.
 */
export function parseMeminfo(text: string): MemoryUse | undefined {
  const kib = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([\w()]+):\s+(\d+)/.exec(line);
    if (m) kib.set(m[1]!, Number(m[2]) * 1024);
  }
  const total = kib.get("MemTotal");
  const free = kib.get("MemFree");
  if (total === undefined || free === undefined) return undefined;
  let available = kib.get("MemAvailable") || free + (kib.get("Cached") ?? 0);
  // An LXC container can report more available than total: psutil then takes MemFree.
  if (available > total) available = free;
  return { total, used: total - Math.max(available, 0) };
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
