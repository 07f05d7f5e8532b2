// Bundles the page script of `mlruns report` (src/report/app/, plain DOM + the viewer's uPlot line
// chart) into dist/report/static/: report.js and report.css, which writeReport inlines into each
// report. No comment with a URL survives (the report must name no external address), so uPlot's
// MIT notice is carried as a banner without its link.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const src = path.join(root, "src", "report", "app");
const outdir = path.join(root, "dist", "report", "static");
fs.rmSync(outdir, { recursive: true, force: true });
const uplot = JSON.parse(fs.readFileSync(path.join(root, "node_modules", "uplot", "package.json"), "utf8"));
await build({
  entryPoints: [path.join(src, "report.js")],
  outfile: path.join(outdir, "report.js"),
  bundle: true,
  // A classic inline script: no module loading, nothing to fetch.
  format: "iife",
  platform: "browser",
  target: "es2020",
  minify: true,
  legalComments: "none",
  banner: { js: `/*! mlruns report page. Includes uPlot ${uplot.version} (MIT License), Copyright (c) 2025 Leon Sorokin. */` },
  logLevel: "warning",
});
const css = [path.join(root, "node_modules", "uplot", "dist", "uPlot.min.css"), path.join(root, "src", "ui", "app", "charts", "line-chart.css"), path.join(src, "report.css")];
fs.writeFileSync(path.join(outdir, "report.css"), css.map((f) => fs.readFileSync(f, "utf8")).join("\n"));
