import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as mlflow from "../../../src/index.js";
import { resetTrackingUriForTests } from "../../../src/api/tracking-uri.js";
import { stripCredentials } from "../../../src/tracking-context/system-tags.js";
import { tempDir } from "../helpers/temp-store.js";

let root: string;

beforeEach(() => {
  root = path.join(tempDir(), "mlruns");
  mlflow.setTrackingUri(root);
});

afterEach(async () => {
  while (mlflow.activeRun()) await mlflow.endRun();
  resetTrackingUriForTests();
  delete process.env.MLFLOW_EXPERIMENT_NAME;
  delete process.env.MLFLOW_RUN_ID;
  delete process.env.MLFLOW_EXPERIMENT_ID;
});

describe("tracking URI", () => {
  it("defaults to MLFLOW_TRACKING_URI, then ./mlruns", () => {
    resetTrackingUriForTests();
    process.env.MLFLOW_TRACKING_URI = "file:///tmp/somewhere";
    expect(mlflow.getTrackingUri()).toBe("file:///tmp/somewhere");
    delete process.env.MLFLOW_TRACKING_URI;
    expect(mlflow.getTrackingUri()).toBe(`file://${path.resolve("mlruns")}`);
  });

  it("refuses a scheme it cannot serve, saying what to use", () => {
    // http(s) is served by the REST store now (issue #18); databricks is still not.
    expect(() => new mlflow.MlflowClient("databricks://profile")).toThrow("Use a local folder path");
  });

  it("opens an MLflow server's http(s) URI with the REST store, without a request", () => {
    expect(new mlflow.MlflowClient("http://localhost:5000").store).toBeInstanceOf(mlflow.RestStore);
    expect(new mlflow.MlflowClient("https://mlflow.example.com/prefix/").store.trackingUri).toBe("https://mlflow.example.com/prefix");
  });
});

describe("system tags", () => {
  it("strips credentials from a git remote URL before recording it", () => {
    expect(stripCredentials("https://user:ghp_token@github.com/o/r.git")).toBe("https://github.com/o/r.git");
    expect(stripCredentials("git@github.com:o/r.git")).toBe("git@github.com:o/r.git");
  });
});

describe("fluent runs", () => {
  it("setExperiment creates once and then reuses", async () => {
    const a = await mlflow.setExperiment("fluent");
    const b = await mlflow.setExperiment("fluent");
    expect(a.experimentId).toBe(b.experimentId);
  });

  it("setExperiment honours MLFLOW_EXPERIMENT_NAME", async () => {
    process.env.MLFLOW_EXPERIMENT_NAME = "from-env";
    const run = await mlflow.startRun();
    await mlflow.endRun();
    expect((await mlflow.getExperiment(run.info.experimentId)).name).toBe("from-env");
  });

  it("startRun records MLflow's system tags and a description", async () => {
    const run = await mlflow.startRun({ runName: "tagged", description: "why this run exists" });
    await mlflow.endRun();
    const { data, info } = await mlflow.getRun(run.info.runId);
    expect(info.status).toBe("FINISHED");
    expect(info.endTime).toBeGreaterThanOrEqual(info.startTime!);
    expect(data.tags["mlflow.runName"]).toBe("tagged");
    expect(data.tags["mlflow.note.content"]).toBe("why this run exists");
    expect(data.tags["mlflow.source.type"]).toBe("LOCAL");
    expect(data.tags["mlflow.user"]).toBe(info.userId);
    expect(data.tags["mlflow.source.name"]).toBeTruthy();
  });

  it("refuses a second top-level run while one is active, and nests on request", async () => {
    const parent = await mlflow.startRun();
    await expect(mlflow.startRun()).rejects.toThrow("is already active");
    const child = await mlflow.startRun({ nested: true });
    expect(mlflow.activeRun()?.info.runId).toBe(child.info.runId);
    await mlflow.endRun();
    expect(mlflow.activeRun()?.info.runId).toBe(parent.info.runId);
    await mlflow.endRun();
    expect((await mlflow.getRun(child.info.runId)).data.tags["mlflow.parentRunId"]).toBe(parent.info.runId);
  });

  it("withRun ends FINISHED, or FAILED and rethrows", async () => {
    const okId = await mlflow.withRun({ runName: "ok" }, async (run) => {
      mlflow.logMetric("m", 1);
      return run.info.runId;
    });
    expect((await mlflow.getRun(okId)).info.status).toBe("FINISHED");
    let failedId = "";
    await expect(
      mlflow.withRun({ runName: "bad" }, async (run) => {
        failedId = run.info.runId;
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await mlflow.getRun(failedId)).info.status).toBe("FAILED");
    expect(mlflow.activeRun()).toBeUndefined();
  });

  it("concurrent withRun calls each see their own run (CV folds with Promise.all)", async () => {
    const parentId = await mlflow.withRun({ runName: "cv" }, async (parent) => {
      const folds = await Promise.all(
        [0, 1, 2, 3, 4].map((fold) =>
          mlflow.withRun({ runName: `fold-${fold}`, nested: true }, async (run) => {
            for (let step = 0; step < 20; step++) {
              await new Promise((r) => setTimeout(r, Math.random() * 3));
              expect(mlflow.activeRun()?.info.runId).toBe(run.info.runId);
              mlflow.logMetric("fold", fold, { step });
            }
            await mlflow.logParam("fold", fold);
            return run.info.runId;
          }),
        ),
      );
      expect(mlflow.activeRun()?.info.runId).toBe(parent.info.runId);
      return { id: parent.info.runId, folds };
    });
    for (const [fold, runId] of parentId.folds.entries()) {
      const run = await mlflow.getRun(runId);
      expect(run.data.params.fold).toBe(String(fold));
      expect(run.data.tags["mlflow.parentRunId"]).toBe(parentId.id);
      const history = await mlflow.getMetricHistory(runId, "fold");
      expect(history.map((p) => p.value)).toEqual(Array(20).fill(fold));
    }
  });

  it("resumes a finished run by id (and through MLFLOW_RUN_ID)", async () => {
    const first = await mlflow.withRun({}, async (run) => {
      await mlflow.logParam("a", 1);
      return run.info.runId;
    });
    process.env.MLFLOW_RUN_ID = first;
    const resumed = await mlflow.startRun();
    expect(resumed.info.runId).toBe(first);
    expect((await mlflow.getRun(first)).info.status).toBe("RUNNING");
    await mlflow.logParam("b", 2);
    await mlflow.endRun();
    const run = await mlflow.getRun(first);
    expect(run.data.params).toEqual({ a: "1", b: "2" });
    expect(run.info.status).toBe("FINISHED");
  });

  it("logMetric needs an active run and says so", () => {
    expect(() => mlflow.logMetric("m", 1)).toThrow("No active run");
  });

  it("logParam starts a run when none is active, like MLflow", async () => {
    await mlflow.logParam("auto", 1);
    const run = mlflow.activeRun();
    expect(run).toBeDefined();
    expect((await mlflow.getRun(run!.info.runId)).data.params.auto).toBe("1");
  });

  it("logMetrics validates every value before queueing any", async () => {
    const run = await mlflow.startRun();
    expect(() => mlflow.logMetrics({ good: 1, bad: "x" as never })).toThrow("valid double");
    await mlflow.flush();
    expect((await mlflow.getRun(run.info.runId)).data.metrics).toEqual({});
  });

  it("searchRuns returns runs and flat rows like MLflow's DataFrame", async () => {
    const exp = await mlflow.setExperiment("search");
    await mlflow.withRun({ runName: "a" }, async () => {
      await mlflow.logParam("lr", 0.1);
      mlflow.logMetric("rmse", 3);
      await mlflow.setTag("kind", "base");
    });
    const rows = await mlflow.searchRuns({ experimentIds: [exp.experimentId], outputFormat: "rows" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "FINISHED", "metrics.rmse": 3, "params.lr": "0.1", "tags.kind": "base" });
    const runs = await mlflow.searchRuns({ experimentNames: ["search"], filterString: "metrics.rmse < 4" });
    expect(runs.map((r) => r.info.runName)).toEqual(["a"]);
  });

  it("lastActiveRun returns the run that just ended", async () => {
    const id = await mlflow.withRun({}, async (run) => run.info.runId);
    expect((await mlflow.lastActiveRun())?.info.runId).toBe(id);
  });
});
