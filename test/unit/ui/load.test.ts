/**
 * The server under load: 50 concurrent clients × 200 requests each on 127.0.0.1 over every
 * endpoint the app uses (experiments, runs, a filter, a run, a 2,000-point history, the artifact
 * list, a preview and a download) and the app's files. A fixed amount of work, so it stops by
 * itself. The server runs in a process of its own (test/unit/children/ui-server.mjs, started with
 * --expose-gc), so the heap it reports after full collections is the server's alone: no request
 * may fail, and the heap after the load may exceed the heap after a warm-up round by at most
 * HEAP_GROWTH_BOUND. A second full load must not add to it again: a leak grows with requests.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MlflowClient } from "../../../src/index.js";
import { assertBuilt } from "../cli/helpers.js";
import { tempDir } from "../helpers/temp-store.js";
import { request } from "./http-client.js";
import { writeSweepStore, type SweepStore } from "./ui-store.js";

const CLIENTS = 50;
const REQUESTS_PER_CLIENT = 200;
/**
 * What the server's heap may keep after 10,000 requests beyond what it held after the warm-up:
 * a leak of 1 KiB per request would be ~10 MiB and fail; a second load may add at most a fifth of it.
 */
const HEAP_GROWTH_BOUND = 4 * 1024 * 1024;
const SECOND_LOAD_BOUND = HEAP_GROWTH_BOUND / 5;
const LONG_HISTORY = 2_000;
const SERVER = path.join(import.meta.dirname, "..", "children", "ui-server.mjs");

let dir: string;
let store: SweepStore;
let longRunId: string;
let server: ChildProcess;
let url: string;

beforeAll(async () => {
  assertBuilt();
  dir = tempDir("mlruns-ui-load-");
  store = await writeSweepStore(path.join(dir, "mlruns"));
  const client = new MlflowClient(store.root);
  const long = await client.createRun(store.experimentId, undefined, undefined, "long-history");
  for (let step = 0; step < LONG_HISTORY; step++) client.logMetric(long.info.runId, "loss", Math.sin(step / 100), 1_700_000_000_000 + step, step);
  await client.setTerminated(long.info.runId);
  await client.flush();
  longRunId = long.info.runId;
  server = fork(SERVER, [store.root], { execArgv: ["--expose-gc"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  url = ((await nextMessage()) as { url: string }).url;
}, 60_000);

afterAll(async () => {
  if (server?.connected) {
    server.send("close");
    await new Promise((resolve) => server.once("exit", resolve));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

function nextMessage(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the ui-server child did not answer within 30 s")), 30_000);
    server.once("message", (m) => {
      clearTimeout(timer);
      resolve(m);
    });
  });
}

async function serverHeap(): Promise<number> {
  server.send("heap");
  return ((await nextMessage()) as { heapUsed: number }).heapUsed;
}

function paths(): string[] {
  const run = store.runIds[0];
  return [
    "/",
    "/app.js",
    "/api/experiments",
    "/api/experiments?view=ALL&runCounts=false",
    `/api/runs?experiments=${store.experimentId}&maxResults=100`,
    `/api/runs?experiments=${store.experimentId}&filter=${encodeURIComponent("params.model = 'lgbm'")}&orderBy=${encodeURIComponent("metrics.loss ASC")}`,
    `/api/runs/${run}`,
    `/api/runs/${run}/metrics/loss?maxPoints=500`,
    `/api/runs/${longRunId}/metrics/loss?maxPoints=1000`,
    `/api/runs/${run}/artifacts`,
    `/api/runs/${run}/artifacts?path=data`,
    `/api/runs/${run}/artifact?path=config.json&preview=1`,
    `/api/runs/${run}/artifact?path=data%2Ftable.csv&download=1`,
  ];
}

async function round(perClient: number): Promise<{ ok: number; failures: string[]; byPath: Map<string, number> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const list = paths();
  let ok = 0;
  const failures: string[] = [];
  const byPath = new Map<string, number>();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; i < perClient; i++) {
        const p = list[(client + i) % list.length]!;
        try {
          const r = await request(url, { path: p, agent });
          if (r.status === 200 && r.body.length > 0) {
            ok++;
            byPath.set(p, (byPath.get(p) ?? 0) + 1);
          } else failures.push(`${p}: ${r.status}`);
        } catch (err) {
          failures.push(`${p}: ${(err as Error).message}`);
        }
      }
    }),
  );
  agent.destroy();
  return { ok, failures, byPath };
}

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

it(`${CLIENTS} clients × ${REQUESTS_PER_CLIENT} requests: every one answered, and the server's heap does not keep growing`, async () => {
  await round(20);
  const warm = await serverHeap();
  const started = performance.now();
  const first = await round(REQUESTS_PER_CLIENT);
  const seconds = (performance.now() - started) / 1000;
  const afterFirst = await serverHeap();
  const second = await round(REQUESTS_PER_CLIENT);
  const afterSecond = await serverHeap();
  console.log(
    `load: ${first.ok} requests in ${seconds.toFixed(1)} s (${Math.round(first.ok / seconds)}/s); server heap after GC: warm ${mib(warm)}, after load ${mib(afterFirst)}, after a second load ${mib(afterSecond)}`,
  );
  for (const r of [first, second]) {
    expect(r.failures.slice(0, 5)).toEqual([]);
    expect(r.ok).toBe(CLIENTS * REQUESTS_PER_CLIENT);
    // Every endpoint in the mix was exercised, each about equally.
    expect(r.byPath.size).toBe(paths().length);
    for (const n of r.byPath.values()) expect(n).toBeGreaterThanOrEqual(Math.floor((CLIENTS * REQUESTS_PER_CLIENT) / paths().length) - CLIENTS);
  }
  expect(afterFirst - warm).toBeLessThan(HEAP_GROWTH_BOUND);
  expect(afterSecond - afterFirst).toBeLessThan(SECOND_LOAD_BOUND);
  expect((await request(url + "api/experiments")).status).toBe(200);
}, 300_000);
