/**
 * mlruns writes, real MLflow reads: a varied scenario logged through mlruns's public API is
 * judged field by field by MLflow's own MlflowClient (test/mlflow/py/check_scenario.py).
 * Expected values come from what the test logged, not from mlruns reading itself back.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as mlflow from "../../src/index.js";
import { PY_DIR, runPython } from "./python.js";

type Json = Record<string, any>;
const encodeFloat = (v: number): number | string =>
  Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : Object.is(v, -0) ? "-0" : v;

interface RunRecord {
  runId: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, { timestamp: number; value: number; step: number }[]>;
  artifacts: Record<string, Buffer>;
}

const records = new Map<string, RunRecord>();
function record(runId: string): RunRecord {
  let r = records.get(runId);
  if (!r) records.set(runId, (r = { runId, params: {}, tags: {}, metrics: {}, artifacts: {} }));
  return r;
}

async function param(runId: string, key: string, value: string | number) {
  await mlflow.logParam(key, value);
  record(runId).params[key] = String(value);
}
function metric(runId: string, key: string, value: number, step: number, timestamp: number) {
  mlflow.logMetric(key, value, { step, timestamp });
  (record(runId).metrics[key] ??= []).push({ timestamp, value, step });
}
async function tag(runId: string, key: string, value: string) {
  await mlflow.setTag(key, value);
  record(runId).tags[key] = value;
}

let work: string;
let root: string;
const deletedRunIds: string[] = [];

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-scenario-"));
  root = path.join(work, "mlruns");
  mlflow.setTrackingUri(root);

  const exp = await mlflow.setExperiment("Expérience 実験 🚀 mlruns");
  await mlflow.setExperimentTag("team", "vision");
  await mlflow.setExperimentTag("note", "yes");

  const src = path.join(work, "src");
  fs.mkdirSync(path.join(src, "nested", "deeper"), { recursive: true });
  const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  fs.writeFileSync(path.join(work, "blob.bin"), binary);
  fs.writeFileSync(path.join(src, "a.txt"), "alpha\n");
  fs.writeFileSync(path.join(src, "nested", "b.csv"), "x,y\n1,2\n");
  fs.writeFileSync(path.join(src, "nested", "deeper", "c.json"), '{"c": 3}');

  await mlflow.withRun({ runName: "Лучший прогон ✨", description: "parent run\nwith two lines", tags: { phase: "initial" } }, async (parent) => {
    const id = parent.info.runId;
    record(id).tags = { phase: "initial", "mlflow.note.content": "parent run\nwith two lines" };
    await param(id, "lr", 0.001);
    await param(id, "model/depth", 7);
    await param(id, "name with spaces", "yes");
    await param(id, "long", "v".repeat(5000));
    await param(id, "empty", "");
    await tag(id, "null-ish", "null");
    await tag(id, "emoji", "🧪 ok");
    for (let step = 0; step < 1000; step++) metric(id, "loss", 1 / (step + 1), step, 1_700_000_000_000 + step);
    metric(id, "special/nan", NaN, 0, 1_700_000_000_000);
    metric(id, "special/pinf", Infinity, 0, 1_700_000_000_000);
    metric(id, "special/ninf", -Infinity, 0, 1_700_000_000_000);
    metric(id, "val acc:top1", 0.875, 3, 1_700_000_000_500);
    metric(id, "val acc:top1", 0.9, 3, 1_700_000_000_400);
    metric(id, "tiny", 1e-310, 0, 1_700_000_000_000);
    metric(id, "huge", 1.7976931348623157e308, 0, 1_700_000_000_000);
    metric(id, "int-valued", 42, 0, 1_700_000_000_000);
    metric(id, "negzero", -0, 0, 1_700_000_000_000);
    await mlflow.logArtifact(path.join(work, "blob.bin"), "bin");
    record(id).artifacts["bin/blob.bin"] = binary;
    await mlflow.logArtifacts(src, "tree");
    record(id).artifacts["tree/a.txt"] = fs.readFileSync(path.join(src, "a.txt"));
    record(id).artifacts["tree/nested/b.csv"] = fs.readFileSync(path.join(src, "nested", "b.csv"));
    record(id).artifacts["tree/nested/deeper/c.json"] = fs.readFileSync(path.join(src, "nested", "deeper", "c.json"));
    await mlflow.logText("héllo wörld\n", "notes/readme.txt");
    record(id).artifacts["notes/readme.txt"] = Buffer.from("héllo wörld\n");
    await mlflow.logDict({ a: 1, b: [1, 2] }, "config/conf.json");
    record(id).artifacts["config/conf.json"] = Buffer.from(JSON.stringify({ a: 1, b: [1, 2] }, null, 2));

    for (const fold of [0, 1]) {
      await mlflow.withRun({ runName: `fold-${fold}`, nested: true }, async (child) => {
        record(child.info.runId).tags = { "mlflow.parentRunId": id };
        await param(child.info.runId, "fold", fold);
        metric(child.info.runId, "rmse", 10 - fold, 0, 1_700_000_001_000);
      });
    }
  });

  const failedId = await mlflow
    .withRun({ runName: "will fail", experimentId: exp.experimentId }, async (run) => {
      await param(run.info.runId, "x", 1);
      throw Object.assign(new Error("expected failure"), { runId: run.info.runId });
    })
    .catch((err) => err.runId as string);
  expect(failedId).toMatch(/^[0-9a-f]{32}$/);

  const client = new mlflow.MlflowClient(root);
  const killed = await client.createRun(exp.experimentId, 1_700_000_000_000, { "mlflow.user": "ci" }, "killed run");
  await client.setTerminated(killed.info.runId, "KILLED", 1_700_000_009_000);
  record(killed.info.runId).tags = { "mlflow.user": "ci" };

  const deleted = await client.createRun(exp.experimentId, undefined, undefined, "deleted run");
  await client.deleteRun(deleted.info.runId);
  deletedRunIds.push(deleted.info.runId);
  record(deleted.info.runId);

  const plainId = await client.createExperiment("plain");
  const inDefault = await client.createRun("0", undefined, undefined, "default experiment run");
  await client.logBatch(inDefault.info.runId, [{ key: "m", value: 1, timestamp: 5, step: 2 }], [{ key: "p", value: "q" }], [{ key: "t", value: "u" }]);
  record(inDefault.info.runId).params.p = "q";
  record(inDefault.info.runId).tags.t = "u";
  record(inDefault.info.runId).metrics.m = [{ timestamp: 5, value: 1, step: 2 }];
  await client.setTerminated(inDefault.info.runId);
  const gone = await client.createExperiment("to be deleted");
  await client.deleteExperiment(gone);
  void plainId;
  await mlflow.flush();
}, 120_000);

async function expectedTree(): Promise<Json> {
  const client = new mlflow.MlflowClient(root);
  const experiments = (await client.searchExperiments({ viewType: "ALL" })).items;
  const runs: Json[] = [];
  for (const rec of records.values()) {
    const { info, data } = await client.getRun(rec.runId);
    // System tags are the one thing the test did not choose; take their values, check their presence.
    const systemTags = Object.fromEntries(Object.entries(data.tags).filter(([k]) => k.startsWith("mlflow.source.") || k === "mlflow.user"));
    const latest: Record<string, number | string> = {};
    for (const [key, points] of Object.entries(rec.metrics)) {
      const best = points.reduce((a, b) => (b.step > a.step || (b.step === a.step && (b.timestamp > a.timestamp || (b.timestamp === a.timestamp && b.value > a.value))) ? b : a));
      latest[key] = encodeFloat(best.value);
    }
    runs.push({
      runId: info.runId,
      runName: info.runName,
      experimentId: info.experimentId,
      status: info.status,
      startTime: info.startTime,
      endTime: info.endTime,
      lifecycleStage: deletedRunIds.includes(info.runId) ? "deleted" : "active",
      userId: info.userId,
      artifactUriSuffix: `${info.experimentId}/${info.runId}/artifacts`,
      params: rec.params,
      tags: { ...systemTags, ...rec.tags, "mlflow.runName": info.runName },
      metrics: latest,
      metricHistories: Object.fromEntries(
        Object.entries(rec.metrics).map(([k, pts]) => [k, pts.map((p) => ({ ...p, value: encodeFloat(p.value) }))]),
      ),
      artifacts: Object.fromEntries(
        Object.entries(rec.artifacts).map(([p, buf]) => [p, { size: buf.length, sha256: createHash("sha256").update(buf).digest("hex") }]),
      ),
    });
  }
  return {
    experiments: experiments.map((e) => ({
      experimentId: e.experimentId,
      name: e.name,
      artifactLocationSuffix: e.experimentId,
      lifecycleStage: e.lifecycleStage,
      tags: e.tags,
      creationTime: e.creationTime,
      lastUpdateTime: e.lastUpdateTime,
    })),
    runs,
  };
}

describe("MLflow reads what mlruns wrote", () => {
  it("the scenario covers what the issue names", () => {
    expect(records.size).toBeGreaterThanOrEqual(7);
    const statuses = new Set<string>();
    for (const id of records.keys()) statuses.add(fs.readFileSync(path.join(root, findRunDir(id), "meta.yaml"), "utf8").match(/status: (\d)/)![1]);
    // RUNNING (the deleted run was never ended), FINISHED, FAILED, KILLED.
    expect([...statuses].sort()).toEqual(["1", "3", "4", "5"]);
  });

  it("MlflowClient reports every experiment, run, param, tag, metric history and artifact as logged", async () => {
    const expectedFile = path.join(work, "expected.json");
    fs.writeFileSync(expectedFile, JSON.stringify(await expectedTree(), null, 1));
    let verdict: { ok: boolean; checked: number; failures: string[] };
    try {
      verdict = await runPython(path.join(PY_DIR, "check_scenario.py"), [root, expectedFile]);
    } catch (err: any) {
      verdict = err.result ?? { ok: false, checked: 0, failures: [String(err.message)] };
    }
    expect(verdict.failures).toEqual([]);
    expect(verdict.ok).toBe(true);
    // The 1000-point history alone is 3000 field checks; fewer means the judge skipped something.
    expect(verdict.checked).toBeGreaterThan(3000);
    console.log(`check_scenario.py: ${verdict.checked} field checks passed`);
  });
});

function findRunDir(runId: string): string {
  for (const parent of ["", ".trash"]) {
    const base = path.join(root, parent);
    for (const exp of fs.readdirSync(base)) {
      if (fs.existsSync(path.join(base, exp, runId, "meta.yaml"))) return path.join(parent, exp, runId);
    }
  }
  throw new Error(`run ${runId} not found`);
}
