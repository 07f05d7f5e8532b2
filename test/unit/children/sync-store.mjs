// A sync in its own process: `node sync-store.mjs FROM TO [batchSize] [lockWaitMs]`; prints the
// summary as JSON. Small batches make a sync long enough to be killed mid-way.
import { syncStore } from "../../../dist/index.js";

const [from, to, batchSize = "1000", lockWaitMs = "0"] = process.argv.slice(2);
try {
  const summary = await syncStore({ from, to, batchSize: Number(batchSize), lockWaitMs: Number(lockWaitMs) });
  process.stdout.write(JSON.stringify(summary));
} catch (err) {
  process.stderr.write(`${err.name}: ${err.message}\n`);
  process.exit(3);
}
