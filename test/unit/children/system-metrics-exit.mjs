// A script that monitors system metrics and then simply stops working: it never calls endRun,
// clears nothing and calls no process.exit. Prints the run id, then the time its work ended.
import * as mlflow from "../../../dist/index.js";

const [root, workMs] = process.argv.slice(2);
mlflow.setTrackingUri(root);
const run = await mlflow.startRun({ logSystemMetrics: true });
process.stdout.write(`${run.info.runId}\n`);
await new Promise((resolve) => setTimeout(resolve, Number(workMs)));
process.stdout.write(`${Date.now()}\n`);
