import os from "node:os";
import { readProcFile, roundLikePython, type Sampler } from "./sampler.js";

export interface CpuTimes {
  busy: number;
  total: number;
}

/**
 * The "cpu" line of /proc/stat as psutil counts it: guest and guest_nice are already inside
 * user and nice, so they leave the total; idle and iowait are not busy.
 */
export function parseProcStat(text: string): CpuTimes | undefined {
  const line = text.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) return undefined;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total };
}

/** Every core's times from Node (macOS, Windows, or Linux without /proc). */
function osCpuTimes(): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const sum = times.user + times.nice + times.sys + times.idle + times.irq;
    busy += sum - times.idle;
    total += sum;
  }
  return { busy, total };
}

function readCpuTimes(): CpuTimes {
  const stat = readProcFile("stat");
  return (stat !== undefined ? parseProcStat(stat) : undefined) ?? osCpuTimes();
}

/** psutil.cpu_percent(): system-wide busy share since the previous reading, 0.0 when no time passed. */
export function cpuPercent(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  if (total <= 0) return 0;
  const busy = Math.min(Math.max(after.busy - before.busy, 0), total);
  return roundLikePython((busy / total) * 100);
}

/** Where cpu_percent() measures from: the previous reading, whichever sampler took it. */
export interface CpuClock {
  read(): CpuTimes;
  last: CpuTimes;
}

/**
 * psutil keeps its last reading per process, taken first when psutil is imported; so a run's
 * first sample covers the time since the previous run's last one (or since mlruns was
 * loaded), not an empty instant that would always read 0.
 */
const processClock: CpuClock = { read: readCpuTimes, last: readCpuTimes() };

/** CPUMonitor's cpu_utilization_percentage. */
export function cpuSampler(clock: CpuClock = processClock): Sampler {
  return {
    aggregation: "average",
    sample() {
      const now = clock.read();
      const percent = cpuPercent(clock.last, now);
      clock.last = now;
      return { cpu_utilization_percentage: percent };
    },
  };
}
