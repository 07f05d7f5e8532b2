/**
 * The demo's competition run, read back by real MLflow (test/mlflow/py/read_demo_run.py): every
 * required param, metric, tag and artifact is there, and MLflow's own search finds it with the
 * README's filter. Fails, never skips, when Python or MLflow is missing (python.ts).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildDemo, demoEnv } from "../unit/competition/build-demo.js";
import { tempDir } from "../unit/helpers/temp-store.js";
import { PY_DIR, pythonPath, runPython } from "./python.js";

type Json = Record<string, any>;
let built: ReturnType<typeof buildDemo>;
let stdout = "";
let seen: Json;
let run: Json;
/** Why setup failed: every test then fails with it (a missing Python/MLflow is a failure, never a skip). */
let setupError: unknown;

beforeAll(async () => {
  try {
    pythonPath(); // throws, saying how to fix it, when the venv is missing
    built = buildDemo();
    const cwd = tempDir("mlruns-demo-mlflow-");
    ({ stdout } = await promisify(execFile)(process.execPath, [built.demo], { cwd, env: demoEnv(), encoding: "utf8" }));
    seen = await runPython(path.join(PY_DIR, "read_demo_run.py"), [path.join(cwd, "mlruns")]);
    run = seen.runs?.[0];
  } catch (err) {
    setupError = err;
  }
}, 600_000);
afterAll(() => built?.cleanup());

beforeEach(() => {
  if (setupError) throw setupError;
  expect(seen.runs).toHaveLength(1);
});

describe("the demo's run, as MLflow reads it", () => {
  it("is FINISHED, named {model_type}_{YYYYMMDD_HHMMSS}, and its id is the one the demo printed", () => {
    expect(run.status).toBe("FINISHED");
    expect(run.runName).toMatch(/^random_forest_\d{8}_\d{6}$/);
    expect(stdout).toContain(`Logged run ${run.runId}`);
    expect(stdout).toContain("MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri");
    expect(stdout).toMatch(/logging overhead: \d+ ms/);
  });

  it("has every required param", () => {
    expect(run.params).toMatchObject({
      seed: "42",
      model_type: "random_forest",
      n_estimators: "25",
      max_features: "0.7",
      max_depth: "8",
      min_num_samples: "3",
      use_sample_bagging: "True", // booleans are stringified as MLflow (Python) does
      feature_replacement: "False",
      cv_strategy: "KFold(shuffle=True)",
      n_splits: "5",
      n_features: "9",
      target: "Miles_per_Gallon",
      test_fraction: "0.2",
    });
  });

  it("has every required metric, consistent with the fold scores", () => {
    const m = run.metrics;
    const foldKeys = [0, 1, 2, 3, 4].map((i) => `cv_rmse_fold_${i}`);
    for (const k of ["cv_rmse_mean", "cv_rmse_std", "cv_rmse_min", "cv_rmse_max", ...foldKeys, "train_size", "test_size", "holdout_rmse"]) {
      expect(typeof m[k], k).toBe("number");
    }
    const folds = foldKeys.map((k) => m[k] as number);
    const mean = folds.reduce((a, b) => a + b, 0) / 5;
    expect(m.cv_rmse_mean).toBeCloseTo(mean, 12);
    expect(m.cv_rmse_std).toBeCloseTo(Math.sqrt(folds.reduce((a, b) => a + (b - mean) ** 2, 0) / 5), 12); // population std
    expect(m.cv_rmse_min).toBe(Math.min(...folds));
    expect(m.cv_rmse_max).toBe(Math.max(...folds));
    // 398 cars with a known mpg: 80 (ceil of 20%) held out, 318 for cross-validation.
    expect([m.train_size, m.test_size]).toEqual([318, 80]);
    expect(m).toMatchObject({ "train.n_rows": 318, "train.n_cols": 10, "test.n_rows": 80, "test.n_cols": 9 });
    expect(m["train.total_nulls"] + m["test.total_nulls"]).toBe(6); // Horsepower is missing for 6 of them
    expect(stdout).toContain(`5-fold CV RMSE ${m.cv_rmse_mean.toFixed(4)}`);
  });

  it("has a learning curve MLflow can chart: holdout_rmse at 1 to 25 trees, ending at the printed score", () => {
    const curve = run.histories.holdout_rmse as [number, number][];
    expect(curve.length).toBeGreaterThanOrEqual(20);
    expect(curve.map(([step]) => step)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(curve.every(([, v]) => Number.isFinite(v) && v > 0)).toBe(true);
    expect(curve[curve.length - 1]![1]).toBe(run.metrics.holdout_rmse);
    expect(stdout).toContain(`holdout RMSE ${run.metrics.holdout_rmse.toFixed(4)}`);
    expect(stdout).toContain(`history ${run.runId} holdout_rmse`);
  });

  it("has the competition and environment tags", () => {
    const t = run.tags;
    expect(t).toMatchObject({
      experiment_type: "baseline",
      status: "completed",
      phase: "initial",
      "env.node_version": process.version,
      "env.platform": process.platform,
      "env.arch": process.arch,
      "data.source": "vega-datasets@3.2.1/data/cars.json",
    });
    expect(t.note).toMatch(/Random forest/);
    expect(t.submission_file).toMatch(/^submission_\d{8}_\d{6}\.csv$/);
    expect(Number(t["env.cpu_count"])).toBeGreaterThan(0);
    expect(t["env.mlruns_version"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(t.command).toBe(`node ${built.demo}`);
    expect(t["git.commit"]).toMatch(/^[0-9a-f]{40}$/);
    expect(["true", "false"]).toContain(t["git.dirty"]);
    expect(t["git.branch"]).toBeTruthy();
  });

  it("has the submission, the model, the feature list and the environment as artifacts", () => {
    const paths = Object.keys(run.artifacts).sort();
    const expected = ["environment.json", "features.json", "model/model.json", "model/model_info.json", `submissions/${run.tags.submission_file}`];
    if (run.tags["git.dirty"] === "true") expected.push("git_diff.patch");
    expect(paths).toEqual(expected.sort());
    expect(run.submission).toMatchObject({ header: ["id", "Miles_per_Gallon"], nRows: 80 });
    expect(run.model).toEqual({ name: "RFRegression", nEstimators: 25 });
    expect(run.features).toEqual(["Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration", "model_year", "origin_usa", "origin_europe", "origin_japan"]);
    expect(run.modelInfo).toMatchObject({ library: "ml-random-forest", target: "Miles_per_Gallon" });
    const env = run.environment;
    expect(env.node.version).toBe(process.version);
    expect(env.mlruns.version).toBe(run.tags["env.mlruns_version"]);
    expect(env.project.dependencies["ml-random-forest"].installed).toBe("2.1.0");
    expect(env.project.dependencies["pure-rand"].installed).toMatch(/^\d/);
    expect(env.git.commit).toBe(run.tags["git.commit"]);
    // No data files: only the run's own small outputs (the forest is the largest, ~1 MB).
    for (const [p, size] of Object.entries(run.artifacts)) expect(size as number, p).toBeLessThan(5_000_000);
  });

  it("is found by MLflow's search with the README's filter, newest first", () => {
    expect(seen.search).toEqual([run.runId]);
  });
});
