/**
 * The file store's removal for good, on disk: which folders go (the run's, its artifacts kept
 * elsewhere, the model's, the experiment's in .trash) and which stay. Behaviour through the
 * interface is in the conformance suite (hard-delete.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../../src/api/client.js";
import { hardDeletingStore } from "../../../../src/cli/gc-store.js";
import { FileStore } from "../../../../src/store/file/index.js";
import { MemoryStore } from "../helpers/memory-store.js";
import { listTree, tempDir } from "../../helpers/temp-store.js";
import { captureWarnings } from "../../helpers/warnings.js";

let work: string;
let root: string;
let store: FileStore;
let client: MlflowClient;

beforeEach(() => {
  work = tempDir("mlruns-gc-");
  root = path.join(work, "mlruns");
  store = new FileStore(root);
  client = new MlflowClient(store);
});

describe("FileStore hard delete", () => {
  it("removes the run's folder with its artifacts and leaves its experiment and siblings", async () => {
    const doomed = await client.createRun("0");
    const kept = await client.createRun("0");
    await client.logText(doomed.info.runId, "bytes", "out/file.txt");
    await client.deleteRun(doomed.info.runId);
    expect(fs.existsSync(path.join(root, "0", doomed.info.runId, "artifacts", "out", "file.txt"))).toBe(true);
    await store.hardDeleteRun(doomed.info.runId);
    expect(fs.existsSync(path.join(root, "0", doomed.info.runId))).toBe(false);
    expect(fs.existsSync(path.join(root, "0", kept.info.runId, "meta.yaml"))).toBe(true);
    expect(fs.existsSync(path.join(root, "0", "meta.yaml"))).toBe(true);
  });

  it("removes artifacts kept outside the store only when the folder is that run's <run id>/artifacts", async () => {
    const outside = path.join(work, "art");
    const exp = await client.createExperiment("custom", pathToFileURL(outside).href);
    const run = await client.createRun(exp);
    await client.logText(run.info.runId, "x", "f.txt");
    fs.writeFileSync(path.join(outside, "unrelated.txt"), "keep me");
    await client.deleteRun(run.info.runId);
    expect(await store.hardDeleteRun(run.info.runId)).toEqual([]);
    expect(fs.existsSync(path.join(outside, run.info.runId))).toBe(false);
    expect(fs.readFileSync(path.join(outside, "unrelated.txt"), "utf8")).toBe("keep me");
  });

  it("leaves artifacts that are not in a local folder, and says so", async () => {
    const exp = await client.createExperiment("remote", "s3://bucket/prefix");
    const run = await client.createRun(exp);
    await client.deleteRun(run.info.runId);
    expect(await store.hardDeleteRun(run.info.runId)).toEqual([`left the artifacts of run ${run.info.runId} at s3://bucket/prefix/${run.info.runId}/artifacts: not a local folder`]);
    expect(fs.existsSync(path.join(root, exp, run.info.runId))).toBe(false);
  });

  it("removes a deleted experiment's folder in .trash and nothing outside it", async () => {
    const exp = await client.createExperiment("doomed");
    await client.createRun(exp);
    await client.deleteExperiment(exp);
    const before = listTree(root).filter((p) => !p.startsWith(`.trash/${exp}`));
    await store.hardDeleteExperiment(exp);
    expect(fs.existsSync(path.join(root, ".trash", exp))).toBe(false);
    expect(listTree(root)).toEqual(before);
  });

  it("removes a deleted logged model's folder with its files", async () => {
    const model = await client.createLoggedModel("0", "m");
    const src = path.join(work, "weights.bin");
    fs.writeFileSync(src, "w");
    await client.logModelArtifact(model.modelId, src);
    const dir = path.join(root, "0", "models", model.modelId);
    expect(fs.existsSync(path.join(dir, "artifacts", "weights.bin"))).toBe(true);
    await client.deleteLoggedModel(model.modelId);
    await store.hardDeleteLoggedModel(model.modelId);
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe("FileStore deleted logged models", () => {
  it("skips a model folder with a damaged meta.yaml with a warning, as search does, and lists the others", async () => {
    const dead = await client.createLoggedModel("0", "dead");
    await client.deleteLoggedModel(dead.modelId);
    const bad = path.join(root, "0", "models", "m-bad");
    fs.mkdirSync(bad, { recursive: true });
    fs.writeFileSync(path.join(bad, "meta.yaml"), "a: [unclosed\n");
    // A stray folder at the root is no experiment (its name is not even a valid experiment id).
    fs.mkdirSync(path.join(root, ".git", "objects"), { recursive: true });
    // Nor is a copy of an experiment folder under a name that is no experiment id.
    fs.cpSync(path.join(root, "0"), path.join(root, "0.bak"), { recursive: true });
    const { result, warnings } = await captureWarnings(() => store.getDeletedLoggedModels());
    expect(result).toEqual([dead.modelId]);
    expect(await store.getDeletedRuns()).toEqual([]);
    expect(warnings.map((w) => w.message).join("\n")).toContain(`Malformed or unreadable model folder skipped: ${bad}`);
  });
});

describe("mlruns gc on a store without hard delete", () => {
  it("says the store cannot remove anything for good, naming it", () => {
    expect(() => hardDeletingStore(new MlflowClient(new MemoryStore("http://127.0.0.1:5000")))).toThrow(
      "gc cannot remove anything from http://127.0.0.1:5000: that store has no hard delete",
    );
    expect(hardDeletingStore(client)).toBe(store);
  });
});
