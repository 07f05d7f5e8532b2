/**
 * `npm run example:tfjs` (examples/tfjs.ts, built into dist-examples/): trains in a fresh
 * folder, logs a FINISHED run with a learning curve and a READY model there, and prints
 * commands that work as printed.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { tempDir } from "../helpers/temp-store.js";

const REPO = path.resolve(import.meta.dirname, "..", "..", "..");

it("trains, logs the run and its model, and prints a history command that shows the curve", async () => {
  const cwd = tempDir("mlruns-example-tfjs-");
  const out = execFileSync(process.execPath, [path.join(REPO, "dist-examples", "tfjs.js"), "--epochs", "4"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  expect(out).toMatch(/^Trained 4 epochs in [\d.]+ s; logged run [0-9a-f]{32} to /m);
  const runId = /logged run ([0-9a-f]{32})/.exec(out)![1]!;
  const client = new MlflowClient(path.join(cwd, "mlruns"));
  const run = await client.getRun(runId);
  expect(run.info.status).toBe("FINISHED");
  expect(Object.keys(run.data.metrics).sort()).toEqual(["holdout_rmse", "loss", "mae", "val_loss", "val_mae"]);
  expect(run.data.params).toMatchObject({ epochs: "4", batch_size: "32", optimizer_name: "adam", num_layers: "3" });
  const models = await client.searchLoggedModels([run.info.experimentId]);
  expect(models.map((m) => [m.name, m.status, m.sourceRunId])).toEqual([["model", "READY", runId]]);

  const history = /^ {2}(.+ history [0-9a-f]{32} val_loss)/m.exec(out)![1]!.split(" ");
  expect(history[0]).toBe("node"); // the temp folder is outside the project: the CLI by its path
  const shown = execFileSync(process.execPath, history.slice(1), { cwd, encoding: "utf8" });
  expect(shown).toContain("steps 0–3");
});
