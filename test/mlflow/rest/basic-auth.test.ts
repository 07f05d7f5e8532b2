/**
 * Credentials against `mlflow server --app-name basic-auth`: MLflow's own variables log in;
 * a wrong password or none is a clear typed error saying what to set.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TrackingServerAuthError } from "../../../src/errors.js";
import { RestStore } from "../../../src/store/rest/rest-store.js";
import { startMlflowServer, type MlflowServer } from "../servers/mlflow-server.js";

const ADMIN_PASSWORD = "s3cret-admin-pw";
let server: MlflowServer;
let configDir: string;

beforeAll(async () => {
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-auth-"));
  const ini = path.join(configDir, "basic_auth.ini");
  fs.writeFileSync(
    ini,
    [
      "[mlflow]",
      "default_permission = READ",
      `database_uri = sqlite:///${path.join(configDir, "auth.db")}`,
      "admin_username = admin",
      `admin_password = ${ADMIN_PASSWORD}`,
      "authorization_function = mlflow.server.auth:authenticate_request_basic_auth",
      "",
    ].join("\n"),
  );
  server = await startMlflowServer({
    appName: "basic-auth",
    env: { MLFLOW_AUTH_CONFIG_PATH: ini, MLFLOW_FLASK_SERVER_SECRET_KEY: "test-secret-key-0123456789" },
  });
});
afterAll(async () => {
  await server?.remove();
  if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
});

describe("basic auth", () => {
  it("MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD log in", async () => {
    const store = new RestStore(server.uri, { env: { MLFLOW_TRACKING_USERNAME: "admin", MLFLOW_TRACKING_PASSWORD: ADMIN_PASSWORD } });
    const id = await store.createExperiment("with-auth");
    const { info } = await store.createRun({ experimentId: id, userId: "admin", startTime: 1, tags: [] });
    store.queueMetrics(info.runId, [{ key: "m", value: 1, timestamp: 1, step: 0 }]);
    await store.flush();
    expect(await store.getMetricHistory(info.runId, "m")).toHaveLength(1);
    await store.artifactRepository(info).writeArtifact("a.txt", "behind auth");
    expect((await store.artifactRepository(info).listArtifacts()).map((f) => f.path)).toEqual(["a.txt"]);
  });

  it("a wrong password is a TrackingServerAuthError naming the variables to set, without retries", async () => {
    const store = new RestStore(server.uri, { env: { MLFLOW_TRACKING_USERNAME: "admin", MLFLOW_TRACKING_PASSWORD: "wrong" } });
    const started = Date.now();
    const err = await store.createExperiment("nope").catch((e) => e);
    expect(err).toBeInstanceOf(TrackingServerAuthError);
    expect(err.status).toBe(401);
    expect(err.message).toContain(`The tracking server at ${server.uri} refused the credentials (401)`);
    expect(err.message).toMatch(/Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("no credentials at all: the same clear error", async () => {
    const err = await new RestStore(server.uri, { env: {} }).searchExperiments({}).catch((e) => e);
    expect(err).toBeInstanceOf(TrackingServerAuthError);
    expect(err.message).toMatch(/MLFLOW_TRACKING_TOKEN/);
  });
});
