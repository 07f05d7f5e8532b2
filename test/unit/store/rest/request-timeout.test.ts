/**
 * MLFLOW_HTTP_REQUEST_TIMEOUT is, as for MLflow's requests, a limit on silence (connect, wait for
 * the answer, each read), not on the whole exchange: a transfer that keeps moving finishes however
 * long it takes, and a server that goes quiet fails with a typed error that says "timed out".
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TrackingServerUnavailableError } from "../../../../src/errors.js";
import { RestStore } from "../../../../src/store/rest/rest-store.js";
import { closeServers, serve } from "./local-server.js";

const dirs: string[] = [];
afterEach(async () => {
  await closeServers();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-timeout-"));
  dirs.push(d);
  return d;
}

const ONE_SECOND = { timeoutSeconds: 1, maxRetries: 2, backoffFactor: 0, backoffJitter: 0 };
const RUN = { artifactUri: "mlflow-artifacts:/0/r/artifacts", runId: "r", experimentId: "0" } as never;
const LISTING_OF_A_FILE = JSON.stringify({ files: [] });

describe("MLFLOW_HTTP_REQUEST_TIMEOUT", () => {
  it("lets a download that keeps arriving take longer than the timeout", async () => {
    const { uri } = await serve((req, res) => {
      if (req.url!.includes("artifacts?")) return res.end(LISTING_OF_A_FILE);
      res.writeHead(200, { "content-type": "application/octet-stream" });
      let n = 0;
      // 8 chunks, 300 ms apart: 2.4 s in all, never 1 s of silence.
      const t = setInterval(() => {
        res.write(Buffer.alloc(1024, 65 + n));
        if (++n === 8) {
          clearInterval(t);
          res.end();
        }
      }, 300);
    });
    const dst = tmpDir();
    const t0 = Date.now();
    const file = await new RestStore(uri, ONE_SECOND).artifactRepository(RUN).downloadArtifacts("big.bin", dst);
    expect(Date.now() - t0).toBeGreaterThan(2000);
    expect(fs.statSync(file).size).toBe(8 * 1024);
  });

  it("lets an upload the server reads slowly take longer than the timeout, sent once", async () => {
    let puts = 0;
    let received = 0;
    const { uri } = await serve((req, res) => {
      puts++;
      req.on("data", (chunk: Buffer) => (received += chunk.length));
      req.on("end", () => res.end("{}"));
      // For 1.6 s the server reads a little every 200 ms (the client's writes keep moving, never
      // 1 s of silence), then all at once: the upload outlasts the timeout, the answer is prompt.
      req.pause();
      const slow = setInterval(() => {
        req.resume();
        setTimeout(() => req.pause(), 2);
      }, 200);
      setTimeout(() => {
        clearInterval(slow);
        req.resume();
      }, 1600);
    });
    const size = 16 * 1024 * 1024; // more than the loopback socket buffers hold, so the client must wait on the server
    const src = path.join(tmpDir(), "big.bin");
    fs.writeFileSync(src, Buffer.alloc(size, 7));
    const t0 = Date.now();
    await new RestStore(uri, ONE_SECOND).artifactRepository(RUN).logArtifact(src);
    expect(Date.now() - t0).toBeGreaterThan(1000); // longer than the 1 s timeout
    expect(puts).toBe(1);
    expect(received).toBe(size);
  });

  it("fails a server that never answers with a typed error that says it timed out", async () => {
    const { uri } = await serve(() => {}); // takes the request, says nothing
    const t0 = Date.now();
    const err = await new RestStore(uri, { ...ONE_SECOND, maxRetries: 0 }).getExperiment("0").catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(err).toBeInstanceOf(TrackingServerUnavailableError);
    expect(err.message).toMatch(/timed out \(MLFLOW_HTTP_REQUEST_TIMEOUT\)/);
    expect(err.message).not.toMatch(/server is running/);
  });

  it("fails a download whose body stops coming with a typed error, not a raw stream error", async () => {
    const { uri } = await serve((req, res) => {
      if (req.url!.includes("artifacts?")) return res.end(LISTING_OF_A_FILE);
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.write(Buffer.alloc(1024, 65)); // then silence
    });
    const dst = tmpDir();
    const err = await new RestStore(uri, ONE_SECOND).artifactRepository(RUN).downloadArtifacts("big.bin", dst).catch((e) => e);
    expect(err).toBeInstanceOf(TrackingServerUnavailableError);
    expect(err.message).toMatch(/timed out/);
    expect(fs.readdirSync(dst)).toEqual([]); // no half file left behind
  });

  it("fails a JSON answer whose body stops coming with a typed error", async () => {
    const { uri } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"experiment": {'); // then silence
    });
    const err = await new RestStore(uri, { ...ONE_SECOND, maxRetries: 0 }).getExperiment("0").catch((e) => e);
    expect(err).toBeInstanceOf(TrackingServerUnavailableError);
    expect(err.message).toMatch(/timed out/);
  });
});
