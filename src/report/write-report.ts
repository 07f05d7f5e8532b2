/** `writeReport`: one self-contained HTML file of a store's runs and their metric charts. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidParameterError } from "../errors.js";
import { openStore } from "../store/registry.js";
import type { TrackingStore } from "../store/tracking-store.js";
import { collectReport, type ReportData, type ReportQuery } from "./collect-report.js";
import { renderReportHtml, type ReportAssets } from "./report-html.js";
import { writeFileAtomicSync } from "../util/fs/atomic-write.js";
import { mlrunsVersion } from "../util/package-version.js";

export interface ReportOptions extends ReportQuery {
  /** A TrackingStore, or a tracking URI / folder path (opened with openStore). */
  store: TrackingStore | string;
  /** The HTML file to write. */
  output: string;
}

export interface ReportResult {
  output: string;
  bytes: number;
  /** Runs in the report. */
  runs: number;
  /** Runs that matched; more than `runs` when maxRuns cut the list. */
  matchedRuns: number;
  metricKeys: string[];
  /** Asked-for metrics that no run in the report has (a typo, or a filter that left them out). */
  metricsWithoutData: string[];
  pointsPerSeries: number;
}

export async function writeReport(options: ReportOptions): Promise<ReportResult> {
  if (!options.output) throw new InvalidParameterError("Pass the report's output file, e.g. output: 'report.html'.");
  const store = typeof options.store === "string" ? openStore(options.store) : options.store;
  const data = await collectReport(store, options, mlrunsVersion());
  const html = buildReportHtml(data);
  const output = path.resolve(options.output);
  // Written beside and renamed, so a reader (a CI artifact upload) never sees half a report.
  writeFileAtomicSync(output, html, undefined, { fsync: false });
  return {
    output,
    bytes: Buffer.byteLength(html),
    runs: data.runs.length,
    matchedRuns: data.matchedRuns,
    metricKeys: data.metricKeys,
    metricsWithoutData: data.metricKeys.filter((k) => !data.series[k]?.length),
    pointsPerSeries: data.pointsPerSeries,
  };
}

export function buildReportHtml(data: ReportData): string {
  return renderReportHtml(data, readAssets());
}

let assets: ReportAssets | undefined;

/**
 * dist/report/static/ seen from where this module runs: dist/report/ (the library), dist/bin/
 * (the CLI's bundle) or src/report/ (tests run from source against a build).
 */
function readAssets(): ReportAssets {
  if (assets) return assets;
  const candidates = ["./static/", "../report/static/", "../../dist/report/static/"].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const dir = candidates.find((d) => fs.existsSync(path.join(d, "report.js")));
  if (!dir) throw new Error(`The report's page script is not built (looked for report.js in ${candidates.join(", ")}). Run 'npm run build'.`);
  assets = { script: fs.readFileSync(path.join(dir, "report.js"), "utf8"), css: fs.readFileSync(path.join(dir, "report.css"), "utf8") };
  return assets;
}
