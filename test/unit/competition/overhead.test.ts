import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import * as competition from "../../../src/competition/index.js";
import { useTempStore } from "./setup.js";

useTempStore();

describe("logging overhead", () => {
  it("everything a 5-fold competition run logs takes under a second", async () => {
    const modelJson = JSON.stringify({ trees: Array.from({ length: 25 }, (_, i) => ({ i, nodes: "x".repeat(40_000) })) }); // ~1 MB, like the demo's forest
    const started = performance.now();
    await competition.withCompetitionRun(
      {
        modelType: "random_forest",
        experimentType: "baseline",
        seed: 42,
        params: { n_estimators: 25, max_depth: 8, cv_strategy: "KFold(shuffle=True)", n_splits: 5 },
        environment: { projectDir: path.resolve(__dirname, "..", "..", "..") },
      },
      async () => {
        const rows = Array.from({ length: 400 }, (_, i) => ({ id: i, a: i % 7 ? i : null, b: "x", c: i / 3 }));
        competition.logDatasetInfo(rows.slice(0, 320), { prefix: "train" });
        competition.logDatasetInfo(rows.slice(320), { prefix: "test" });
        mlflow.logMetrics({ train_size: 320, test_size: 80 });
        await competition.logFeatureList(["a", "b", "c"]);
        competition.logCvResults([3.1, 2.9, 3.3, 2.7, 3.0], { metric: "rmse" });
        await competition.logSubmission(rows.slice(320).map((r) => ({ id: r.id, y: r.c })));
        await mlflow.logText(modelJson, "model/model.json");
      },
    );
    const ms = performance.now() - started;
    console.log(`logging overhead of a 5-fold run (no training): ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(1000);
    expect(fs.existsSync(path.join(path.resolve(__dirname, "..", "..", ".."), "package.json"))).toBe(true);
  });
});
