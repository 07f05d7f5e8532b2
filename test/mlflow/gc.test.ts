/**
 * `mlruns gc` removes what `mlflow gc` removes. MLflow writes a store with deleted runs, a
 * deleted experiment and a deleted logged model (py/gc_tree.py); a copy goes to mlruns. MLflow's
 * gc runs on the original (whose artifact URIs point at itself), `mlruns gc --yes` on the copy
 * (which finds its artifacts in its own folder), and the two trees must list the same paths.
 * Fails, never skips, when Python or MLflow is missing (python.ts).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listTree, tempDir } from "../unit/helpers/temp-store.js";
import { PY_DIR, REPO_ROOT, pythonPath, runPython } from "./python.js";

const CLI = path.join(REPO_ROOT, "dist", "bin", "mlruns.js");

describe("mlruns gc against mlflow gc", () => {
  it("leaves the same tree", async () => {
    const work = tempDir("mlruns-gc-parity-");
    const byMlflow = path.join(work, "mlflow");
    const byMlruns = path.join(work, "mlruns");
    const ids = await runPython(path.join(PY_DIR, "gc_tree.py"), [byMlflow]);
    fs.cpSync(byMlflow, byMlruns, { recursive: true });
    const before = listTree(byMlflow);

    const uri = `file://${byMlflow}`;
    const py = spawnSync(pythonPath(), ["-m", "mlflow", "gc", "--backend-store-uri", uri], {
      encoding: "utf8",
      env: { ...process.env, MLFLOW_TRACKING_URI: uri, MLFLOW_ALLOW_FILE_STORE: "true" },
      timeout: 120_000,
    });
    expect(py.status, py.stderr).toBe(0);
    const ours = spawnSync(process.execPath, [CLI, "--store", byMlruns, "gc", "--yes"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(ours.stderr).toBe("");
    expect(ours.status).toBe(0);

    const done = (out: string) => out.split("\n").filter((l) => l.includes("has been permanently deleted.")).sort();
    expect(done(ours.stdout)).toEqual(done(py.stdout));
    expect(done(ours.stdout)).toEqual(
      [
        `Run with ID ${ids.deleted} has been permanently deleted.`,
        `Run with ID ${ids.inGone} has been permanently deleted.`,
        `Logged model with ID ${ids.deadModel} has been permanently deleted.`,
        `Experiment with ID ${ids.gone} has been permanently deleted.`,
      ].sort(),
    );
    const after = listTree(byMlflow);
    expect(after.length).toBeLessThan(before.length);
    expect(listTree(byMlruns)).toEqual(after);
    for (const kept of [ids.active, ids.restored]) expect(after).toContain(path.join(ids.kept, kept, "meta.yaml"));
    expect(after).toContain(path.join("0", "models", ids.liveModel, "artifacts", "weights.bin"));
  });
});
