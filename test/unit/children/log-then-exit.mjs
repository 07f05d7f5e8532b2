// A training loop in a child process; how it ends is chosen by argv[3]:
// "exit" (normal end), "throw" (uncaught error), "reject" (unhandled rejection),
// "sigint"/"sigterm" (waits to be signalled), "exit3" (process.exit(3)).
import * as mlflow from "../../../dist/index.js";

const [root, mode, points] = process.argv.slice(2);
mlflow.setTrackingUri(root);
const run = await mlflow.startRun({ runName: `child-${mode}` });
for (let i = 0; i < Number(points); i++) mlflow.logMetric("loss", i / 10, { step: i });
await mlflow.logParam("mode", mode);
process.stdout.write(`${run.info.runId}\n`);

if (mode === "throw") setTimeout(() => { throw new Error("training crashed"); }, 10);
else if (mode === "reject") setTimeout(() => Promise.reject(new Error("async crash")), 10);
else if (mode === "exit3") setTimeout(() => process.exit(3), 10);
else if (mode === "sigint" || mode === "sigterm") setInterval(() => {}, 1000);
