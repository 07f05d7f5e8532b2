/**
 * `mlruns doctor` on folders made by MLflow itself (test/mlflow/py/mlflow_made_folders.py): the
 * tracking store's .trash, the model registry's models/ at the root (what `mlflow ui` leaves
 * behind) and a logged model's <experiment>/models/. None is a problem. Fails, never skips,
 * when Python or MLflow is missing (python.ts).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../unit/helpers/temp-store.js";
import { PY_DIR, REPO_ROOT, runPython } from "./python.js";

const CLI = path.join(REPO_ROOT, "dist", "bin", "mlruns.js");

describe("mlruns doctor on a store MLflow's own stores have written to", () => {
  it("exits 0 and names .trash and models/ as info", async () => {
    const store = path.join(tempDir(), "mlruns");
    expect(await runPython(path.join(PY_DIR, "mlflow_made_folders.py"), [store])).toEqual([".trash", "0", "models"]);
    const r = spawnSync(process.execPath, [CLI, "--store", store, "doctor"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("info .trash/\n");
    expect(r.stdout).toContain("info models/\n    MLflow's model registry");
    expect(r.stdout).toContain("No problems found.");
  });
});
