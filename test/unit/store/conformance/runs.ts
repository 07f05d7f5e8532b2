import { expect, it } from "vitest";
import type { Conformance } from "./index.js";
import { expectMlflowError, MISSING_EXPERIMENT, MISSING_RUN } from "./expect-error.js";

export function runsBehaviour(suite: Conformance): void {
  it("creates a RUNNING, active run with MLflow's run info and reads it back", async () => {
    const { store } = await suite.open();
    const run = await store.createRun({ experimentId: "0", userId: "alice", startTime: 1700000000000, tags: [{ key: "k", value: "v" }], runName: "my run" });
    expect(run.info).toMatchObject({
      experimentId: "0",
      userId: "alice",
      status: "RUNNING",
      startTime: 1700000000000,
      endTime: null,
      lifecycleStage: "active",
      runName: "my run",
    });
    expect(run.info.runId).toMatch(/^[0-9a-f]{32}$/);
    expect(run.info.artifactUri).toContain(run.info.runId);
    const got = await store.getRun(run.info.runId);
    expect(got.info).toEqual(run.info);
    expect(got.data.tags).toMatchObject({ k: "v", "mlflow.runName": "my run" });
    expect(got.data.params).toEqual({});
    expect(got.data.metrics).toEqual({});
  });

  it("names an unnamed run as MLflow does (adjective-noun-number) and records the name as the mlflow.runName tag", async () => {
    const { store } = await suite.open();
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    expect(run.info.runName).toMatch(/^[a-z]+-[a-z]+-\d{1,4}$/);
    expect((await store.getRun(run.info.runId)).data.tags["mlflow.runName"]).toBe(run.info.runName);
  });

  it("takes the run name from the mlflow.runName tag when no name is given", async () => {
    const { store } = await suite.open();
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [{ key: "mlflow.runName", value: "from-tag" }] });
    expect(run.info.runName).toBe("from-tag");
  });

  it("refuses a run name that contradicts the mlflow.runName tag", async () => {
    const { client } = await suite.open();
    await expectMlflowError(client.createRun("0", undefined, { "mlflow.runName": "a" }, "b"), "INVALID_PARAMETER_VALUE", /different values/);
  });

  it("gives each run its own id", async () => {
    const { store } = await suite.open();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await store.createRun({ experimentId: "0", userId: "u", startTime: i, tags: [] })).info.runId);
    expect(ids.size).toBe(5);
  });

  it("updateRunInfo sets status, end time and name; the name is the mlflow.runName tag too", async () => {
    const { store } = await suite.open();
    const { info } = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [], runName: "first" });
    const updated = await store.updateRunInfo(info.runId, "FAILED", 1234, "second");
    expect(updated).toMatchObject({ runId: info.runId, status: "FAILED", endTime: 1234, runName: "second" });
    const run = await store.getRun(info.runId);
    expect(run.info).toMatchObject({ status: "FAILED", endTime: 1234, runName: "second", startTime: 1 });
    expect(run.data.tags["mlflow.runName"]).toBe("second");
  });

  it("updateRunInfo without a name keeps the name; a finished run can be set RUNNING again", async () => {
    const { store } = await suite.open();
    const { info } = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [], runName: "kept" });
    await store.updateRunInfo(info.runId, "FINISHED", 50);
    await store.updateRunInfo(info.runId, "RUNNING", null);
    const endTime = suite.capabilities.reopenedRunEndTime === "cleared" ? null : 50;
    expect((await store.getRun(info.runId)).info).toMatchObject({ runName: "kept", status: "RUNNING", endTime });
  });

  it("setting the mlflow.runName tag renames the run", async () => {
    const { store } = await suite.open();
    const { info } = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [], runName: "first" });
    await store.logBatch(info.runId, { tags: [{ key: "mlflow.runName", value: "second" }] });
    expect((await store.getRun(info.runId)).info.runName).toBe("second");
  });

  it("the client's setTerminated and updateRun go through the store", async () => {
    const { client, store } = await suite.open();
    const { info } = await client.createRun("0", 1000, { a: "b" }, "c");
    await client.setTerminated(info.runId, "KILLED", 2000);
    expect((await store.getRun(info.runId)).info).toMatchObject({ status: "KILLED", endTime: 2000 });
    await client.updateRun(info.runId, undefined, "renamed");
    expect((await store.getRun(info.runId)).info.runName).toBe("renamed");
  });

  it("reports an unknown run as RESOURCE_DOES_NOT_EXIST", async () => {
    const { store } = await suite.open();
    await expectMlflowError(store.getRun(MISSING_RUN), "RESOURCE_DOES_NOT_EXIST");
    await expectMlflowError(store.updateRunInfo(MISSING_RUN, "FINISHED", 1), "RESOURCE_DOES_NOT_EXIST");
    await expectMlflowError(store.logBatch(MISSING_RUN, { params: [{ key: "p", value: "1" }] }), "RESOURCE_DOES_NOT_EXIST");
    if (suite.capabilities.unknownRunHistory === "empty") expect(await store.getMetricHistory(MISSING_RUN, "m")).toEqual([]);
    else await expectMlflowError(store.getMetricHistory(MISSING_RUN, "m"), "RESOURCE_DOES_NOT_EXIST");
  });

  it("refuses a run in an unknown experiment (RESOURCE_DOES_NOT_EXIST) or a deleted one (capabilities.errors.deletedExperiment)", async () => {
    const { store } = await suite.open();
    await expectMlflowError(store.createRun({ experimentId: MISSING_EXPERIMENT, userId: "u", startTime: 1, tags: [] }), "RESOURCE_DOES_NOT_EXIST");
    const id = await store.createExperiment("d");
    await store.deleteExperiment(id);
    const says = suite.capabilities.fileStoreMessages ? /non-active experiment/ : new RegExp(`experiment ${id}\\b`);
    await expectMlflowError(store.createRun({ experimentId: id, userId: "u", startTime: 1, tags: [] }), suite.capabilities.errors.deletedExperiment, says);
  });

  it("refuses a malformed run id with INVALID_PARAMETER_VALUE (through the client)", async () => {
    const { client } = await suite.open();
    await expectMlflowError(client.getRun("../../etc"), "INVALID_PARAMETER_VALUE");
  });
}
