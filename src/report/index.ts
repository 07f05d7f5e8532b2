/** `mlruns/report`: one self-contained HTML file of runs and metric charts (docs/ui.md). */
export { writeReport, buildReportHtml, type ReportOptions, type ReportResult } from "./write-report.js";
export {
  collectReport,
  DEFAULT_MAX_POINTS,
  DEFAULT_MAX_RUNS,
  MAX_TOTAL_POINTS,
  MIN_SERIES_POINTS,
  type ReportData,
  type ReportQuery,
  type ReportRun,
  type ReportSeries,
} from "./collect-report.js";
