// What system-metrics monitoring costs the process that runs it (issue #19: < 1% CPU at the
// default interval). Each measurement is a fresh idle process holding an active run for a
// window of wall time; its own CPU time (process.cpuUsage: user + system, this process only,
// not nvidia-smi's) is compared with and without the monitor.
//
//   npm run build && node bench/system-metrics-overhead.mjs [--seconds 30] [--fast-seconds 10] [--reps 3]
//
// At the default 10 s interval a 30 s window holds 3 samples, a difference lost in the noise of
// an idle process; so the same is measured at a 0.1 s interval (100x the samples) and the
// cost per sample is scaled back to one sample per 10 s. Needs dist/ (npm run build).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, "..", "dist", "index.js");

if (process.argv[2] === "--child") {
  const [, , , root, monitor, seconds] = process.argv;
  const mlflow = await import(dist);
  mlflow.setTrackingUri(root);
  await mlflow.startRun({ logSystemMetrics: monitor === "on" });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
  const cpu = process.cpuUsage(c0);
  const wallMs = performance.now() - t0;
  await mlflow.endRun();
  const run = await mlflow.getRun((await mlflow.lastActiveRun()).info.runId);
  const points = monitor === "on" ? (await mlflow.getMetricHistory(run.info.runId, "system/cpu_utilization_percentage")).length : 0;
  process.stdout.write(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, wallMs, points }));
  process.exit(0);
}

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg("seconds", 30);
const fastSeconds = arg("fast-seconds", 10);
const reps = arg("reps", 3);

function measure(monitor, intervalSeconds, windowSeconds) {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-sysm-bench-")), "mlruns");
  const env = { ...process.env, MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL: String(intervalSeconds), MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING: "1" };
  delete env.MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING;
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", root, monitor, String(windowSeconds)], { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
  return JSON.parse(r.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (cpuMs, wallMs) => (100 * cpuMs) / wallMs;

function series(label, intervalSeconds, windowSeconds) {
  const off = [];
  const on = [];
  for (let i = 0; i < reps; i++) {
    off.push(measure("off", intervalSeconds, windowSeconds));
    on.push(measure("on", intervalSeconds, windowSeconds));
  }
  const offPct = median(off.map((m) => pct(m.cpuMs, m.wallMs)));
  const onPct = median(on.map((m) => pct(m.cpuMs, m.wallMs)));
  const extraMs = median(on.map((m) => m.cpuMs)) - median(off.map((m) => m.cpuMs));
  const points = median(on.map((m) => m.points));
  console.log(
    `${label}: interval ${intervalSeconds} s, window ${windowSeconds} s, ${reps} reps (median): ` +
      `without ${offPct.toFixed(3)}% CPU, with ${onPct.toFixed(3)}% CPU, +${extraMs.toFixed(1)} ms CPU for ${points} logged steps`,
  );
  return { extraMs, points, onPct, offPct };
}

console.log(`node ${process.version}, ${os.cpus().length} cores, ${os.platform()}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
const atDefault = series("default", 10, seconds);
const fast = series("amplified", 0.1, fastSeconds);
const perSampleMs = fast.extraMs / Math.max(fast.points, 1);
console.log(`measured at the default interval: ${(atDefault.onPct - atDefault.offPct).toFixed(3)} percentage points of one core`);
console.log(
  `per sample-and-log at 0.1 s: ${perSampleMs.toFixed(3)} ms CPU -> at one per 10 s: ${((100 * perSampleMs) / 10_000).toFixed(4)}% of one core (extrapolated)`,
);
