// `mlruns ui` (the built server) in a process of its own, for the load test: the heap it
// reports is the server's alone, not the load generator's. Started with --expose-gc and an IPC
// channel: it sends {url}; "heap" answers {heapUsed} after full collections; "close" stops it.
const [root] = process.argv.slice(2);
const { startUi } = await import("../../../dist/ui/server/index.js");
const ui = await startUi({ store: root, port: 0 });
process.send({ url: ui.url });
process.on("message", async (msg) => {
  if (msg === "heap") {
    // Twice: the first pass can leave objects that only a second pass frees (weak callbacks).
    globalThis.gc();
    globalThis.gc();
    const { heapUsed, rss } = process.memoryUsage();
    process.send({ heapUsed, rss });
  } else if (msg === "close") {
    await ui.close();
    process.disconnect();
  }
});
