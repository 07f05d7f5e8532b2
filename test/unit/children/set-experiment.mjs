// Waits until the start time in argv[3], then calls setExperiment or createExperiment on the
// same name as every sibling process; prints the experiment id or the error's class.
import * as mlflow from "../../../dist/index.js";

const [root, startAt, verb, name] = process.argv.slice(2);
mlflow.setTrackingUri(root);
while (Date.now() < Number(startAt)) {}
try {
  const id = verb === "create" ? await mlflow.createExperiment(name) : (await mlflow.setExperiment(name)).experimentId;
  process.stdout.write(JSON.stringify({ id }));
} catch (err) {
  process.stdout.write(JSON.stringify({ error: err.constructor.name, message: err.message }));
}
