// The mlruns side of `npm run bench`: one workload, one fresh process, one JSON line on stdout.
//
//   node bench/node/worker.mjs <dist dir> <workload> '<json args>'
//
// Only the workload is timed (performance.now() around the calls), like bench/py/worker.py;
// process start-up and module loading are not (W5 times whole processes). The data and the
// formulas are the same as the Python worker's.
import { createHash } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [distDir, workload, rawArgs] = process.argv.slice(2);
const args = rawArgs ? JSON.parse(rawArgs) : {};
const mlflow = await import(pathToFileURL(path.join(path.resolve(distDir), "index.js")).href);

const T0 = 1_700_000_000_000;
const w1Value = (i) => ((i * 7919) % 10007) / 13;
const w2Param = (r, j) => `v${(r * 31 + j) % 17}`;
const w2Metric = (r, j) => ((r * 7919 + j * 104729) % 10007) / 10007;
const w2Tag = (r, j) => `tag${(r + j) % 7}`;
const idsDigest = (ids) => createHash("sha256").update(ids.join("\n")).digest("hex");
const now = () => performance.now() / 1000;

if (args.store) mlflow.setTrackingUri(args.store);
let out;

if (workload === "w1") {
  const { n, keys } = args;
  await mlflow.setExperiment(args.experiment ?? "w1");
  const run = await mlflow.startRun();
  const names = Array.from({ length: keys }, (_, k) => `k${k}`);
  const t = now();
  for (let i = 0; i < n; i++) {
    mlflow.logMetric(names[i % keys], w1Value(i), { step: Math.floor(i / keys), timestamp: T0 + i });
  }
  const tLogged = now();
  await mlflow.endRun(); // writes every buffered point, then meta.yaml
  const tEnd = now();
  out = { seconds: tEnd - t, logSeconds: tLogged - t, runId: run.info.runId, experimentId: run.info.experimentId };
} else if (workload === "w2") {
  const { n } = args;
  const exp = await mlflow.setExperiment(args.experiment ?? "w2");
  const t = now();
  for (let r = 0; r < n; r++) {
    await mlflow.startRun({ runName: `run-${r}` });
    const params = {};
    for (let j = 0; j < 20; j++) params[`p${j}`] = w2Param(r, j);
    await mlflow.logParams(params);
    const metrics = {};
    for (let j = 0; j < 10; j++) metrics[`m${j}`] = w2Metric(r, j);
    mlflow.logMetrics(metrics, { step: 0, timestamp: T0 + r });
    const tags = {};
    for (let j = 0; j < 5; j++) tags[`t${j}`] = w2Tag(r, j);
    await mlflow.setTags(tags);
    await mlflow.endRun();
  }
  out = { seconds: now() - t, experimentId: exp.experimentId };
} else if (workload === "w3") {
  const search = () =>
    mlflow.searchRuns({ experimentIds: [args.experimentId], filterString: args.filter, orderBy: args.orderBy });
  let t = now();
  const runs = await search();
  const cold = now() - t;
  const ids = runs.map((r) => r.info.runId);
  const warm = [];
  for (let k = 0; k < (args.warm ?? 0); k++) {
    t = now();
    const again = await search();
    warm.push(now() - t);
    if (again.map((r) => r.info.runId).join() !== ids.join()) throw new Error("warm search returned other runs");
  }
  out = { seconds: cold, warm, count: ids.length, digest: idsDigest(ids), head: ids.slice(0, 3) };
} else if (workload === "w4") {
  const t = now();
  const history = await mlflow.getMetricHistory(args.runId, args.key);
  const seconds = now() - t;
  let sumValue = 0;
  let sumStep = 0;
  let sumTimestamp = 0;
  for (const m of history) {
    sumValue += m.value;
    sumStep += m.step;
    sumTimestamp += m.timestamp - T0;
  }
  const pick = (m) => [m.timestamp, m.value, m.step];
  out = {
    seconds,
    count: history.length,
    sumValue,
    sumStep,
    sumTimestamp,
    head: history.slice(0, 3).map(pick),
    tail: history.slice(-3).map(pick),
  };
} else if (workload === "gen-w4") {
  // The 1,000,000-point metric W4 reads: one run, one key, written through mlruns.
  const { n, key } = args;
  await mlflow.setExperiment("w4");
  const run = await mlflow.startRun({ runName: "w4" });
  for (let i = 0; i < n; i++) mlflow.logMetric(key, w1Value(i), { step: i, timestamp: T0 + i });
  await mlflow.endRun();
  out = { runId: run.info.runId, experimentId: run.info.experimentId };
} else {
  throw new Error(`unknown workload ${workload}`);
}

process.stdout.write(JSON.stringify(out) + "\n");
