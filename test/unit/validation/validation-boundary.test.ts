/**
 * Each rule is checked once (docs/internals.md, "Where each rule is checked"): MlflowClient
 * checks values before they reach the store; the file store checks ids, keys and batch limits
 * for any caller, and trusts the typed values it is given.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { FileStore, InvalidParameterError, MlflowClient } from "../../../src/index.js";
import { tempDir } from "../helpers/temp-store.js";

let root: string;
let client: MlflowClient;
let store: FileStore;
let runId: string;

beforeEach(async () => {
  root = path.join(tempDir(), "mlruns");
  client = new MlflowClient(root);
  store = client.store as FileStore;
  runId = (await client.createRun("0")).info.runId;
});

describe("values are checked by MlflowClient, before the store", () => {
  it("refuses an over-long param value and a bad metric before the first chunk: nothing is written", async () => {
    const params = Array.from({ length: 150 }, (_, i) => ({ key: `p${i}`, value: "v" }));
    params[120] = { key: "long", value: "x".repeat(6001) };
    await expect(client.logBatch(runId, [], params)).rejects.toThrow(InvalidParameterError);
    await expect(client.logBatch(runId, [{ key: "m", value: "1" as never, timestamp: 1, step: 0 }])).rejects.toThrow("valid double");
    expect(fs.readdirSync(path.join(root, "0", runId, "params"))).toEqual([]);
  });

  it("hands the store typed values: a bigint step and timestamp reach the file as integers, a number param as its str()", async () => {
    await client.logBatch(runId, [{ key: "m", value: 0.5, timestamp: 7n as never, step: 3n as never }], [{ key: "n", value: 2 as never }]);
    expect(fs.readFileSync(path.join(root, "0", runId, "metrics", "m"), "utf8")).toBe("7 0.5 3\n");
    expect(fs.readFileSync(path.join(root, "0", runId, "params", "n"), "utf8")).toBe("2");
  });
});

describe("the file store checks what keeps its files sound, for any caller", () => {
  it("trusts a typed value MLflow's client would refuse (the store does not check values again)", async () => {
    await store.logBatch(runId, { params: [{ key: "long", value: "x".repeat(6001) }] });
    expect(fs.readFileSync(path.join(root, "0", runId, "params", "long"), "utf8")).toHaveLength(6001);
  });

  it("refuses keys and ids that would name paths outside the store", async () => {
    await expect(store.logBatch(runId, { params: [{ key: "../escape", value: "v" }] })).rejects.toThrow(InvalidParameterError);
    await expect(store.logBatch(runId, { tags: [{ key: "/abs", value: "v" }] })).rejects.toThrow(InvalidParameterError);
    await expect(store.logBatch(runId, { metrics: [{ key: "../m", value: 1, timestamp: 1, step: 0 }] })).rejects.toThrow(InvalidParameterError);
    // The client checks ids (as MLflow's TrackingServiceClient does, for every store) and so does the file store (it is public): the same typed error.
    const viaStore = await store.getRun("../0").catch((e: Error) => e);
    const viaClient = await client.getRun("../0").catch((e: Error) => e);
    expect(viaStore).toBeInstanceOf(InvalidParameterError);
    expect((viaClient as Error).message).toBe((viaStore as Error).message);
    expect(fs.existsSync(path.join(root, "0", "escape"))).toBe(false);
  });

  it("keeps MLflow's batch limits and param keys unique", async () => {
    const params = Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: "v" }));
    await expect(store.logBatch(runId, { params })).rejects.toThrow("at most 100 params");
    await expect(store.logBatch(runId, { params: [{ key: "a", value: "1" }, { key: "a", value: "2" }] })).rejects.toThrow("Duplicate parameter keys");
  });
});
