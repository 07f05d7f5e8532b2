// Another process changing a store the parent has already searched: mlruns writes, plus
// in-place rewrites the way MLflow's write_to does them (open 'w', same inode).
import fs from "node:fs";
import path from "node:path";
import { MlflowClient } from "../../../dist/index.js";

const [root, experimentId, runA, runB, runC] = process.argv.slice(2);
const client = new MlflowClient(root);
const runDir = (id) => path.join(root, experimentId, id);
client.logMetric(runA, "score", 99, Date.now() + 10_000, 100); // newer step: becomes the latest
await client.flush();
fs.writeFileSync(path.join(runDir(runB), "tags", "stage"), "prod"); // same length as "test", in place
await client.logParam(runB, "added", "later");
await client.deleteRun(runC);
const fresh = await client.createRun(experimentId, undefined, undefined, "created-by-other-process");
process.stdout.write(fresh.info.runId);
