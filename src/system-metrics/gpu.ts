import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { roundLikePython, type Sampler } from "./sampler.js";

/**
 * NVIDIA GPUs through `nvidia-smi` (MLflow's GPUMonitor reads the same NVML values through
 * pynvml; a native binding is what this avoids). enforced.power.limit is
 * nvmlDeviceGetEnforcedPowerLimit, the denominator of MLflow's power percentage.
 */
export const NVIDIA_SMI_ARGS = [
  "--query-gpu=index,utilization.gpu,memory.used,memory.total,power.draw,enforced.power.limit",
  "--format=csv,noheader,nounits",
];

/** A value nvidia-smi prints instead of a number: "[N/A]", "[Not Supported]", "N/A". */
function numberOrUndefined(field: string | undefined): number | undefined {
  if (field === undefined) return undefined;
  const value = Number(field.trim());
  return field.trim() !== "" && Number.isFinite(value) ? value : undefined;
}

/** One reading, MLflow's names: a value nvidia-smi cannot give is left out, as GPUMonitor skips an NVMLError. */
export function parseNvidiaSmiCsv(csv: string): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const line of csv.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const [index, utilization, memoryUsed, memoryTotal, powerDraw, powerLimit] = line.split(",").map(numberOrUndefined);
    if (index === undefined) continue;
    const gpu = `gpu_${index}_`;
    // nvidia-smi reports memory in MiB; MLflow logs bytes / 1e6.
    if (memoryUsed !== undefined && memoryTotal) {
      metrics[`${gpu}memory_usage_percentage`] = roundLikePython((memoryUsed / memoryTotal) * 100);
      metrics[`${gpu}memory_usage_megabytes`] = (memoryUsed * 1048576) / 1e6;
    }
    if (utilization !== undefined) metrics[`${gpu}utilization_percentage`] = utilization;
    if (powerDraw !== undefined && powerLimit) {
      metrics[`${gpu}power_usage_watts`] = powerDraw;
      metrics[`${gpu}power_usage_percentage`] = (powerDraw / powerLimit) * 100;
    }
  }
  return metrics;
}

const found = new Map<string, string | null>();

/** Where nvidia-smi is on PATH, or null: a few stat calls, once per PATH value. */
export function findNvidiaSmi(pathEnv = process.env.PATH ?? ""): string | null {
  let hit = found.get(pathEnv);
  if (hit !== undefined) return hit;
  const name = process.platform === "win32" ? "nvidia-smi.exe" : "nvidia-smi";
  hit = null;
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      hit = candidate;
      break;
    } catch {
      // not here
    }
  }
  found.set(pathEnv, hit);
  return hit;
}

/** Runs nvidia-smi without holding the event loop open; "" when it fails or takes over 5 s. */
function queryNvidiaSmi(bin: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(bin, NVIDIA_SMI_ARGS, { stdio: ["ignore", "pipe", "ignore"], windowsHide: true });
    let out = "";
    const timer = setTimeout(() => child.kill(), 5000);
    timer.unref();
    child.unref();
    // The pipe is a socket: unref'd too, or it alone would keep the process alive.
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", () => resolve(""));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? out : "");
    });
  });
}

/** GPUMonitor when nvidia-smi is present; undefined otherwise (MLflow then logs no gpu_* metric). */
export function gpuSampler(): Sampler | undefined {
  const bin = findNvidiaSmi();
  if (!bin) return undefined;
  return {
    aggregation: "average",
    async sample() {
      return parseNvidiaSmiCsv(await queryNvidiaSmi(bin));
    },
  };
}
