/**
 * Writes that now behave as MLflow's client and FileStore do (issue #15, items 4 and 6-9 and
 * the error codes), each the minimal program the differential fuzzer found.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidParameterError, MlflowClient, ResourceAlreadyExistsError } from "../../../src/index.js";
import { tempDir } from "../helpers/temp-store.js";

async function storeWithRun() {
  const root = path.join(tempDir(), "mlruns");
  const client = new MlflowClient(root);
  const run = await client.createRun("0", undefined, undefined, "first");
  return { root, client, runId: run.info.runId };
}

const metricFile = (root: string, runId: string, key: string) => fs.readFileSync(path.join(root, "0", runId, "metrics", key), "utf8");

describe("item 4: steps and timestamps are exact int64s, never exponent notation", () => {
  it("a bigint past 2^53 is written exactly", async () => {
    const { root, client, runId } = await storeWithRun();
    client.logMetric(runId, "m", 1, 2n ** 62n, 10n ** 18n);
    client.logMetric(runId, "m", 2, 5n, -(2n ** 63n));
    await client.flush();
    expect(metricFile(root, runId, "m")).toBe(`4611686018427387904 1.0 1000000000000000000\n5 2.0 -9223372036854775808\n`);
  });

  it("a number that is not a safe integer is refused, with the bigint to use instead", async () => {
    const { client, runId } = await storeWithRun();
    expect(() => client.logMetric(runId, "m", 1, 2 ** 62)).toThrow(InvalidParameterError);
    expect(() => client.logMetric(runId, "m", 1, 1, 2 ** 60)).toThrow(/pass it as a bigint \(e\.g\. 1152921504606846976n\)/);
    expect(() => client.logMetric(runId, "m", 1, 1, 1e21)).toThrow(/outside the 64-bit range/);
    expect(() => client.logMetric(runId, "m", 1, -5)).toThrow(/Timestamp must be a nonnegative long \(64-bit integer\)\.$/);
    expect(() => client.logMetric(runId, "m", 1, 1, 1.5)).toThrow(/Step must be a valid long/);
    await expect(client.logBatch(runId, [{ key: "m", value: 1, timestamp: 1, step: 2 ** 60 }])).rejects.toThrow(InvalidParameterError);
  });

  it("a bigint outside int64 is refused; a timestamp may not be negative", async () => {
    const { client, runId } = await storeWithRun();
    expect(() => client.logMetric(runId, "m", 1, 1, 2n ** 63n)).toThrow(InvalidParameterError);
    expect(() => client.logMetric(runId, "m", 1, -1n, 0)).toThrow(/Timestamp must be a nonnegative long/);
  });

  it("start and end times are safe integers; 0 or nothing means now, as MLflow's client says", async () => {
    const { client, runId } = await storeWithRun();
    const before = Date.now();
    const run = await client.createRun("0", 0);
    expect(run.info.startTime).toBeGreaterThanOrEqual(before);
    await client.setTerminated(runId, "KILLED", 0);
    const ended = (await client.getRun(runId)).info;
    expect(ended.status).toBe("KILLED");
    expect(ended.endTime).toBeGreaterThanOrEqual(before);
    await expect(client.createRun("0", 2 ** 60)).rejects.toThrow(InvalidParameterError);
    // A negative time is MLflow's to store (start_time or now keeps -1).
    expect((await client.createRun("0", -1)).info.startTime).toBe(-1);
    await expect(client.setTerminated(runId, "FINISHED", 1.5)).rejects.toThrow(InvalidParameterError);
  });
});

describe("item 6: what MLflow stores for empty names, statuses and null values", () => {
  it("setTag('mlflow.runName', '') keeps the run's name", async () => {
    const { client, runId } = await storeWithRun();
    await client.setTag(runId, "mlflow.runName", "");
    expect((await client.getRun(runId)).info.runName).toBe("first");
  });

  it("setTerminated with an empty status is FINISHED", async () => {
    const { client, runId } = await storeWithRun();
    await client.setTerminated(runId, "");
    expect((await client.getRun(runId)).info.status).toBe("FINISHED");
  });

  it("null and undefined values are stored as Python's str(None)", async () => {
    const { root, client, runId } = await storeWithRun();
    await client.logParam(runId, "p", null);
    await client.setTag(runId, "t", undefined);
    await client.setExperimentTag("0", "e", null);
    const run = await client.getRun(runId);
    expect(run.data.params.p).toBe("None");
    expect(run.data.tags.t).toBe("None");
    expect((await client.getExperiment("0")).tags.e).toBe("None");
    expect(fs.readFileSync(path.join(root, "0", runId, "params", "p"), "utf8")).toBe("None");
  });
});

describe("item 7: length limits count characters, not UTF-16 units", () => {
  it("emoji up to each limit are accepted, one more is refused with the character count", async () => {
    const { client, runId } = await storeWithRun();
    const emoji = (n: number) => "😀".repeat(n);
    await client.logParam(runId, "p", emoji(6000));
    await expect(client.logParam(runId, "q", emoji(6001))).rejects.toThrow(/got 6001\)/);
    await client.setTag(runId, "t", emoji(8000));
    await client.createExperiment(emoji(500));
    await expect(client.createExperiment(emoji(501))).rejects.toThrow(InvalidParameterError);
    await client.setExperimentTag("0", "e", emoji(20000));
    expect((await client.getRun(runId)).data.params.p).toBe(emoji(6000));
  });
});

describe("item 8: a batch past the per-request limits is split as MLflow's client splits it", () => {
  it("2,500 metrics, 250 params and 150 tags all land", async () => {
    const { client, runId } = await storeWithRun();
    const metrics = Array.from({ length: 2500 }, (_, i) => ({ key: `m${i % 7}`, value: i, timestamp: 1000 + i, step: i }));
    const params = Array.from({ length: 250 }, (_, i) => ({ key: `p${i}`, value: String(i) }));
    const tags = Array.from({ length: 150 }, (_, i) => ({ key: `t${i}`, value: String(i) }));
    await client.logBatch(runId, metrics, params, tags);
    const run = await client.getRun(runId);
    expect(Object.keys(run.data.params)).toHaveLength(250);
    expect(Object.keys(run.data.tags).filter((k) => k.startsWith("t"))).toHaveLength(150);
    let points = 0;
    for (let k = 0; k < 7; k++) points += (await client.getMetricHistory(runId, `m${k}`)).length;
    expect(points).toBe(2500);
  });

  it("bad input anywhere in a large batch writes nothing", async () => {
    const { client, runId } = await storeWithRun();
    const params = Array.from({ length: 150 }, (_, i) => ({ key: i === 140 ? "bad key!" : `p${i}`, value: "v" }));
    await expect(client.logBatch(runId, [], params)).rejects.toThrow(InvalidParameterError);
    expect((await client.getRun(runId)).data.params).toEqual({});
  });
});

describe("item 9: no-ops MLflow accepts", () => {
  it("an empty logBatch, even on a deleted run, and updateRun with nothing to change", async () => {
    const { client, runId } = await storeWithRun();
    await client.logBatch(runId);
    await expect(client.updateRun(runId)).resolves.toBeUndefined();
    // As MLflow's client, without even looking the run up.
    await expect(client.updateRun("0123456789abcdef0123456789abcdef", null, null)).resolves.toBeUndefined();
    const { info } = await client.getRun(runId);
    expect([info.status, info.runName]).toEqual(["RUNNING", "first"]);
    await client.deleteRun(runId);
    await expect(client.logBatch(runId, [], [], [])).resolves.toBeUndefined();
  });
});

describe("error codes", () => {
  it("renaming an experiment to a taken name is RESOURCE_ALREADY_EXISTS, deleted or not", async () => {
    const { client } = await storeWithRun();
    const a = await client.createExperiment("a");
    await client.createExperiment("b");
    await expect(client.renameExperiment(a, "b")).rejects.toThrow(ResourceAlreadyExistsError);
    await client.deleteExperiment(a);
    await expect(client.renameExperiment(a, "b")).rejects.toMatchObject({ errorCode: "RESOURCE_ALREADY_EXISTS" });
  });
});
