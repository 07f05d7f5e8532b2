// Prototype for a proposal to FileStore.searchRuns (src/store/file/file-store.ts): the file
// reads a two-phase search needs, timed against the reads of today's "read every run in full".
// Only I/O (readdir + readFileSync), no parsing: a floor for either strategy on this machine.
//   node bench/proto/projected-io.mjs <store> <experiment id> <matched fraction> <page size>
// Phase A reads meta.yaml and the files the filter and order name (here metrics/m0, tags/t0,
// metrics/m1, as in W3) for every run, with no readdir; phase B reads the returned runs in full.
import fs from "node:fs";
import path from "node:path";
const [root, exp, fraction = "0.2573", page = "100000"] = process.argv.slice(2);
const expDir = path.join(root, exp);
const readAll = (runDir) => {
  let n = 1;
  fs.readFileSync(path.join(runDir, "meta.yaml"), "utf8");
  for (const sub of ["params", "metrics", "tags"]) for (const k of fs.readdirSync(path.join(runDir, sub))) { fs.readFileSync(path.join(runDir, sub, k), "utf8"); n++; }
  return n;
};
const t0 = performance.now();
const runs = fs.readdirSync(expDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(expDir, e.name));
let files = 0;
for (const r of runs) files += readAll(r);
const t1 = performance.now();
let filesB = 0;
for (const r of runs) {
  fs.readFileSync(path.join(r, "meta.yaml"), "utf8");
  for (const f of ["metrics/m0", "tags/t0", "metrics/m1"]) fs.readFileSync(path.join(r, f), "utf8");
  filesB += 4;
}
const matched = Math.min(Math.round(runs.length * Number(fraction)), Number(page));
for (const r of runs.slice(0, matched)) filesB += readAll(r);
const t2 = performance.now();
console.log(JSON.stringify({ runs: runs.length, fullReadFiles: files, fullReadSeconds: (t1 - t0) / 1000, twoPhaseFiles: filesB, twoPhaseSeconds: (t2 - t1) / 1000, matched }));
