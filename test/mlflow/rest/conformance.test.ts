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

// MLflow's client retries 408/429/5xx (request_utils._TRANSIENT_FAILURE_RESPONSE_CODES, 500
// included), and so do we: with the default policy a server fault would cost this file ~4
// minutes before it fails. One immediate retry keeps it fast and still fails loudly.
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
    return { store: new RestStore(server.uri, { flushIntervalMs: 50 }) };
  },
  // Each switch is SqlAlchemyStore's own behaviour in MLflow 3.17.2; docs/rest-store.md
  // ("Where a server differs from the file store") gives the source line for each.
  {
    hardDelete: false,
    infinity: "clamped",
    defaultExperimentDeletable: true,
    reopenedRunEndTime: "kept",
    historyOrder: "timestamp-step-value",
    unknownRunHistory: "empty",
    loggedModelParams: "write-once",
    errors: { deletedExperiment: "INVALID_PARAMETER_VALUE", renameOntoTakenName: "BAD_REQUEST", malformedModelId: "RESOURCE_DOES_NOT_EXIST" },
    fileStoreMessages: false,
  },
);
