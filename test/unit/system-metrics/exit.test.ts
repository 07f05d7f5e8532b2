import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-store.js";

const child = path.join(import.meta.dirname, "..", "children", "system-metrics-exit.mjs");

function runChild(root: string, workMs: number): Promise<{ out: string[]; exitedAt: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, root, String(workMs)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL: "0.1", MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING: "1" },
    });
    let out = "";
    let err = "";
    // A monitor that held the event loop open would keep the child alive for ever.
    const killer = setTimeout(() => p.kill("SIGKILL"), 15_000);
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("error", reject);
    p.on("close", (code) => {
      clearTimeout(killer);
      if (code !== 0) reject(new Error(`child exited ${code}: ${err}`));
      else resolve({ out: out.trim().split("\n"), exitedAt: Date.now(), code });
    });
  });
}

describe("a process that monitors system metrics", () => {
  it("exits on its own when its work is done (the sampler's timer is unref'd), its points on disk", async () => {
    const root = path.join(tempDir(), "mlruns");
    const { out, exitedAt } = await runChild(root, 600);
    const [runId, workEndedAt] = out;
    // Exit hooks and process teardown only: far less than the 15 s a held loop would take.
    expect(exitedAt - Number(workEndedAt)).toBeLessThan(2000);
    const runDir = path.join(root, "0", runId!);
    expect(fs.readFileSync(path.join(runDir, "meta.yaml"), "utf8")).toMatch(/^status: 3$/m);
    const lines = fs.readFileSync(path.join(runDir, "metrics", "system", "cpu_utilization_percentage"), "utf8").trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.map((l) => Number(l.split(" ")[2]))).toEqual(lines.map((_, i) => i));
    for (const name of ["system_memory_usage_megabytes", "disk_usage_percentage", "network_receive_megabytes"]) {
      expect(fs.existsSync(path.join(runDir, "metrics", "system", name)), name).toBe(true);
    }
  });
});
