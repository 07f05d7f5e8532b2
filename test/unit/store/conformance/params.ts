import { expect, it } from "vitest";
import type { Conformance } from "./index.js";
import { expectMlflowError } from "./expect-error.js";

export function paramsBehaviour(suite: Conformance): void {
  const newRun = async (suiteStore: Awaited<ReturnType<Conformance["open"]>>["store"]) =>
    (await suiteStore.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] })).info.runId;

  it("logs params and reads them back as strings, keys with '/' included", async () => {
    const { store } = await suite.open();
    const runId = await newRun(store);
    await store.logBatch(runId, { params: [{ key: "model/depth", value: "3" }, { key: "lr", value: "0.1" }] });
    expect((await store.getRun(runId)).data.params).toEqual({ "model/depth": "3", lr: "0.1" });
  });

  it("the client stringifies param values as Python's str() does", async () => {
    const { client, store } = await suite.open();
    const runId = await newRun(store);
    await client.logParam(runId, "i", 3);
    await client.logParam(runId, "f", 0.1);
    await client.logParam(runId, "t", true);
    await client.logParam(runId, "n", null);
    expect((await store.getRun(runId)).data.params).toEqual({ i: "3", f: "0.1", t: "True", n: "None" });
  });

  it("accepts the same value again, refuses a changed one (INVALID_PARAMETER_VALUE) and keeps the first", async () => {
    const { store } = await suite.open();
    const runId = await newRun(store);
    await store.logBatch(runId, { params: [{ key: "p", value: "a" }] });
    await store.logBatch(runId, { params: [{ key: "p", value: "a" }] });
    await expectMlflowError(
      store.logBatch(runId, { params: [{ key: "p", value: "b" }] }),
      "INVALID_PARAMETER_VALUE",
      suite.capabilities.fileStoreMessages
        ? `Changing param values is not allowed. Param with key='p' was already logged with value='a' for run ID='${runId}'. Attempted logging new value 'b'.`
        : new RegExp(`^Changing param values is not allowed\\..*'p'.*'a'.*'b'.*${runId}`),
    );
    expect((await store.getRun(runId)).data.params).toEqual({ p: "a" });
  });

  it("keeps an empty string and multi-line, unicode values exactly", async () => {
    const { store } = await suite.open();
    const runId = await newRun(store);
    const values = { empty: "", lines: "a\nb\r\nc\n", uni: "héllo ✓ 日本", spaces: "  padded  " };
    await store.logBatch(runId, { params: Object.entries(values).map(([key, value]) => ({ key, value })) });
    expect((await store.getRun(runId)).data.params).toEqual(values);
  });

  it("refuses over-long values instead of truncating them (6000 characters is MLflow's limit)", async () => {
    const { client, store } = await suite.open();
    const runId = await newRun(store);
    await client.logParam(runId, "ok", "x".repeat(6000));
    await expectMlflowError(client.logParam(runId, "long", "x".repeat(6001)), "INVALID_PARAMETER_VALUE");
    const params = (await store.getRun(runId)).data.params;
    expect(params.ok).toHaveLength(6000);
    expect(params.long).toBeUndefined();
  });

  it("applies MLflow's batch limits to one logBatch request: at most 100 params", async () => {
    const { store } = await suite.open();
    const runId = await newRun(store);
    const params = Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: "1" }));
    await expectMlflowError(store.logBatch(runId, { params }), "INVALID_PARAMETER_VALUE", /at most 100 params/);
  });

  it("refuses duplicate keys with different values in one batch", async () => {
    const { client, store } = await suite.open();
    const runId = await newRun(store);
    await expectMlflowError(client.logBatch(runId, [], [{ key: "a", value: "1" }, { key: "a", value: "2" }]), "INVALID_PARAMETER_VALUE", /Duplicate parameter keys/);
  });

  it("the client splits a batch larger than MLflow's limits into requests the store takes", async () => {
    const { client, store } = await suite.open();
    const runId = await newRun(store);
    const params = Array.from({ length: 250 }, (_, i) => ({ key: `p${i}`, value: String(i) }));
    await client.logBatch(runId, [], params);
    expect(Object.keys((await store.getRun(runId)).data.params)).toHaveLength(250);
  });

  it("refuses keys that escape or are not names, writing nothing", async () => {
    const { client, store } = await suite.open();
    const runId = await newRun(store);
    for (const key of ["../../x", "/etc/x", "a/../../b", "..", "a\\b", ""]) {
      await expectMlflowError(client.logParam(runId, key, 1), "INVALID_PARAMETER_VALUE");
    }
    expect((await store.getRun(runId)).data.params).toEqual({});
  });
}
