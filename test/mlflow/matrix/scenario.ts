/**
 * The scenario of test/mlflow/scenario.test.ts, as a function the matrix and UI suites can call
 * for a store of their own: logged through mlruns's public API, with what was logged recorded
 * on the side (expected values come from the test, not from mlruns reading itself back).
 *
 * It covers: a unicode experiment with tags; a parent run with a description, params (one of
 * 5,000 characters, one empty), tags, a 1,000-step metric, NaN/±Infinity/-0/subnormal metrics,
 * binary, nested and unicode artifacts, and two nested child runs; FAILED, KILLED and deleted
 * runs; a run in the Default experiment logged with logBatch; an empty experiment; a deleted
 * experiment (in .trash/). `expected` has check_scenario.py's EXPECTED_JSON shape.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as mlflow from "../../../src/index.js";

type Json = Record<string, any>;

export const encodeFloat = (v: number): number | string =>
  Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : Object.is(v, -0) ? "-0" : v;

export interface RunRecord {
  runId: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, { timestamp: number; value: number; step: number }[]>;
  artifacts: Record<string, Buffer>;
}

export interface Scenario {
  /** The store (absolute path). */
  root: string;
  experimentName: string;
  experimentId: string;
  /** The run the UI and REST checks look at first. */
  parentRunId: string;
  parentRunName: string;
  records: Map<string, RunRecord>;
  deletedRunIds: string[];
  /** check_scenario.py's EXPECTED_JSON. */
  expected: Json;
}

export const SCENARIO_EXPERIMENT = "Expérience 実験 🚀 mlruns";
export const PARENT_RUN_NAME = "Лучший прогон ✨";

/** Writes the scenario into `root` (which must not exist yet) with `scratch` for source files. */
export async function writeScenario(root: string, scratch: string): Promise<Scenario> {
  const records = new Map<string, RunRecord>();
  const record = (runId: string): RunRecord => {
    let r = records.get(runId);
    if (!r) records.set(runId, (r = { runId, params: {}, tags: {}, metrics: {}, artifacts: {} }));
    return r;
  };
  const param = async (runId: string, key: string, value: string | number) => {
    await mlflow.logParam(key, value);
    record(runId).params[key] = String(value);
  };
  const metric = (runId: string, key: string, value: number, step: number, timestamp: number) => {
    mlflow.logMetric(key, value, { step, timestamp });
    (record(runId).metrics[key] ??= []).push({ timestamp, value, step });
  };
  const tag = async (runId: string, key: string, value: string) => {
    await mlflow.setTag(key, value);
    record(runId).tags[key] = value;
  };
  const deletedRunIds: string[] = [];

  const previousUri = mlflow.getTrackingUri();
  mlflow.setTrackingUri(root);
  try {
    const exp = await mlflow.setExperiment(SCENARIO_EXPERIMENT);
    await mlflow.setExperimentTag("team", "vision");
    await mlflow.setExperimentTag("note", "yes");

    const src = path.join(scratch, "src");
    fs.mkdirSync(path.join(src, "nested", "deeper"), { recursive: true });
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    fs.writeFileSync(path.join(scratch, "blob.bin"), binary);
    fs.writeFileSync(path.join(src, "a.txt"), "alpha\n");
    fs.writeFileSync(path.join(src, "nested", "b.csv"), "x,y\n1,2\n");
    fs.writeFileSync(path.join(src, "nested", "deeper", "c.json"), '{"c": 3}');

    let parentRunId = "";
    await mlflow.withRun({ runName: PARENT_RUN_NAME, description: "parent run\nwith two lines", tags: { phase: "initial" } }, async (parent) => {
      const id = (parentRunId = parent.info.runId);
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
      await mlflow.logArtifact(path.join(scratch, "blob.bin"), "bin");
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
    if (!/^[0-9a-f]{32}$/.test(failedId)) throw new Error(`scenario: the failing run did not fail as planned (${failedId})`);

    const client = new mlflow.MlflowClient(root);
    const killed = await client.createRun(exp.experimentId, 1_700_000_000_000, { "mlflow.user": "ci" }, "killed run");
    await client.setTerminated(killed.info.runId, "KILLED", 1_700_000_009_000);
    record(killed.info.runId).tags = { "mlflow.user": "ci" };

    const deleted = await client.createRun(exp.experimentId, undefined, undefined, "deleted run");
    await client.deleteRun(deleted.info.runId);
    deletedRunIds.push(deleted.info.runId);
    record(deleted.info.runId);

    await client.createExperiment("plain");
    const inDefault = await client.createRun("0", undefined, undefined, "default experiment run");
    await client.logBatch(inDefault.info.runId, [{ key: "m", value: 1, timestamp: 5, step: 2 }], [{ key: "p", value: "q" }], [{ key: "t", value: "u" }]);
    record(inDefault.info.runId).params.p = "q";
    record(inDefault.info.runId).tags.t = "u";
    record(inDefault.info.runId).metrics.m = [{ timestamp: 5, value: 1, step: 2 }];
    await client.setTerminated(inDefault.info.runId);
    const gone = await client.createExperiment("to be deleted");
    await client.deleteExperiment(gone);
    await mlflow.flush();

    const expected = await expectedTree(root, records, deletedRunIds);
    return {
      root: path.resolve(root),
      experimentName: SCENARIO_EXPERIMENT,
      experimentId: exp.experimentId,
      parentRunId,
      parentRunName: PARENT_RUN_NAME,
      records,
      deletedRunIds,
      expected,
    };
  } finally {
    mlflow.setTrackingUri(previousUri);
  }
}

async function expectedTree(root: string, records: Map<string, RunRecord>, deletedRunIds: string[]): Promise<Json> {
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
