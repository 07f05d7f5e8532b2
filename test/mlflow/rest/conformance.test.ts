/**
 * The store conformance suite (test/unit/store/conformance/) against the REST store on a real
 * `mlflow server` with a SQLite backend: one server for the file, its database put back to
 * "Default experiment only" before each test (servers/reset-database.ts).
 */
import { afterAll, beforeAll } from "vitest";
import { RestStore } from "../../../src/store/rest/rest-store.js";
import { describeTrackingStore } from "../../unit/store/conformance/index.js";
import { startMlflowServer, type MlflowServer } from "../servers/mlflow-server.js";
import { resettableDatabase } from "../servers/reset-database.js";

// MLflow's client retries a 500 (request_utils._TRANSIENT_FAILURE_RESPONSE_CODES), and so do
// we; the SQL store answers renaming a deleted experiment with a 500, which would cost the
// default policy ~4 minutes. One immediate retry keeps the retry path exercised and the file fast.
process.env.MLFLOW_HTTP_REQUEST_MAX_RETRIES = "1";
process.env.MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR = "0";
process.env.MLFLOW_HTTP_REQUEST_BACKOFF_JITTER = "0";

let server: MlflowServer;
let reset: () => void;

beforeAll(async () => {
  server = await startMlflowServer();
  reset = resettableDatabase(server.dir);
});
afterAll(async () => {
  await server?.remove();
});

describeTrackingStore(
  "rest (sqlite mlflow server)",
  () => {
    reset();
    return new RestStore(server.uri, { flushIntervalMs: 50 });
  },
  { hardDelete: false },
);
