/**
 * Points buffered through MlflowClient by processes that exit without flush() (issue #14):
 * eight processes, 5,000 points each, on one run; MLflow must read all 40,000.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MlflowClient } from "../../src/index.js";
import { runWorkers } from "../unit/helpers/processes.js";
import { tempDir } from "../unit/helpers/temp-store.js";
import { PY_DIR, runPython } from "./python.js";

describe("MlflowClient points written at exit, read by MLflow", () => {
  it("8 processes x 5,000 points with no flush(): MLflow reads all 40,000", async () => {
    const root = path.join(tempDir(), "mlruns");
    const runId = (await new MlflowClient(root).createRun("0")).info.runId;
    await runWorkers(root, "append-noflush", Array.from({ length: 8 }, (_, w) => [runId, String(w), "5000"]));
    const seen = await runPython(path.join(PY_DIR, "metric_history.py"), [root, runId, "shared"]);
    expect(seen.points).toBe(40_000);
    expect(seen.distinct_values).toBe(40_000);
    // A client never ends a run it did not start through the fluent API.
    expect(seen.status).toBe("RUNNING");
  });
});
