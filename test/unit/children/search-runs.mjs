// A fresh process searching a store: prints the runs it found and which store files it read,
// so a test can tell a persisted cache that was trusted from one that was re-read.
import fs from "node:fs";

const [root, experimentId, filter = "", orderBy = "", times = "1"] = process.argv.slice(2);
const reads = [];
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (String(file).startsWith(root)) reads.push(String(file).slice(root.length + 1));
  return readFileSync.call(this, file, ...rest);
};
const { MlflowClient } = await import("../../../dist/index.js");
const client = new MlflowClient(root);
let page;
for (let i = 0; i < Number(times); i++) page = await client.searchRuns([experimentId], filter, "ALL", 1000, orderBy ? [orderBy] : undefined);
// Metric values as text: JSON would turn NaN and ±Infinity into null and -0 into 0.
const text = (v) => (Object.is(v, -0) ? "-0" : String(v));
const runs = page.items.map((r) => ({
  name: r.info.runName,
  stage: r.info.lifecycleStage,
  data: { ...r.data, metrics: Object.fromEntries(Object.entries(r.data.metrics).map(([k, v]) => [k, text(v)])) },
}));
process.stdout.write(JSON.stringify({ runs, reads }));
