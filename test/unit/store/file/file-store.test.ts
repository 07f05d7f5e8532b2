import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  FileStore,
  InvalidParameterError,
  InvalidStateError,
  MlflowClient,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
} from "../../../../src/index.js";
import { listTree, tempDir } from "../../helpers/temp-store.js";
import { captureWarnings, messagesWithCode } from "../../helpers/warnings.js";

let dir: string;
let root: string;
let client: MlflowClient;

beforeEach(() => {
  dir = tempDir();
  root = path.join(dir, "mlruns");
  client = new MlflowClient(root);
});

describe("experiments", () => {
  it("creates the Default experiment (id 0) on first use, as MLflow does", async () => {
    const exp = await client.getExperiment("0");
    expect(exp.name).toBe("Default");
    expect(exp.artifactLocation).toBe(`file://${root}/0`);
    expect(fs.existsSync(path.join(root, ".trash"))).toBe(true);
  });

  it("does not create a store just to read from a missing one through FileStore construction", () => {
    new FileStore(path.join(dir, "never"));
    expect(fs.existsSync(path.join(dir, "never"))).toBe(false);
  });

  it("writes experiment meta.yaml with MLflow 3.17's keys", async () => {
    const id = await client.createExperiment("exp one", undefined, { team: "a" });
    expect(id).toMatch(/^[1-9][0-9]{17}$/);
    const meta = fs.readFileSync(path.join(root, id, "meta.yaml"), "utf8");
    expect(meta).toMatch(
      new RegExp(
        `^artifact_location: file://${root}/${id}\ncreation_time: \\d+\neffective_trace_archival_retention: null\nexperiment_id: '${id}'\nlast_update_time: \\d+\nlifecycle_stage: active\nname: exp one\ntrace_location: null\nworkspace: default\n$`,
      ),
    );
    expect(fs.readFileSync(path.join(root, id, "tags", "team"), "utf8")).toBe("a");
    expect((await client.getExperimentByName("exp one"))?.tags).toEqual({ team: "a" });
  });

  it("deletes to .trash, marks its runs deleted, and restores both", async () => {
    const id = await client.createExperiment("gone");
    const run = await client.createRun(id);
    await client.deleteExperiment(id);
    expect(fs.existsSync(path.join(root, ".trash", id, "meta.yaml"))).toBe(true);
    expect((await client.getExperiment(id)).lifecycleStage).toBe("deleted");
    expect((await client.getRun(run.info.runId)).info.lifecycleStage).toBe("deleted");
    expect(fs.readFileSync(path.join(root, ".trash", id, run.info.runId, "meta.yaml"), "utf8")).toMatch(/deleted_time: \d+/);
    await client.restoreExperiment(id);
    expect((await client.getExperiment(id)).lifecycleStage).toBe("active");
    const restored = await client.getRun(run.info.runId);
    expect(restored.info.lifecycleStage).toBe("active");
    expect(fs.readFileSync(path.join(root, id, run.info.runId, "meta.yaml"), "utf8")).not.toMatch(/deleted_time/);
  });

  it("renames, writing tags into meta.yaml as MLflow does", async () => {
    const id = await client.createExperiment("old", undefined, { k: "v" });
    await client.renameExperiment(id, "new");
    expect((await client.getExperiment(id)).name).toBe("new");
    expect(fs.readFileSync(path.join(root, id, "meta.yaml"), "utf8")).toContain("tags:\n  k: v\n");
  });

});

describe("runs", () => {
  it("writes run meta.yaml with MLflow 3.17's keys and the run name tag", async () => {
    const run = await client.createRun("0", 1700000000000, { "mlflow.user": "alice" }, "my run");
    const runDir = path.join(root, "0", run.info.runId);
    expect(run.info.runId).toMatch(/^[0-9a-f]{32}$/);
    expect(fs.readFileSync(path.join(runDir, "meta.yaml"), "utf8")).toBe(
      [
        `artifact_uri: file://${runDir}/artifacts`,
        "end_time: null",
        "entry_point_name: ''",
        "experiment_id: '0'",
        "lifecycle_stage: active",
        `run_id: ${run.info.runId}`,
        "run_name: my run",
        "source_name: ''",
        "source_type: 4",
        "source_version: ''",
        "start_time: 1700000000000",
        "status: 1",
        "tags: []",
        "user_id: alice",
        "",
      ].join("\n"),
    );
    expect(fs.readFileSync(path.join(runDir, "tags", "mlflow.runName"), "utf8")).toBe("my run");
    for (const sub of ["metrics", "params", "artifacts", "tags"]) expect(fs.statSync(path.join(runDir, sub)).isDirectory()).toBe(true);
  });

  it("round-trips params, tags and metrics, with keys containing '/'", async () => {
    const { info } = await client.createRun("0");
    await client.logParam(info.runId, "model/depth", 3);
    await client.logParam(info.runId, "lr", 0.1);
    await client.setTag(info.runId, "stage", "dev");
    client.logMetric(info.runId, "loss/train", 0.5, 1000, 0);
    client.logMetric(info.runId, "loss/train", 0.25, 1001, 1);
    const run = await client.getRun(info.runId);
    expect(run.data.params).toEqual({ "model/depth": "3", lr: "0.1" });
    expect(run.data.tags.stage).toBe("dev");
    expect(run.data.metrics).toEqual({ "loss/train": 0.25 });
    const runDir = path.join(root, "0", info.runId);
    expect(fs.readFileSync(path.join(runDir, "params", "model", "depth"), "utf8")).toBe("3");
    expect(fs.readFileSync(path.join(runDir, "metrics", "loss", "train"), "utf8")).toBe("1000 0.5 0\n1001 0.25 1\n");
  });

  it("buffers points and appends them within the flush interval, with no explicit flush", async () => {
    const store = new FileStore(path.join(dir, "timed"), { flushIntervalMs: 200 });
    const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] });
    const file = path.join(dir, "timed", "0", run.info.runId, "metrics", "m");
    store.queueMetrics(run.info.runId, [{ key: "m", value: 1, timestamp: 1, step: 0 }]);
    expect(fs.existsSync(file)).toBe(false);
    await new Promise((r) => setTimeout(r, 600));
    expect(fs.readFileSync(file, "utf8")).toBe("1 1.0 0\n");
  });

  it("stores NaN and infinities as Python writes them and reads them back", async () => {
    const { info } = await client.createRun("0");
    client.logMetric(info.runId, "nan", NaN, 1, 0);
    client.logMetric(info.runId, "pinf", Infinity, 1, 0);
    client.logMetric(info.runId, "ninf", -Infinity, 1, 0);
    const run = await client.getRun(info.runId);
    expect(run.data.metrics.nan).toBeNaN();
    expect(run.data.metrics.pinf).toBe(Infinity);
    expect(run.data.metrics.ninf).toBe(-Infinity);
    const metricsDir = path.join(root, "0", info.runId, "metrics");
    expect(fs.readFileSync(path.join(metricsDir, "nan"), "utf8")).toBe("1 nan 0\n");
    expect(fs.readFileSync(path.join(metricsDir, "pinf"), "utf8")).toBe("1 inf 0\n");
    expect(fs.readFileSync(path.join(metricsDir, "ninf"), "utf8")).toBe("1 -inf 0\n");
  });

  // The same value again and a refused change (conformance/params.ts) leave one file, params/p.
  it("a param logged twice and refused a change is one file", async () => {
    const { info } = await client.createRun("0");
    await client.logParam(info.runId, "p", "a");
    await client.logParam(info.runId, "p", "a");
    await expect(client.logParam(info.runId, "p", "b")).rejects.toThrow();
    expect(listTree(path.join(root, "0", info.runId, "params"))).toEqual(["p"]);
  });

  it("refuses traversal in keys and writes nothing outside the store", async () => {
    const { info } = await client.createRun("0");
    for (const key of ["../../x", "/etc/x", "a/../../b", "..", "a\\b"]) {
      await expect(client.logParam(info.runId, key, 1)).rejects.toThrow(InvalidParameterError);
      await expect(client.setTag(info.runId, key, 1)).rejects.toThrow(InvalidParameterError);
      expect(() => client.logMetric(info.runId, key, 1)).toThrow(InvalidParameterError);
    }
    expect(listTree(dir).every((p) => p.startsWith("mlruns"))).toBe(true);
    expect(listTree(path.join(root, "0", info.runId, "params"))).toEqual([]);
  });

  it("renames a run through the mlflow.runName tag, updating meta.yaml", async () => {
    const { info } = await client.createRun("0", undefined, undefined, "first");
    await client.setTag(info.runId, "mlflow.runName", "second");
    expect((await client.getRun(info.runId)).info.runName).toBe("second");
    expect(fs.readFileSync(path.join(root, "0", info.runId, "meta.yaml"), "utf8")).toContain("run_name: second\n");
  });

});

describe("artifacts", () => {
  it("logs files, folders, text and dicts, and lists and downloads them", async () => {
    const { info } = await client.createRun("0");
    const src = path.join(dir, "src");
    fs.mkdirSync(path.join(src, "sub"), { recursive: true });
    fs.writeFileSync(path.join(src, "a.bin"), Buffer.from([0, 1, 2, 255]));
    fs.writeFileSync(path.join(src, "sub", "b.txt"), "b");
    await client.logArtifact(info.runId, path.join(src, "a.bin"));
    await client.logArtifacts(info.runId, src, "copy");
    await client.logText(info.runId, "hello", "notes/hello.txt");
    await client.logDict(info.runId, { a: 1 }, "conf.json");
    await client.logDict(info.runId, { a: 1 }, "conf.yaml");
    expect((await client.listArtifacts(info.runId)).map((f) => [f.path, f.isDir, f.fileSize])).toEqual([
      ["a.bin", false, 4],
      ["conf.json", false, 12],
      ["conf.yaml", false, 5],
      ["copy", true, null],
      ["notes", true, null],
    ]);
    expect((await client.listArtifacts(info.runId, "copy/sub")).map((f) => f.path)).toEqual(["copy/sub/b.txt"]);
    const out = await client.downloadArtifacts(info.runId, "copy", path.join(dir, "dl"));
    expect(fs.readFileSync(path.join(out, "a.bin"))).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it("an artifact copy in flight (or cut short by a kill) is neither listed nor downloaded", async () => {
    const { info } = await client.createRun("0");
    await client.logText(info.runId, "done", "out/r6.txt");
    const artifacts = path.join(root, "0", info.runId, "artifacts");
    fs.writeFileSync(path.join(artifacts, "out", ".r6.txt.4242.7.tmp"), "hal");
    fs.writeFileSync(path.join(artifacts, ".r7.txt.4242.8.tmp"), "");
    fs.writeFileSync(path.join(artifacts, "out", ".keep.tmp"), "a user's file that merely looks like one");
    expect((await client.listArtifacts(info.runId)).map((f) => f.path)).toEqual(["out"]);
    expect((await client.listArtifacts(info.runId, "out")).map((f) => f.path)).toEqual(["out/.keep.tmp", "out/r6.txt"]);
    const out = await client.downloadArtifacts(info.runId, "out", path.join(dir, "dl"));
    expect(fs.readdirSync(out).sort()).toEqual([".keep.tmp", "r6.txt"]);
  });

  it("refuses absolute and escaping artifact paths", async () => {
    const { info } = await client.createRun("0");
    for (const bad of ["/tmp/evil.txt", "../evil.txt", "a/../../evil.txt", "%2e%2e/evil.txt"]) {
      await expect(client.logText(info.runId, "x", bad)).rejects.toThrow(InvalidParameterError);
    }
    expect(listTree(dir).every((p) => p.startsWith("mlruns"))).toBe(true);
  });

  it("does not follow symlinks that point outside a logged folder", async () => {
    const { info } = await client.createRun("0");
    const src = path.join(dir, "src");
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(dir, "secret.txt"), "secret");
    fs.writeFileSync(path.join(src, "ok.txt"), "ok");
    fs.symlinkSync(path.join(dir, "secret.txt"), path.join(src, "leak.txt"));
    await client.logArtifacts(info.runId, src);
    expect((await client.listArtifacts(info.runId)).map((f) => f.path)).toEqual(["ok.txt"]);
  });

  it("finds artifacts of a tree that was moved after logging", async () => {
    const { info } = await client.createRun("0");
    await client.logText(info.runId, "moved", "m.txt");
    const moved = path.join(dir, "elsewhere");
    fs.renameSync(root, moved);
    const c2 = new MlflowClient(moved);
    const out = await c2.downloadArtifacts(info.runId, "m.txt", path.join(dir, "dl"));
    expect(fs.readFileSync(out, "utf8")).toBe("moved");
  });
});

describe("crash leftovers", () => {
  it("keeps temp files of param and tag writes out of params/ and tags/", async () => {
    const { info } = await client.createRun("0");
    const runDir = path.join(root, "0", info.runId);
    // Freeze a write half-way: the temp file must already sit outside params/.
    const realLink = fs.linkSync;
    let seenDuringWrite: string[] = [];
    (fs as { linkSync: typeof fs.linkSync }).linkSync = ((a: fs.PathLike, b: fs.PathLike) => {
      seenDuringWrite = listTree(path.join(runDir, "params"));
      return realLink(a, b);
    }) as typeof fs.linkSync;
    try {
      await client.logParam(info.runId, "lr", 0.1);
    } finally {
      (fs as { linkSync: typeof fs.linkSync }).linkSync = realLink;
    }
    expect(seenDuringWrite).toEqual([]);
    await client.setTag(info.runId, "t", "v");
    expect(listTree(path.join(runDir, "params"))).toEqual(["lr"]);
    expect(listTree(path.join(runDir, "tags")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("ignores a torn last metric line instead of misreading it", async () => {
    const { info } = await client.createRun("0");
    const file = path.join(root, "0", info.runId, "metrics", "m");
    fs.writeFileSync(file, "1 0.5 0\n2 0.25 1\n3 0.1");
    const { warnings } = await captureWarnings(async () => {
      const history = await client.getMetricHistory(info.runId, "m");
      expect(history.map((p) => [p.timestamp, p.value, p.step])).toEqual([[1, 0.5, 0], [2, 0.25, 1]]);
      expect((await client.getRun(info.runId)).data.metrics.m).toBe(0.25);
    });
    // Each of the two reads says what it skipped and where.
    const skipped = `Skipped an incomplete last line '3 0.1' (a write that was cut short) in ${file}.`;
    expect(messagesWithCode(warnings)).toEqual([expect.stringContaining(skipped), expect.stringContaining(skipped)]);
  });
});
