// One worker of a multi-process test. argv: root startAt task ...args; prints one JSON line.
import { MlflowClient } from "../../../dist/index.js";

const [root, startAt, task, ...args] = process.argv.slice(2);
const client = new MlflowClient(root);
while (Date.now() < Number(startAt)) {}

const result = {};
if (task === "append" || task === "append-noflush") {
  const [runId, worker, points] = args;
  for (let i = 0; i < Number(points); i++) client.logMetric(runId, "shared", Number(worker) * 1e6 + i, 1_700_000_000_000 + i, i);
  // append-noflush leaves the points to the exit hook, as a user who never calls flush() does.
  if (task === "append") await client.flush();
} else if (task === "param") {
  const [runId, value] = args;
  try {
    await client.logParam(runId, "contested", value);
    result.ok = value;
  } catch (err) {
    result.error = err.constructor.name;
  }
} else if (task === "runs") {
  const [experimentId, worker, runs] = args;
  result.runIds = [];
  for (let r = 0; r < Number(runs); r++) {
    const run = await client.createRun(experimentId, undefined, undefined, `w${worker}-r${r}`);
    const params = Array.from({ length: 20 }, (_, i) => ({ key: `p${i}`, value: `${worker}.${r}.${i}` }));
    const tags = Array.from({ length: 5 }, (_, i) => ({ key: `t${i}`, value: `tag ${worker}.${r}.${i}` }));
    await client.logBatch(run.info.runId, [{ key: "m", value: r, timestamp: 1, step: 0 }], params, tags);
    await client.setTerminated(run.info.runId);
    result.runIds.push(run.info.runId);
  }
}
process.stdout.write(JSON.stringify(result));
