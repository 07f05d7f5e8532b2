import { expect, it } from "vitest";
import type { Conformance } from "./index.js";
import { expectMlflowError } from "./expect-error.js";

type Opened = Awaited<ReturnType<Conformance["open"]>>;
const newRun = async ({ store }: Opened) => (await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] })).info.runId;

export function tagsBehaviour(suite: Conformance): void {
  it("sets tags and overwrites them by key", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    await opened.store.logBatch(runId, { tags: [{ key: "stage", value: "dev" }, { key: "a/b", value: "1" }] });
    await opened.store.logBatch(runId, { tags: [{ key: "stage", value: "prod" }] });
    expect((await opened.store.getRun(runId)).data.tags).toMatchObject({ stage: "prod", "a/b": "1" });
  });

  it("deletes a tag; deleting a missing one is RESOURCE_DOES_NOT_EXIST", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    await opened.store.logBatch(runId, { tags: [{ key: "t", value: "v" }] });
    await opened.store.deleteTag(runId, "t");
    expect((await opened.store.getRun(runId)).data.tags.t).toBeUndefined();
    await expectMlflowError(opened.store.deleteTag(runId, "t"), "RESOURCE_DOES_NOT_EXIST");
  });

  it("the client stringifies tag values", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    await opened.client.setTag(runId, "n", 5);
    await opened.client.setTag(runId, "b", false);
    expect((await opened.store.getRun(runId)).data.tags).toMatchObject({ n: "5", b: "False" });
  });

  it("takes long tag values up to MLflow's limit and refuses longer ones instead of truncating", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    await opened.client.setTag(runId, "ok", "x".repeat(8000));
    await expectMlflowError(opened.client.setTag(runId, "big", "x".repeat(10_000)), "INVALID_PARAMETER_VALUE");
    const tags = (await opened.store.getRun(runId)).data.tags;
    expect(tags.ok).toHaveLength(8000);
    expect(tags.big).toBeUndefined();
  });

  it("refuses tag keys that escape or are not names", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    for (const key of ["../../x", "/etc/x", "..", "a\\b"]) {
      await expectMlflowError(opened.client.setTag(runId, key, 1), "INVALID_PARAMETER_VALUE");
    }
  });

  it("refuses to tag or delete tags of a deleted run", async () => {
    const opened = await suite.open();
    const runId = await newRun(opened);
    await opened.store.logBatch(runId, { tags: [{ key: "t", value: "v" }] });
    await opened.store.deleteRun(runId);
    await expect(opened.store.logBatch(runId, { tags: [{ key: "x", value: "y" }] })).rejects.toThrow(/active/);
    await expect(opened.store.deleteTag(runId, "t")).rejects.toThrow(/active/);
  });
}
