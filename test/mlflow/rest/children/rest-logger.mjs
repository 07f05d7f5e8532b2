// A training loop logging straight to an MLflow server, ending as argv[3] says:
// "fluent-exit" (fluent API, no endRun, normal exit), "client-exit" (MlflowClient only,
// process.exit(0) without flush), "sigterm" (waits to be killed), "after-stop" (creates the
// run, waits for "go" on stdin while the server is stopped, then logs and exits).
import * as mlflow from "../../../../dist/index.js";

const [uri, mode, points] = process.argv.slice(2);
const n = Number(points);

if (mode === "client-exit") {
  const client = new mlflow.MlflowClient(uri);
  const exp = await client.createExperiment(`exit-${Date.now()}`);
  const run = await client.createRun(exp);
  process.stdout.write(`${run.info.runId}\n`);
  for (let i = 0; i < n; i++) client.logMetric(run.info.runId, "loss", i / 10, 1_000 + i, i);
  process.exit(0);
}

mlflow.setTrackingUri(uri);
const run = await mlflow.startRun({ runName: `child-${mode}` });
process.stdout.write(`${run.info.runId}\n`);
if (mode === "after-stop") {
  await new Promise((resolve) => process.stdin.once("data", resolve));
  process.stdin.pause();
}
for (let i = 0; i < n; i++) mlflow.logMetric("loss", i / 10, { step: i, timestamp: 1_000 + i });
if (mode === "sigterm") {
  process.stdout.write("logged\n");
  setInterval(() => {}, 1000);
}
