// A process that resumes a run: logs `n` points to one metric from step `start`, flushes and
// exits. Waits for "go" on stdin first when asked, so several can append at one instant.
import { MlflowClient } from "../../../dist/index.js";

const [root, runId, key, n, start, wait] = process.argv.slice(2);
if (wait === "wait") {
  await new Promise((resolve) => process.stdin.once("data", resolve));
  process.stdin.destroy(); // or the open pipe keeps this process alive
}
const client = new MlflowClient(root);
for (let i = 0; i < Number(n); i++) client.logMetric(runId, key, i / 8, 1_700_000_000_000 + i, Number(start) + i);
await client.flush();
