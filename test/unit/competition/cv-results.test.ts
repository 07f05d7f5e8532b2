import { describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import * as competition from "../../../src/competition/index.js";
import { useTempStore } from "./setup.js";

useTempStore();

describe("summarizeScores", () => {
  it("uses the population standard deviation by default (numpy's np.std)", () => {
    expect(competition.summarizeScores([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(1.25), min: 1, max: 4, folds: [1, 2, 3, 4] });
    expect(competition.summarizeScores([1, 2, 3, 4]).std).toBe(1.118033988749895);
  });

  it("gives the sample standard deviation with ddof 1 (pandas' .std())", () => {
    expect(competition.summarizeScores([1, 2, 3, 4], 1).std).toBe(1.2909944487358056);
  });

  it("has no spread for one fold, whatever ddof", () => {
    expect(competition.summarizeScores([7.5])).toEqual({ mean: 7.5, std: 0, min: 7.5, max: 7.5, folds: [7.5] });
    expect(competition.summarizeScores([7.5], 1).std).toBe(0);
  });

  it("refuses no scores and non-numbers", () => {
    expect(() => competition.summarizeScores([])).toThrow(mlflow.InvalidParameterError);
    expect(() => competition.summarizeScores(["1" as unknown as number])).toThrow("Fold 0 score is not a number");
  });
});

describe("logCvResults", () => {
  it("logs mean, std, min, max and every fold under the metric's name", async () => {
    const scores = [3.5, 2.5, 3.0, 4.0, 2.0];
    const runId = await mlflow.withRun({}, (run) => {
      const summary = competition.logCvResults(scores, { metric: "rmse" });
      expect(summary.mean).toBe(3);
      return run.info.runId;
    });
    const { metrics } = (await mlflow.getRun(runId)).data;
    expect(metrics).toEqual({
      cv_rmse_mean: 3,
      cv_rmse_std: Math.sqrt(0.5),
      cv_rmse_min: 2,
      cv_rmse_max: 4,
      cv_rmse_fold_0: 3.5,
      cv_rmse_fold_1: 2.5,
      cv_rmse_fold_2: 3,
      cv_rmse_fold_3: 4,
      cv_rmse_fold_4: 2,
    });
  });

  it("is generic over the metric name and prefix", async () => {
    const runId = await mlflow.withRun({}, (run) => {
      competition.logCvResults([0.75, 0.25], { metric: "auc", prefix: "oof", ddof: 1 });
      return run.info.runId;
    });
    expect((await mlflow.getRun(runId)).data.metrics).toEqual({
      oof_auc_mean: 0.5,
      oof_auc_std: Math.sqrt(0.125),
      oof_auc_min: 0.25,
      oof_auc_max: 0.75,
      oof_auc_fold_0: 0.75,
      oof_auc_fold_1: 0.25,
    });
    expect(competition.cvMetricKeys(2, { metric: "auc" })).toEqual(["cv_auc_mean", "cv_auc_std", "cv_auc_min", "cv_auc_max", "cv_auc_fold_0", "cv_auc_fold_1"]);
  });

  it("needs a metric name and an active run", async () => {
    expect(() => competition.logCvResults([1], { metric: "" })).toThrow("needs a metric name");
    expect(() => competition.logCvResults([1], { metric: "rmse" })).toThrow("No active run");
  });
});
