// Time to first table: from navigation to the runs table showing rows, for `mlruns ui` and for
// `mlflow ui` (MLflow from .venv) on the same 10,000-run store written by mlruns, in the same
// Chromium, alternating, a fresh browser context (empty cache) per navigation. Not a timed test.
//
//   npm run build && node bench/ui-first-table.mjs [--runs 10000] [--reps 5] [--regen]
//
// Prints each side's first navigation (the server's first search: cold caches) and the median
// of the next --reps, the ratio, and the server-side time of the request the table waits for.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { arg, benchStore, launchBrowser, median } from "./ui-store.mjs";

const root = path.resolve(import.meta.dirname, "..");
const RUNS = arg("runs", 10_000);
const REPS = arg("reps", 5);
/** The longest one navigation may take before the bench gives up (MLflow's file store is slow). */
const NAV_TIMEOUT_MS = 300_000;

const store = await benchStore(`runs-${RUNS}`, { runs: RUNS, metrics: 3, points: 5, regen: process.argv.includes("--regen") });
console.log(`store: ${store.root} (${RUNS} runs, experiment ${store.experimentId})`);

const children = [];
const stopAll = () => children.forEach((c) => c.exitCode === null && c.signalCode === null && process.kill(-c.pid, "SIGTERM"));
process.on("exit", stopAll);

/** Starts a server in its own process group (mlflow ui forks uvicorn) and waits for the URL it prints or answers on. */
function startServer(cmd, args, env, readyUrl) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
  child.stderr.setEncoding("utf8").on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 180_000;
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`${cmd} exited ${child.exitCode}:\n${out.slice(-2000)}`));
      if (Date.now() > deadline) return reject(new Error(`${cmd} did not answer within 180 s:\n${out.slice(-2000)}`));
      const url = readyUrl ?? /mlruns ui: (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        const ok = await fetch(url).then((r) => r.ok, () => false);
        if (ok) return resolve(url.endsWith("/") ? url : `${url}/`);
      }
      setTimeout(poll, 250);
    };
    poll();
  });
}

/** CPU time (clock ticks) used so far by every process in a server's process group. */
function groupTicks(pgid) {
  let ticks = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      // Fields after the command's closing parenthesis: state, ppid, pgrp, ..., utime (12th), stime (13th).
      const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // The process ended while being read.
    }
  }
  return ticks;
}

/**
 * Waits until both servers are idle (under 30 ms of CPU in 500 ms, at most 120 s): a closed page
 * does not stop the work its requests started (MLflow goes on searching), and that work must not
 * be timed as the other side's.
 */
async function settle() {
  const deadline = Date.now() + 120_000;
  for (const child of children) {
    let before = groupTicks(child.pid);
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const now = groupTicks(child.pid);
      if (now - before < 3) break;
      before = now;
    }
  }
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const mlrunsUrl = await startServer(process.execPath, [path.join(root, "dist", "bin", "mlruns.js"), "--store", store.root, "ui", "--port", "0"], {});
const mlflowPort = await freePort();
const mlflowUrl = await startServer(
  path.join(root, ".venv", "bin", "mlflow"),
  ["ui", "--backend-store-uri", store.root, "--host", "127.0.0.1", "--port", String(mlflowPort), "--workers", "1"],
  { MLFLOW_ALLOW_FILE_STORE: "true" },
  `http://127.0.0.1:${mlflowPort}/`,
);
console.log(`mlruns ui: ${mlrunsUrl}\nmlflow ui: ${mlflowUrl}`);

const sides = {
  mlruns: { url: `${mlrunsUrl}#/experiments/${store.experimentId}`, rows: "table#runs tbody tr" },
  // MLflow 3 opens an experiment on its GenAI traces tab unless told the workflow; its runs table is an ag-grid.
  mlflow: { url: `${mlflowUrl}#/experiments/${store.experimentId}/runs?workflowType=machine_learning`, rows: '[role=grid] .ag-row a[href*="/runs/"]' },
};

const browser = await launchBrowser();

/** One navigation in a fresh context; only 127.0.0.1 is reachable. Returns ms until a row shows. */
async function firstTable(side) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.route("**/*", (route) => (new URL(route.request().url()).hostname === "127.0.0.1" ? route.continue() : route.abort()));
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(sides[side].url, { waitUntil: "commit" });
  await page.locator(sides[side].rows).first().waitFor({ state: "visible", timeout: NAV_TIMEOUT_MS });
  const ms = performance.now() - t0;
  const rows = await page.locator(sides[side].rows).count();
  await context.close();
  await settle();
  return { ms, rows };
}

await settle();
const first = {};
const times = { mlruns: [], mlflow: [] };
for (const side of ["mlruns", "mlflow"]) {
  first[side] = await firstTable(side);
  console.log(`${side}: first navigation ${Math.round(first[side].ms)} ms (${first[side].rows} rows shown)`);
}
for (let i = 0; i < REPS; i++) {
  for (const side of i % 2 ? ["mlflow", "mlruns"] : ["mlruns", "mlflow"]) times[side].push((await firstTable(side)).ms);
  console.log(`rep ${i + 1}: mlruns ${Math.round(times.mlruns.at(-1))} ms, mlflow ${Math.round(times.mlflow.at(-1))} ms`);
}
await browser.close();

// The request the mlruns table waits for, timed alone (no browser): where its time goes.
const api = [];
for (let i = 0; i < REPS; i++) {
  const t = performance.now();
  await (await fetch(`${mlrunsUrl}api/runs?experiments=${store.experimentId}&maxResults=100`)).json();
  api.push(performance.now() - t);
}
stopAll();

const m = { mlruns: median(times.mlruns), mlflow: median(times.mlflow) };
console.log(`\ntime to first table, ${RUNS} runs, median of ${REPS} alternating navigations after the first:`);
console.log(`  mlruns ui ${Math.round(m.mlruns)} ms (first ${Math.round(first.mlruns.ms)} ms)`);
console.log(`  mlflow ui ${Math.round(m.mlflow)} ms (first ${Math.round(first.mlflow.ms)} ms)`);
console.log(`  ratio mlflow/mlruns ${(m.mlflow / m.mlruns).toFixed(1)}x (first navigations ${(first.mlflow.ms / first.mlruns.ms).toFixed(1)}x)`);
console.log(`  GET /api/runs?maxResults=100 alone: median ${Math.round(median(api))} ms (${api.map(Math.round).join(" / ")})`);
