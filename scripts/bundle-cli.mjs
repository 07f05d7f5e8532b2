// Bundles the `mlruns` command (dist/cli/main.js and what it imports from dist/) into
// dist/bin/: one module for the start-up path and one chunk per command, still loaded only
// when used. Node's ES module loader costs ~0.4 ms per module, and the command imported
// ~110 of ours; bundled, `mlruns --version` and every listing start ~40 ms sooner.
// Dependencies stay in node_modules (external), loaded as before.
// Chunks sit beside mlruns.js so `new URL("../../package.json", import.meta.url)` in any of
// them still finds the package's package.json, as it does from dist/<folder>/<module>.js.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const outdir = path.join(root, "dist", "bin");
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { mlruns: path.join(root, "dist", "cli", "main.js") },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  chunkNames: "[name]-[hash]",
  logLevel: "warning",
});
fs.chmodSync(path.join(outdir, "mlruns.js"), 0o755);
