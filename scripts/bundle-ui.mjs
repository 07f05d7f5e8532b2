// Bundles the web app of `mlruns ui` (src/ui/app/, preact + htm) into dist/ui/static/: one
// app.js, its stylesheet and index.html. Everything the page loads is in the package, so the
// viewer works offline, and the script is a file of its own, so the page's CSP needs no inline script.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const src = path.join(root, "src", "ui", "app");
const outdir = path.join(root, "dist", "ui", "static");
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(src, "main.js")],
  outfile: path.join(outdir, "app.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2020",
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
});
for (const file of ["index.html", "app.css"]) fs.copyFileSync(path.join(src, file), path.join(outdir, file));
