// Runs as another user (or on a full disk) and reports what mlruns did, as one JSON line.
import { MlflowClient, StoreIOError } from "../../../dist/index.js";

const [root, task, ...args] = process.argv.slice(2);
const client = new MlflowClient(root);
const warnings = [];
process.on("warning", (w) => warnings.push(w.message));
const attempt = async (fn) => {
  try {
    return { ok: await fn() };
  } catch (err) {
    return { error: err.constructor.name, code: err.syscallCode, message: err.message, typed: err instanceof StoreIOError };
  }
};

const out = { task };
if (task === "read-only") {
  const [runId] = args;
  out.logParam = await attempt(() => client.logParam(runId, "new", "1"));
  out.createRun = await attempt(() => client.createRun("0").then((r) => r.info.runId));
  out.read = await attempt(() => client.getRun(runId).then((r) => r.data.params));
} else if (task === "search") {
  out.search = await attempt(() => client.searchRuns(["0"], "", "ALL").then((p) => p.items.map((r) => r.info.runName).sort()));
  out.experiments = await attempt(() => client.searchExperiments({ viewType: "ALL" }).then((p) => p.items.map((e) => e.name).sort()));
} else if (task === "disk-full") {
  const [runId] = args;
  const blob = "x".repeat(4000);
  let written = 0;
  out.params = await attempt(async () => {
    for (let i = 0; i < 1000; i++) {
      await client.logParam(runId, `p${i}`, blob);
      written = i + 1;
    }
  });
  out.paramsWritten = written;
  // The buffer flushes itself every 100,000 points: on a full disk that flush fails inside
  // logMetric, which then throws the typed error synchronously.
  out.metrics = await attempt(() => {
    for (let i = 0; i < 200_000; i++) client.logMetric(runId, "m", i, 1_700_000_000_000, i);
  });
  out.flush = await attempt(() => client.flush());
  out.stillRunning = true;
}
await new Promise((r) => setImmediate(r));
out.warnings = warnings;
process.stdout.write(JSON.stringify(out));
