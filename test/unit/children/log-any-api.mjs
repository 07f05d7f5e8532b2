// Logs `points` metric points through one API, then leaves the process one way, never calling
// flush() or ending a run. argv: root api mode points. Prints {runs: [[storeRoot, runId]...]}
// on its first stdout line (signal modes then wait to be signalled).
//   api:  client | fluent | store (a FileStore opened directly) | competition | multi (two
//         clients on two stores, plus the fluent API on a third)
//   mode: drain | exit0 | exit3 | throw | reject | sigint | sigterm | sighup
import path from "node:path";
import * as mlflow from "../../../dist/index.js";
import * as competition from "../../../dist/competition/index.js";

const [root, api, mode, pointsArg] = process.argv.slice(2);
const points = Number(pointsArg);
const runs = [];

function logThrough(log) {
  for (let i = 0; i < points; i++) log("loss", i / 8, 1_700_000_000_000 + i, i);
}

async function viaClient(storeRoot) {
  const client = new mlflow.MlflowClient(storeRoot);
  const run = await client.createRun("0");
  logThrough((k, v, t, s) => client.logMetric(run.info.runId, k, v, t, s));
  runs.push([storeRoot, run.info.runId]);
}

async function viaFluent(storeRoot) {
  mlflow.setTrackingUri(storeRoot);
  const run = await mlflow.startRun();
  logThrough((k, v, t, s) => mlflow.logMetric(k, v, { timestamp: t, step: s }));
  runs.push([storeRoot, run.info.runId]);
}

async function viaStore(storeRoot) {
  const store = new mlflow.FileStore(storeRoot);
  const run = await store.createRun({ experimentId: "0", userId: "u", startTime: Date.now(), tags: [] });
  logThrough((key, value, timestamp, step) => store.queueMetrics(run.info.runId, [{ key, value, timestamp, step }]));
  runs.push([storeRoot, run.info.runId]);
}

function leave() {
  process.stdout.write(`${JSON.stringify({ runs })}\n`);
  if (mode === "exit0") process.exit(0);
  else if (mode === "exit3") process.exit(3);
  else if (mode === "throw") setTimeout(() => { throw new Error("training crashed"); }, 5);
  else if (mode === "reject") setTimeout(() => Promise.reject(new Error("async crash")), 5);
  else if (mode.startsWith("sig")) setInterval(() => {}, 1000);
  // drain: nothing keeps the event loop alive (the flush timer is unref'd)
}

if (api === "client") await viaClient(root);
else if (api === "fluent") await viaFluent(root);
else if (api === "store") await viaStore(root);
else if (api === "multi") {
  await viaClient(path.join(root, "a"));
  await viaClient(path.join(root, "b"));
  await viaFluent(path.join(root, "c"));
} else if (api === "competition") {
  mlflow.setTrackingUri(root);
  // Not awaited: the process leaves while the competition run's function is still going.
  void competition.withCompetitionRun({ modelType: "rf", experimentType: "baseline", environment: false }, (run) => {
    runs.push([root, run.info.runId]);
    logThrough((k, v, t, s) => mlflow.logMetric(k, v, { timestamp: t, step: s }));
    leave();
    return new Promise(() => {});
  });
} else throw new Error(`unknown api ${api}`);
if (api !== "competition") leave();
