// Side-by-side timing of whole `mlruns` processes from two or more builds, alternating, each
// build with its own run cache folder: for changes too small to see through this machine's
// drift between separate bench runs.
//
//   node bench/ab.mjs N DIST... [-- mlruns arguments]
//   node bench/ab.mjs 15 "$(bash bench/snapshot.sh HEAD~1)" "$(bash bench/snapshot.sh HEAD)" -- runs --store TREE -e ID --max 1000
//
// With `-- worker WORKLOAD JSON`, each round runs bench/node/worker.mjs (a library workload such
// as W1, in a fresh store each time) and counts the time the worker reports, not the process's:
//   node bench/ab.mjs 15 OLD NEW -- worker w1 '{"n":200000,"keys":10}'
//
// The first round is not counted (it fills each build's cache).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const argv = process.argv.slice(2);
const cut = argv.indexOf("--");
const [n, ...dists] = cut < 0 ? argv : argv.slice(0, cut);
const args = cut < 0 ? ["--version"] : argv.slice(cut + 1);
if (!Number(n) || dists.length === 0) {
  console.error("usage: node bench/ab.mjs N DIST... [-- mlruns arguments]");
  process.exit(2);
}
const caches = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-ab-"));
const times = dists.map(() => []);
for (let round = 0; round <= Number(n); round++) {
  dists.forEach((dist, i) => {
    const worker = args[0] === "worker";
    const store = path.join(caches, `store-${round}-${i}`);
    const command = worker
      ? [path.join(import.meta.dirname, "node", "worker.mjs"), dist, args[1], JSON.stringify({ ...JSON.parse(args[2] ?? "{}"), store })]
      : [path.join(dist, "bin", "mlruns.js"), ...args];
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, command, {
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      env: { ...process.env, MLRUNS_CACHE_DIR: path.join(caches, String(i)) },
    });
    if (r.status !== 0) throw new Error(`${dist} exited ${r.status}: ${r.stderr}`);
    const ms = worker ? JSON.parse(r.stdout.trim().split("\n").at(-1)).seconds * 1000 : Number(process.hrtime.bigint() - t) / 1e6;
    if (worker) fs.rmSync(store, { recursive: true, force: true });
    if (round > 0) times[i].push(ms);
  });
}
fs.rmSync(caches, { recursive: true, force: true });
dists.forEach((dist, i) => {
  const s = times[i].sort((a, b) => a - b);
  console.log(`${dist}: median ${s[s.length >> 1].toFixed(1)} ms, min ${s[0].toFixed(1)}, max ${s.at(-1).toFixed(1)} (${s.length} runs)`);
});
