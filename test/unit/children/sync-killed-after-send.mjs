// `node sync-killed-after-send.mjs FROM TO [VERB]`: syncs FROM into the file store TO and SIGKILLs
// itself as soon as the target has taken the first request of VERB (default logBatch with metric
// points), before sync can journal it: for logBatch the worst moment for a run the journal
// trusts; for createRun, a run the target holds and the journal never mapped.
import { FileStore, syncStore } from "../../../dist/index.js";

const [from, to, verb = "logBatch"] = process.argv.slice(2);
const target = new FileStore(to);
const taken = {
  logBatch: (runId, batch) => batch.metrics?.length > 0,
  createRun: () => true,
};
const dying = new Proxy(target, {
  get(t, p) {
    if (p === verb) {
      return async (...args) => {
        const result = await t[verb](...args);
        if (taken[verb](...args)) process.kill(process.pid, "SIGKILL");
        return result;
      };
    }
    const v = t[p];
    return typeof v === "function" ? v.bind(t) : v;
  },
});
await syncStore({ from, to: dying });
process.stderr.write("the sync ended without being killed\n");
process.exit(3);
