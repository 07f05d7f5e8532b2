// Logs runs as fast as it can until it is killed: params, tags, metrics, artifacts, run start
// and end. After each explicit flush it prints "durable <runId> <step>" so the parent knows
// which points must survive a kill -9.
import * as mlflow from "../../../dist/index.js";

const [root, experimentName] = process.argv.slice(2);
mlflow.setTrackingUri(root);
await mlflow.setExperiment(experimentName);
for (let r = 0; ; r++) {
  const run = await mlflow.startRun({ runName: `heavy-${process.pid}-${r}` });
  await mlflow.logParams({ lr: 0.01 * (r + 1), depth: r % 7, pid: process.pid });
  await mlflow.setTags({ phase: "crash-test", round: String(r) });
  for (let step = 0; step < 400; step++) {
    mlflow.logMetrics({ loss: 1 / (step + 1), "acc/train": step / 400 }, { step });
    if (step % 50 === 0) {
      await mlflow.logText(`step ${step}\n`.repeat(200), `logs/step-${step}.txt`);
      await mlflow.flush();
      process.stdout.write(`durable ${run.info.runId} ${step}\n`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await mlflow.endRun();
}
