import { expect, it } from "vitest";
import { ResourceAlreadyExistsError } from "../../../../src/errors.js";
import type { Conformance } from "./index.js";
import { expectMlflowError, MISSING_EXPERIMENT } from "./expect-error.js";

export function experimentsBehaviour(suite: Conformance): void {
  it("has MLflow's Default experiment, id 0, active", async () => {
    const { store } = await suite.open();
    const exp = await store.getExperiment("0");
    expect(exp).toMatchObject({ experimentId: "0", name: "Default", lifecycleStage: "active" });
    expect((await store.getExperimentByName("Default"))?.experimentId).toBe("0");
  });

  it("creates an experiment with tags and reads it back by id and by name", async () => {
    const { store } = await suite.open();
    const before = Date.now();
    const id = await store.createExperiment("exp one", undefined, [{ key: "team", value: "a" }]);
    expect(id).toMatch(/^\d+$/);
    const exp = await store.getExperiment(id);
    expect(exp).toMatchObject({ experimentId: id, name: "exp one", lifecycleStage: "active", tags: { team: "a" } });
    expect(exp.creationTime).toBeGreaterThanOrEqual(before - 1000);
    expect(exp.lastUpdateTime).toBeGreaterThanOrEqual(exp.creationTime!);
    expect(exp.artifactLocation).not.toBe("");
    expect(await store.getExperimentByName("exp one")).toEqual(exp);
  });

  it("gives every experiment its own id", async () => {
    const { store } = await suite.open();
    const ids = [await store.createExperiment("a"), await store.createExperiment("b"), await store.createExperiment("c")];
    expect(new Set([...ids, "0"]).size).toBe(4);
  });

  it("keeps an artifact location given at creation", async () => {
    const { store } = await suite.open();
    const id = await store.createExperiment("placed", "s3://bucket/somewhere");
    expect((await store.getExperiment(id)).artifactLocation).toBe("s3://bucket/somewhere");
  });

  it("answers null for a name no experiment has", async () => {
    const { store } = await suite.open();
    expect(await store.getExperimentByName("no such experiment")).toBeNull();
  });

  it("finds a name exactly: case and surrounding characters matter", async () => {
    const { store } = await suite.open();
    await store.createExperiment("Exact");
    expect(await store.getExperimentByName("exact")).toBeNull();
    expect(await store.getExperimentByName("Exact ")).toBeNull();
    expect((await store.getExperimentByName("Exact"))?.name).toBe("Exact");
  });

  it("refuses a second experiment with the same name, active or deleted (RESOURCE_ALREADY_EXISTS)", async () => {
    const { store } = await suite.open();
    const id = await store.createExperiment("dup");
    expect(await expectMlflowError(store.createExperiment("dup"), "RESOURCE_ALREADY_EXISTS", /dup/)).toBeInstanceOf(ResourceAlreadyExistsError);
    await store.deleteExperiment(id);
    await expectMlflowError(store.createExperiment("dup"), "RESOURCE_ALREADY_EXISTS", suite.capabilities.fileStoreMessages ? "already exists in deleted state" : undefined);
  });

  it("renames, keeping id and tags; the old name is free afterwards", async () => {
    const { store } = await suite.open();
    const id = await store.createExperiment("old", undefined, [{ key: "k", value: "v" }]);
    await store.renameExperiment(id, "new");
    expect(await store.getExperiment(id)).toMatchObject({ name: "new", tags: { k: "v" } });
    expect(await store.getExperimentByName("old")).toBeNull();
    expect((await store.getExperimentByName("new"))?.experimentId).toBe(id);
    expect(await store.createExperiment("old")).not.toBe(id);
  });

  it("refuses to rename onto a name in use", async () => {
    const { store } = await suite.open();
    const a = await store.createExperiment("a");
    await store.createExperiment("b");
    await expectMlflowError(store.renameExperiment(a, "b"), suite.capabilities.errors.renameOntoTakenName);
    expect((await store.getExperiment(a)).name).toBe("a");
  });

  it("sets experiment tags, overwriting by key", async () => {
    const { store } = await suite.open();
    const id = await store.createExperiment("tagged");
    await store.setExperimentTag(id, { key: "stage", value: "dev" });
    await store.setExperimentTag(id, { key: "stage", value: "prod" });
    await store.setExperimentTag(id, { key: "owner", value: "me" });
    expect((await store.getExperiment(id)).tags).toEqual({ stage: "prod", owner: "me" });
  });

  it("refuses to tag a deleted experiment (INVALID_PARAMETER_VALUE, as set_experiment_tag says)", async () => {
    const { store } = await suite.open();
    const id = await store.createExperiment("frozen");
    await store.deleteExperiment(id);
    const says = suite.capabilities.fileStoreMessages ? /must be in the 'active' lifecycle_stage/ : new RegExp(`experiment ${id}\\b.*'active'`);
    await expectMlflowError(store.setExperimentTag(id, { key: "k", value: "v" }), "INVALID_PARAMETER_VALUE", says);
    expect((await store.getExperiment(id)).tags).toEqual({});
  });

  it("reports an unknown experiment id as RESOURCE_DOES_NOT_EXIST for every verb", async () => {
    const { store } = await suite.open();
    await expectMlflowError(store.getExperiment(MISSING_EXPERIMENT), "RESOURCE_DOES_NOT_EXIST");
    await expectMlflowError(store.deleteExperiment(MISSING_EXPERIMENT), "RESOURCE_DOES_NOT_EXIST");
    await expectMlflowError(store.restoreExperiment(MISSING_EXPERIMENT), "RESOURCE_DOES_NOT_EXIST");
    await expectMlflowError(store.renameExperiment(MISSING_EXPERIMENT, "x"), "RESOURCE_DOES_NOT_EXIST");
    await expectMlflowError(store.setExperimentTag(MISSING_EXPERIMENT, { key: "k", value: "v" }), "RESOURCE_DOES_NOT_EXIST");
  });

  it("refuses bad experiment names with INVALID_PARAMETER_VALUE (through the client)", async () => {
    const { client } = await suite.open();
    await expectMlflowError(client.createExperiment(""), "INVALID_PARAMETER_VALUE");
    await expectMlflowError(client.createExperiment("x".repeat(501)), "INVALID_PARAMETER_VALUE", /maximum length of 500/);
    await expectMlflowError(client.getExperiment("../etc"), "INVALID_PARAMETER_VALUE", /Invalid experiment ID/);
  });
}
