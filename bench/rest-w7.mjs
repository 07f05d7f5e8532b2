#!/usr/bin/env node
// W7 (issue #18): a training loop logging straight to an MLflow tracking server.
// mlruns: `logMetric` through the REST store (MLFLOW_TRACKING_URI=http://...), then endRun.
// MLflow: `mlflow.log_metric(..., synchronous=False)`, then flush_async_logging() and end_run().
// Same data (metrics × steps points, same values, steps and timestamps), same SQLite server
// (started here, `--serve-artifacts`), a fresh run and a fresh process per repetition, sides
// alternating. Timed: from the first point to every point on the server and the run ended.
// Each repetition is checked afterwards: every metric's history read back has `steps` points.
//
//   npm run build && node bench/rest-w7.mjs [--metrics 10] [--steps 10000] [--reps 5] [--dist DIR] [--python PATH]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runJson, startMlflowServer } from "./mlflow-server.mjs";
import { median } from "./ui-store.mjs";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH_DIR, "..");

const args = process.argv.slice(2);

function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}

async function main() {
  const metrics = Number(option("--metrics", 10));
  const steps = Number(option("--steps", 10000));
  const reps = Number(option("--reps", 5));
  const dist = path.resolve(option("--dist", path.join(REPO, "dist")));
  const python = path.resolve(option("--python", process.env.MLRUNS_PYTHON || path.join(REPO, ".venv", "bin", "python")));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-w7-"));
  let server;
  try {
    server = await startMlflowServer(python, { dir, workers: 1 });
    const { uri } = server;
    const points = metrics * steps;
    console.log(`W7: ${metrics} metrics × ${steps} steps = ${points.toLocaleString("en")} points per run, ${reps} reps each side, SQLite server at ${uri}`);
    console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}, node ${process.version}`);
    const samples = { mlruns: [], mlflow: [] };
    for (let rep = 0; rep < reps; rep++) {
      // Alternate which side goes first, so drift in the machine's load hits both alike.
      const order = rep % 2 === 0 ? ["mlruns", "mlflow"] : ["mlflow", "mlruns"];
      for (const side of order) {
        const result = side === "mlruns"
          ? await runJson(process.execPath, [fileURLToPath(import.meta.url), "--worker", dist, uri, String(metrics), String(steps), String(rep)])
          : await runJson(python, ["-c", PY_WORKER, uri, String(metrics), String(steps), String(rep)]);
        await verify(uri, result.run_id, metrics, steps);
        samples[side].push(result.seconds);
        console.log(`  rep ${rep + 1} ${side.padEnd(6)} ${result.seconds.toFixed(2)} s  ${Math.round(points / result.seconds).toLocaleString("en")} points/s  (checked: ${metrics} histories × ${steps} points)`);
      }
    }
    const m = median(samples.mlruns);
    const p = median(samples.mlflow);
    console.log(`\nmedian mlruns ${m.toFixed(2)} s = ${Math.round(points / m).toLocaleString("en")} points/s`);
    console.log(`median MLflow ${p.toFixed(2)} s = ${Math.round(points / p).toLocaleString("en")} points/s`);
    console.log(`ratio (MLflow time / mlruns time): ${(p / m).toFixed(2)}×`);
    console.log(`load at end: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  } finally {
    server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function nodeWorker(dist, uri, metrics, steps, rep) {
  const mlflow = await import(path.join(dist, "index.js"));
  mlflow.setTrackingUri(uri);
  await mlflow.setExperiment(`w7-mlruns-${rep}`);
  const run = await mlflow.startRun();
  const t0 = performance.now();
  for (let s = 0; s < Number(steps); s++) {
    for (let k = 0; k < Number(metrics); k++) mlflow.logMetric(`m${k}`, ((s * 7919 + k) % 10007) / 13, { step: s, timestamp: 1_700_000_000_000 + s });
  }
  await mlflow.endRun();
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({ run_id: run.info.runId, seconds }) + "\n");
}

const PY_WORKER = `
import json, sys, time, mlflow
uri, metrics, steps, rep = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
mlflow.set_tracking_uri(uri)
mlflow.set_experiment(f"w7-mlflow-{rep}")
run = mlflow.start_run()
t0 = time.perf_counter()
for s in range(steps):
    for k in range(metrics):
        mlflow.log_metric(f"m{k}", ((s * 7919 + k) % 10007) / 13, step=s, timestamp=1_700_000_000_000 + s, synchronous=False)
mlflow.flush_async_logging()
mlflow.end_run()
print(json.dumps({"run_id": run.info.run_id, "seconds": time.perf_counter() - t0}))
`;

/** Every metric of the run has `steps` points on the server, and the run is FINISHED. */
async function verify(uri, runId, metrics, steps) {
  const run = await (await fetch(`${uri}/api/2.0/mlflow/runs/get?run_id=${runId}`)).json();
  if (run.run.info.status !== "FINISHED") throw new Error(`run ${runId} is ${run.run.info.status}, not FINISHED`);
  for (let k = 0; k < metrics; k++) {
    let n = 0;
    let token;
    do {
      const q = new URLSearchParams({ run_id: runId, metric_key: `m${k}`, ...(token ? { page_token: token } : {}) });
      const page = await (await fetch(`${uri}/api/2.0/mlflow/metrics/get-history?${q}`)).json();
      n += (page.metrics ?? []).length;
      token = page.next_page_token;
    } while (token);
    if (n !== steps) throw new Error(`run ${runId} metric m${k} has ${n} points on the server, expected ${steps}`);
  }
}

if (args[0] === "--worker") await nodeWorker(...args.slice(1));
else await main();
