import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import * as competition from "../../../src/competition/index.js";
import { tempDir } from "../helpers/temp-store.js";
import { artifactDir, useTempStore } from "./setup.js";

useTempStore();

describe("toCsv", () => {
  it("writes a header from the keys and quotes what needs it", () => {
    const csv = competition.toCsv([
      { id: 1, target: 0.5 },
      { id: 2, target: null, note: 'say "hi", ok' },
      { id: 3, target: 1e-7, note: " padded" },
    ]);
    expect(csv).toBe('id,target,note\n1,0.5,\n2,,"say ""hi"", ok"\n3,1e-7," padded"\n');
  });
});

describe("logSubmission", () => {
  const stamp = new Date(2024, 4, 6, 7, 8, 9);

  it("logs rows as submissions/submission_{timestamp}.csv, tags the run and returns the path", async () => {
    const runId = await mlflow.withRun({}, async (run) => {
      const p = await competition.logSubmission([{ id: 10, SalePrice: 123.5 }, { id: 11, SalePrice: 99 }], { timestamp: stamp });
      expect(p).toBe("submissions/submission_20240506_070809.csv");
      return run.info.runId;
    });
    const run = await mlflow.getRun(runId);
    expect(run.data.tags.submission_file).toBe("submission_20240506_070809.csv");
    const file = path.join(await artifactDir(runId), "submissions", "submission_20240506_070809.csv");
    expect(fs.readFileSync(file, "utf8")).toBe("id,SalePrice\n10,123.5\n11,99\n");
    // The file name leads back to its run.
    const found = await mlflow.searchRuns({ filterString: "tags.submission_file = 'submission_20240506_070809.csv'" });
    expect(found.map((r) => r.info.runId)).toEqual([runId]);
  });

  it("logs an existing CSV under the standard name, byte for byte", async () => {
    const dir = tempDir();
    const local = path.join(dir, "my predictions.csv");
    fs.writeFileSync(local, "id,y\r\n1,2\r\n");
    const runId = await mlflow.withRun({}, async (run) => {
      expect(await competition.logSubmission(local, { timestamp: "20240101_000000" })).toBe("submissions/submission_20240101_000000.csv");
      return run.info.runId;
    });
    expect(fs.readFileSync(path.join(await artifactDir(runId), "submissions", "submission_20240101_000000.csv"), "utf8")).toBe("id,y\r\n1,2\r\n");
  });

  it("keeps a local copy in outputDir when asked", async () => {
    const out = path.join(tempDir(), "subs");
    await mlflow.withRun({}, () => competition.logSubmission([{ id: 1 }], { timestamp: stamp, outputDir: out }));
    expect(fs.readFileSync(path.join(out, "submission_20240506_070809.csv"), "utf8")).toBe("id\n1\n");
  });

  it("refuses a missing file and a timestamp that is not a plain name", async () => {
    await mlflow.withRun({}, async () => {
      await expect(competition.logSubmission("/nonexistent/sub.csv")).rejects.toThrow("does not exist");
      await expect(competition.logSubmission([{ id: 1 }], { timestamp: "../x" })).rejects.toThrow(mlflow.InvalidParameterError);
    });
  });
});
