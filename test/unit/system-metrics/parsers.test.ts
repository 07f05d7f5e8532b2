import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cpuPercent, cpuSampler, parseProcStat, type CpuTimes } from "../../../src/system-metrics/cpu.js";
import { findNvidiaSmi, parseNvidiaSmiCsv } from "../../../src/system-metrics/gpu.js";
import { parseMeminfo } from "../../../src/system-metrics/memory.js";
import { networkSampler, parseNetDev } from "../../../src/system-metrics/network.js";
import { roundLikePython } from "../../../src/system-metrics/sampler.js";
import { tempDir } from "../helpers/temp-store.js";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");

describe("nvidia-smi's CSV becomes MLflow's gpu_{i}_* metrics", () => {
  it("names and values as GPUMonitor logs them, leaving out what the driver reports as [N/A]", () => {
    expect(parseNvidiaSmiCsv(fixture("nvidia-smi-query.csv"))).toEqual({
      gpu_0_memory_usage_percentage: 25,
      gpu_0_memory_usage_megabytes: (10240 * 1048576) / 1e6,
      gpu_0_utilization_percentage: 87,
      gpu_0_power_usage_watts: 250.12,
      gpu_0_power_usage_percentage: (250.12 / 400) * 100,
      gpu_1_memory_usage_percentage: 0,
      gpu_1_memory_usage_megabytes: (3 * 1048576) / 1e6,
      gpu_1_utilization_percentage: 0,
    });
  });

  it("gives nothing for empty or garbled output", () => {
    expect(parseNvidiaSmiCsv("")).toEqual({});
    expect(parseNvidiaSmiCsv("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n")).toEqual({});
  });

  it("finds nvidia-smi only where PATH has an executable one", () => {
    const dir = tempDir("mlruns-nvsmi-");
    expect(findNvidiaSmi(dir)).toBeNull();
    const other = tempDir("mlruns-nvsmi-");
    fs.writeFileSync(path.join(other, "nvidia-smi"), "#!/bin/sh\n", { mode: 0o755 });
    expect(findNvidiaSmi(`${dir}${path.delimiter}${other}`)).toBe(path.join(other, "nvidia-smi"));
  });
});

describe("Linux /proc readings are counted as psutil counts them", () => {
  it("cpu: guest time is inside user, idle and iowait are not busy", () => {
    const before = parseProcStat("cpu  100 0 100 700 100 0 0 0 50 0\ncpu0 1 2 3\n")!;
    const after = parseProcStat("cpu  200 0 150 950 100 0 0 0 90 0\n")!;
    expect(before).toEqual({ busy: 200, total: 1000 });
    expect(cpuPercent(before, after)).toBe(37.5);
    expect(cpuPercent(after, after)).toBe(0);
  });

  it("cpu: a run's first sample measures from the process's previous reading, as psutil's module-level one", () => {
    let now: CpuTimes = { busy: 0, total: 0 };
    const clock = { read: () => now, last: now };
    const firstRun = cpuSampler(clock);
    now = { busy: 50, total: 100 };
    expect(firstRun.sample()).toEqual({ cpu_utilization_percentage: 50 });
    // Between runs the machine is busy; the next run's first sample still sees it.
    now = { busy: 130, total: 200 };
    expect(cpuSampler(clock).sample()).toEqual({ cpu_utilization_percentage: 80 });
  });

  it("memory: used = total - MemAvailable (psutil >= 4.4), free + cached without it", () => {
    const text = "MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 600 kB\nBuffers: 50 kB\nCached: 300 kB\nActive(file): 7 kB\n";
    expect(parseMeminfo(text)).toEqual({ total: 1000 * 1024, used: 400 * 1024 });
    expect(parseMeminfo(text.replace("MemAvailable: 600", "MemAvailable: 0"))).toEqual({ total: 1000 * 1024, used: 600 * 1024 });
    expect(parseMeminfo(text.replace("MemAvailable: 600", "MemAvailable: 2000"))).toEqual({ total: 1000 * 1024, used: 900 * 1024 });
  });

  it("network: bytes summed over every interface, megabytes counted from the first reading", () => {
    const dev = (rx: number, tx: number) =>
      `Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n    lo: ${rx} 10 0 0 0 0 0 0 ${tx} 10 0 0 0 0 0 0\n  eth0: 2000000 5 0 0 0 0 0 0 1000000 5 0 0 0 0 0 0\n`;
    expect(parseNetDev(dev(1000, 500))).toEqual({ received: 2001000, transmitted: 1000500 });
    let text = dev(1000, 500);
    const sampler = networkSampler(() => text);
    text = dev(3001000, 1500500);
    // Python's arithmetic exactly: bytes_recv / 1e6 - initial_receive_megabytes.
    expect(sampler.sample()).toEqual({ network_receive_megabytes: 5001000 / 1e6 - 2001000 / 1e6, network_transmit_megabytes: 2500500 / 1e6 - 1000500 / 1e6 });
    expect(sampler.aggregation).toBe("latest");
  });

  it("logs no network metric where there is no /proc/net/dev", () => {
    expect(networkSampler(() => undefined).sample()).toEqual({});
  });
});

describe("averages are rounded as Python's round(x, 1)", () => {
  it("to the nearest tenth, exact binary ties to even", () => {
    expect([0.25, 0.75, 1.25, 2.5, 0.35, 12.04, 99.96, 0].map(roundLikePython)).toEqual([0.2, 0.8, 1.2, 2.5, 0.3, 12, 100, 0]);
  });
});
