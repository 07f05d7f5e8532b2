/**
 * TLS settings against a real https server on 127.0.0.1 with a certificate made for the test
 * (openssl): refused by default with advice, accepted with MLFLOW_TRACKING_SERVER_CERT_PATH or
 * MLFLOW_TRACKING_INSECURE_TLS.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TrackingServerUnavailableError } from "../../../../src/errors.js";
import { RestStore } from "../../../../src/store/rest/rest-store.js";

let dir: string;
let server: https.Server;
let uri: string;
const EXPERIMENT = { experiment: { experiment_id: "3", name: "tls", artifact_location: "mlflow-artifacts:/3", lifecycle_stage: "active", tags: [] } };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-tls-"));
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
  ], { stdio: "ignore" });
  server = https.createServer({ key: fs.readFileSync(path.join(dir, "key.pem")), cert: fs.readFileSync(path.join(dir, "cert.pem")) }, (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(EXPERIMENT));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  uri = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

const NO_RETRY = { maxRetries: 0 };

describe("TLS", () => {
  it("an unknown certificate is refused, with the two variables that fix it", async () => {
    const err = await new RestStore(uri, { ...NO_RETRY, env: {} }).getExperiment("3").catch((e) => e);
    expect(err).toBeInstanceOf(TrackingServerUnavailableError);
    expect(err.message).toMatch(/TLS verification failed .*MLFLOW_TRACKING_SERVER_CERT_PATH.*MLFLOW_TRACKING_INSECURE_TLS=true/);
  });

  it("MLFLOW_TRACKING_SERVER_CERT_PATH verifies the server with that CA", async () => {
    const store = new RestStore(uri, { ...NO_RETRY, env: { MLFLOW_TRACKING_SERVER_CERT_PATH: path.join(dir, "cert.pem") } });
    expect((await store.getExperiment("3")).name).toBe("tls");
  });

  it("MLFLOW_TRACKING_INSECURE_TLS=true skips verification", async () => {
    const store = new RestStore(uri, { ...NO_RETRY, env: { MLFLOW_TRACKING_INSECURE_TLS: "true" } });
    expect((await store.getExperiment("3")).name).toBe("tls");
  });
});
