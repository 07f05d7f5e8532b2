/**
 * Linked metrics (a dataset or model on the point) need a runs/log-inputs call before their
 * batch. A failed one must not block the run: an outage keeps the inputs and sends them before
 * the next batch; a refusal is reported once, and the run's other points still go.
 */
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { InvalidParameterError, TrackingServerUnavailableError } from "../../../../src/errors.js";
import { RestStore } from "../../../../src/store/rest/rest-store.js";
import { closeServers, readBody, serve } from "./local-server.js";

const RUN_ID = "abc123abc123abc123abc123abc123ab";
afterEach(closeServers);

interface Seen {
  inputs: unknown[];
  points: Array<{ key: string; step: number }>;
}

/** A tracking server whose first runs/log-inputs answers `firstInputs`; later ones succeed. */
async function server(firstInputs: { status: number; body: string }): Promise<{ uri: string; seen: Seen }> {
  const seen: Seen = { inputs: [], points: [] };
  const { uri } = await serve(async (req, res) => {
    const body = await readBody(req);
    res.setHeader("content-type", "application/json");
    const url = req.url!;
    if (url.includes("runs/log-inputs")) {
      seen.inputs.push(JSON.parse(body));
      if (seen.inputs.length === 1) {
        res.statusCode = firstInputs.status;
        return res.end(firstInputs.body);
      }
      return res.end("{}");
    }
    if (url.includes("runs/log-batch")) {
      for (const m of JSON.parse(body).metrics) seen.points.push({ key: m.key, step: Number(m.step) });
      return res.end("{}");
    }
    if (url.includes("runs/create")) {
      return res.end(JSON.stringify({ run: { info: { run_id: RUN_ID, experiment_id: "0", status: "RUNNING", start_time: "1", lifecycle_stage: "active", artifact_uri: "mlflow-artifacts:/0/r" }, data: {} } }));
    }
    res.end("{}");
  });
  return { uri, seen };
}

const DATASET = { dataset: { name: "d", digest: "x", sourceType: "local", source: "{}", schema: null, profile: null }, tags: [] };
const LINKED = { key: "acc", value: 1, timestamp: 1, step: 0, modelId: null, datasetName: "d", datasetDigest: "x" };
const OPTIONS = { maxRetries: 0, backoffFactor: 0, backoffJitter: 0, timeoutSeconds: 5, flushIntervalMs: 60_000 };

async function startRun(uri: string): Promise<{ store: RestStore; id: string }> {
  const store = new RestStore(uri, OPTIONS);
  const run = await store.createRun({ experimentId: "0", userId: "u", startTime: 1, tags: [] } as never);
  return { store, id: run.info.runId };
}

function logLoss(store: RestStore, id: string): void {
  for (let i = 1; i <= 5; i++) store.queueMetrics(id, [{ key: "loss", value: i, timestamp: 1, step: i }] as never);
}

describe("linked metrics' runs/log-inputs", () => {
  it("after a 503, sends the inputs again before the next batch and then every point", async () => {
    const { uri, seen } = await server({ status: 503, body: "down" });
    const { store, id } = await startRun(uri);
    store.queueMetrics(id, [LINKED] as never, { datasets: [DATASET] } as never);
    expect(await store.flush().catch((e) => e)).toBeInstanceOf(TrackingServerUnavailableError);
    expect(seen.points).toEqual([]); // the linked point waits for its inputs

    logLoss(store, id);
    await store.flush(); // the server is back: no error
    expect(seen.inputs).toHaveLength(2);
    expect(seen.inputs[1]).toMatchObject({ run_id: RUN_ID, datasets: [{ dataset: { name: "d", digest: "x" } }] });
    expect(seen.points.map((p) => `${p.key}@${p.step}`).sort()).toEqual(["acc@0", "loss@1", "loss@2", "loss@3", "loss@4", "loss@5"]);
    await store.flush();
    expect(seen.inputs).toHaveLength(2); // sent once it succeeded, not again
  });

  it("reports a refused (400) input once and still sends the run's other points", async () => {
    const { uri, seen } = await server({ status: 400, body: JSON.stringify({ error_code: "INVALID_PARAMETER_VALUE", message: "bad dataset" }) });
    const { store, id } = await startRun(uri);
    store.queueMetrics(id, [LINKED] as never, { datasets: [DATASET] } as never);
    const err = await store.flush().catch((e) => e);
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect(err.message).toContain("bad dataset");
    expect(err.message).toContain(`1 metric point(s) of run ${RUN_ID} linked to these inputs were dropped`);

    logLoss(store, id);
    await store.flush();
    expect(seen.points.filter((p) => p.key === "loss").map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.points.some((p) => p.key === "acc")).toBe(false); // as mlflow.log_metric: no point without its input
    await store.flush(); // reported once
  });
});

describe("linked inputs at exit", () => {
  it("sends a run's unsent inputs before its points", async () => {
    // The exit flush blocks this process (spawnSync), so the server runs in a child of its own.
    const source = `
      const seen = [];
      const s = require("node:http").createServer((req, res) => {
        req.resume();
        req.on("end", () => {
          if (req.url === "/seen") return res.end(JSON.stringify(seen));
          seen.push(req.url);
          res.setHeader("content-type", "application/json");
          if (req.url.includes("runs/log-inputs") && seen.filter((u) => u.includes("log-inputs")).length === 1) { res.statusCode = 503; return res.end("down"); }
          res.end("{}");
        });
      });
      s.listen(0, "127.0.0.1", () => console.log(s.address().port));
      setTimeout(() => process.exit(0), 20000).unref();`;
    const child = spawn(process.execPath, ["-e", source], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const port = await new Promise<string>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())));
      const uri = `http://127.0.0.1:${port}`;
      const store = new RestStore(uri, OPTIONS);
      store.queueMetrics(RUN_ID, [LINKED] as never, { datasets: [DATASET] } as never);
      expect(await store.flush().catch((e) => e)).toBeInstanceOf(TrackingServerUnavailableError); // the inputs' 503
      store.shutdownSync([]);
      const seen: string[] = await (await fetch(`${uri}/seen`)).json();
      expect(seen.map((u) => u.replace("/api/2.0/mlflow/", ""))).toEqual(["runs/log-inputs", "runs/log-inputs", "runs/log-batch"]);
      await store.flush(); // nothing left to send or report
    } finally {
      child.kill();
    }
  });
});
