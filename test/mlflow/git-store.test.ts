/**
 * A store as it comes out of a git checkout, judged by real MLflow: runs that lost their empty
 * folders (git keeps none), an MLflow 1.x run with no name, and a metric file whose last line
 * was added by hand without a newline. mlruns reads every run already; MLflow's get_run says
 * "not found" for the runs without folders until `mlruns doctor --fix` recreates them. Then
 * MLflow reads every run exactly as mlruns did before the repair.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MlflowClient, type Run } from "../../src/index.js";
import { PY_DIR, REPO_ROOT, runPython } from "./python.js";

const CLI = path.join(REPO_ROOT, "dist", "bin", "mlruns.js");

interface MlflowRun {
  run_name: string | null;
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
  history: Record<string, [number, number][]>;
}

async function asMlflowSees(client: MlflowClient, run: Run): Promise<MlflowRun> {
  const history: Record<string, [number, number][]> = {};
  for (const key of Object.keys(run.data.metrics)) history[key] = (await client.getMetricHistory(run.info.runId, key)).map((p) => [p.value, p.step]);
  return { run_name: run.info.runName, metrics: run.data.metrics, params: run.data.params, tags: run.data.tags, history };
}

describe("a store committed to git", () => {
  it("reads in mlruns as MLflow reads it after `mlruns doctor --fix`", async () => {
    const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-git-")), "mlruns");
    const client = new MlflowClient(root);
    const make = async (name: string, drop: string[], log: (runId: string) => Promise<void> | void) => {
      const { info } = await client.createRun("0", undefined, undefined, name);
      await log(info.runId);
      await client.flush();
      for (const folder of drop) fs.rmSync(path.join(root, "0", info.runId, folder), { recursive: true });
      return info.runId;
    };
    const metricsOnly = await make("metrics-only", ["params", "artifacts"], (id) => {
      for (let step = 0; step < 3; step++) client.logMetric(id, "loss", 1 / (step + 1), 1_700_000_000_000 + step, step);
    });
    const paramsOnly = await make("params-only", ["metrics", "artifacts"], (id) => client.logParam(id, "lr", 0.01));
    const bare = await make("bare", ["metrics", "params", "artifacts", "tags"], () => {});
    const handScored = await make("hand-scored", ["artifacts"], (id) => client.logParam(id, "model", "gbm"));
    fs.mkdirSync(path.join(root, "0", handScored, "metrics"), { recursive: true });
    fs.writeFileSync(path.join(root, "0", handScored, "metrics", "score"), "1609804410000 0.7 0\n1609804410040 0.809 0");
    const unnamed = await make("gone", [], (id) => client.logMetric(id, "m", 2, 1, 0));
    const meta = path.join(root, "0", unnamed, "meta.yaml");
    fs.writeFileSync(meta, fs.readFileSync(meta, "utf8").replace(/^run_name:.*\n/m, ""));
    fs.rmSync(path.join(root, "0", unnamed, "tags", "mlflow.runName"));
    const ids = [metricsOnly, paramsOnly, bare, handScored, unnamed];

    // mlruns before any repair (fresh processes: test/unit/store/file/git-dropped-folders.test.ts).
    const byMlruns: Record<string, MlflowRun> = {};
    for (const id of ids) byMlruns[id] = await asMlflowSees(client, await client.getRun(id));
    expect(byMlruns[unnamed]!.run_name).toBeNull();
    expect(byMlruns[handScored]!.metrics.score).toBe(0.809);

    const before = await runPython(path.join(PY_DIR, "get_runs.py"), [root, ...ids]);
    expect(before.search).toEqual([...ids].sort());
    for (const id of [metricsOnly, paramsOnly, bare, handScored]) expect(before.runs[id], id).toEqual({ error: `Run '${id}' not found` });
    expect(before.runs[unnamed]).toEqual(byMlruns[unnamed]);

    const doctor = spawnSync(process.execPath, [CLI, "--store", root, "doctor", "--fix"], { encoding: "utf8" });
    expect(doctor.status, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.stdout.match(/fixed missing-run-folder/g)).toHaveLength(2 + 2 + 4 + 1);
    expect(doctor.stdout).toContain("fixed unterminated-metric-line");

    const after = await runPython(path.join(PY_DIR, "get_runs.py"), [root, ...ids]);
    expect(after.runs).toEqual(byMlruns);
    console.log(`MLflow ${ids.length} runs after doctor --fix: ${JSON.stringify(Object.values(after.runs).map((r: any) => r.run_name))}`);
  });
});
