/**
 * A script whose `await model.fit(...)` throws and is never caught: tfjs calls no callback, the
 * process dies of the error, and mlruns's exit hooks end the run MlflowCallback started as
 * FAILED, with the epochs it finished on disk (a real child process, built dist/).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { tempDir } from "../helpers/temp-store.js";

const child = path.join(import.meta.dirname, "..", "children", "tfjs-fit.mjs");

function trainInChild(mode: "crash" | "ok") {
  const root = path.join(tempDir(), "mlruns");
  const proc = spawnSync(process.execPath, [child, root, mode], { encoding: "utf8", timeout: 60_000 });
  return { root, proc };
}

async function onlyRun(root: string) {
  const client = new MlflowClient(root);
  const runs = await client.searchRuns(["0"]);
  expect(runs).toHaveLength(1);
  return { client, run: runs[0]! };
}

it("a fit that crashes the process leaves its run FAILED with the finished epochs logged", async () => {
  const { root, proc } = trainInChild("crash");
  expect(proc.status).not.toBe(0);
  expect(proc.stderr).toContain("training crashed at epoch 2");
  const { client, run } = await onlyRun(root);
  expect(run.info.status).toBe("FAILED");
  expect((await client.getMetricHistory(run.info.runId, "loss")).map((m) => m.step)).toEqual([0, 1, 2]);
});

it("a fit that completes in a script ends its run FINISHED before the process exits", async () => {
  const { root, proc } = trainInChild("ok");
  expect(proc.stderr).not.toMatch(/error/i);
  expect(proc.status).toBe(0);
  const { client, run } = await onlyRun(root);
  expect(run.info.status).toBe("FINISHED");
  expect((await client.getMetricHistory(run.info.runId, "loss")).map((m) => m.step)).toEqual([0, 1, 2, 3, 4]);
});
