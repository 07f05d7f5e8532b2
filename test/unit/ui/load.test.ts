/**
 * The server under load: 50 concurrent clients × 200 requests each on 127.0.0.1 over the
 * endpoints the app uses. A fixed amount of work, so it stops by itself. No request may fail,
 * and the heap after a forced GC must not grow past a stated bound once the load is over.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startUi, type UiServer } from "../../../src/ui/server/index.js";
import { tempDir } from "../helpers/temp-store.js";
import { request } from "./http-client.js";
import { writeSweepStore, type SweepStore } from "./ui-store.js";

const CLIENTS = 50;
const REQUESTS_PER_CLIENT = 200;
/** What the heap may keep after the load, beyond what it held after a warm-up round. */
const HEAP_GROWTH_BOUND = 16 * 1024 * 1024;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

let dir: string;
let store: SweepStore;
let ui: UiServer;

beforeAll(async () => {
  dir = tempDir("mlruns-ui-load-");
  store = await writeSweepStore(path.join(dir, "mlruns"));
  ui = await startUi({ store: store.root, port: 0 });
});
afterAll(async () => {
  await ui?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function paths(): string[] {
  const run = store.runIds[0];
  return [
    "/",
    "/app.js",
    "/api/experiments",
    `/api/runs?experiments=${store.experimentId}&maxResults=100`,
    `/api/runs?experiments=${store.experimentId}&filter=${encodeURIComponent("params.model = 'lgbm'")}`,
    `/api/runs/${run}`,
    `/api/runs/${run}/metrics/loss?maxPoints=500`,
    `/api/runs/${run}/artifacts`,
    `/api/runs/${run}/artifact?path=config.json&preview=1`,
  ];
}

async function round(perClient: number): Promise<{ ok: number; failures: string[] }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const list = paths();
  let ok = 0;
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; i < perClient; i++) {
        const p = list[(client + i) % list.length]!;
        try {
          const r = await request(ui.url, { path: p, agent });
          if (r.status === 200) ok++;
          else failures.push(`${p}: ${r.status}`);
        } catch (err) {
          failures.push(`${p}: ${(err as Error).message}`);
        }
      }
    }),
  );
  agent.destroy();
  return { ok, failures };
}

it(`${CLIENTS} clients × ${REQUESTS_PER_CLIENT} requests: every one answered, and the heap does not keep growing`, async () => {
  await round(20);
  gc();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const { ok, failures } = await round(REQUESTS_PER_CLIENT);
  const seconds = (performance.now() - started) / 1000;
  gc();
  const after = process.memoryUsage().heapUsed;
  console.log(
    `load: ${ok} requests in ${seconds.toFixed(1)} s (${Math.round(ok / seconds)}/s); heap after GC ${(before / 2 ** 20).toFixed(1)} MiB -> ${(after / 2 ** 20).toFixed(1)} MiB`,
  );
  expect(failures.slice(0, 5)).toEqual([]);
  expect(ok).toBe(CLIENTS * REQUESTS_PER_CLIENT);
  expect(after - before).toBeLessThan(HEAP_GROWTH_BOUND);
  expect((await request(ui.url + "api/experiments")).status).toBe(200);
}, 180_000);
