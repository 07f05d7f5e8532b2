/**
 * The README's first command (`npm run demo`): a competition-style training run, logged to
 * ./mlruns as MLflow would, then how to open it in the stock MLflow UI.
 *
 * A random forest (ml-random-forest) predicts Miles_per_Gallon on the Auto MPG table shipped by
 * the vega-datasets package, offline. Seeded: a held-out test split (the "competition test
 * set"), 5-fold cross-validation on the rest, a final model on all training rows, and a
 * submission CSV for the test split. Everything a competition run needs is logged: params,
 * CV metrics, dataset summaries, feature list, model, submission, environment, seed, and a
 * learning curve (holdout_rmse by step: the hold-out error as the forest grows tree by tree).
 *
 *   node dist-examples/demo.js [--seed N]       (or MLRUNS_DEMO_SEED=N; default 42)
 *
 * The same seed gives the same fold scores on every run.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RandomForestRegression } from "ml-random-forest";
import * as mlflow from "mlruns";
import * as competition from "mlruns/competition";
import { FEATURES, TARGET, featurize, fitImputer, loadCars, rmse, type Car } from "./cars.js";

const SEED_ENV = "MLRUNS_DEMO_SEED";
/** The project this demo belongs to: the nearest folder above the script with a package.json. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function seedFromCommandLine(): number | undefined {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === "--seed" || a.startsWith("--seed="));
  if (i < 0) return undefined;
  const raw = argv[i]!.includes("=") ? argv[i]!.split("=")[1] : argv[i + 1];
  return competition.validateSeed(Number(raw));
}

const seed = seedFromCommandLine() ?? (process.env[SEED_ENV] ? competition.resolveSeed(process.env[SEED_ENV]) : 42);

/** The model's own parameters, logged as params under these names. */
const MODEL_PARAMS = {
  n_estimators: 25,
  max_features: 0.7,
  max_depth: 8,
  min_num_samples: 3,
  use_sample_bagging: true,
  feature_replacement: false,
};
const N_SPLITS = 5;
const TEST_FRACTION = 0.2;

/** Impute (medians from the training rows), featurize, train a forest, predict. */
function fitPredict(train: readonly Car[], test: readonly Car[], modelSeed: number) {
  const medians = fitImputer(train);
  const model = new RandomForestRegression({
    seed: modelSeed,
    nEstimators: MODEL_PARAMS.n_estimators,
    maxFeatures: MODEL_PARAMS.max_features,
    replacement: MODEL_PARAMS.feature_replacement,
    useSampleBagging: MODEL_PARAMS.use_sample_bagging,
    noOOB: true,
    treeOptions: { maxDepth: MODEL_PARAMS.max_depth, minNumSamples: MODEL_PARAMS.min_num_samples },
  });
  model.train(featurize(train, medians), train.map((r) => r.Miles_per_Gallon!));
  const testX = featurize(test, medians);
  return { model, medians, testX, predictions: model.predict(testX) };
}

/**
 * Hold-out RMSE of the forest's first k trees, k = 1..n_estimators: a regression forest
 * predicts the mean of its trees (ml-random-forest's default "mean" selection), so the running
 * mean of the per-tree predictions is what a k-tree forest would predict.
 */
function rmseByTrees(model: RandomForestRegression, testX: number[][], actual: readonly number[]): number[] {
  const perTree = model.predictionValues(testX); // a row per test row, a column per tree
  const sums = new Array<number>(testX.length).fill(0);
  const curve: number[] = [];
  for (let k = 0; k < perTree.columns; k++) {
    for (let i = 0; i < sums.length; i++) sums[i] = sums[i]! + perTree.get(i, k);
    curve.push(rmse(sums.map((s) => s / (k + 1)), actual));
  }
  return curve;
}

/** Time spent training and predicting, so what is left of the run's wall time is logging. */
let computeMs = 0;
function compute<T>(fn: () => T): T {
  const t = performance.now();
  try {
    return fn();
  } finally {
    computeMs += performance.now() - t;
  }
}

const data = loadCars();
await mlflow.setExperiment("mlruns-demo");

const started = performance.now();
const result = await competition.withCompetitionRun(
  {
    modelType: "random_forest",
    experimentType: "baseline",
    phase: "initial",
    note: "Random forest on Auto MPG (vega-datasets cars.json): seeded 5-fold CV, holdout submission.",
    seed,
    seedEnv: SEED_ENV,
    params: {
      ...MODEL_PARAMS,
      cv_strategy: "KFold(shuffle=True)",
      n_splits: N_SPLITS,
      target: TARGET,
      test_fraction: TEST_FRACTION,
      imputation: "median (training rows)",
    },
    // Dependency versions come from this repository's package.json / package-lock.json,
    // wherever the demo is started from.
    environment: { projectDir: projectRoot() },
  },
  async (run, { rng }) => {
    // A pointer to the data, never the data: which package, which file, which bytes.
    await mlflow.setTags({ "data.source": `${data.source.package}/data/cars.json`, "data.sha256": data.source.sha256 });

    // The competition's split: the test side plays the unlabelled test set.
    const split = competition.trainTestSplit(data.rows.length, { testSize: TEST_FRACTION, rng });
    const train = split.trainIndex.map((i) => data.rows[i]!);
    const test = split.testIndex.map((i) => data.rows[i]!);
    const testWithoutTarget = test.map(({ Miles_per_Gallon: _hidden, ...rest }) => rest);
    competition.logDatasetInfo(train, { prefix: "train" });
    competition.logDatasetInfo(testWithoutTarget, { prefix: "test" });
    mlflow.logMetrics({ train_size: train.length, test_size: test.length });
    await competition.logFeatureList([...FEATURES]);

    // Seeded 5-fold CV: the fold assignment and each fold's forest seed come from the run's rng.
    const folds = competition.kFold(train.length, { nSplits: N_SPLITS, rng });
    const scores = folds.map(({ trainIndex, testIndex }) =>
      compute(() => {
        const { predictions } = fitPredict(trainIndex.map((i) => train[i]!), testIndex.map((i) => train[i]!), rng.nextSeed());
        return rmse(predictions, testIndex.map((i) => train[i]!.Miles_per_Gallon!));
      }),
    );
    const cv = competition.logCvResults(scores, { metric: "rmse" });

    // The final model, trained on every training row, predicts the test split.
    const final = compute(() => fitPredict(train, test, rng.nextSeed()));
    const submissionPath = await competition.logSubmission(test.map((r, i) => ({ id: r.id, [TARGET]: final.predictions[i]! })));
    // The demo knows the test labels, so it can log the score a leaderboard would give, and
    // how it fell as trees were added: one point per forest size, so charts have a line to draw.
    // The last point, all trees, is that score.
    const actual = test.map((r) => r.Miles_per_Gallon!);
    const holdout = rmse(final.predictions, actual);
    const curve = compute(() => rmseByTrees(final.model, final.testX, actual));
    curve.forEach((value, k) => mlflow.logMetric("holdout_rmse", value, { step: k + 1 }));

    await mlflow.logText(JSON.stringify(final.model.toJSON()), "model/model.json");
    await mlflow.logDict(
      {
        library: "ml-random-forest",
        class: "RandomForestRegression",
        load: "RandomForestRegression.load(JSON.parse(fs.readFileSync('model.json', 'utf8')))",
        features: FEATURES,
        imputation_medians: final.medians,
        target: TARGET,
      },
      "model/model_info.json",
    );
    return { runId: run.info.runId, artifactUri: run.info.artifactUri, cv, holdout, curve, submissionPath };
  },
);
const overheadMs = performance.now() - started - computeMs;

const uri = mlflow.getTrackingUri();
const store = uri.startsWith("file:") ? fileURLToPath(uri) : path.resolve(uri);
const artifacts = result.artifactUri.startsWith("file:") ? fileURLToPath(result.artifactUri) : result.artifactUri;
console.log(`Logged run ${result.runId} to ${store}`);
console.log(`  seed ${seed}; 5-fold CV RMSE ${result.cv.mean.toFixed(4)} ± ${result.cv.std.toFixed(4)} (mpg)`);
console.log(`  fold RMSEs: ${result.cv.folds.map((s) => s.toFixed(4)).join(", ")}`);
console.log(`  holdout RMSE ${result.holdout.toFixed(4)}; submission ${path.join(artifacts, result.submissionPath)}`);
console.log(`  logging overhead: ${overheadMs.toFixed(0)} ms for this 5-fold run (wall time minus training and prediction, ${computeMs.toFixed(0)} ms)`);
console.log("\nOpen it in the MLflow UI (Python):");
console.log("  pip install mlflow");
console.log(`  MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri ${store}    # MLflow 3.13 and newer`);
console.log(`  mlflow ui --backend-store-uri ${store}                                # MLflow 2.x to 3.12`);
console.log("  then browse to http://127.0.0.1:5000");

// The project's own `mlruns` command: `npx mlruns` inside the project, else its path.
const inProject = !path.relative(projectRoot(), process.cwd()).startsWith("..");
const cli = inProject ? "npx mlruns" : `node ${competition.shellQuote(path.join(projectRoot(), "dist", "bin", "mlruns.js"))}`;
const storeOption = store === path.resolve("mlruns") ? "" : ` --store ${competition.shellQuote(store)}`;
const [first, last] = [result.curve[0]!, result.curve[result.curve.length - 1]!];
console.log(`\nThe learning curve: holdout RMSE ${first.toFixed(4)} with 1 tree, ${last.toFixed(4)} with ${result.curve.length} (metric holdout_rmse, step = trees).`);
console.log("In the terminal:");
console.log(`  ${cli} history ${result.runId} holdout_rmse${storeOption}    # a sparkline, then every step`);
console.log(`  ${cli} show ${result.runId}${storeOption}                     # the whole run`);
console.log("In the MLflow UI, the run's holdout_rmse chart draws it against step.");
console.log(`\nSearch runs in the UI's search box: tags.experiment_type = 'baseline' and metrics.cv_rmse_mean < 10000`);
console.log(
  `Or from Node: await mlflow.searchRuns({ experimentNames: ["mlruns-demo"], filterString: "tags.experiment_type = 'baseline' and metrics.cv_rmse_mean < 10000", orderBy: ["attributes.start_time DESC"] })`,
);
// Everything needed to re-run it is on the run itself (what `mlruns show RUN_ID --reproduce` reads).
const again = competition.reproductionInfo(await mlflow.getRun(result.runId));
console.log(`\nRe-run it (seed ${again.seed}, commit ${again.git?.commit.slice(0, 12) ?? "unknown"}${again.git?.dirty ? " plus git_diff.patch" : ""}); the same seed gives the same fold scores:`);
for (const step of again.steps) console.log(`  ${step}`);
