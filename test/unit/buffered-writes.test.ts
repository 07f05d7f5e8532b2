/**
 * The metric buffer holds only points MLflow would have written, writes them before a run or
 * experiment changes place or state, and keeps one run's write failure from reaching any
 * other run or call (issue #15, items 1-3; found by differential fuzzing against MLflow).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidParameterError, MlflowClient, StoreIOError } from "../../src/index.js";
import { listTree, tempDir } from "./helpers/temp-store.js";

const DIST = path.join(import.meta.dirname, "..", "..", "dist", "index.js");

async function storeWithRun() {
  const root = path.join(tempDir(), "mlruns");
  const client = new MlflowClient(root);
  const experimentId = await client.createExperiment(`e-${path.basename(path.dirname(root))}`);
  const runId = (await client.createRun(experimentId)).info.runId;
  return { root, client, experimentId, runId };
}

describe("a buffered point and a deleted experiment", () => {
  it("the point is written before the experiment moves to .trash; nothing is recreated at the old path", async () => {
    const { root, client, experimentId, runId } = await storeWithRun();
    client.logMetric(runId, "m", 1, 1000, 0);
    await client.deleteExperiment(experimentId);
    await client.flush();
    expect(fs.existsSync(path.join(root, experimentId))).toBe(false);
    expect(fs.readFileSync(path.join(root, ".trash", experimentId, runId, "metrics", "m"), "utf8")).toBe("1000 1.0 0\n");
    await client.restoreExperiment(experimentId);
    expect((await client.getMetricHistory(runId, "m")).map((p) => p.value)).toEqual([1]);
  });

  it("also when the metric file was written once before", async () => {
    const { root, client, experimentId, runId } = await storeWithRun();
    client.logMetric(runId, "m", 1, 1000, 0);
    await client.flush();
    client.logMetric(runId, "m", 2, 2000, 1);
    await client.deleteExperiment(experimentId);
    await client.flush();
    expect(fs.existsSync(path.join(root, experimentId))).toBe(false);
    await client.restoreExperiment(experimentId);
    expect((await client.getMetricHistory(runId, "m")).map((p) => p.value)).toEqual([1, 2]);
  });

  it("points to a run another process moved away: other runs and calls go on; flush() reports it once, typed; the points are kept", async () => {
    const { root, client, experimentId, runId } = await storeWithRun();
    const other = (await client.createRun("0")).info.runId;
    client.logMetric(runId, "m", 1, 1000, 0);
    await client.flush();
    client.logMetric(runId, "m", 2, 2000, 1);
    // Another process deletes the experiment behind this one's back.
    const away = path.join(path.dirname(root), "away");
    fs.renameSync(path.join(root, experimentId), away);
    client.logMetric(other, "n", 5, 1000, 0);
    // Unrelated reads and writes are not poisoned by the failed flush.
    expect((await client.searchRuns(["0"])).items.map((r) => r.info.runId)).toEqual([other]);
    expect((await client.getRun(other)).data.metrics).toEqual({ n: 5 });
    await client.logBatch(other, [{ key: "b", value: 1, timestamp: 1, step: 0 }], [{ key: "p", value: "v" }]);
    expect((await client.getRun(other)).data.params).toEqual({ p: "v" });
    // Said, typed, naming the run and the key, by every flush() while the points stay unwritten...
    for (let i = 0; i < 2; i++) {
      const err = await client.flush().catch((e) => e);
      expect(err).toBeInstanceOf(StoreIOError);
      expect(err.message).toContain(`1 point(s) of metric 'm' of run ${runId}`);
      expect(err.message).not.toMatch(/^ENOENT/);
    }
    // ...and never by a call about another run.
    await client.setTerminated(other, "FINISHED");
    // Nothing was recreated at the old path.
    expect(fs.existsSync(path.join(root, experimentId))).toBe(false);
    // Not dropped: when the folder is back, the next flush writes the point.
    fs.renameSync(away, path.join(root, experimentId));
    await client.flush();
    expect((await client.getMetricHistory(runId, "m")).map((p) => p.value)).toEqual([1, 2]);
  });

  it("a point that cannot be written is said on stderr at exit", () => {
    const root = path.join(tempDir(), "mlruns");
    const script = `
      import fs from "node:fs";
      import { MlflowClient } from ${JSON.stringify(DIST)};
      const client = new MlflowClient(${JSON.stringify(root)});
      const e = await client.createExperiment("e");
      const run = await client.createRun(e);
      client.logMetric(run.info.runId, "m", 1, 1000, 0);
      await client.flush();
      client.logMetric(run.info.runId, "m", 2, 2000, 1);
      fs.renameSync(${JSON.stringify(root)} + "/" + e, ${JSON.stringify(root)} + "/../away");
      console.log(run.info.runId);`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`mlruns: not written before exit: 1 point(s) of metric 'm' of run ${r.stdout.trim()}`);
  });
});

describe("a key that is another key's folder is refused at the call", () => {
  it("metric 'x/y' after metric 'x': typed error naming run and key; the run can still be ended and read", async () => {
    const { client, runId } = await storeWithRun();
    await client.logBatch(runId, [{ key: "x", value: 1, timestamp: 1, step: 0 }]);
    expect(() => client.logMetric(runId, "x/y", 1)).toThrow(InvalidParameterError);
    expect(() => client.logMetric(runId, "x/y", 1)).toThrow(new RegExp(`Metric 'x/y' of run ${runId}.*'x' is already a metric`));
    await client.setTerminated(runId, "FAILED");
    expect((await client.getRun(runId)).info.status).toBe("FAILED");
    expect((await client.getMetricHistory(runId, "x")).map((p) => p.value)).toEqual([1]);
    expect((await client.searchRuns([(await client.getRun(runId)).info.experimentId])).items).toHaveLength(1);
  });

  it("metric 'x' after a still-buffered 'x/y', and both in one batch", async () => {
    const { client, runId } = await storeWithRun();
    client.logMetric(runId, "x/y", 1);
    expect(() => client.logMetric(runId, "x", 1)).toThrow(/already a folder of other metrics/);
    await expect(client.logBatch(runId, [{ key: "a", value: 1, timestamp: 1, step: 0 }, { key: "a/b", value: 1, timestamp: 1, step: 0 }])).rejects.toThrow(InvalidParameterError);
    await client.flush();
    expect(Object.keys((await client.getRun(runId)).data.metrics)).toEqual(["x/y"]);
  });

  it("params and tags: 'a' vs 'a/b' either way round, and a refused batch writes nothing", async () => {
    const { root, client, experimentId, runId } = await storeWithRun();
    await client.logParam(runId, "a", "1");
    await expect(client.logParam(runId, "a/b", "2")).rejects.toThrow(/Param 'a\/b' of run .*'a' is already a param/);
    await client.setTag(runId, "t/u", "1");
    await expect(client.setTag(runId, "t", "2")).rejects.toThrow(InvalidParameterError);
    const before = listTree(path.join(root, experimentId, runId));
    await expect(
      client.logBatch(runId, [{ key: "fresh", value: 1, timestamp: 1, step: 0 }], [{ key: "q", value: "1" }], [{ key: "t/u/v", value: "x" }]),
    ).rejects.toThrow(InvalidParameterError);
    await expect(client.logBatch(runId, [], [{ key: "q", value: "1" }, { key: "a/z", value: "1" }])).rejects.toThrow(InvalidParameterError);
    await client.flush();
    expect(listTree(path.join(root, experimentId, runId))).toEqual(before);
  });
});

describe("points for a deleted run", () => {
  it("are refused at the call, as MLflow does, and nothing is written", async () => {
    const { root, client, experimentId, runId } = await storeWithRun();
    await client.deleteRun(runId);
    expect(() => client.logMetric(runId, "m", 1)).toThrow(InvalidParameterError);
    expect(() => client.logMetric(runId, "m", 1)).toThrow(new RegExp(`run ${runId} must be in the 'active' state`));
    await client.flush();
    expect(fs.existsSync(path.join(root, experimentId, runId, "metrics", "m"))).toBe(false);
    await client.restoreRun(runId);
    client.logMetric(runId, "m", 1, 1000, 0);
    expect((await client.getMetricHistory(runId, "m")).map((p) => p.value)).toEqual([1]);
  });

  it("pending points are written before the run is deleted or restored, and before a rename or termination", async () => {
    const { root, client, experimentId, runId } = await storeWithRun();
    // Read from disk, not through the client (whose reads flush first).
    const onDisk = () => fs.readFileSync(path.join(root, experimentId, runId, "metrics", "m"), "utf8").split("\n").filter(Boolean).length;
    client.logMetric(runId, "m", 1, 1000, 0);
    await client.deleteRun(runId);
    expect(onDisk()).toBe(1);
    await client.restoreRun(runId);
    client.logMetric(runId, "m", 2, 2000, 1);
    await client.renameExperiment(experimentId, "renamed");
    expect(onDisk()).toBe(2);
    client.logMetric(runId, "m", 3, 3000, 2);
    await client.setTerminated(runId, "FINISHED");
    expect(onDisk()).toBe(3);
  });

});
