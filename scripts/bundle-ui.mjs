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
fs.copyFileSync(path.join(src, "index.html"), path.join(outdir, "index.html"));
// One stylesheet (the CSP allows 'self' styles, no inline <style>): uPlot's, the charts', the app's.
const css = [path.join(root, "node_modules", "uplot", "dist", "uPlot.min.css"), path.join(src, "charts", "line-chart.css"), path.join(src, "app.css")];
fs.writeFileSync(path.join(outdir, "app.css"), css.map((f) => fs.readFileSync(f, "utf8")).join("\n"));
