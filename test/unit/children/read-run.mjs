// A fresh process reading one run by id, before or after a search of its experiment: prints
// what each call returned (or the error), so a test can tell whether the order matters.
const [root, experimentId, runId, order] = process.argv.slice(2);
const { MlflowClient } = await import("../../../dist/index.js");
const client = new MlflowClient(root);
const out = {};
const attempt = async (name, fn) => {
  try {
    out[name] = await fn();
  } catch (err) {
    out[name] = { error: err.message };
  }
};
const get = () => attempt("getRun", async () => (await client.getRun(runId)).data);
const history = () => attempt("history", async () => (await client.getMetricHistory(runId, "m")).map((p) => p.value));
const search = () => attempt("search", async () => (await client.searchRuns([experimentId])).items.map((r) => r.info.runId));
if (order === "search-first") await search();
await get();
await history();
if (order !== "search-first") await search();
process.stdout.write(JSON.stringify(out));
