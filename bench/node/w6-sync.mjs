// W6, mlruns' side: `node w6-sync.mjs DIST SOURCE_STORE URI CONCURRENCY` syncs the store to the
// server in this fresh process and prints the seconds and the summary.
const [dist, from, to, concurrency] = process.argv.slice(2);
const { syncStore } = await import(`${dist}/index.js`);
const t0 = performance.now();
const summary = await syncStore({ from, to, concurrency: Number(concurrency) });
process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, summary }));
