/**
 * Answers that are not what an MLflow server sends: a bare 404 (wrong path prefix, a proxy)
 * and a 200 whose body is not JSON (a login page). Both must say to check the tracking URI,
 * as MLflow's rest_utils does, instead of "not found" or a raw SyntaxError.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MlflowError, ResourceNotFoundError } from "../../../../src/errors.js";
import { RestStore } from "../../../../src/store/rest/rest-store.js";
import { closeServers, readBody, serve } from "./local-server.js";

afterEach(closeServers);

/** A 127.0.0.1 server answering every request with `answer(url)`; it records the paths asked. */
async function answering(answer: (url: string) => { status: number; type: string; body: string }): Promise<{ uri: string; seen: string[] }> {
  const seen: string[] = [];
  const { uri } = await serve(async (req, res) => {
    await readBody(req);
    seen.push(req.url!);
    const a = answer(req.url!);
    res.writeHead(a.status, { "content-type": a.type });
    res.end(a.body);
  });
  return { uri, seen };
}

const FAST = { maxRetries: 0, backoffFactor: 0, backoffJitter: 0, timeoutSeconds: 5 };
const NOT_FOUND_PAGE = () => ({ status: 404, type: "text/html", body: "<html><body>404 Not Found</body></html>" });

describe("a bare 404 (no MLflow error_code)", () => {
  it("is ENDPOINT_NOT_FOUND telling to check the tracking URI, not a missing resource", async () => {
    const { uri } = await answering(NOT_FOUND_PAGE);
    const err = await new RestStore(`${uri}/wrong-prefix`, FAST).getExperiment("0").catch((e) => e);
    expect(err).toBeInstanceOf(MlflowError);
    expect(err).not.toBeInstanceOf(ResourceNotFoundError);
    expect(err.errorCode).toBe("ENDPOINT_NOT_FOUND");
    expect(err.message).toContain(`${uri}/wrong-prefix`);
    expect(err.message).toMatch(/tracking URI/);
    expect(err.message).toMatch(/path prefix/);
  });

  it("makes getExperimentByName throw instead of answering 'no such experiment'", async () => {
    const { uri, seen } = await answering(NOT_FOUND_PAGE);
    const err = await new RestStore(`${uri}/wrong-prefix`, FAST).getExperimentByName("exp1").catch((e) => e);
    expect(err).toBeInstanceOf(MlflowError);
    expect(err.errorCode).toBe("ENDPOINT_NOT_FOUND");
    expect(seen).toEqual(["/wrong-prefix/api/2.0/mlflow/experiments/get-by-name?experiment_name=exp1"]);
  });

  it("does not send a logged model id that cannot be a path segment: no model has it", async () => {
    const { uri, seen } = await answering(NOT_FOUND_PAGE);
    const err = await new RestStore(uri, FAST).getLoggedModel("../../etc").catch((e) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundError);
    expect(err.message).toBe("Logged model with ID '../../etc' not found.");
    expect(seen).toEqual([]);
  });

  it("still lets the server's own RESOURCE_DOES_NOT_EXIST 404 mean 'no such experiment'", async () => {
    const { uri } = await answering(() => ({ status: 404, type: "application/json", body: JSON.stringify({ error_code: "RESOURCE_DOES_NOT_EXIST", message: "Could not find experiment with name 'x'" }) }));
    expect(await new RestStore(uri, FAST).getExperimentByName("x")).toBeNull();
  });

  it("on an artifact file the proxy listed around is still 'no artifact at'", async () => {
    const { uri } = await answering((url) =>
      url.includes("mlflow-artifacts/artifacts?") ? { status: 200, type: "application/json", body: JSON.stringify({ files: [] }) } : NOT_FOUND_PAGE(),
    );
    const repo = new RestStore(uri, FAST).artifactRepository({ artifactUri: "mlflow-artifacts:/0/r/artifacts", runId: "r", experimentId: "0" } as never);
    const err = await repo.downloadArtifacts("missing.txt", "/tmp/never-written").catch((e) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundError);
    expect(err.message).toContain("No artifact at 'missing.txt'");
  });
});

describe("a 200 whose body is not JSON", () => {
  it("is an MlflowError naming the endpoint and suggesting a login page or a wrong URL", async () => {
    const { uri } = await answering(() => ({ status: 200, type: "text/html", body: "<html><form>Sign in</form></html>" }));
    const err = await new RestStore(uri, FAST).getExperiment("0").catch((e) => e);
    expect(err).toBeInstanceOf(MlflowError);
    expect(err).not.toBeInstanceOf(SyntaxError);
    expect(err.message).toContain("was successful but the response body was not in a valid JSON format");
    expect(err.message).toContain("/api/2.0/mlflow/experiments/get");
    expect(err.message).toContain(uri);
    expect(err.message).toMatch(/login page|auth proxy/);
    expect(err.message).toContain("Sign in");
  });

  it("is the same error for an artifact listing", async () => {
    const { uri } = await answering(() => ({ status: 200, type: "text/html", body: "<html>login</html>" }));
    const repo = new RestStore(uri, FAST).artifactRepository({ artifactUri: "mlflow-artifacts:/0/r/artifacts", runId: "r", experimentId: "0" } as never);
    const err = await repo.listArtifacts().catch((e) => e);
    expect(err).toBeInstanceOf(MlflowError);
    expect(err.message).toContain("not in a valid JSON format");
  });
});
