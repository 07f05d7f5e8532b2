/**
 * logArtifacts(localDir, artifactPath?, { include, exclude }): glob patterns (fast-glob,
 * relative to localDir) choose the files, so a training folder can be logged without its
 * checkpoints and caches. The fluent API and MlflowClient take the same options.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import { useFluentStore } from "../helpers/fluent-store.js";
import { listTree } from "../helpers/temp-store.js";

let work: string;
let src: string;
let client: mlflow.MlflowClient;

/** A training folder: the model, metrics, checkpoints, a Python cache and a hidden file. */
function trainingFolder(dir: string): void {
  const files: Record<string, string> = {
    "model.json": "{}",
    "weights.bin": "w",
    "metrics/summary.json": "{}",
    "metrics/plot.png": "png",
    "checkpoints/epoch-1.ckpt": "c1",
    "checkpoints/epoch-2.ckpt": "c2",
    "src/__pycache__/util.cpython-311.pyc": "pyc",
    "src/util.py": "py",
    ".hidden": "h",
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

const store = useFluentStore();

// The store is <work>/mlruns; the folder to log is <work>/out beside it.
beforeEach(() => {
  work = path.dirname(store.root);
  src = path.join(work, "out");
  trainingFolder(src);
  client = new mlflow.MlflowClient(store.root);
});

async function logged(runId: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir?: string): Promise<void> => {
    for (const f of await client.listArtifacts(runId, dir)) {
      if (f.isDir) await walk(f.path);
      else out.push(f.path);
    }
  };
  await walk();
  return out.sort();
}

describe("MlflowClient.logArtifacts with include / exclude", () => {
  it("without options copies the whole folder, as before", async () => {
    const { info } = await client.createRun("0");
    await client.logArtifacts(info.runId, src);
    expect(await logged(info.runId)).toHaveLength(9);
  });

  it("exclude skips checkpoints and caches at any depth", async () => {
    const { info } = await client.createRun("0");
    await client.logArtifacts(info.runId, src, undefined, { exclude: ["checkpoints/**", "**/__pycache__/**"] });
    expect(await logged(info.runId)).toEqual([".hidden", "metrics/plot.png", "metrics/summary.json", "model.json", "src/util.py", "weights.bin"]);
  });

  it("include keeps only matching files, at their relative paths under artifactPath", async () => {
    const { info } = await client.createRun("0");
    await client.logArtifacts(info.runId, src, "results", { include: "**/*.json" });
    expect(await logged(info.runId)).toEqual(["results/metrics/summary.json", "results/model.json"]);
    const dl = await client.downloadArtifacts(info.runId, "results/metrics/summary.json", path.join(work, "dl"));
    expect(fs.readFileSync(dl, "utf8")).toBe("{}");
  });

  it("include and exclude together; a pattern without '**' matches at the top only", async () => {
    const { info } = await client.createRun("0");
    await client.logArtifacts(info.runId, src, undefined, { include: ["*.json", "*.bin", "checkpoints/*"], exclude: "**/epoch-1.*" });
    expect(await logged(info.runId)).toEqual(["checkpoints/epoch-2.ckpt", "model.json", "weights.bin"]);
  });

  it("nothing matching logs nothing and is not an error", async () => {
    const { info } = await client.createRun("0");
    await client.logArtifacts(info.runId, src, undefined, { include: "**/*.onnx" });
    expect(await client.listArtifacts(info.runId)).toEqual([]);
  });

  it("does not follow symlinks that point outside the folder", async () => {
    const { info } = await client.createRun("0");
    fs.writeFileSync(path.join(work, "secret.json"), "secret");
    fs.symlinkSync(path.join(work, "secret.json"), path.join(src, "leak.json"));
    fs.symlinkSync(path.join(src, "model.json"), path.join(src, "alias.json"));
    await client.logArtifacts(info.runId, src, undefined, { include: "*.json" });
    expect(await logged(info.runId)).toEqual(["alias.json", "model.json"]);
  });

  it("refuses patterns that leave the folder and options that are not patterns, writing nothing", async () => {
    const { info } = await client.createRun("0");
    for (const bad of [{ include: "../*" }, { include: "/etc/*" }, { exclude: ["a/../../b"] }, { include: "" }, { include: [3 as never] }]) {
      await expect(client.logArtifacts(info.runId, src, undefined, bad)).rejects.toBeInstanceOf(mlflow.InvalidParameterError);
    }
    await expect(client.logArtifacts(info.runId, src, undefined, { include: "../*" })).rejects.toThrow(/reaches outside the folder/);
    expect(await client.listArtifacts(info.runId)).toEqual([]);
    expect(listTree(work).filter((p) => !p.startsWith("mlruns") && !p.startsWith("out") && p !== "secret.json")).toEqual([]);
  });

  it("logModelArtifacts takes the same options", async () => {
    const model = await client.createLoggedModel("0", "m");
    await client.logModelArtifacts(model.modelId, src, undefined, { include: "*.bin" });
    expect((await client.listLoggedModelArtifacts(model.modelId)).map((f) => f.path)).toEqual(["weights.bin"]);
  });
});

describe("mlflow.logArtifacts (fluent) with include / exclude", () => {
  it("logs only the chosen files of the active run", async () => {
    const run = await mlflow.startRun();
    await mlflow.logArtifacts(src, "out", { exclude: ["checkpoints/**", "**/__pycache__/**", ".*"] });
    await mlflow.endRun();
    expect(await logged(run.info.runId)).toEqual(["out/metrics/plot.png", "out/metrics/summary.json", "out/model.json", "out/src/util.py", "out/weights.bin"]);
  });
});
