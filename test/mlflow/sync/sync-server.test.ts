/**
 * mlruns sync to a real `mlflow server` (SQLite, artifacts served by the server), judged by
 * what MLflow's own Python client reads back: params, tags, every point, files by sha256,
 * datasets and logged models; a second sync sends nothing; a sync killed with SIGKILL and run
 * again leaves each run and each point once.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileStore } from "../../../src/store/file/file-store.js";
import { openStore } from "../../../src/store/registry.js";
import { syncStore } from "../../../src/sync/sync-store.js";
import { assertBuilt, cli } from "../../unit/cli/helpers.js";
import { journalLines, openFileStore, storeView, writeSource } from "../../unit/sync/fixture.js";
import { REPO_ROOT, runPython, runPythonCode } from "../python.js";
import { startMlflowServer, type MlflowServer } from "../servers/mlflow-server.js";

const CHILD = path.join(REPO_ROOT, "test", "unit", "children", "sync-store.mjs");
const READ_BACK = path.join(import.meta.dirname, "read-back.py");

let server: MlflowServer;
let tmp: string;

/** The sync child (test/unit/children/sync-store.mjs), to be waited for or killed. */
function startSync(args: string[]) {
  const child = spawn(process.execPath, [CHILD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const readBack = (uri: string): Promise<any> => runPython(READ_BACK, [uri]);

/**
 * The unit view reshaped as read-back.py prints it, with what MLflow's SQL store itself does to
 * any client's points: ±inf is stored as ±float max (SqlAlchemyStore._log_metrics), and a point
 * equal in key, timestamp, step and value to one already there is dropped (the table's primary key).
 */
async function expectedView(store: FileStore): Promise<any> {
  const view: any = await storeView(store);
  delete view.Default; // the server has its own, left out by read-back.py
  for (const exp of Object.values<any>(view)) {
    for (const r of Object.values<any>(exp.runs)) {
      for (const [key, h] of Object.entries<any[]>(r.histories)) {
        const seen = new Set<string>();
        r.histories[key] = h
          .map((m) => ({ ...m, value: m.value === Infinity ? 1.7976931348623157e308 : m.value === -Infinity ? -1.7976931348623157e308 : Number.isNaN(m.value) ? "nan" : m.value }))
          .filter((m) => !seen.has(`${m.timestamp} ${m.step} ${m.value}`) && !!seen.add(`${m.timestamp} ${m.step} ${m.value}`));
      }
      r.datasets = (r.datasets ?? []).map((d: any) => [d.dataset.name, d.dataset.digest]).sort();
      r.modelInputs = [...(r.modelInputs ?? [])].sort();
      r.modelOutputs = (r.modelOutputs ?? []).map((m: any) => [m.model, m.step]).sort();
    }
  }
  return view;
}

function withoutSourceIds(view: any): any {
  for (const exp of Object.values<any>(view)) for (const r of Object.values<any>(exp.runs)) delete r.sourceRunIds;
  return view;
}

beforeAll(async () => {
  assertBuilt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-sync-server-"));
  server = await startMlflowServer();
}, 180_000);

afterAll(async () => {
  await server?.remove();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("mlruns sync to an mlflow server", () => {
  it("MLflow's Python client reads back every field; a second sync creates and sends nothing", async () => {
    const from = path.join(tmp, "laptop");
    const source = openFileStore(from);
    await writeSource(source);
    const first = await cli(["--store", from, "sync", "--to", server.uri, "--json"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ experimentsCreated: 2, runsCreated: 3, modelsCreated: 1, points: 8, artifacts: 3, skipped: [] });

    const served = await readBack(server.uri);
    const want = await expectedView(source);
    for (const exp of Object.values<any>(served)) for (const r of Object.values<any>(exp.runs)) expect(r.sourceRunIds).toHaveLength(1);
    expect(withoutSourceIds(served)).toEqual(want);

    const second = await cli(["--store", from, "sync", "--to", server.uri, "--json"]);
    expect(JSON.parse(second.stdout)).toMatchObject({ experimentsCreated: 0, runsCreated: 0, runsUpdated: 0, modelsCreated: 0, modelsUpdated: 0, params: 0, tags: 0, points: 0, artifacts: 0, bytes: 0, inputs: 0, skipped: [] });
    expect(withoutSourceIds(await readBack(server.uri))).toEqual(want);

    // MLflow's own file store still reads the laptop store with the sync journal in its root.
    const names = await runPythonCode(
      `import json, mlflow; c = mlflow.tracking.MlflowClient(tracking_uri=${JSON.stringify(from)}); print(json.dumps(sorted(e.name for e in c.search_experiments(view_type=3))))`,
    );
    expect(fs.readdirSync(from).some((f) => f.endsWith(".journal"))).toBe(true);
    expect(names).toEqual(["Default", "nlp", "vision"]);
  }, 240_000);

  it("a sync killed with SIGKILL, then run again: each run once, each point once on the server", async () => {
    const from = path.join(tmp, "hpc");
    const source = openFileStore(from);
    const exp = await source.createExperiment("killed-mid-way");
    for (let r = 0; r < 6; r++) {
      const run = await source.createRun({ experimentId: exp, userId: "u", startTime: 1_700_000_000_000 + r, tags: [], runName: `run-${r}` });
      for (let k = 0; k < 3; k++) {
        await source.logBatch(run.info.runId, { metrics: Array.from({ length: 500 }, (_, i) => ({ key: `m${k}`, value: i / 3, timestamp: 1_700_000_000_000 + i, step: i })) });
      }
      await source.updateRunInfo(run.info.runId, "FINISHED", 1_700_000_100_000 + r);
    }
    let killedMidway = 0;
    for (const at of [5, 25]) {
      const sync = startSync([from, server.uri, "50"]);
      const deadline = Date.now() + 60_000;
      while (journalLines(from) < at && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      sync.child.kill("SIGKILL");
      if ((await sync.done).code === null) killedMidway++;
    }
    expect(killedMidway).toBe(2);
    const final = await startSync([from, server.uri, "50"]).done;
    expect(final.stderr).toBe("");
    expect(JSON.parse(final.stdout).reconciled).toBeGreaterThan(0);
    const served = await readBack(server.uri);
    const want = await expectedView(source);
    for (const r of Object.values<any>(served["killed-mid-way"].runs)) expect(r.sourceRunIds).toHaveLength(1);
    expect(Object.keys(served["killed-mid-way"].runs).sort()).toEqual(["run-0", "run-1", "run-2", "run-3", "run-4", "run-5"]);
    expect(withoutSourceIds(served)["killed-mid-way"]).toEqual(want["killed-mid-way"]);
  }, 240_000);

  it("from the server: a point logged later with an earlier timestamp (the middle of the server's history) arrives once", async () => {
    const server_ = openStore(server.uri);
    const exp = await server_.createExperiment("from-the-server");
    const run = await server_.createRun({ experimentId: exp, userId: "u", startTime: 1_700_000_000_000, tags: [] });
    const point = (step: number) => ({ key: "loss", value: step / 2, timestamp: 1_700_000_000_000 + step, step });
    await server_.logBatch(run.info.runId, { metrics: [point(0), point(2)] });
    const to = openFileStore(path.join(tmp, "from-server"));
    const sync = () => syncStore({ from: server_, to, experiments: ["from-the-server"], ledgerFile: path.join(tmp, "from-server.journal") });
    expect((await sync()).points).toBe(2);
    await server_.logBatch(run.info.runId, { metrics: [point(1)] }); // the server reads it back between 0 and 2
    expect((await sync()).points).toBe(1);
    expect((await sync()).points).toBe(0);
    const [copy] = await to.searchRuns({ experimentIds: [(await to.getExperimentByName("from-the-server"))!.experimentId], runViewType: "ALL" });
    expect((await to.getMetricHistory(copy!.info.runId, "loss")).map((m) => m.step).sort()).toEqual([0, 1, 2]);
  }, 60_000);
});
