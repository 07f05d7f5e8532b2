import { expect, it } from "vitest";
import type { Conformance } from "./index.js";
import { expectMlflowError, MISSING_EXPERIMENT } from "./expect-error.js";

const MISSING_MODEL = "m-0123456789abcdef0123456789abcdef";

export function loggedModelsBehaviour(suite: Conformance): void {
  it("creates a PENDING model with MLflow's id format, tags and params, and reads it back", async () => {
    const { store } = await suite.open();
    const exp = await store.createExperiment("models");
    const m = await store.createLoggedModel({ experimentId: exp, name: "my-model", tags: [{ key: "team", value: "a" }], params: [{ key: "lr", value: "0.1" }], modelType: "classifier" });
    expect(m.modelId).toMatch(/^m-[0-9a-f]{32}$/);
    expect(m).toMatchObject({ experimentId: exp, name: "my-model", status: "PENDING", modelType: "classifier", sourceRunId: null, modelUri: `models:/${m.modelId}`, params: { lr: "0.1" }, tags: { team: "a" }, metrics: [] });
    expect(m.lastUpdatedTimestamp).toBe(m.creationTimestamp);
    expect(await store.getLoggedModel(m.modelId)).toEqual(m);
  });

  it("names an unnamed model like a run and keeps the source run", async () => {
    const { store } = await suite.open();
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    const m = await store.createLoggedModel({ experimentId: "0", sourceRunId: run.info.runId });
    expect(m.name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
    expect(m.sourceRunId).toBe(run.info.runId);
  });

  it("finalizes READY or FAILED; an unknown status is refused", async () => {
    const { client, store } = await suite.open();
    const m = await store.createLoggedModel({ experimentId: "0", name: "m" });
    expect((await store.finalizeLoggedModel(m.modelId, "READY")).status).toBe("READY");
    expect((await store.getLoggedModel(m.modelId)).status).toBe("READY");
    expect((await store.finalizeLoggedModel(m.modelId, "FAILED")).status).toBe("FAILED");
    await expect(client.finalizeLoggedModel(m.modelId, "DONE" as never)).rejects.toThrow(/Unknown model status/);
  });

  it("tags may be overwritten, params as capabilities.loggedModelParams says; deleting a missing tag is RESOURCE_DOES_NOT_EXIST", async () => {
    const { store } = await suite.open();
    const m = await store.createLoggedModel({ experimentId: "0", name: "m", params: [{ key: "p", value: "1" }] });
    await store.setLoggedModelTags(m.modelId, [{ key: "stage", value: "dev" }, { key: "nested/key", value: "x" }]);
    await store.setLoggedModelTags(m.modelId, [{ key: "stage", value: "prod" }]);
    if (suite.capabilities.loggedModelParams === "overwritable") {
      await store.logLoggedModelParams(m.modelId, [{ key: "p", value: "2" }, { key: "q", value: "3" }]);
    } else {
      // The SQL unique key (model_id, param_key) refuses the whole batch: nothing of it is kept.
      await expectMlflowError(store.logLoggedModelParams(m.modelId, [{ key: "p", value: "2" }, { key: "r", value: "4" }]), "BAD_REQUEST", /UNIQUE|unique|duplicate/);
      await store.logLoggedModelParams(m.modelId, [{ key: "q", value: "3" }]);
    }
    const got = await store.getLoggedModel(m.modelId);
    expect(got.tags).toEqual({ stage: "prod", "nested/key": "x" });
    expect(got.params).toEqual(suite.capabilities.loggedModelParams === "overwritable" ? { p: "2", q: "3" } : { p: "1", q: "3" });
    await store.deleteLoggedModelTag(m.modelId, "stage");
    expect((await store.getLoggedModel(m.modelId)).tags).toEqual({ "nested/key": "x" });
    await expectMlflowError(store.deleteLoggedModelTag(m.modelId, "stage"), "RESOURCE_DOES_NOT_EXIST");
  });

  it("a deleted model is not found unless asked for, and not searched", async () => {
    const { store } = await suite.open();
    const m = await store.createLoggedModel({ experimentId: "0", name: "m" });
    await store.deleteLoggedModel(m.modelId);
    await expectMlflowError(store.getLoggedModel(m.modelId), "RESOURCE_DOES_NOT_EXIST", suite.capabilities.fileStoreMessages ? `Model '${m.modelId}' not found` : new RegExp(`'${m.modelId}' not found`));
    expect((await store.getLoggedModel(m.modelId, true)).modelId).toBe(m.modelId);
    expect(await store.searchLoggedModels({ experimentIds: ["0"] })).toEqual([]);
  });

  it("refuses a model in an unknown (RESOURCE_DOES_NOT_EXIST) or deleted experiment (capabilities.errors.deletedExperiment)", async () => {
    const { client, store } = await suite.open();
    await expectMlflowError(store.createLoggedModel({ experimentId: MISSING_EXPERIMENT }), "RESOURCE_DOES_NOT_EXIST");
    const exp = await store.createExperiment("gone");
    await store.deleteExperiment(exp);
    if (suite.capabilities.fileStoreMessages) await expect(store.createLoggedModel({ experimentId: exp })).rejects.toThrow(/non-active experiment/);
    else await expectMlflowError(store.createLoggedModel({ experimentId: exp }), suite.capabilities.errors.deletedExperiment, new RegExp(`experiment ${exp}\\b`));
    for (const name of ["a/b", "a.b", "a:b", "50%", "it's"]) {
      await expectMlflowError(client.createLoggedModel("0", name), "INVALID_PARAMETER_VALUE", /Invalid model name/);
    }
  });

  it("unknown model ids are RESOURCE_DOES_NOT_EXIST, malformed ones capabilities.errors.malformedModelId", async () => {
    const { client, store } = await suite.open();
    await expectMlflowError(store.getLoggedModel(MISSING_MODEL), "RESOURCE_DOES_NOT_EXIST");
    await expectMlflowError(client.getLoggedModel("../../etc"), suite.capabilities.errors.malformedModelId);
  });

  it("run outputs record the model and its step", async () => {
    const { store } = await suite.open();
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    const m = await store.createLoggedModel({ experimentId: "0", name: "m", sourceRunId: run.info.runId });
    await store.logOutputs(run.info.runId, [{ modelId: m.modelId, step: 10 }]);
    expect((await store.getRun(run.info.runId)).outputs?.modelOutputs).toEqual([{ modelId: m.modelId, step: 10 }]);
  });

  it("metric points linked to a model are the model's metrics too", async () => {
    const { store } = await suite.open();
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    const m = await store.createLoggedModel({ experimentId: "0", name: "m", sourceRunId: run.info.runId });
    store.queueMetrics(run.info.runId, [{ key: "acc", value: 0.8, timestamp: 5, step: 1, modelId: m.modelId }]);
    await store.flush();
    const got = await store.getLoggedModel(m.modelId);
    expect(got.metrics).toEqual([expect.objectContaining({ key: "acc", value: 0.8, step: 1, timestamp: 5, modelId: m.modelId, runId: run.info.runId })]);
    expect((await store.getRun(run.info.runId)).data.metrics.acc).toBe(0.8);
  });

  it("searches models: filter, order, pages", async () => {
    const { store } = await suite.open();
    const exp = await store.createExperiment("ms");
    for (const [name, p] of [["a", "1"], ["b", "2"], ["c", "3"]] as const) {
      await store.createLoggedModel({ experimentId: exp, name, params: [{ key: "p", value: p }] });
    }
    const byName = await store.searchLoggedModels({ experimentIds: [exp], orderBy: [{ fieldName: "name", ascending: true }] });
    expect(byName.map((m) => m.name)).toEqual(["a", "b", "c"]);
    expect((await store.searchLoggedModels({ experimentIds: [exp], filterString: "params.p = '2'" })).map((m) => m.name)).toEqual(["b"]);
    const first = await store.searchLoggedModels({ experimentIds: [exp], maxResults: 2, orderBy: [{ fieldName: "name", ascending: true }] });
    expect(first.map((m) => m.name)).toEqual(["a", "b"]);
    const rest = await store.searchLoggedModels({ experimentIds: [exp], maxResults: 2, orderBy: [{ fieldName: "name", ascending: true }], pageToken: first.token });
    expect(rest.map((m) => m.name)).toEqual(["c"]);
    expect(rest.token).toBeNull();
  });
}
