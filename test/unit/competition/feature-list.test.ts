import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import * as competition from "../../../src/competition/index.js";
import { artifactDir, useTempStore } from "./setup.js";

useTempStore();

describe("logFeatureList", () => {
  it("logs features.json and the n_features param", async () => {
    const runId = await mlflow.withRun({}, async (run) => {
      expect(await competition.logFeatureList(["age", "income", "city_te"])).toBe("features.json");
      return run.info.runId;
    });
    expect((await mlflow.getRun(runId)).data.params).toEqual({ n_features: "3" });
    const text = fs.readFileSync(path.join(await artifactDir(runId), "features.json"), "utf8");
    expect(text).toBe('[\n  "age",\n  "income",\n  "city_te"\n]\n');
  });

  it("writes one name per line for a .txt artifact", async () => {
    const runId = await mlflow.withRun({}, async (run) => {
      await competition.logFeatureList(["a", "b"], { artifactFile: "features/list.txt" });
      return run.info.runId;
    });
    expect(fs.readFileSync(path.join(await artifactDir(runId), "features", "list.txt"), "utf8")).toBe("a\nb\n");
  });

  it("refuses duplicates and empty names before logging anything", async () => {
    await mlflow.withRun({}, async (run) => {
      await expect(competition.logFeatureList(["a", "a"])).rejects.toThrow("Feature 'a' appears twice");
      await expect(competition.logFeatureList(["a", ""])).rejects.toThrow(mlflow.InvalidParameterError);
      await expect(competition.logFeatureList(["a\nb"], { artifactFile: "f.txt" })).rejects.toThrow("line break");
      expect((await mlflow.getRun(run.info.runId)).data.params).toEqual({});
    });
  });
});
