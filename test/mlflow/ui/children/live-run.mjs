// A run that is still logging, for the charts suite: creates a run in experiment ARGV[3] of the
// store at ARGV[2], prints its id, then logs `loss` every 200 ms (flushed each time, so a reader
// sees it) for ARGV[4] points and ends the run FINISHED.
import { MlflowClient } from "../../../../dist/index.js";

const [root, experimentId, count] = process.argv.slice(2);
const client = new MlflowClient(root);
const run = await client.createRun(experimentId, undefined, undefined, "live-run");
const runId = run.info.runId;
process.stdout.write(`${runId}\n`);
for (let step = 0; step < Number(count); step++) {
  client.logMetric(runId, "loss", 1 / (1 + step / 5), Date.now(), step);
  await client.flush();
  await new Promise((r) => setTimeout(r, 200));
}
await client.setTerminated(runId, "FINISHED");
