import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import { resetTrackingUriForTests } from "../../../src/api/tracking-uri.js";
import { tempDir } from "../helpers/temp-store.js";

const PERCENTAGES = ["cpu_utilization_percentage", "system_memory_usage_percentage", "disk_usage_percentage"];
const MEGABYTES = ["system_memory_usage_megabytes", "disk_usage_megabytes", "disk_available_megabytes"];
const NETWORK = ["network_receive_megabytes", "network_transmit_megabytes"];
const ALL = [...PERCENTAGES, ...MEGABYTES, ...NETWORK].map((n) => `system/${n}`).sort();
const VARS = [
  "MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING",
  "MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL",
  "MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING",
  "MLFLOW_SYSTEM_METRICS_NODE_ID",
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let root: string;

beforeEach(() => {
  root = path.join(tempDir(), "mlruns");
  mlflow.setTrackingUri(root);
  process.env.MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL = "0.1";
  process.env.MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING = "1";
});

afterEach(async () => {
  while (mlflow.activeRun()) await mlflow.endRun();
  resetTrackingUriForTests();
  for (const v of VARS) delete process.env[v];
});

async function systemKeys(runId: string): Promise<string[]> {
  const run = await mlflow.getRun(runId);
  return Object.keys(run.data.metrics).filter((k) => k.startsWith("system/")).sort();
}

async function runFor(ms: number, options: mlflow.StartRunOptions = {}): Promise<string> {
  const run = await mlflow.startRun(options);
  await sleep(ms);
  await mlflow.endRun();
  return run.info.runId;
}

describe("startRun({ logSystemMetrics: true })", () => {
  it("logs every system/ metric MLflow logs, with plausible values and steps 0, 1, 2, ...", async () => {
    const runId = await runFor(650, { logSystemMetrics: true });
    expect(await systemKeys(runId)).toEqual(ALL);
    for (const name of [...PERCENTAGES, ...MEGABYTES, ...NETWORK]) {
      const history = await mlflow.getMetricHistory(runId, `system/${name}`);
      expect(history.length, name).toBeGreaterThanOrEqual(3);
      expect(history.map((m) => Number(m.step))).toEqual(history.map((_, i) => i));
      for (const m of history) {
        if (PERCENTAGES.includes(name)) expect(m.value, name).toBeGreaterThanOrEqual(0), expect(m.value, name).toBeLessThanOrEqual(100);
        if (MEGABYTES.includes(name)) expect(m.value, name).toBeGreaterThan(0);
        if (NETWORK.includes(name)) expect(m.value, name).toBeGreaterThanOrEqual(0);
      }
    }
    // One timestamp per step, shared by all names, increasing with the step.
    const cpu = await mlflow.getMetricHistory(runId, "system/cpu_utilization_percentage");
    const disk = await mlflow.getMetricHistory(runId, "system/disk_usage_percentage");
    expect(disk.map((m) => m.timestamp)).toEqual(cpu.map((m) => m.timestamp));
    expect(cpu.map((m) => Number(m.timestamp))).toEqual([...cpu.map((m) => Number(m.timestamp))].sort((a, b) => a - b));
  });

  it("logs only for a run that asks, when no environment switch is set", async () => {
    expect(await systemKeys(await runFor(300))).toEqual([]);
    expect(await systemKeys(await runFor(300, { logSystemMetrics: true }))).toEqual(ALL);
  });

  it("logs no gpu_ metric and throws nothing when nvidia-smi is not on PATH", async () => {
    const saved = process.env.PATH;
    process.env.PATH = tempDir("mlruns-empty-path-");
    try {
      const runId = await runFor(300, { logSystemMetrics: true });
      const keys = await systemKeys(runId);
      expect(keys).toEqual(ALL);
      expect(keys.filter((k) => k.includes("gpu"))).toEqual([]);
    } finally {
      process.env.PATH = saved;
    }
  });

  it("logs gpu_{i}_* from nvidia-smi's CSV when nvidia-smi is on PATH", async () => {
    const bin = tempDir("mlruns-fake-nvsmi-");
    const csv = path.join(import.meta.dirname, "fixtures", "nvidia-smi-query.csv");
    fs.writeFileSync(path.join(bin, "nvidia-smi"), `#!/bin/sh\ncat '${csv}'\n`, { mode: 0o755 });
    const saved = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${saved}`;
    try {
      const runId = await runFor(450, { logSystemMetrics: true });
      const keys = await systemKeys(runId);
      expect(keys.filter((k) => k.startsWith("system/gpu_"))).toEqual(
        [
          "gpu_0_memory_usage_megabytes",
          "gpu_0_memory_usage_percentage",
          "gpu_0_power_usage_percentage",
          "gpu_0_power_usage_watts",
          "gpu_0_utilization_percentage",
          "gpu_1_memory_usage_megabytes",
          "gpu_1_memory_usage_percentage",
          "gpu_1_utilization_percentage",
        ].map((n) => `system/${n}`),
      );
      const run = await mlflow.getRun(runId);
      expect(run.data.metrics["system/gpu_0_utilization_percentage"]).toBe(87);
      expect(run.data.metrics["system/gpu_0_memory_usage_percentage"]).toBe(25);
      expect(run.data.metrics["system/gpu_0_power_usage_percentage"]).toBe(62.5);
    } finally {
      process.env.PATH = saved;
    }
  });

  it("stops at endRun: no point after it", async () => {
    const run = await mlflow.startRun({ logSystemMetrics: true });
    await sleep(450);
    await mlflow.endRun();
    const file = path.join(root, "0", run.info.runId, "metrics", "system", "cpu_utilization_percentage");
    const atEnd = fs.readFileSync(file, "utf8");
    expect(atEnd.trim().split("\n").length).toBeGreaterThanOrEqual(2);
    await sleep(400);
    await mlflow.flush();
    expect(fs.readFileSync(file, "utf8")).toBe(atEnd);
  });
});

describe("the environment and the global switches", () => {
  it("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING=true turns it on for every run", async () => {
    process.env.MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING = "true";
    expect(await systemKeys(await runFor(300))).toEqual(ALL);
  });

  it("logSystemMetrics: false wins over the environment", async () => {
    process.env.MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING = "true";
    expect(await systemKeys(await runFor(300, { logSystemMetrics: false }))).toEqual([]);
    expect(await systemKeys(await runFor(300))).toEqual(ALL);
  });

  it("disableSystemMetricsLogging() overrides the environment; logSystemMetrics: true still opts a run in", async () => {
    process.env.MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING = "true";
    mlflow.disableSystemMetricsLogging();
    expect(process.env.MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING).toBe("False");
    expect(await systemKeys(await runFor(300))).toEqual([]);
    expect(await systemKeys(await runFor(300, { logSystemMetrics: true }))).toEqual(ALL);
  });

  it("enableSystemMetricsLogging() turns it on as the variable does", async () => {
    mlflow.enableSystemMetricsLogging();
    expect(process.env.MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING).toBe("True");
    expect(await systemKeys(await runFor(300))).toEqual(ALL);
  });

  it("samples every MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL seconds and logs every MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING samples", async () => {
    process.env.MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL = "0.05";
    process.env.MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING = "4";
    const runId = await runFor(700, { logSystemMetrics: true });
    const steps = (await mlflow.getMetricHistory(runId, "system/cpu_utilization_percentage")).map((m) => Number(m.step));
    // 700 ms / (4 x 50 ms): 3 logs at most, at least 1 on a loaded machine; one per 1 sample would be ~13.
    expect(steps.length).toBeGreaterThanOrEqual(1);
    expect(steps.length).toBeLessThanOrEqual(3);
    expect(steps).toEqual(steps.map((_, i) => i));
  });

  it("logs a first point one interval after the start: none within 300 ms at 5 s, all at 0.1 s", async () => {
    process.env.MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL = "5";
    expect(await systemKeys(await runFor(300, { logSystemMetrics: true }))).toEqual([]);
    process.env.MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL = "0.1";
    expect(await systemKeys(await runFor(300, { logSystemMetrics: true }))).toEqual(ALL);
  });

  it("MLFLOW_SYSTEM_METRICS_NODE_ID puts the node in the name: system/<node>/...", async () => {
    mlflow.setSystemMetricsNodeId("node_0");
    const keys = await systemKeys(await runFor(300, { logSystemMetrics: true }));
    expect(keys).toEqual(ALL.map((k) => k.replace("system/", "system/node_0/")));
  });

  it("a resumed run continues after its last system step", async () => {
    const runId = await runFor(350, { logSystemMetrics: true });
    const before = (await mlflow.getMetricHistory(runId, "system/cpu_utilization_percentage")).length;
    await runFor(350, { runId, logSystemMetrics: true });
    const steps = (await mlflow.getMetricHistory(runId, "system/cpu_utilization_percentage")).map((m) => Number(m.step));
    expect(steps.length).toBeGreaterThan(before);
    expect(steps).toEqual(steps.map((_, i) => i));
  });

  it.each([
    ["MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", "yes", "must be one of ['true', 'false', '1', '0']"],
    ["MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL", "ten", "Failed to convert 'ten' for MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL"],
    ["MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING", "1.5", "Failed to convert '1.5' for MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING"],
  ])("%s=%s is refused with an InvalidParameterError before any run is created", async (name, value, message) => {
    process.env.MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING = "true";
    process.env[name] = value;
    const err = await mlflow.startRun().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(mlflow.InvalidParameterError);
    expect((err as Error).message).toContain(message);
    expect(mlflow.activeRun()).toBeUndefined();
    expect(fs.existsSync(path.join(root, "0"))).toBe(false);
  });
});
