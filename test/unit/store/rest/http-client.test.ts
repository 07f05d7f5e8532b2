/**
 * The REST store's HTTP behaviour against a tiny 127.0.0.1 server scripted by each test:
 * retries with backoff on 429/5xx and connection failures, none on other 4xx, Retry-After,
 * the server's error_code as the file store's error classes, auth headers, clear errors.
 */
import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import {
  InvalidParameterError,
  InvalidStateError,
  MlflowError,
  ResourceAlreadyExistsError,
  ResourceNotFoundError,
  TrackingServerAuthError,
  TrackingServerUnavailableError,
} from "../../../../src/errors.js";
import { settingsFromEnv } from "../../../../src/store/rest/client-settings.js";
import { toProtoJson } from "../../../../src/store/rest/http-client.js";
import { RestStore } from "../../../../src/store/rest/rest-store.js";
import { closeServers, readBody, serve } from "./local-server.js";

interface Seen {
  method: string;
  url: string;
  at: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

afterEach(closeServers);

/** A server answering request n with replies[n] (the last one thereafter); it records every request. */
async function scripted(replies: Reply[]): Promise<{ uri: string; seen: Seen[]; server: http.Server }> {
  const seen: Seen[] = [];
  const { uri, server } = await serve(async (req, res) => {
    const body = await readBody(req);
    seen.push({ method: req.method!, url: req.url!, at: Date.now(), headers: req.headers, body });
    const reply = replies[Math.min(seen.length - 1, replies.length - 1)]!;
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(reply.body === undefined ? "{}" : JSON.stringify(reply.body));
  });
  return { uri, seen, server };
}

const FAST = { maxRetries: 3, backoffFactor: 0.05, backoffJitter: 0, timeoutSeconds: 5 };
const EXPERIMENT = { experiment: { experiment_id: "7", name: "e", artifact_location: "mlflow-artifacts:/7", lifecycle_stage: "active", tags: [] } };

describe("retries", () => {
  it("retries 429 and 503 with exponential backoff, then succeeds", async () => {
    const { uri, seen } = await scripted([{ status: 429 }, { status: 503 }, { status: 503 }, { status: 200, body: EXPERIMENT }]);
    const store = new RestStore(uri, FAST);
    const exp = await store.getExperiment("7");
    expect(exp.name).toBe("e");
    expect(seen).toHaveLength(4);
    // urllib3: the first retry at once, then factor × 2^(n-1): 0, 100 ms, 200 ms.
    const gaps = seen.slice(1).map((s, i) => s.at - seen[i]!.at);
    expect(gaps[1]!).toBeGreaterThanOrEqual(95);
    expect(gaps[2]!).toBeGreaterThanOrEqual(195);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
  });

  it("does not retry a 400: the server's INVALID_PARAMETER_VALUE is an InvalidParameterError", async () => {
    const { uri, seen } = await scripted([{ status: 400, body: { error_code: "INVALID_PARAMETER_VALUE", message: "Invalid metric name: ''" } }]);
    const err = await new RestStore(uri, FAST).getExperiment("7").catch((e) => e);
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect(err.message).toBe("Invalid metric name: ''");
    expect(seen).toHaveLength(1);
  });

  it("honours Retry-After on a 429", async () => {
    const { uri, seen } = await scripted([{ status: 429, headers: { "retry-after": "1" } }, { status: 200, body: EXPERIMENT }]);
    await new RestStore(uri, FAST).getExperiment("7");
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it("a 429 storm longer than the retries ends in a clear typed error", async () => {
    const { uri, seen } = await scripted([{ status: 429, body: { error_code: "REQUEST_LIMIT_EXCEEDED", message: "slow down" } }]);
    const err = await new RestStore(uri, FAST).getExperiment("7").catch((e) => e);
    expect(err).toBeInstanceOf(TrackingServerUnavailableError);
    expect(err.status).toBe(429);
    expect(err.errorCode).toBe("REQUEST_LIMIT_EXCEEDED");
    expect(err.message).toContain(uri);
    expect(err.message).toMatch(/4 attempts: it kept answering 429 Too Many Requests/);
    expect(err.message).toMatch(/MLFLOW_HTTP_REQUEST_MAX_RETRIES/);
    expect(seen).toHaveLength(4);
  });

  it("a refused connection is retried, then named with the URI and what to check", async () => {
    const { uri, server } = await scripted([{ status: 200 }]);
    await new Promise((r) => server.close(r));
    const started = Date.now();
    const err = await new RestStore(uri, FAST).getExperiment("7").catch((e) => e);
    expect(err).toBeInstanceOf(TrackingServerUnavailableError);
    expect(err.status).toBeUndefined();
    expect(err.message).toContain(`Could not reach the MLflow tracking server at ${uri}`);
    expect(err.message).toMatch(/connection refused/);
    expect(err.message).toMatch(/Check that the server is running/);
    expect(err.message).toMatch(/MLFLOW_TRACKING_URI/);
    // 3 retries: 0 + 100 + 200 ms of backoff.
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe("same errors as the file store", () => {
  it.each([
    ["RESOURCE_DOES_NOT_EXIST", 404, ResourceNotFoundError],
    ["RESOURCE_ALREADY_EXISTS", 400, ResourceAlreadyExistsError],
    ["INVALID_PARAMETER_VALUE", 400, InvalidParameterError],
    ["INVALID_STATE", 400, InvalidStateError],
  ] as const)("%s → %s", async (code, status, cls) => {
    const { uri } = await scripted([{ status, body: { error_code: code, message: `server says ${code}` } }]);
    const err = await new RestStore(uri, FAST).getExperiment("7").catch((e) => e);
    expect(err).toBeInstanceOf(cls);
    expect(err.errorCode).toBe(code);
    expect(err.message).toBe(`server says ${code}`);
  });

  it("an unknown code keeps the server's message as an MlflowError", async () => {
    const { uri } = await scripted([{ status: 400, body: { error_code: "BAD_REQUEST", message: "nope" } }]);
    const err = await new RestStore(uri, FAST).getExperiment("7").catch((e) => e);
    expect(err).toBeInstanceOf(MlflowError);
    expect(err.errorCode).toBe("BAD_REQUEST");
  });

  it("401 says which variables to set; 403 says whose rights are missing", async () => {
    const { uri } = await scripted([{ status: 401, body: "" }]);
    const err = await new RestStore(uri, FAST).getExperiment("7").catch((e) => e);
    expect(err).toBeInstanceOf(TrackingServerAuthError);
    expect(err.message).toMatch(/MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD .* or MLFLOW_TRACKING_TOKEN/);
    const forbidden = await scripted([{ status: 403, body: { error_code: "PERMISSION_DENIED", message: "Permission denied" } }]);
    const err2 = await new RestStore(forbidden.uri, FAST).getExperiment("7").catch((e) => e);
    expect(err2).toBeInstanceOf(TrackingServerAuthError);
    expect(err2.errorCode).toBe("PERMISSION_DENIED");
  });
});

describe("client settings", () => {
  it("sends a bearer token from MLFLOW_TRACKING_TOKEN, basic auth from USERNAME/PASSWORD (which wins, as in MLflow)", async () => {
    const { uri, seen } = await scripted([{ status: 200, body: EXPERIMENT }]);
    await new RestStore(uri, { ...FAST, env: { MLFLOW_TRACKING_TOKEN: "tok" } }).getExperiment("7");
    expect(seen[0]!.headers.authorization).toBe("Bearer tok");
    await new RestStore(uri, { ...FAST, env: { MLFLOW_TRACKING_TOKEN: "tok", MLFLOW_TRACKING_USERNAME: "u", MLFLOW_TRACKING_PASSWORD: "p w" } }).getExperiment("7");
    expect(seen[1]!.headers.authorization).toBe(`Basic ${Buffer.from("u:p w").toString("base64")}`);
    await new RestStore(uri.replace("http://", "http://ann:secret@"), FAST).getExperiment("7");
    expect(seen[2]!.headers.authorization).toBe(`Basic ${Buffer.from("ann:secret").toString("base64")}`);
  });

  it("reads MLflow's variables with MLflow's defaults, and refuses bad values with what to change", () => {
    expect(settingsFromEnv({})).toMatchObject({ maxRetries: 7, backoffFactor: 2, backoffJitter: 1, timeoutSeconds: 120, insecureTls: false });
    expect(
      settingsFromEnv({ MLFLOW_HTTP_REQUEST_MAX_RETRIES: "2", MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: "1", MLFLOW_HTTP_REQUEST_TIMEOUT: "9", MLFLOW_TRACKING_INSECURE_TLS: "true" }),
    ).toMatchObject({ maxRetries: 2, backoffFactor: 1, timeoutSeconds: 9, insecureTls: true });
    expect(() => settingsFromEnv({ MLFLOW_HTTP_REQUEST_MAX_RETRIES: "lots" })).toThrow(/MLFLOW_HTTP_REQUEST_MAX_RETRIES='lots' is not an integer/);
    expect(() => settingsFromEnv({ MLFLOW_HTTP_REQUEST_MAX_RETRIES: "11" })).toThrow(/from 0 to 10/);
    expect(() => settingsFromEnv({ MLFLOW_TRACKING_SERVER_CERT_PATH: "/no/such.pem" })).toThrow(InvalidParameterError);
    expect(() => settingsFromEnv({ MLFLOW_TRACKING_INSECURE_TLS: "true", MLFLOW_TRACKING_SERVER_CERT_PATH: "/etc/hosts" })).toThrow(/cannot both be set/);
  });

  it("sends NaN and infinities as proto3 JSON strings and bigint steps as decimal strings", async () => {
    const { uri, seen } = await scripted([{ status: 200 }]);
    await new RestStore(uri, FAST).logBatch("r1", { metrics: [{ key: "m", value: NaN, timestamp: 1, step: 2n ** 60n }, { key: "m", value: -Infinity, timestamp: 2, step: 0 }] });
    expect(JSON.parse(seen[0]!.body).metrics).toEqual([
      { key: "m", value: "NaN", timestamp: 1, step: "1152921504606846976" },
      { key: "m", value: "-Infinity", timestamp: 2, step: 0 },
    ]);
  });
});

describe("request bodies", () => {
  it("write NaN and ±Infinity as strings and bigints (int64) as decimal strings, as protobuf's json_format", () => {
    expect(toProtoJson({ v: [Number.NaN, Infinity, -Infinity, 1.5], step: 2n ** 63n - 1n })).toBe('{"v":["NaN","Infinity","-Infinity",1.5],"step":"9223372036854775807"}');
  });
});
