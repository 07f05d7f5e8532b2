// What a 5-fold competition run's logging costs without the training (docs/competition.md):
// the same calls the demo makes (params, dataset summaries, feature list, CV results, a
// submission, a ~1 MB model file), each repetition into a fresh store; prints the median, min and
// max wall time. It was a timed unit test; speed is measured here, not asserted in `npm test`.
//
//   npm run build && node bench/competition-overhead.mjs [reps=21]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as mlflow from "../dist/index.js";
import * as competition from "../dist/competition/index.js";

const reps = Number(process.argv[2] ?? 21);
const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const modelJson = JSON.stringify({ trees: Array.from({ length: 25 }, (_, i) => ({ i, nodes: "x".repeat(40_000) })) }); // ~1 MB, like the demo's forest
const rows = Array.from({ length: 400 }, (_, i) => ({ id: i, a: i % 7 ? i : null, b: "x", c: i / 3 }));
const base = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-bench-competition-"));

async function once(i) {
  mlflow.setTrackingUri(path.join(base, String(i), "mlruns"));
  const started = performance.now();
  await competition.withCompetitionRun(
    {
      modelType: "random_forest",
      experimentType: "baseline",
      seed: 42,
      params: { n_estimators: 25, max_depth: 8, cv_strategy: "KFold(shuffle=True)", n_splits: 5 },
      environment: { projectDir },
    },
    async () => {
      competition.logDatasetInfo(rows.slice(0, 320), { prefix: "train" });
      competition.logDatasetInfo(rows.slice(320), { prefix: "test" });
      mlflow.logMetrics({ train_size: 320, test_size: 80 });
      await competition.logFeatureList(["a", "b", "c"]);
      competition.logCvResults([3.1, 2.9, 3.3, 2.7, 3.0], { metric: "rmse" });
      await competition.logSubmission(rows.slice(320).map((r) => ({ id: r.id, y: r.c })));
      await mlflow.logText(modelJson, "model/model.json");
    },
  );
  return performance.now() - started;
}

try {
  await once("warm-up");
  const times = [];
  for (let i = 0; i < reps; i++) times.push(await once(i));
  times.sort((a, b) => a - b);
  const load = os.loadavg()[0].toFixed(1);
  console.log(`logging of a 5-fold competition run (no training), ${reps} reps, load ${load}:`);
  console.log(`  median ${times[reps >> 1].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[reps - 1].toFixed(0)} ms`);
} finally {
  fs.rmSync(base, { recursive: true, force: true });
}
