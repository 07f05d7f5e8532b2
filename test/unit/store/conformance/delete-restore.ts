import { expect, it } from "vitest";
import type { Conformance } from "./index.js";
import { expectMlflowError } from "./expect-error.js";

export function deleteRestoreBehaviour(suite: Conformance): void {
  it("deleting an experiment marks it and its runs deleted; restoring brings both back", async () => {
    const { store } = await suite.open();
    const id = await store.createExperiment("gone");
    const run = await store.createRun({ experimentId: id, userId: "u", startTime: 1, tags: [] });
    await store.deleteExperiment(id);
    expect((await store.getExperiment(id)).lifecycleStage).toBe("deleted");
    expect((await store.getExperimentByName("gone"))?.lifecycleStage).toBe("deleted");
    expect((await store.getRun(run.info.runId)).info.lifecycleStage).toBe("deleted");
    await store.restoreExperiment(id);
    expect((await store.getExperiment(id)).lifecycleStage).toBe("active");
    expect((await store.getRun(run.info.runId)).info.lifecycleStage).toBe("active");
  });

  it("deleting an experiment updates its last update time", async () => {
    const { store } = await suite.open();
    const id = await store.createExperiment("timed");
    const created = (await store.getExperiment(id)).lastUpdateTime!;
    await new Promise((r) => setTimeout(r, 5));
    await store.deleteExperiment(id);
    expect((await store.getExperiment(id)).lastUpdateTime!).toBeGreaterThan(created);
  });

  it("deletes the Default experiment only where capabilities.defaultExperimentDeletable says so", async () => {
    const { store } = await suite.open();
    if (suite.capabilities.defaultExperimentDeletable) {
      await store.deleteExperiment("0");
      expect((await store.getExperiment("0")).lifecycleStage).toBe("deleted");
      await store.restoreExperiment("0");
    } else {
      await expect(store.deleteExperiment("0")).rejects.toThrow(/Cannot delete the default experiment/);
    }
    expect((await store.getExperiment("0")).lifecycleStage).toBe("active");
  });

  it("deleting a deleted experiment or restoring an active one is RESOURCE_DOES_NOT_EXIST", async () => {
    const { store } = await suite.open();
    const id = await store.createExperiment("twice");
    await expectMlflowError(store.restoreExperiment(id), "RESOURCE_DOES_NOT_EXIST");
    await store.deleteExperiment(id);
    await expectMlflowError(store.deleteExperiment(id), "RESOURCE_DOES_NOT_EXIST");
  });

  it("refuses to rename a deleted experiment", async () => {
    const { store } = await suite.open();
    const id = await store.createExperiment("frozen");
    await store.deleteExperiment(id);
    if (suite.capabilities.fileStoreMessages) await expect(store.renameExperiment(id, "thawed")).rejects.toThrow(/non-active lifecycle stage/);
    else await expectMlflowError(store.renameExperiment(id, "thawed"), "INVALID_STATE", /non-active experiment/);
    expect((await store.getExperiment(id)).name).toBe("frozen");
  });

  it("deletes and restores a run; a deleted run refuses writes but can be read", async () => {
    const { store } = await suite.open();
    const { info } = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    await store.logBatch(info.runId, { params: [{ key: "p", value: "1" }] });
    await store.deleteRun(info.runId);
    const deleted = await store.getRun(info.runId);
    expect(deleted.info.lifecycleStage).toBe("deleted");
    expect(deleted.data.params).toEqual({ p: "1" });
    await expect(store.logBatch(info.runId, { params: [{ key: "q", value: "2" }] })).rejects.toThrow(/must be in the 'active' state|must be in 'active' lifecycle_stage/);
    await store.restoreRun(info.runId);
    expect((await store.getRun(info.runId)).info.lifecycleStage).toBe("active");
    await store.logBatch(info.runId, { params: [{ key: "q", value: "2" }] });
    expect((await store.getRun(info.runId)).data.params).toEqual({ p: "1", q: "2" });
  });

  it("a deleted run cannot be ended or renamed (update_run_info checks the run is active)", async () => {
    const { store } = await suite.open();
    const { info } = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    await store.deleteRun(info.runId);
    await expectMlflowError(store.updateRunInfo(info.runId, "KILLED", 9), "INVALID_PARAMETER_VALUE", /active/);
    expect((await store.getRun(info.runId)).info).toMatchObject({ status: "RUNNING", endTime: null, lifecycleStage: "deleted" });
  });
}
