/** syncStore between two file stores: what is copied, and that repeating a sync sends only what changed. */
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { syncStore } from "../../../src/sync/sync-store.js";
import { diagnoseStore } from "../../../src/store/file/doctor.js";
import type { FileStore } from "../../../src/store/file/file-store.js";
import { tempDir } from "../helpers/temp-store.js";
import { dataset, openFileStore, snapshotFiles, SOURCE_RUN_TAG, storeView, writeSource } from "./fixture.js";

let dir: string;
let source: FileStore;
let target: FileStore;
let ids: Awaited<ReturnType<typeof writeSource>>;

beforeEach(async () => {
  dir = tempDir("mlruns-sync-");
  source = openFileStore(path.join(dir, "local"));
  target = openFileStore(path.join(dir, "shared"));
  ids = await writeSource(source);
});

const sync = (extra: Partial<Parameters<typeof syncStore>[0]> = {}) => syncStore({ from: source, to: target, ...extra });
const nothing = { experimentsCreated: 0, runsCreated: 0, runsUpdated: 0, modelsCreated: 0, modelsUpdated: 0, params: 0, tags: 0, points: 0, artifacts: 0, bytes: 0, inputs: 0, skipped: [] };

async function targetRunOf(sourceRunId: string) {
  const exps = await target.searchExperiments({ maxResults: 100 });
  const runs = await target.searchRuns({ experimentIds: exps.map((e) => e.experimentId), filterString: `tags.\`${SOURCE_RUN_TAG}\` = '${sourceRunId}'`, runViewType: "ALL" });
  expect(runs).toHaveLength(1);
  return runs[0]!;
}

describe("a first sync", () => {
  it("copies experiments, runs, params, tags, every point, artifacts, inputs and logged models field by field", async () => {
    const summary = await sync();
    expect(summary).toMatchObject({ experimentsCreated: 2, runsCreated: 3, modelsCreated: 1, params: 3 + 1, points: 6 + 1 + 1, artifacts: 3, inputs: 3, skipped: [] });
    expect(summary.bytes).toBe(6 + 70_000 + "artifact_path: model\n".length);
    const want = await storeView(source);
    expect(await storeView(target, { stripSyncTags: true })).toEqual(want);
    // the view is not trivially equal: it holds what the fixture wrote
    expect(JSON.stringify(want)).toContain("9007199254740991");
    expect((want.vision as any).runs["fold-1"].tags["mlflow.parentRunId"]).toBe("run:sweep");
  });

  it("rewrites mlflow.parentRunId to the target's id of the parent, and tags each run with its source id", async () => {
    await sync();
    const parent = await targetRunOf(ids.parent);
    const child = await targetRunOf(ids.child);
    expect(parent.info.runId).not.toBe(ids.parent);
    expect(child.data.tags["mlflow.parentRunId"]).toBe(parent.info.runId);
    const model = (await target.searchLoggedModels({ experimentIds: [parent.info.experimentId] }))[0]!;
    expect(model.sourceRunId).toBe(parent.info.runId);
    expect(child.inputs?.modelInputs).toEqual([{ modelId: model.modelId }]);
  });

  it("leaves a journal MLflow and doctor ignore, and no owner file", async () => {
    await sync();
    const root = path.join(dir, "local");
    const extra = fs.readdirSync(root).filter((f) => f.startsWith(".mlruns-sync-"));
    expect(extra).toEqual([expect.stringMatching(/^\.mlruns-sync-[0-9a-f]{16}\.journal$/)]);
    expect(diagnoseStore(root)).toEqual([]);
  });

  it("a dry run counts the same and writes nothing anywhere", async () => {
    const before = snapshotFiles(path.join(dir, "local"));
    const dry = await sync({ dryRun: true });
    const shared = path.join(dir, "shared");
    // at most the empty store a FileStore opens with: its trash and the Default experiment
    expect(fs.existsSync(shared) ? fs.readdirSync(shared).filter((f) => f !== ".trash" && f !== "0") : []).toEqual([]);
    expect(await target.getExperimentByName("vision")).toBeNull();
    expect(snapshotFiles(path.join(dir, "local"))).toEqual(before);
    const real = await sync();
    const pick = ({ experimentsCreated, runsCreated, modelsCreated, params, tags, points, artifacts, bytes, inputs }: typeof real) => ({ experimentsCreated, runsCreated, modelsCreated, params, tags, points, artifacts, bytes, inputs });
    expect(pick(dry)).toEqual(pick(real));
  });

  it("only the experiments asked for; an unknown name says which exist", async () => {
    const summary = await sync({ experiments: ["nlp"] });
    expect(summary).toMatchObject({ experimentsCreated: 1, runsCreated: 1 });
    expect(await target.getExperimentByName("vision")).toBeNull();
    await expect(sync({ experiments: ["audio"] })).rejects.toThrow(/No active experiment named 'audio'.*'vision'/);
  });
});

describe("a sync into itself", () => {
  it("is refused however the target spells the source's folder (a path, file: + path, a trailing slash)", async () => {
    const folder = path.join(dir, "local");
    for (const to of [folder, `file:${folder}`, `file://${folder}/`, `${folder}/`]) {
      await expect(syncStore({ from: folder, to }), to).rejects.toThrow(/into itself/);
      await expect(syncStore({ from: `file:${folder}`, to }), to).rejects.toThrow(/into itself/);
    }
  });
});

describe("a second sync", () => {
  it("creates nothing, sends nothing and changes no file of the target", async () => {
    await sync();
    const before = snapshotFiles(path.join(dir, "shared"));
    const again = await sync();
    expect(again).toMatchObject({ ...nothing, runsUnchanged: 3 });
    expect(snapshotFiles(path.join(dir, "shared"))).toEqual(before);
  });

  it("after each kind of change, sends only that change", async () => {
    await sync();
    const changes: [string, () => Promise<unknown>, Partial<typeof nothing>][] = [
      ["more points", () => source.logBatch(ids.running, { metrics: [{ key: "loss", value: 1, timestamp: 1_700_000_005_000, step: 1 }, { key: "new_metric", value: 3, timestamp: 1_700_000_005_000, step: 0 }] }), { points: 2, runsUpdated: 1 }],
      ["a new tag and a changed one", () => source.logBatch(ids.parent, { tags: [{ key: "note", value: "second" }, { key: "extra", value: "x" }] }), { tags: 2, runsUpdated: 1 }],
      ["a new param", () => source.logBatch(ids.child, { params: [{ key: "seed", value: "7" }] }), { params: 1, runsUpdated: 1 }],
      ["a finished status", () => source.updateRunInfo(ids.running, "FINISHED", 1_700_000_006_000), { runsUpdated: 1 }],
      ["a new artifact", async () => source.artifactRepository((await source.getRun(ids.child)).info).writeArtifact("report.md", "# done\n"), { artifacts: 1, bytes: 7, runsUpdated: 1 }],
      ["a changed artifact", async () => source.artifactRepository((await source.getRun(ids.parent)).info).writeArtifact("notes.txt", "hello again\n"), { artifacts: 1, bytes: 12, runsUpdated: 1 }],
      ["a new dataset input", () => source.logInputs(ids.child, [dataset("val", "bbbb2222")]), { inputs: 1, runsUpdated: 1 }],
      ["a new run", async () => {
        const exp = (await source.getExperimentByName("nlp"))!;
        const run = await source.createRun({ experimentId: exp.experimentId, userId: "dan", startTime: 1_700_000_007_000, tags: [], runName: "late" });
        await source.logBatch(run.info.runId, { metrics: [{ key: "loss", value: 9, timestamp: 1_700_000_007_001, step: 0 }] });
      }, { runsCreated: 1, points: 1, tags: 2 }], // mlflow.runName and the source-id tag
      ["a new model tag", () => source.setLoggedModelTags(ids.model, [{ key: "stage", value: "prod" }]), { tags: 1, modelsUpdated: 1 }],
    ];
    for (const [what, change, sent] of changes) {
      await change();
      const summary = await sync();
      const counters = { ...nothing, ...sent };
      expect({ what, ...pickCounters(summary) }).toEqual({ what, ...counters });
      expect(await storeView(target, { stripSyncTags: true }), what).toEqual(await storeView(source));
    }
  });

  it("an artifact touched but unchanged is not sent again", async () => {
    await sync();
    const info = (await source.getRun(ids.parent)).info;
    const file = path.join(source.artifactRepository(info).rootDir!, "notes.txt");
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(await sync()).toMatchObject({ artifacts: 0, bytes: 0 });
  });

  it("a lost journal is recovered from the source-id tags: nothing is created twice, nothing sent twice", async () => {
    await sync();
    for (const f of fs.readdirSync(path.join(dir, "local")).filter((f) => f.startsWith(".mlruns-sync-"))) fs.rmSync(path.join(dir, "local", f));
    const before = snapshotFiles(path.join(dir, "shared"));
    const again = await sync();
    expect(again).toMatchObject({ ...nothing, reconciled: 4 });
    expect(snapshotFiles(path.join(dir, "shared"))).toEqual(before);
  });
});

function pickCounters(s: Awaited<ReturnType<typeof syncStore>>) {
  const { experimentsCreated, runsCreated, runsUpdated, modelsCreated, modelsUpdated, params, tags, points, artifacts, bytes, inputs, skipped } = s;
  return { experimentsCreated, runsCreated, runsUpdated, modelsCreated, modelsUpdated, params, tags, points, artifacts, bytes, inputs, skipped };
}
