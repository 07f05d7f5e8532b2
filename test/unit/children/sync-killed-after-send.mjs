// `node sync-killed-after-send.mjs FROM TO`: syncs FROM into the file store TO and SIGKILLs
// itself as soon as the target has taken the first batch of metric points, before sync can
// journal it: the worst moment for a run the journal trusts.
import { FileStore, syncStore } from "../../../dist/index.js";

const [from, to] = process.argv.slice(2);
const target = new FileStore(to);
const dying = new Proxy(target, {
  get(t, p) {
    if (p === "logBatch") {
      return async (runId, batch) => {
        await t.logBatch(runId, batch);
        if (batch.metrics?.length) process.kill(process.pid, "SIGKILL");
      };
    }
    const v = t[p];
    return typeof v === "function" ? v.bind(t) : v;
  },
});
await syncStore({ from, to: dying });
process.stderr.write("the sync ended without being killed\n");
process.exit(3);
