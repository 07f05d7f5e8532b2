// W6 (issue #18): runs × points × metrics synced from a local store to an `mlflow server`
// (SQLite backend, served artifacts) by `syncStore`, against MLflow's Python client sending
// the same data with log_batch to the same server, in the same invocation. Each repetition
// of each side writes a fresh experiment; every point is counted on the server before a time
// is kept. Prints medians, points/s and the ratio.
//
//   node bench/sync.mjs                       # 100 runs × 10,000 points × 10 metrics, 3 reps
//   node bench/sync.mjs --quick               # 10 runs × 2,000 points × 10 metrics
//   node bench/sync.mjs --runs 20 --points 5000 --reps 3 --concurrency 8 --workers 4
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runJson, startMlflowServer } from "./mlflow-server.mjs";
import { median } from "./ui-store.mjs";

const REPO = path.resolve(import.meta.dirname, "..");
const opts = { runs: 100, points: 10_000, metrics: 10, reps: 3, concurrency: 4, workers: 4, dist: path.join(REPO, "dist"), python: path.join(REPO, ".venv", "bin", "python") };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--quick") Object.assign(opts, { runs: 10, points: 2000 });
  else if (a.startsWith("--") && a.slice(2) in opts) opts[a.slice(2)] = ["dist", "python"].includes(a.slice(2)) ? path.resolve(argv[++i]) : Number(argv[++i]);
  else throw new Error(`unknown option ${a}`);
}
const total = opts.runs * opts.points * opts.metrics;
const { FileStore, openStore } = await import(`${opts.dist}/index.js`).then(async (m) => ({ ...m, openStore: (await import(`${opts.dist}/store/registry.js`)).openStore }));

const value = (i, k) => ((i * 7919) % 10007) / 13 + k;

async function writeSource(root, experiment) {
  const store = new FileStore(root);
  const exp = await store.createExperiment(experiment);
  for (let r = 0; r < opts.runs; r++) {
    const run = await store.createRun({ experimentId: exp, userId: "bench", startTime: 1_700_000_000_000 + r, tags: [], runName: `run-${r}` });
    let batch = [];
    for (let k = 0; k < opts.metrics; k++) {
      for (let i = 0; i < opts.points; i++) {
        batch.push({ key: `m${k}`, value: value(i, k), timestamp: 1_700_000_000_000 + i, step: i });
        if (batch.length === 1000) {
          await store.logBatch(run.info.runId, { metrics: batch });
          batch = [];
        }
      }
    }
    if (batch.length) await store.logBatch(run.info.runId, { metrics: batch });
    await store.updateRunInfo(run.info.runId, "FINISHED", 1_700_000_100_000 + r);
  }
}

/** Every point of the experiment is on the server: runs × metrics histories, each `points` long. */
async function countOnServer(uri, experiment) {
  const store = openStore(uri);
  const exp = await store.getExperimentByName(experiment);
  const runs = await store.searchRuns({ experimentIds: [exp.experimentId], maxResults: 1000 });
  if (runs.length !== opts.runs) throw new Error(`${experiment}: ${runs.length} runs on the server, expected ${opts.runs}`);
  let n = 0;
  for (const r of runs) for (let k = 0; k < opts.metrics; k++) n += (await store.getMetricHistory(r.info.runId, `m${k}`)).length;
  if (n !== total) throw new Error(`${experiment}: ${n} points on the server, expected ${total}`);
}

const data = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-w6-"));
const server = await startMlflowServer(opts.python, { dir: data, workers: opts.workers });
const times = { mlruns: [], mlflow: [] };
try {
  console.log(`W6: ${opts.runs} runs × ${opts.points.toLocaleString("en-US")} points × ${opts.metrics} metrics = ${total.toLocaleString("en-US")} points, ${opts.reps} reps, server ${server.uri} (--workers ${opts.workers}), sync concurrency ${opts.concurrency}`);
  // The server's first requests are slow (workers starting, the database's first writes): warm it up, untimed.
  const warm = openStore(server.uri);
  const warmRun = await warm.createRun({ experimentId: await warm.createExperiment("w6-warm-up"), userId: "bench", startTime: 1, tags: [], runName: "warm-up" });
  for (let j = 0; j < 3; j++) await warm.logBatch(warmRun.info.runId, { metrics: Array.from({ length: 1000 }, (_, i) => ({ key: "m", value: i, timestamp: j * 1000 + i, step: j * 1000 + i })) });
  for (let rep = 0; rep < opts.reps; rep++) {
    const source = path.join(data, `source-${rep}`);
    await writeSource(source, `w6-mlruns-${rep}`);
    // Alternate which side goes first, so neither always meets a server the other just loaded.
    const runPython = async () => {
      const py = await runJson(opts.python, [path.join(REPO, "bench", "py", "w6_log_batch.py"), server.uri, `w6-mlflow-${rep}`, String(opts.runs), String(opts.points), String(opts.metrics)]);
      await countOnServer(server.uri, `w6-mlflow-${rep}`);
      times.mlflow.push(py.seconds);
      return py;
    };
    const pyFirst = rep % 2 === 1 ? await runPython() : undefined;
    const node = await runJson(process.execPath, [path.join(REPO, "bench", "node", "w6-sync.mjs"), opts.dist, source, server.uri, String(opts.concurrency)]);
    if (node.summary.points !== total) throw new Error(`mlruns sent ${node.summary.points} points, expected ${total}`);
    await countOnServer(server.uri, `w6-mlruns-${rep}`);
    times.mlruns.push(node.seconds);
    fs.rmSync(source, { recursive: true, force: true });
    const py = pyFirst ?? (await runPython());
    console.log(`  rep ${rep + 1}: mlruns sync ${node.seconds.toFixed(2)} s, MLflow log_batch ${py.seconds.toFixed(2)} s`);
  }
  const m = { mlruns: median(times.mlruns), mlflow: median(times.mlflow) };
  const rate = (s) => Math.round(total / s).toLocaleString("en-US");
  console.log(`W6 mlruns sync:       median ${m.mlruns.toFixed(2)} s (${rate(m.mlruns)} points/s)  [${times.mlruns.map((t) => t.toFixed(2)).join(", ")}]`);
  console.log(`W6 MLflow log_batch:  median ${m.mlflow.toFixed(2)} s (${rate(m.mlflow)} points/s)  [${times.mlflow.map((t) => t.toFixed(2)).join(", ")}]`);
  console.log(`W6 ratio (MLflow time / mlruns time): ${(m.mlflow / m.mlruns).toFixed(2)}× (goal ≥ 5×); load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`);
  fs.mkdirSync(path.join(REPO, "bench", "results"), { recursive: true });
  fs.writeFileSync(path.join(REPO, "bench", "results", `w6-${new Date().toISOString().replace(/[:.]/g, "-")}.json`), JSON.stringify({ options: { ...opts, total }, times, median: m, loadavg: os.loadavg(), cpus: os.cpus().length }, null, 2));
} finally {
  server.stop();
  fs.rmSync(data, { recursive: true, force: true });
}
