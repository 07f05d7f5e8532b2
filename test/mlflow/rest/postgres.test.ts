/**
 * The REST store on an mlflow server backed by PostgreSQL (a private cluster started by the
 * test): the main verbs, and what MLflow's Python client reads back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ResourceAlreadyExistsError } from "../../../src/errors.js";
import { RestStore } from "../../../src/store/rest/rest-store.js";
import { runPythonCode } from "../python.js";
import { startMlflowServer, type MlflowServer } from "../servers/mlflow-server.js";
import { startPostgres, type Postgres } from "../servers/postgres.js";

let pg: Postgres;
let server: MlflowServer;
let store: RestStore;

beforeAll(async () => {
  pg = await startPostgres();
  server = await startMlflowServer({ backendStoreUri: pg.uri });
  store = new RestStore(server.uri, { flushIntervalMs: 50 });
});
afterAll(async () => {
  await server?.remove();
  pg?.stop();
});

describe("RestStore on a PostgreSQL mlflow server", () => {
  it("logs a run that MLflow's Python client reads back the same", async () => {
    const exp = await store.createExperiment("pg", undefined, [{ key: "db", value: "postgres" }]);
    await expect(store.createExperiment("pg")).rejects.toBeInstanceOf(ResourceAlreadyExistsError);
    const { info } = await store.createRun({ experimentId: exp, userId: "me", startTime: 1_700_000_000_000, tags: [{ key: "t", value: "x" }], runName: "pg-run" });
    await store.logBatch(info.runId, { params: [{ key: "lr", value: "0.01" }], tags: [{ key: "phase", value: "train" }] });
    for (let step = 0; step < 1200; step++) store.queueMetrics(info.runId, [{ key: "loss", value: 1 / (step + 1), timestamp: 1_700_000_000_000 + step, step }]);
    await store.artifactRepository(info).writeArtifact("notes.txt", "on postgres");
    await store.updateRunInfo(info.runId, "FINISHED", 1_700_000_999_000);
    const found = await store.searchRuns({ experimentIds: [exp], filterString: "params.lr = '0.01' and metrics.loss < 0.01" });
    expect(found.map((r) => r.info.runId)).toEqual([info.runId]);

    const py = await runPythonCode(`import json, mlflow
c = mlflow.tracking.MlflowClient(tracking_uri=${JSON.stringify(server.uri)})
r = c.get_run(${JSON.stringify(info.runId)})
h = c.get_metric_history(r.info.run_id, "loss")
print(json.dumps({"name": r.info.run_name, "status": r.info.status, "end": r.info.end_time, "params": r.data.params,
  "tags": {k: v for k, v in r.data.tags.items() if not k.startswith("mlflow.")}, "n": len(h),
  "last": [h[-1].step, h[-1].value, h[-1].timestamp], "files": [f.path for f in c.list_artifacts(r.info.run_id)],
  "exp_tags": c.get_experiment(${JSON.stringify(exp)}).tags}))`);
    expect(py).toEqual({
      name: "pg-run",
      status: "FINISHED",
      end: 1_700_000_999_000,
      params: { lr: "0.01" },
      tags: { t: "x", phase: "train" },
      n: 1200,
      last: [1199, 1 / 1200, 1_700_000_001_199],
      files: ["notes.txt"],
      exp_tags: { db: "postgres" },
    });
  });
});
