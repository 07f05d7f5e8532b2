// `mlruns report` on 1,000 runs × 3 metrics × 10,000 points (a store written by mlruns, cached
// in $TMPDIR, see bench/ui-store.mjs): the time to write the report, the file's size, and where
// the time goes (reading and downsampling 30,000,000 points vs building the page). Not a timed test.
//
//   npm run build && node bench/report.mjs [--runs 1000] [--points 10000] [--reps 3] [--regen]
//
// Each repetition is what writeReport does, step by step and timed: collectReport, then the
// HTML, then the file. Writing the store the first time takes minutes.
import fs from "node:fs";
import path from "node:path";
import { openStore } from "../dist/store/registry.js";
import { buildReportHtml, collectReport } from "../dist/report/index.js";
import { arg, BENCH_DIR, benchStore, median } from "./ui-store.mjs";

const RUNS = arg("runs", 1000);
const POINTS = arg("points", 10_000);
const REPS = arg("reps", 3);

const t0 = performance.now();
const store = await benchStore(`report-${RUNS}x3x${POINTS}`, { runs: RUNS, metrics: 3, points: POINTS, regen: process.argv.includes("--regen") });
console.log(`store: ${store.root} (${RUNS} runs × 3 metrics × ${POINTS} points; ready in ${Math.round((performance.now() - t0) / 1000)} s)`);
const output = path.join(BENCH_DIR, "report.html");

const total = [];
const cpu = [];
const collect = [];
const render = [];
let data;
for (let i = 0; i < REPS; i++) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  data = await collectReport(openStore(store.root), { maxRuns: RUNS }, "bench");
  collect.push(performance.now() - start);
  let t = performance.now();
  const html = buildReportHtml(data);
  render.push(performance.now() - t);
  fs.writeFileSync(output, html);
  total.push(performance.now() - start);
  const used = process.cpuUsage(cpuStart);
  cpu.push((used.user + used.system) / 1000);
  console.log(`rep ${i + 1}: ${(total.at(-1) / 1000).toFixed(1)} s, ${(cpu.at(-1) / 1000).toFixed(1)} s of CPU (reading + downsampling ${(collect.at(-1) / 1000).toFixed(1)} s, page ${Math.round(render.at(-1))} ms)`);
}

const size = fs.statSync(output).size;
const points = Object.values(data.series).flat().reduce((n, s) => n + s.steps.length, 0);
console.log(`\nreport of ${data.runs.length} runs × ${data.metricKeys.length} metrics × ${POINTS} points (${(RUNS * 3 * POINTS).toLocaleString("en")} points in the store):`);
// On a busy machine the wall time is mostly waiting for a core; the CPU time is the work.
console.log(`  median of ${REPS}: ${(median(total) / 1000).toFixed(1)} s, ${(median(cpu) / 1000).toFixed(1)} s of CPU (reading + downsampling ${(median(collect) / 1000).toFixed(1)} s, building the page ${Math.round(median(render))} ms)`);
console.log(`  file ${(size / 2 ** 20).toFixed(2)} MiB: ${points.toLocaleString("en")} chart points (at most ${data.pointsPerSeries} per run and metric)`);
console.log(`  open it: ${output}`);
