// A fresh process running searches with no filter and no order-by (the natural-order page),
// optionally followed by its next page: prints each page's run ids and next token, and how many meta.yaml files it stat'ed, so a
// test can compare a cached process against an uncached one and see what the cache spared.
import fs from "node:fs";

const [root, queriesJson] = process.argv.slice(2);
let metaStats = 0;
const statSync = fs.statSync;
fs.statSync = function (file, ...rest) {
  if (String(file).startsWith(root) && String(file).endsWith("meta.yaml")) metaStats++;
  return statSync.call(this, file, ...rest);
};
const { MlflowClient } = await import("../../../dist/index.js");
const client = new MlflowClient(root);
const pages = [];
for (const q of JSON.parse(queriesJson)) {
  // Each query, then (with follow) the page its token names.
  let token = null;
  for (let i = 0; i < (q.follow ? 2 : 1) && (i === 0 || token); i++) {
    const page = await client.searchRuns(q.experimentIds, "", q.view, q.max, undefined, token);
    pages.push({ ids: page.items.map((r) => `${r.info.runName}:${r.info.lifecycleStage}`), next: page.nextPageToken });
    token = page.nextPageToken;
  }
}
process.stdout.write(JSON.stringify({ pages, metaStats }));
