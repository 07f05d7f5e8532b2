/**
 * mlruns writes, real MLflow reads: a varied scenario logged through mlruns's public API
 * (test/mlflow/matrix/scenario.ts, shared with the version matrix) is judged field by field by
 * MLflow's own MlflowClient (test/mlflow/py/check_scenario.py). Expected values come from what
 * the scenario logged, not from mlruns reading itself back.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeScenario, type Scenario } from "./matrix/scenario.js";
import { PY_DIR, runPython } from "./python.js";

let work: string;
let scenario: Scenario;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-scenario-"));
  scenario = await writeScenario(path.join(work, "mlruns"), path.join(work, "scratch"));
}, 120_000);

function metaOf(runId: string): string {
  for (const parent of ["", ".trash"]) {
    const base = path.join(scenario.root, parent);
    for (const exp of fs.readdirSync(base)) {
      const file = path.join(base, exp, runId, "meta.yaml");
      if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
    }
  }
  throw new Error(`run ${runId} not found`);
}

describe("MLflow reads what mlruns wrote", () => {
  it("the scenario covers what the issue names", () => {
    expect(scenario.records.size).toBeGreaterThanOrEqual(7);
    const statuses = new Set([...scenario.records.keys()].map((id) => metaOf(id).match(/status: (\d)/)![1]));
    // RUNNING (the deleted run was never ended), FINISHED, FAILED, KILLED.
    expect([...statuses].sort()).toEqual(["1", "3", "4", "5"]);
    const histories = [...scenario.records.values()].flatMap((r) => Object.values(r.metrics));
    expect(Math.max(...histories.map((h) => h.length))).toBeGreaterThanOrEqual(1000);
    expect([...scenario.records.values()].some((r) => Object.keys(r.artifacts).some((p) => p.includes("/")))).toBe(true);
  });

  it("MlflowClient reports every experiment, run, param, tag, metric history and artifact as logged", async () => {
    const expectedFile = path.join(work, "expected.json");
    fs.writeFileSync(expectedFile, JSON.stringify(scenario.expected, null, 1));
    let verdict: { ok: boolean; checked: number; failures: string[] };
    try {
      verdict = await runPython(path.join(PY_DIR, "check_scenario.py"), [scenario.root, expectedFile]);
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
