/**
 * The metric buffer holds only points MLflow would have written, writes them before a run or
 * experiment changes place or state, and keeps one run's write failure from reaching any
 * other run or call (issue #15, items 1-3; found by differential fuzzing against MLflow).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as mlflow from "../../../../src/index.js";
import { FileStore, InvalidParameterError, MlflowClient, StoreIOError } from "../../../../src/index.js";
import { MetricWriter } from "../../../../src/store/file/metric-writer.js";
import { listTree, tempDir } from "../../helpers/temp-store.js";

const DIST = path.join(import.meta.dirname, "..", "..", "..", "..", "dist", "index.js");

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
    // Lost points make a clean exit a failed one.
    expect(r.status).toBe(1);
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

describe("a file that cannot be written for good (found in review)", () => {
  it("never fills the buffer for other files: its points are set aside, and only its own are refused past the limit", () => {
    const dir = tempDir();
    const gone = path.join(dir, "gone");
    const owner = (file: string) => ({ tornBackup: `${file}.torn`, mustExist: file.startsWith(gone) ? gone : dir, label: path.basename(file) });
    const writer = new MetricWriter(0, 10, owner);
    const bad = path.join(gone, "metrics", "m");
    const good = path.join(dir, "metrics", "n");
    for (let i = 0; i < 10; i++) writer.append(bad, `${i} 1.0 ${i}\n`);
    writer.flushSync();
    // The gone folder's 10 points are set aside, not pending: another file logs on, past the limit.
    for (let i = 0; i < 25; i++) writer.append(good, `${i} 1.0 ${i}\n`);
    writer.flushSync();
    expect(fs.readFileSync(good, "utf8").split("\n").filter(Boolean)).toHaveLength(25);
    expect(() => writer.append(bad, "10 1.0 10\n")).toThrow(StoreIOError);
    expect(writer.failuresOf(path.join(gone, "metrics"))).toHaveLength(1);
    // Back in place, an explicit flush writes every point set aside, in order.
    fs.mkdirSync(path.join(gone, "metrics"), { recursive: true });
    writer.flushSync(true);
    expect(fs.readFileSync(bad, "utf8").split("\n").filter(Boolean).map((l) => Number(l.split(" ")[2]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(writer.failuresOf()).toEqual([]);
  });

  it("a logBatch is not failed by an older point of another metric, and writes its tags", async () => {
    const { root, client, experimentId, runId } = await storeWithRun();
    client.logMetric(runId, "bad", 1, 1000, 0);
    // Another process puts a folder where the metric file goes.
    fs.mkdirSync(path.join(root, experimentId, runId, "metrics", "bad", "x"), { recursive: true });
    await client.logBatch(runId, [{ key: "good", value: 1, timestamp: 1, step: 0 }], [{ key: "p", value: "v" }], [{ key: "t", value: "w" }]);
    const run = await client.getRun(runId);
    expect(run.data.tags.t).toBe("w");
    expect(run.data.metrics.good).toBe(1);
    await expect(client.flush()).rejects.toThrow(/metric 'bad' of run/);
  });

  it("a refused batch leaves no metric key behind to refuse a later one", async () => {
    const { client, runId } = await storeWithRun();
    await expect(client.logBatch(runId, [{ key: "x", value: 1, timestamp: 1, step: 0 }], [{ key: "p", value: "1" }, { key: "p/q", value: "2" }])).rejects.toThrow(InvalidParameterError);
    await client.logBatch(runId, [{ key: "x/y", value: 1, timestamp: 1, step: 0 }]);
    expect(Object.keys((await client.getRun(runId)).data.metrics)).toEqual(["x/y"]);
  });

  it("a logged model's metric keys are checked too: 'k' from one run, 'k/j' from another, is refused at the call", async () => {
    const { client, experimentId, runId } = await storeWithRun();
    const other = (await client.createRun(experimentId)).info.runId;
    const model = await client.createLoggedModel(experimentId, "m");
    client.logMetric(runId, "k", 1, 1000, 0, { modelId: model.modelId });
    await client.flush();
    expect(() => client.logMetric(other, "k/j", 1, 1000, 0, { modelId: model.modelId })).toThrow(/logged model|'k' is already a metric/);
    await client.flush();
  });

  it("experiment tags and logged-model tags and params that clash are refused, typed", async () => {
    const { client, experimentId } = await storeWithRun();
    await client.setExperimentTag(experimentId, "x", "1");
    await expect(client.setExperimentTag(experimentId, "x/y", "2")).rejects.toThrow(new RegExp(`Tag 'x/y' of experiment ${experimentId}`));
    await client.setExperimentTag(experimentId, "z/y", "1");
    await expect(client.setExperimentTag(experimentId, "z", "2")).rejects.toThrow(InvalidParameterError);
    const model = await client.createLoggedModel(experimentId, "m", null, undefined, { a: "1" });
    await expect(client.logModelParams(model.modelId, { "a/b": "2" })).rejects.toThrow(InvalidParameterError);
    await client.setLoggedModelTags(model.modelId, { "t/u": "1" });
    await expect(client.setLoggedModelTags(model.modelId, { t: "2" })).rejects.toThrow(InvalidParameterError);
  });
});

describe("keys reaching the store are always validated (found in review)", () => {
  it("a system-metrics node id with '..' is refused before the run starts; nothing is written outside the store", async () => {
    const dir = tempDir();
    const root = path.join(dir, "store", "mlruns");
    mlflow.setTrackingUri(root);
    mlflow.setSystemMetricsNodeId("../../../../..");
    try {
      await expect(mlflow.startRun({ logSystemMetrics: true })).rejects.toThrow(/MLFLOW_SYSTEM_METRICS_NODE_ID/);
      expect(mlflow.activeRun()).toBeUndefined();
    } finally {
      mlflow.setSystemMetricsNodeId(null);
    }
    expect(listTree(dir).filter((p) => !p.startsWith("store"))).toEqual([]);
  });

  it("a FileStore opened directly refuses a metric key that would leave its folder", async () => {
    const root = path.join(tempDir(), "mlruns");
    const store = new FileStore(root);
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    expect(() => store.queueMetrics(run.info.runId, [{ key: "../../../escape", value: 1, timestamp: 1, step: 0 }])).toThrow(InvalidParameterError);
  });
});
