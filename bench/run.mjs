#!/usr/bin/env node
// `npm run bench`: mlruns and Python MLflow (file store) side by side, same data, same machine,
// same invocation. See bench/README.md for what each workload measures.
//
//   node bench/run.mjs [--quick] [--reps N] [--only W1,W3,...] [--no-scaling | --scaling]
//                      [--dist DIR] [--python PATH] [--data DIR] [--regen]
//                      [--py-w1-n N] [--py-w2-n N] [--py-w3-big] [--py-reps N]
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH_DIR, "..");

// ---- options ------------------------------------------------------------------------------------

function parseOptions(argv) {
  const o = {
    quick: false,
    reps: undefined,
    only: undefined,
    scaling: undefined,
    dist: path.join(REPO, "dist"),
    python: process.env.MLRUNS_PYTHON || path.join(REPO, ".venv", "bin", "python"),
    data: path.join(os.tmpdir(), `mlruns-bench-${os.userInfo().uid}`),
    regen: false,
    pyW1N: undefined,
    pyW2N: undefined,
    pyW3Big: false,
    pyReps: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--quick") o.quick = true;
    else if (a === "--reps") o.reps = positive(val(), a);
    else if (a === "--only") o.only = new Set(val().toUpperCase().split(","));
    else if (a === "--scaling") o.scaling = true;
    else if (a === "--no-scaling") o.scaling = false;
    else if (a === "--dist") o.dist = path.resolve(val());
    else if (a === "--python") o.python = path.resolve(val());
    else if (a === "--data") o.data = path.resolve(val());
    else if (a === "--regen") o.regen = true;
    else if (a === "--py-w1-n") o.pyW1N = positive(val(), a);
    else if (a === "--py-w2-n") o.pyW2N = positive(val(), a);
    else if (a === "--py-w3-big") o.pyW3Big = true;
    else if (a === "--py-reps") o.pyReps = positive(val(), a);
    else if (a === "-h" || a === "--help") {
      process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1, 8).map((l) => l.replace(/^\/\/ ?/, "")).join("\n") + "\n");
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  const q = o.quick;
  o.reps ??= q ? 3 : 5;
  o.pyReps ??= o.reps;
  o.scaling ??= !q;
  o.sizes = {
    w1: q ? 20_000 : 200_000,
    // MLflow logs ~500 points/s synchronously: 200,000 points would take ~7 minutes per
    // repetition. It runs on this many points and its rate is extrapolated (labelled as such).
    pyW1: o.pyW1N ?? (q ? 1_000 : 20_000),
    w2: q ? 1_000 : 10_000,
    pyW2: o.pyW2N ?? (q ? 50 : 500),
    w4: q ? 100_000 : 1_000_000,
    w1Scaling: q ? [1_000, 10_000, 100_000] : [10_000, 100_000, 1_000_000],
    pyW1Scaling: q ? [500, 1_000] : [2_000, 10_000],
    w3Scaling: q ? [100, 1_000] : [1_000, 10_000, 50_000],
    pyW3Scaling: q ? [100, 1_000] : o.pyW3Big ? [1_000, 10_000, 50_000] : [1_000, 10_000],
  };
  return o;
}

function positive(v, name) {
  const n = Number(v.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected a positive integer, got ${v}`);
  return n;
}

const opts = parseOptions(process.argv.slice(2));
const want = (w) => !opts.only || opts.only.has(w);
/** Repetitions for a side: --py-reps (default --reps) for MLflow, --reps for mlruns. */
const repsFor = (side) => (side === "mlflow" || side === "python" ? opts.pyReps : opts.reps);

const W3_FILTER = "metrics.m0 < 0.3 and tags.t0 != 'tag1'";
const W3_ORDER = ["metrics.m1 DESC"];
const W1_KEYS = 10;
const W4_KEY = "loss";

// ---- processes ----------------------------------------------------------------------------------

const PY_ENV = {
  MLFLOW_ALLOW_FILE_STORE: "true",
  MLFLOW_DISABLE_TELEMETRY: "true",
  DO_NOT_TRACK: "true",
  PYTHONWARNINGS: "ignore",
  PYTHONIOENCODING: "utf-8",
};

/**
 * mlruns's persisted search cache (src/store/file/run-cache.ts) lives here, not in the user's
 * ~/.cache, so a run starts from a known state; "empty cache" variants delete it first.
 */
const RUN_CACHE = path.join(opts.data, "run-cache");
const MLRUNS_ENV = { MLRUNS_CACHE_DIR: RUN_CACHE };
const clearRunCache = () => fs.rmSync(RUN_CACHE, { recursive: true, force: true });

/** Runs a command; resolves {stdout, stderr, code, wall} (wall: seconds from spawn to exit). */
function exec(cmd, args, { env = {}, cwd = REPO } = {}) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      const wall = (performance.now() - t) / 1000;
      resolve({ stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), code, wall });
    });
  });
}

async function worker(side, workload, args) {
  const [cmd, argv, env] =
    side === "mlflow"
      ? [opts.python, [path.join(BENCH_DIR, "py", "worker.py"), workload, JSON.stringify(args)], PY_ENV]
      : [process.execPath, [path.join(BENCH_DIR, "node", "worker.mjs"), opts.dist, workload, JSON.stringify(args)], MLRUNS_ENV];
  const r = await exec(cmd, argv, { env });
  const last = r.stdout.trim().split("\n").pop() ?? "";
  if (r.code !== 0) throw new Error(`${side} ${workload} failed (exit ${r.code}):\n${r.stderr.slice(-4000)}`);
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`${side} ${workload}: no JSON result:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  }
}

// ---- statistics and reporting ----------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length, samples: xs });

const results = [];
function log(msg) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)} load ${os.loadavg()[0].toFixed(2)}] ${msg}\n`);
}

/**
 * One row: a workload on one side. `size` is what was measured (points, runs); `unit` names
 * it; `rate` is size/second at the median. `extrapolatedTo` marks a figure scaled from a
 * smaller measured size.
 */
function record(row) {
  const s = stats(row.samples);
  const full = { ...row, ...s, rate: row.size ? row.size / s.median : undefined };
  results.push(full);
  log(`${row.workload} ${row.side}${row.variant ? ` (${row.variant})` : ""} n=${row.size}: median ${fmtS(s.median)} min ${fmtS(s.min)} max ${fmtS(s.max)}`);
  return full;
}

function fmtS(s) {
  if (s >= 100) return `${s.toFixed(0)} s`;
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 0.001) return `${(s * 1000).toFixed(1)} ms`;
  return `${(s * 1e6).toFixed(0)} µs`;
}
const fmtN = (n) => (n >= 1e6 ? `${+(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${+(n / 1e3).toFixed(1)}k` : `${+n.toFixed(1)}`);

// ---- correctness ------------------------------------------------------------------------------------

class CheckError extends Error {}
function check(cond, msg) {
  if (!cond) throw new CheckError(`CORRECTNESS CHECK FAILED: ${msg}`);
}

const sha = (buf) => createHash("sha256").update(buf).digest("hex");

function runDirOf(store, experimentId, runId) {
  return path.join(store, experimentId, runId);
}

const expectCache = new Map();
async function expected(kind, n) {
  const k = `${kind}:${n}`;
  if (!expectCache.has(k)) expectCache.set(k, await worker("mlflow", `expect-${kind}`, { n, keys: W1_KEYS }));
  return expectCache.get(k);
}

/**
 * W1: every metric file holds exactly the bytes MLflow's formatting gives (computed in Python).
 * MLflow's async logging writes the same lines in another order, so for it the lines are
 * compared sorted; the order is reported.
 */
async function checkW1(store, res, n, { anyOrder = false } = {}) {
  const want = await expected("w1", n);
  const dir = path.join(runDirOf(store, res.experimentId, res.runId), "metrics");
  const files = fs.readdirSync(dir).sort();
  check(files.join() === Object.keys(want.exact).sort().join(), `W1 metric keys ${files} in ${dir}`);
  let inOrder = true;
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), "utf8");
    if (sha(text) === want.exact[f]) continue;
    inOrder = false;
    const sorted = sha(text.split(/(?<=\n)/).sort().join(""));
    check(anyOrder && sorted === want.sorted[f], `W1 metric file ${path.join(dir, f)} differs from MLflow's formatting${anyOrder ? " (even ignoring line order)" : ""}`);
  }
  return inOrder;
}

/**
 * W2: read the tree with plain fs (neither library): every run's params, metric lines and user
 * tags are exactly what MLflow writes for that run index, the run is FINISHED, and there are n
 * runs. Returns the tag keys seen, to compare system tags between the two writers.
 */
async function checkW2(store, experimentId, n) {
  const want = (await expected("w2", n)).runs;
  const expDir = path.join(store, experimentId);
  const runIds = fs.readdirSync(expDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  check(runIds.length === n, `W2: ${runIds.length} run folders in ${expDir}, expected ${n}`);
  const seen = new Set();
  const tagKeys = new Set();
  for (const id of runIds) {
    const dir = path.join(expDir, id);
    const meta = fs.readFileSync(path.join(dir, "meta.yaml"), "utf8");
    const name = /^run_name: (.*)$/m.exec(meta)?.[1];
    const r = Number(/^run-(\d+)$/.exec(name ?? "")?.[1]);
    check(Number.isInteger(r) && r < n && !seen.has(r), `W2: run ${dir} has run_name ${name}`);
    seen.add(r);
    check(/^status: 3$/m.test(meta), `W2: run ${dir} is not FINISHED`);
    const w = want[r];
    const read = (sub, key) => fs.readFileSync(path.join(dir, sub, key), "utf8");
    const params = fs.readdirSync(path.join(dir, "params")).sort();
    check(params.join() === Object.keys(w.params).sort().join(), `W2: params of ${dir}`);
    for (const [k, v] of Object.entries(w.params)) check(read("params", k) === v, `W2: param ${k} of ${dir}`);
    const metrics = fs.readdirSync(path.join(dir, "metrics")).sort();
    check(metrics.join() === Object.keys(w.metrics).sort().join(), `W2: metrics of ${dir}`);
    for (const [k, v] of Object.entries(w.metrics)) check(read("metrics", k) === v, `W2: metric ${k} of ${dir}: ${JSON.stringify(read("metrics", k))} != ${JSON.stringify(v)}`);
    for (const [k, v] of Object.entries(w.tags)) check(read("tags", k) === v, `W2: tag ${k} of ${dir}`);
    check(read("tags", "mlflow.runName") === name, `W2: mlflow.runName of ${dir}`);
    for (const k of fs.readdirSync(path.join(dir, "tags"))) tagKeys.add(k);
  }
  return [...tagKeys].sort();
}

// ---- environment --------------------------------------------------------------------------------------

async function environment() {
  const sh = async (cmd, args, env) => {
    try {
      const r = await exec(cmd, args, { env });
      return (r.stdout + r.stderr).trim();
    } catch (e) {
      return `unavailable (${e.message})`;
    }
  };
  const git = async (...a) => sh("git", ["-C", REPO, ...a]);
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memory: await sh("free", ["-h"]),
    node: process.version,
    python: await sh(opts.python, ["--version"]),
    mlflow: await sh(opts.python, ["-c", "import mlflow; print(mlflow.__version__)"], PY_ENV),
    mlrunsCommit: await git("rev-parse", "HEAD"),
    mlrunsDirty: (await git("status", "--porcelain", "--untracked-files=no", "--", "src")).length > 0,
    // bench/snapshot.sh builds a commit into .../mlruns-snap/<sha>/dist: that commit is what ran.
    distCommit: /mlruns-snap\/([0-9a-f]{7,40})\/dist\/?$/.exec(opts.dist)?.[1] ?? "working tree",
    dist: opts.dist,
    loadAverageAtStart: os.loadavg(),
    command: `node bench/run.mjs ${process.argv.slice(2).join(" ")}`.trim(),
    options: { ...opts, only: opts.only ? [...opts.only] : undefined },
  };
}

// ---- workloads ------------------------------------------------------------------------------------------

const fresh = (name) => {
  const dir = path.join(opts.data, name);
  fs.rmSync(dir, { recursive: true, force: true });
  return dir;
};
const rm = (dir) => fs.rmSync(dir, { recursive: true, force: true });

async function w1(n, pyN, { scaling = false } = {}) {
  const tag = scaling ? "W1-scaling" : "W1";
  const rows = {};
  const sides = [
    ["mlruns", n, {}],
    ["mlflow", pyN, { async: false }],
    ["mlflow", pyN, { async: true }],
  ];
  for (const [side, size, extra] of sides) {
    if (size === undefined) continue;
    const samples = [];
    const logOnly = [];
    let outOfOrder = 0;
    for (let rep = 0; rep < repsFor(side); rep++) {
      const store = fresh(`w1-${side}`);
      const res = await worker(side, "w1", { store, n: size, keys: W1_KEYS, ...extra });
      if (!(await checkW1(store, res, size, { anyOrder: side === "mlflow" && extra.async }))) outOfOrder++;
      samples.push(res.seconds);
      logOnly.push(res.logSeconds);
      rm(store);
    }
    const variant = side === "mlflow" ? (extra.async ? "async logging" : "synchronous") : undefined;
    rows[`${side}${extra.async ? "-async" : ""}`] = record({
      workload: tag,
      side,
      variant,
      size,
      unit: "points",
      samples,
      callsOnlyMedian: median(logOnly),
      extrapolatedTo: !scaling && size !== n ? n : undefined,
      note: outOfOrder ? `same points, but written out of logging order in ${outOfOrder}/${repsFor(side)} repetitions` : undefined,
    });
  }
  return rows;
}

/** A W2 tree of n runs written by mlruns, generated once and reused (bench data folder). */
async function tree(n, { timed } = {}) {
  const dir = path.join(opts.data, `tree-${n}`);
  const marker = `${dir}.json`;
  if (!opts.regen && fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, "utf8"));
  rm(dir);
  rm(marker);
  log(`generating a ${n}-run tree with mlruns (W2's workload) in ${dir}`);
  const res = timed ?? (await worker("mlruns", "w2", { store: dir, n }));
  if (timed) fs.renameSync(timed.store, dir);
  await checkW2(dir, res.experimentId, n);
  const info = { store: dir, n, experimentId: res.experimentId, generationSeconds: res.seconds, generatedAt: new Date().toISOString() };
  fs.writeFileSync(marker, JSON.stringify(info, null, 2));
  return info;
}

async function w2() {
  const n = opts.sizes.w2;
  const pyN = opts.sizes.pyW2;
  let kept;
  const tagKeys = {};
  for (const [side, size] of [["mlruns", n], ["mlflow", pyN]]) {
    const samples = [];
    for (let rep = 0; rep < repsFor(side); rep++) {
      const store = fresh(`w2-${side}`);
      const res = await worker(side, "w2", { store, n: size });
      tagKeys[side] = await checkW2(store, res.experimentId, size);
      samples.push(res.seconds);
      // The first mlruns tree becomes W3's and W5's tree, unless one is already there.
      if (side === "mlruns" && !kept && (opts.regen || !fs.existsSync(path.join(opts.data, `tree-${n}.json`)))) {
        kept = await tree(n, { timed: { ...res, store } });
      } else rm(store);
    }
    record({ workload: "W2", side, size, unit: "runs", samples, extrapolatedTo: size !== n ? n : undefined });
  }
  const onlyIn = (a, b) => tagKeys[a].filter((k) => !tagKeys[b].includes(k));
  const note = { mlrunsOnly: onlyIn("mlruns", "mlflow"), mlflowOnly: onlyIn("mlflow", "mlruns") };
  log(`W2 tag keys: only mlruns writes [${note.mlrunsOnly}], only MLflow writes [${note.mlflowOnly}] (system tags; user data identical)`);
  return note;
}

/**
 * Reads every file of a tree once, untimed, so that "cold" means a fresh process on a warm OS
 * page cache for both sides (dropping the page cache needs root; a tree just written by a
 * previous workload may also have been partly evicted by other work on the machine).
 */
function warmPageCache(dir) {
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) fs.readFileSync(p);
    }
  };
  const t = performance.now();
  walk(dir);
  log(`page cache warmed for ${dir} (${((performance.now() - t) / 1000).toFixed(1)} s, untimed)`);
}

async function w3(n, { scaling = false, python = true } = {}) {
  const t = await tree(n);
  warmPageCache(t.store);
  const args = { store: t.store, experimentId: t.experimentId, filter: W3_FILTER, orderBy: W3_ORDER };
  const tag = scaling ? "W3-scaling" : "W3";
  let digest;
  const out = {};
  for (const side of python ? ["mlruns", "mlflow"] : ["mlruns"]) {
    if (side === "mlruns") {
      // The first search ever on this tree: nothing cached, every file read.
      const empty = [];
      for (let rep = 0; rep < repsFor(side); rep++) {
        clearRunCache();
        const res = await worker(side, "w3", { ...args, warm: 0 });
        digest ??= res;
        check(res.digest === digest.digest, `W3 (${n} runs): mlruns with an empty cache returned ${res.count} runs [${res.head}…]`);
        empty.push(res.seconds);
      }
      record({ workload: tag, side, variant: "cold, empty cache", size: n, unit: "runs", samples: empty, matched: digest.count });
    }
    const cold = [];
    const warm = [];
    for (let rep = 0; rep < repsFor(side); rep++) {
      // mlruns: a fresh process, with the cache the previous process left (as a user's next command would).
      const res = await worker(side, "w3", { ...args, warm: side === "mlruns" ? 5 : 1 });
      check(res.count > 0, `W3 ${side}: no run matched`);
      digest ??= res;
      check(
        res.digest === digest.digest && res.count === digest.count,
        `W3 (${n} runs): ${side} returned ${res.count} runs [${res.head}…], the first result was ${digest.count} runs [${digest.head}…]`,
      );
      cold.push(res.seconds);
      warm.push(median(res.warm));
    }
    out[side] = {
      cold: record({ workload: tag, side, variant: "cold", size: n, unit: "runs", samples: cold, matched: digest.count }),
      warm: record({ workload: tag, side, variant: "warm", size: n, unit: "runs", samples: warm, matched: digest.count }),
    };
  }
  return out;
}

async function w4() {
  const n = opts.sizes.w4;
  const dir = path.join(opts.data, `metric-${n}`);
  const marker = `${dir}.json`;
  let info;
  if (!opts.regen && fs.existsSync(marker)) info = JSON.parse(fs.readFileSync(marker, "utf8"));
  else {
    rm(dir);
    log(`writing a ${n}-point metric with mlruns in ${dir}`);
    info = { store: dir, n, ...(await worker("mlruns", "gen-w4", { store: dir, n, key: W4_KEY })) };
    fs.writeFileSync(marker, JSON.stringify(info, null, 2));
  }
  let first;
  const variants = [
    ["mlruns", undefined, undefined],
    ["mlflow", "MlflowClient.get_metric_history", undefined],
    ["mlflow", "FileStore, one pass", "store"],
  ];
  for (const [side, variant, api] of variants) {
    const samples = [];
    for (let rep = 0; rep < repsFor(side); rep++) {
      const res = await worker(side, "w4", { store: info.store, runId: info.runId, key: W4_KEY, api });
      check(res.count === n, `W4 ${side}: ${res.count} points, expected ${n}`);
      const norm = (r) => JSON.stringify([r.count, Number(r.sumValue), r.sumStep, r.sumTimestamp, r.head.map((p) => p.map(Number)), r.tail.map((p) => p.map(Number))]);
      first ??= norm(res);
      check(norm(res) === first, `W4 ${side}: history differs: ${norm(res).slice(0, 300)} vs ${first.slice(0, 300)}`);
      samples.push(res.seconds);
    }
    record({ workload: "W4", side, variant, size: n, unit: "points", samples });
  }
}

async function w5() {
  const t = await tree(opts.sizes.w2);
  warmPageCache(t.store);
  // The bundled command (dist/bin, what package.json installs); older snapshots only have dist/cli.
  const bundled = path.join(opts.dist, "bin", "mlruns.js");
  const cli = fs.existsSync(bundled) ? bundled : path.join(opts.dist, "cli", "main.js");
  const mlflowBin = path.join(path.dirname(opts.python), "mlflow");
  const variants = [
    ["mlruns", "runs -e ID --max 1000, empty cache", process.execPath, [cli, "runs", "--store", t.store, "-e", t.experimentId, "--max", "1000"], MLRUNS_ENV, clearRunCache],
    ["mlruns", "runs -e ID --max 1000", process.execPath, [cli, "runs", "--store", t.store, "-e", t.experimentId, "--max", "1000"], MLRUNS_ENV],
    ["mlflow", "mlflow runs list --experiment-id ID", mlflowBin, ["runs", "list", "--experiment-id", t.experimentId], { ...PY_ENV, MLFLOW_TRACKING_URI: `file://${t.store}` }],
    ["mlruns", "runs -e ID (all rows)", process.execPath, [cli, "runs", "--store", t.store, "-e", t.experimentId], MLRUNS_ENV],
    ["mlruns", "runs (all experiments, all rows)", process.execPath, [cli, "runs", "--store", t.store], MLRUNS_ENV],
    ["node", "node -e 0 (start-up floor)", process.execPath, ["-e", "0"], {}],
    ["python", "python -c 'import mlflow' (start-up floor)", opts.python, ["-c", "import mlflow"], PY_ENV],
  ];
  const listed = {};
  for (const [side, variant, cmd, args, env, before] of variants) {
    const samples = [];
    for (let rep = 0; rep < repsFor(side); rep++) {
      before?.();
      const r = await exec(cmd, args, { env });
      if (r.code !== 0) throw new Error(`W5 ${variant} exited ${r.code}: ${r.stderr.slice(-2000)}`);
      if (side === "mlruns" || side === "mlflow") {
        const ids = [...new Set((r.stdout.match(side === "mlflow" ? /\b[0-9a-f]{32}\b/g : /^\s*[0-9a-f]{8}\b/gm) ?? []).map((s) => s.trim().slice(0, 8)))].sort();
        listed[variant] = ids;
      }
      samples.push(r.wall);
    }
    record({ workload: "W5", side, variant, size: t.n, unit: "runs in store", samples, wholeProcess: true });
  }
  const a = listed["runs -e ID --max 1000"];
  const b = listed["mlflow runs list --experiment-id ID"];
  check(a.length === 1000 && a.join() === b.join(), `W5: mlruns listed ${a.length} runs, mlflow ${b.length}; they differ`);
  check(listed["runs -e ID (all rows)"].length === t.n, `W5: mlruns listed ${listed["runs -e ID (all rows)"].length} of ${t.n} runs`);
}

// ---- main --------------------------------------------------------------------------------------------------

const env = await environment();
fs.mkdirSync(opts.data, { recursive: true });
if (!fs.existsSync(path.join(opts.dist, "index.js"))) throw new Error(`no build at ${opts.dist}: run npm run build (or pass --dist)`);
log(`mlruns ${env.distCommit === "working tree" ? `${env.mlrunsCommit.slice(0, 12)}${env.mlrunsDirty ? " (src modified)" : ""}` : env.distCommit} from ${opts.dist}; ${env.python}, MLflow ${env.mlflow}; ${opts.reps} repetitions; data in ${opts.data}`);

const notes = {};
let failed;
try {
  if (want("W1")) await w1(opts.sizes.w1, opts.sizes.pyW1);
  if (want("W2")) notes.w2TagKeys = await w2();
  if (want("W3")) await w3(opts.sizes.w2);
  if (want("W4")) await w4();
  if (want("W5")) await w5();
  if (opts.scaling && want("SCALING")) {
    const w1Sizes = [...new Set([...opts.sizes.w1Scaling, ...opts.sizes.pyW1Scaling])].sort((a, b) => a - b);
    for (const n of w1Sizes) {
      await w1(opts.sizes.w1Scaling.includes(n) ? n : undefined, opts.sizes.pyW1Scaling.includes(n) ? n : undefined, { scaling: true });
    }
    for (const n of opts.sizes.w3Scaling) {
      // W3 itself is the 10,000-run point of the series (same tree, same query).
      if (n === opts.sizes.w2 && results.some((r) => r.workload === "W3")) continue;
      await w3(n, { scaling: true, python: opts.sizes.pyW3Scaling.includes(n) });
    }
  }
} catch (err) {
  failed = err;
  log(err.stack ?? String(err));
}

// ---- report ------------------------------------------------------------------------------------------------

env.loadAverageAtEnd = os.loadavg();
const out = { environment: env, notes, results, failed: failed ? String(failed.message ?? failed) : undefined, summary: summarise() };
const resultsDir = path.join(BENCH_DIR, "results");
fs.mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `${env.date.replace(/[:.]/g, "-")}.json`);
fs.writeFileSync(file, JSON.stringify(out, null, 2));
process.stdout.write(report(out) + `\nresults: ${path.relative(REPO, file)}\n`);
process.exitCode = failed ? 1 : 0;

/** The comparisons the targets are about: each MLflow row against the matching mlruns row. */
function summarise() {
  const find = (w, side, variant, size) => results.find((r) => r.workload === w && r.side === side && (variant === undefined || r.variant === variant) && (size === undefined || r.size === size));
  const rows = [];
  const rateRatio = (label, m, p, target) => {
    if (!m || !p) return;
    const ratio = m.rate / p.rate;
    rows.push({ label, ratio, target, met: target === undefined ? undefined : ratio >= target, basis: p.size !== m.size ? `rates (MLflow measured at ${fmtN(p.size)}, extrapolated linearly)` : "times" });
  };
  rateRatio("W1 points/s vs MLflow synchronous", find("W1", "mlruns"), find("W1", "mlflow", "synchronous"), 50);
  rateRatio("W1 points/s vs MLflow async logging", find("W1", "mlruns"), find("W1", "mlflow", "async logging"), 50);
  rateRatio("W2 runs/s vs MLflow", find("W2", "mlruns"), find("W2", "mlflow"));
  rateRatio("W3 cold search (fresh process, persisted cache) vs MLflow search_runs", find("W3", "mlruns", "cold"), find("W3", "mlflow", "cold"), 20);
  rateRatio("W3 first search ever (fresh process, empty cache) vs MLflow search_runs", find("W3", "mlruns", "cold, empty cache"), find("W3", "mlflow", "cold"));
  rateRatio("W3 warm search vs MLflow search_runs (warm)", find("W3", "mlruns", "warm"), find("W3", "mlflow", "warm"));
  rateRatio("W4 getMetricHistory vs MlflowClient.get_metric_history", find("W4", "mlruns"), find("W4", "mlflow", "MlflowClient.get_metric_history"), 10);
  rateRatio("W4 getMetricHistory vs MLflow FileStore in one pass (no client paging)", find("W4", "mlruns"), find("W4", "mlflow", "FileStore, one pass"), 10);
  rateRatio("W5 mlruns runs vs mlflow runs list (whole process)", find("W5", "mlruns", "runs -e ID --max 1000"), find("W5", "mlflow"));
  const w5 = find("W5", "mlruns", "runs -e ID --max 1000");
  if (w5) rows.push({ label: "W5 mlruns runs cold start < 300 ms", value: w5.median, target: 0.3, met: w5.median < 0.3 });
  const w5e = find("W5", "mlruns", "runs -e ID --max 1000, empty cache");
  if (w5e) rows.push({ label: "W5 mlruns runs cold start, empty cache < 300 ms", value: w5e.median, target: 0.3, met: w5e.median < 0.3 });
  return rows;
}

function report({ environment: e, results: rs, summary, notes: n, failed: f }) {
  const lines = [];
  lines.push("");
  lines.push(`mlruns ${e.distCommit === "working tree" ? `${e.mlrunsCommit.slice(0, 12)}${e.mlrunsDirty ? "+modified src" : ""}` : e.distCommit} vs MLflow ${e.mlflow} (file store) — node ${e.node}, ${e.python}, ${e.nproc} CPUs, load ${e.loadAverageAtStart.map((x) => x.toFixed(2)).join(" ")} → ${e.loadAverageAtEnd.map((x) => x.toFixed(2)).join(" ")}`);
  lines.push(`Times are per repetition (${opts.reps} repetitions for mlruns, ${opts.pyReps} for MLflow, each in a fresh process): median, min, max.`);
  lines.push("");
  const head = ["workload", "side", "n", "median", "min", "max", "rate", "note"];
  const table = rs.map((r) => [
    r.workload,
    `${r.side}${r.variant ? ` ${r.variant}` : ""}`,
    `${fmtN(r.size)} ${r.unit}`,
    fmtS(r.median),
    fmtS(r.min),
    fmtS(r.max),
    r.wholeProcess ? "" : `${fmtN(r.rate)} ${r.unit}/s`,
    (r.note ? `${r.note}; ` : "") +
    (r.extrapolatedTo
      ? `measured at ${fmtN(r.size)}; at ${fmtN(r.extrapolatedTo)} ≈ ${fmtS((r.median * r.extrapolatedTo) / r.size)} (EXTRAPOLATED)`
      : r.wholeProcess
        ? "whole process"
        : r.matched !== undefined
          ? `${r.matched} runs matched`
          : ""),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
  const fmtRow = (row) => row.map((c, i) => String(c).padEnd(widths[i])).join("  ").trimEnd();
  lines.push(fmtRow(head), fmtRow(widths.map((w) => "-".repeat(w))), ...table.map(fmtRow));
  lines.push("");
  lines.push("Ratios (MLflow median / mlruns median; >1 means mlruns is faster):");
  for (const s of summary) {
    if (s.ratio !== undefined) lines.push(`  ${s.label}: ${s.ratio.toFixed(1)}×${s.target ? ` (target ≥ ${s.target}×: ${s.met ? "met" : "NOT met"})` : ""}  [${s.basis}]`);
    else lines.push(`  ${s.label}: ${fmtS(s.value)} (${s.met ? "met" : "NOT met"})`);
  }
  lines.push(...scalingReport(rs));
  if (n.w2TagKeys) lines.push(`W2 system tags only mlruns writes: [${n.w2TagKeys.mlrunsOnly.join(", ")}]; only MLflow: [${n.w2TagKeys.mlflowOnly.join(", ")}]`);
  lines.push("Every time above counted only after its correctness check passed (identical metric bytes, run data, search results, histories, listed runs).");
  if (f) lines.push(`FAILED: ${f}`);
  return lines.join("\n");
}

/** How cost grows with size: W1 per point and W3 per run, from the main and the scaling rows. */
function scalingReport(rs) {
  const lines = [];
  const series = (w, pick) => rs.filter((r) => r.workload === w || r.workload === `${w}-scaling`).filter(pick).sort((a, b) => a.size - b.size);
  const show = (title, rows, per) => {
    if (rows.length < 2) return;
    lines.push(`  ${title}: ` + rows.map((r) => `${fmtN(r.size)} → ${fmtS(r.median)} (${per(r)})`).join(", "));
  };
  const perPoint = (r) => `${((r.median / r.size) * 1e9).toFixed(0)} ns/point`;
  const perRun = (r) => `${((r.median / r.size) * 1e6).toFixed(0)} µs/run`;
  const l = [];
  show("W1 mlruns", series("W1", (r) => r.side === "mlruns"), perPoint);
  show("W1 MLflow synchronous", series("W1", (r) => r.variant === "synchronous"), perPoint);
  show("W1 MLflow async", series("W1", (r) => r.variant === "async logging"), perPoint);
  show("W3 mlruns cold, empty cache", series("W3", (r) => r.side === "mlruns" && r.variant === "cold, empty cache"), perRun);
  show("W3 mlruns cold", series("W3", (r) => r.side === "mlruns" && r.variant === "cold"), perRun);
  show("W3 mlruns warm", series("W3", (r) => r.side === "mlruns" && r.variant === "warm"), perRun);
  show("W3 MLflow cold", series("W3", (r) => r.side === "mlflow" && r.variant === "cold"), perRun);
  show("W3 MLflow warm", series("W3", (r) => r.side === "mlflow" && r.variant === "warm"), perRun);
  if (lines.length) l.push("", "Scaling (median; cost per unit should stay flat for linear growth):", ...lines);
  return l;
}
