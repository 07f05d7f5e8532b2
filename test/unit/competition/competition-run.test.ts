import { describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import * as competition from "../../../src/competition/index.js";
import { useTempStore } from "./setup.js";

useTempStore();

describe("withCompetitionRun", () => {
  it("names the run, tags it, logs model_type, seed and params, and ends with status=completed", async () => {
    let seenTags: Record<string, string> = {};
    const { runId, first } = await competition.withCompetitionRun(
      {
        modelType: "lightgbm",
        experimentType: "tuning",
        phase: "optimization",
        note: "lr sweep",
        seed: 1234,
        params: { learning_rate: 0.05, num_leaves: 31, num_boost_round: 500, cv_strategy: "KFold", n_splits: 5 },
        environment: false,
      },
      async (run, { seed, rng }) => {
        expect(seed).toBe(1234);
        seenTags = (await mlflow.getRun(run.info.runId)).data.tags;
        return { runId: run.info.runId, first: rng.random() };
      },
    );
    expect(seenTags.status).toBe("running");
    expect(first).toBe(competition.createRng(1234).random());
    const run = await mlflow.getRun(runId);
    expect(run.info.status).toBe("FINISHED");
    expect(run.info.runName).toMatch(/^lightgbm_\d{8}_\d{6}$/);
    expect(run.data.tags).toMatchObject({ experiment_type: "tuning", phase: "optimization", note: "lr sweep", status: "completed" });
    expect(run.data.tags["env.node_version"]).toBeUndefined();
    expect(run.data.params).toEqual({
      model_type: "lightgbm",
      seed: "1234",
      learning_rate: "0.05",
      num_leaves: "31",
      num_boost_round: "500",
      cv_strategy: "KFold",
      n_splits: "5",
    });
  });

  it("tags status=failed with the error, leaves MLflow's FAILED to withRun, and rethrows", async () => {
    let runId = "";
    await expect(
      competition.withCompetitionRun({ modelType: "xgb", experimentType: "baseline", seed: 1, environment: false }, (run) => {
        runId = run.info.runId;
        throw new RangeError("fold 3 diverged\nstack…");
      }),
    ).rejects.toThrow("fold 3 diverged");
    const run = await mlflow.getRun(runId);
    expect(run.info.status).toBe("FAILED");
    expect(run.data.tags).toMatchObject({ status: "failed", error: "RangeError: fold 3 diverged", phase: "initial" });
  });

  it("records the environment by default and puts the seed variable in front of the command", async () => {
    process.env.COMP_SEED = "99";
    try {
      const runId = await competition.withCompetitionRun({ modelType: "rf", experimentType: "baseline", seedEnv: "COMP_SEED" }, (run, { seed }) => {
        expect(seed).toBe(99);
        return run.info.runId;
      });
      const { tags, params } = (await mlflow.getRun(runId)).data;
      expect(params.seed).toBe("99");
      expect(tags.command).toMatch(/^COMP_SEED=99 node /);
      expect(tags["env.node_version"]).toBe(process.version);
      expect((await mlflow.listArtifacts(runId)).map((f) => f.path)).toContain("environment.json");
    } finally {
      delete process.env.COMP_SEED;
    }
  });

  it("logs a random seed when none is given, so the run can still be repeated", async () => {
    const { runId, seed } = await competition.withCompetitionRun({ modelType: "rf", experimentType: "ensemble", environment: false }, (run, ctx) => ({
      runId: run.info.runId,
      seed: ctx.seed,
    }));
    expect((await mlflow.getRun(runId)).data.params.seed).toBe(String(seed));
  });

  it("refuses an unknown experiment type or phase before starting a run", async () => {
    const opts = { modelType: "rf", environment: false } as const;
    await expect(competition.withCompetitionRun({ ...opts, experimentType: "final" as never }, () => 1)).rejects.toThrow(
      "experimentType must be one of baseline, feature_engineering, tuning, ensemble",
    );
    await expect(competition.withCompetitionRun({ ...opts, experimentType: "baseline", phase: "late" as never }, () => 1)).rejects.toThrow(
      "phase must be one of initial, optimization, final",
    );
    expect(await mlflow.searchRuns()).toEqual([]);
  });

  it("runs are searchable by the competition tags and CV metric, newest first", async () => {
    for (const [type, score] of [["baseline", 12000], ["baseline", 9000], ["tuning", 8000], ["baseline", 7000]] as const) {
      await competition.withCompetitionRun({ modelType: "m", experimentType: type, seed: 1, environment: false }, () => {
        competition.logCvResults([score], { metric: "rmse" });
      });
      await new Promise((r) => setTimeout(r, 5));
    }
    const found = await mlflow.searchRuns({
      filterString: "tags.experiment_type = 'baseline' and metrics.cv_rmse_mean < 10000",
      orderBy: ["attributes.start_time DESC"],
    });
    expect(found.map((r) => r.data.metrics.cv_rmse_mean)).toEqual([7000, 9000]);
  });
});
