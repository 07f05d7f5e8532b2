/**
 * Runs from a store committed to git: git keeps no empty folders, so a run may have lost its
 * params/, metrics/, tags/ or artifacts/. A missing folder means "none": the run reads the
 * same by id in a fresh process, before or after a search, and through every CLI command.
 * `doctor --fix` recreates the folders so MLflow can read it too (test/mlflow/git-store.test.ts).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MlflowClient } from "../../../../src/index.js";
import { diagnoseStore } from "../../../../src/store/file/doctor.js";
import { tempDir } from "../../helpers/temp-store.js";
import { assertBuilt, CLI } from "../../cli/helpers.js";

beforeAll(assertBuilt);
const reader = path.resolve(import.meta.dirname, "..", "..", "children", "read-run.mjs");

let root: string;
const runs: Record<string, string> = {};

/** A run as a git checkout leaves it: the folders it logged nothing to are gone. */
async function gitCheckout(client: MlflowClient, name: string, drop: string[], log: (runId: string) => Promise<void>): Promise<string> {
  const { info } = await client.createRun("0", undefined, undefined, name);
  await log(info.runId);
  await client.flush();
  for (const folder of drop) fs.rmSync(path.join(root, "0", info.runId, folder), { recursive: true });
  return info.runId;
}

beforeAll(async () => {
  root = path.join(tempDir(), "mlruns");
  const client = new MlflowClient(root);
  runs.metricsOnly = await gitCheckout(client, "metrics-only", ["params", "artifacts"], (id) => client.logMetric(id, "m", 0.5, 1, 0));
  runs.paramsOnly = await gitCheckout(client, "params-only", ["metrics", "artifacts"], (id) => client.logParam(id, "lr", 0.1));
  runs.bare = await gitCheckout(client, "bare", ["metrics", "params", "artifacts", "tags"], async () => {});
});

function readInChild(runId: string, order: "get-first" | "search-first") {
  const r = spawnSync(process.execPath, [reader, root, "0", runId, order], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

function mlruns(...args: string[]) {
  return spawnSync(process.execPath, [CLI, "--store", root, ...args], { encoding: "utf8" });
}

describe("a run whose empty folders git dropped", () => {
  for (const order of ["get-first", "search-first"] as const) {
    it(`reads by id in a fresh process (${order})`, () => {
      const m = readInChild(runs.metricsOnly, order);
      expect(m.getRun).toEqual({ metrics: { m: 0.5 }, params: {}, tags: expect.objectContaining({ "mlflow.runName": "metrics-only" }) });
      expect(m.history).toEqual([0.5]);
      expect(m.search).toHaveLength(3);
      const p = readInChild(runs.paramsOnly, order);
      expect(p.getRun).toEqual({ metrics: {}, params: { lr: "0.1" }, tags: expect.objectContaining({ "mlflow.runName": "params-only" }) });
      expect(p.history).toEqual([]);
      const bare = readInChild(runs.bare, order);
      expect(bare.getRun).toEqual({ metrics: {}, params: {}, tags: {} });
    });
  }

  it("shows, lists history and compares by full id in the CLI", () => {
    const show = mlruns("show", runs.metricsOnly);
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toContain(`Run ${runs.metricsOnly}`);
    expect(show.stdout).toMatch(/Name\s+metrics-only/);
    const bare = mlruns("show", runs.bare, "--json");
    expect(bare.status, bare.stderr).toBe(0);
    expect(JSON.parse(bare.stdout).data).toEqual({ metrics: {}, params: {}, tags: {} });
    const history = mlruns("history", runs.metricsOnly, "m", "--csv");
    expect(history.status, history.stderr).toBe(0);
    expect(history.stdout).toContain("0.5");
    const compare = mlruns("compare", runs.metricsOnly, runs.paramsOnly, "--json");
    expect(compare.status, compare.stderr).toBe(0);
    expect(JSON.parse(compare.stdout).runs.map((r: { runId: string }) => r.runId)).toEqual([runs.metricsOnly, runs.paramsOnly]);
  });

  it("doctor reports each missing folder, and --fix recreates them", () => {
    const missing = diagnoseStore(root)
      .filter((p) => p.kind === "missing-run-folder")
      .map((p) => path.relative(root, p.path))
      .sort();
    const rel = (id: string, folder: string) => path.join("0", id, folder);
    expect(missing).toEqual(
      [
        rel(runs.metricsOnly, "params"),
        rel(runs.metricsOnly, "artifacts"),
        rel(runs.paramsOnly, "metrics"),
        rel(runs.paramsOnly, "artifacts"),
        ...["metrics", "params", "artifacts", "tags"].map((f) => rel(runs.bare, f)),
      ].sort(),
    );
    const r = mlruns("doctor", "--fix");
    expect(r.stdout.match(/fixed missing-run-folder/g)).toHaveLength(8);
    expect(diagnoseStore(root).filter((p) => p.kind === "missing-run-folder")).toEqual([]);
  });
});
