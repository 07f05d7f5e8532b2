import { execFileSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import * as competition from "../../../src/competition/index.js";
import { assertBuilt, cli, tempDir } from "./helpers.js";

describe("mlruns show RUN_ID --reproduce", () => {
  let store: string;
  let runId: string;
  beforeAll(async () => {
    assertBuilt();
    store = path.join(tempDir(), "mlruns");
    mlflow.setTrackingUri(store);
    await mlflow.setExperiment("repro");
    runId = await competition.withCompetitionRun(
      { modelType: "random_forest", experimentType: "baseline", seed: 1234, params: { n_estimators: 25, learning_rate: 0.1 } },
      async (run) => run.info.runId,
    );
  });

  it("prints the seed, the commit, the params and the command that re-runs it", async () => {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    const r = await cli(["--store", store, "show", runId, "--reproduce"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("seed:    1234");
    expect(r.stdout).toContain(`commit:  ${head}`);
    expect(r.stdout).toContain("n_estimators = 25");
    expect(r.stdout).toContain("learning_rate = 0.1");
    expect(r.stdout).toContain("To re-run it:");
    expect(r.stdout).toContain(`checkout ${head}`);
  });

  it("gives the same facts as JSON", async () => {
    const r = await cli(["--store", store, "show", runId, "--reproduce", "--json"]);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({ runId, seed: "1234", params: { n_estimators: "25" } });
    expect(info.steps.length).toBeGreaterThan(1);
  });
});
