import { expect, it } from "vitest";
import { canHardDelete, type HardDeleteVerbs, type TrackingStore } from "../../../../src/store/tracking-store.js";
import type { Conformance } from "./index.js";
import { expectMlflowError } from "./expect-error.js";

const DAY = 24 * 3600 * 1000;

export function hardDeleteBehaviour(suite: Conformance): void {
  if (!suite.capabilities.hardDelete) {
    it("has none of the hard delete verbs (MLflow's REST API has no endpoint for them)", async () => {
      const { store } = await suite.open();
      expect(canHardDelete(store)).toBe(false);
      for (const verb of ["getDeletedRuns", "hardDeleteRun", "hardDeleteExperiment", "getDeletedLoggedModels", "hardDeleteLoggedModel"] as const) {
        expect(store[verb], verb).toBeUndefined();
      }
    });
    return;
  }

  const open = async (): Promise<TrackingStore & HardDeleteVerbs> => {
    const { store } = await suite.open();
    expect(canHardDelete(store)).toBe(true);
    return store as TrackingStore & HardDeleteVerbs;
  };

  it("getDeletedRuns lists deleted runs of every experiment, deleted ones included, with their deleted time", async () => {
    const store = await open();
    const exp = await store.createExperiment("e");
    const kept = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    const deleted = await store.createRun({ experimentId: "0", userId: "u", startTime: 2, tags: [] });
    const inDeletedExp = await store.createRun({ experimentId: exp, userId: "u", startTime: 3, tags: [] });
    const before = Date.now();
    await store.deleteRun(deleted.info.runId);
    await store.deleteExperiment(exp);
    const got = await store.getDeletedRuns();
    expect(got.map((d) => d.runId).sort()).toEqual([deleted.info.runId, inDeletedExp.info.runId].sort());
    expect(got.map((d) => d.runId)).not.toContain(kept.info.runId);
    for (const d of got) {
      expect(d.deletedTime).toBeGreaterThanOrEqual(before - 1000);
      expect(d.deletedTime).toBeLessThanOrEqual(Date.now());
    }
  });

  it("getDeletedRuns(olderThan, now) keeps only runs deleted at least olderThan before now", async () => {
    const store = await open();
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    await store.deleteRun(run.info.runId);
    expect(await store.getDeletedRuns(DAY)).toEqual([]);
    expect((await store.getDeletedRuns(DAY, Date.now() + 2 * DAY)).map((d) => d.runId)).toEqual([run.info.runId]);
  });

  it("hardDeleteRun removes a deleted run for good: not found, not searched, and restore cannot bring it back", async () => {
    const store = await open();
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    const other = await store.createRun({ experimentId: "0", userId: "u", startTime: 2, tags: [] });
    await store.logBatch(run.info.runId, { params: [{ key: "p", value: "1" }], metrics: [{ key: "m", value: 1, timestamp: 1, step: 0 }] });
    await store.deleteRun(run.info.runId);
    expect(await store.hardDeleteRun(run.info.runId)).toEqual([]);
    await expectMlflowError(store.getRun(run.info.runId), "RESOURCE_DOES_NOT_EXIST");
    await expectMlflowError(store.restoreRun(run.info.runId), "RESOURCE_DOES_NOT_EXIST");
    expect((await store.searchRuns({ experimentIds: ["0"], runViewType: "ALL" })).map((r) => r.info.runId)).toEqual([other.info.runId]);
    expect(await store.getDeletedRuns()).toEqual([]);
  });

  it("hardDeleteRun refuses a run that is not deleted (INVALID_STATE) and an unknown one", async () => {
    const store = await open();
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    await expectMlflowError(store.hardDeleteRun(run.info.runId), "INVALID_STATE", /not in `deleted` lifecycle stage/);
    expect((await store.getRun(run.info.runId)).info.lifecycleStage).toBe("active");
    await expectMlflowError(store.hardDeleteRun("0123456789abcdef0123456789abcdef"), "RESOURCE_DOES_NOT_EXIST");
  });

  it("hardDeleteExperiment removes a deleted experiment with its runs; its name is free again", async () => {
    const store = await open();
    const exp = await store.createExperiment("doomed");
    const run = await store.createRun({ experimentId: exp, userId: "u", startTime: 1, tags: [] });
    await store.deleteExperiment(exp);
    await store.hardDeleteExperiment(exp);
    await expectMlflowError(store.getExperiment(exp), "RESOURCE_DOES_NOT_EXIST");
    expect(await store.getExperimentByName("doomed")).toBeNull();
    await expectMlflowError(store.getRun(run.info.runId), "RESOURCE_DOES_NOT_EXIST");
    expect((await store.searchExperiments({ viewType: "ALL" })).map((e) => e.experimentId)).not.toContain(exp);
    expect(await store.createExperiment("doomed")).not.toBe(exp);
  });

  it("hardDeleteExperiment refuses an active experiment (INVALID_STATE)", async () => {
    const store = await open();
    const exp = await store.createExperiment("alive");
    await expectMlflowError(store.hardDeleteExperiment(exp), "INVALID_STATE", /not in the deleted lifecycle stage/);
    expect((await store.getExperiment(exp)).lifecycleStage).toBe("active");
  });

  it("getDeletedLoggedModels and hardDeleteLoggedModel: only deleted models, gone for good", async () => {
    const store = await open();
    const live = await store.createLoggedModel({ experimentId: "0", name: "live" });
    const dead = await store.createLoggedModel({ experimentId: "0", name: "dead" });
    await expectMlflowError(store.hardDeleteLoggedModel(live.modelId), "INVALID_STATE", /not in `deleted` lifecycle stage/);
    await store.deleteLoggedModel(dead.modelId);
    expect(await store.getDeletedLoggedModels()).toEqual([dead.modelId]);
    expect(await store.getDeletedLoggedModels(DAY)).toEqual([]);
    expect(await store.getDeletedLoggedModels(DAY, Date.now() + 2 * DAY)).toEqual([dead.modelId]);
    await store.hardDeleteLoggedModel(dead.modelId);
    await expectMlflowError(store.getLoggedModel(dead.modelId, true), "RESOURCE_DOES_NOT_EXIST");
    expect(await store.getDeletedLoggedModels()).toEqual([]);
    expect((await store.getLoggedModel(live.modelId)).name).toBe("live");
  });
}
