import { expect, it } from "vitest";
import type { Dataset, DatasetInput } from "../../../../src/entities.js";
import type { Conformance } from "./index.js";
import { expectMlflowError } from "./expect-error.js";

const dataset = (name: string, digest: string): Dataset => ({
  name,
  digest,
  sourceType: "local",
  source: JSON.stringify({ uri: `/data/${name}.csv` }),
  schema: JSON.stringify({ mlflow_colspec: [{ type: "long", name: "a", required: true }] }),
  profile: JSON.stringify({ num_rows: 3, num_elements: 3 }),
});
const input = (ds: Dataset, context?: string): DatasetInput => ({ dataset: ds, tags: context ? [{ key: "mlflow.data.context", value: context }] : [] });

export function datasetsBehaviour(suite: Conformance): void {
  it("records dataset inputs and reads back the whole dataset with its tags", async () => {
    const { store } = await suite.open();
    const { info } = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    const train = dataset("train", "daa55b8f");
    await store.logInputs(info.runId, [input(train, "training")]);
    const run = await store.getRun(info.runId);
    expect(run.inputs?.datasetInputs).toEqual([{ dataset: train, tags: [{ key: "mlflow.data.context", value: "training" }] }]);
    expect(run.inputs?.modelInputs).toEqual([]);
  });

  it("logging the same dataset again keeps one input with its first tags; other runs share it", async () => {
    const { store } = await suite.open();
    const a = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    const b = await store.createRun({ experimentId: "0", userId: "u", startTime: 2, tags: [] });
    const train = dataset("train", "daa55b8f");
    await store.logInputs(a.info.runId, [input(train, "training")]);
    await store.logInputs(a.info.runId, [input(train, "other")]);
    await store.logInputs(b.info.runId, [input(train)]);
    const ra = await store.getRun(a.info.runId);
    expect(ra.inputs!.datasetInputs).toHaveLength(1);
    expect(ra.inputs!.datasetInputs[0]!.tags).toEqual([{ key: "mlflow.data.context", value: "training" }]);
    expect((await store.getRun(b.info.runId)).inputs!.datasetInputs).toEqual([{ dataset: train, tags: [] }]);
  });

  it("several datasets in one call, and model inputs", async () => {
    const { store } = await suite.open();
    const { info } = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    const model = await store.createLoggedModel({ experimentId: "0", name: "m" });
    await store.logInputs(info.runId, [input(dataset("train", "aaaa1111"), "training"), input(dataset("val", "bbbb2222"), "validation")], [{ modelId: model.modelId }]);
    const run = await store.getRun(info.runId);
    expect(run.inputs!.datasetInputs.map((d) => d.dataset.name).sort()).toEqual(["train", "val"]);
    expect(run.inputs!.modelInputs).toEqual([{ modelId: model.modelId }]);
  });

  it("searchRuns filters on datasets.name, digest and context; runs without datasets never match", async () => {
    const { store } = await suite.open();
    const exp = await store.createExperiment("ds-search");
    for (const [name, ds, context] of [
      ["with-train", dataset("train", "daa55b8f"), "training"],
      ["with-val", dataset("val", "0f0f0f0f"), "validation"],
      ["none", undefined, undefined],
    ] as const) {
      const run = await store.createRun({ experimentId: exp, userId: "u", startTime: 1, tags: [], runName: name });
      if (ds) await store.logInputs(run.info.runId, [input(ds, context)]);
    }
    const find = async (filterString: string) => (await store.searchRuns({ experimentIds: [exp], filterString })).map((r) => r.info.runName).sort();
    expect(await find("datasets.name = 'train'")).toEqual(["with-train"]);
    expect(await find("datasets.digest = 'daa55b8f'")).toEqual(["with-train"]);
    expect(await find("datasets.context = 'validation'")).toEqual(["with-val"]);
    expect(await find("datasets.name IN ('train', 'val')")).toEqual(["with-train", "with-val"]);
    expect(await find("datasets.name LIKE 'tr%'")).toEqual(["with-train"]);
    expect(await find("datasets.name != 'train'")).toEqual(["with-val"]);
  });

  it("a deleted run takes no inputs", async () => {
    const { store } = await suite.open();
    const { info } = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    await store.deleteRun(info.runId);
    await expect(store.logInputs(info.runId, [input(dataset("train", "daa55b8f"))])).rejects.toThrow(
      suite.capabilities.fileStoreMessages ? /must be in the 'active' state/ : /must be in the 'active' state|must be in 'active' lifecycle_stage/,
    );
  });

  it("the client refuses datasets missing required fields (INVALID_PARAMETER_VALUE)", async () => {
    const { client, store } = await suite.open();
    const { info } = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    await expectMlflowError(client.logInputs(info.runId, [input({ ...dataset("x", "d"), name: "" })]), "INVALID_PARAMETER_VALUE");
    await expectMlflowError(client.logInputs(info.runId, [input({ ...dataset("x", "d"), digest: 5 as never })]), "INVALID_PARAMETER_VALUE");
  });
}
