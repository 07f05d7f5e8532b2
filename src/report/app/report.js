// The report page: reads the JSON block and builds the header, the runs table and the charts.
// Store text only ever becomes text nodes (textContent) or canvas text: never markup.
import { renderCharts } from "./report-charts.js";
import { formatTime } from "../../ui/app/format.js";
import { el } from "./dom.js";
import { renderRunsTable } from "./runs-table.js";

const data = JSON.parse(document.getElementById("report-data").textContent);
const root = document.getElementById("report");
document.title = `mlruns report: ${data.experiments.map((e) => e.name).join(", ") || "no experiment"}`;

const charts = el("section", { id: "charts" });
root.append(header(data), el("h2", {}, "Runs"), renderRunsTable(data), el("h2", {}, "Metrics"), charts);
// Drawn once in the page, so each chart takes the width it is given.
renderCharts(charts, data);

function header(d) {
  const runs = d.runs.length < d.matchedRuns ? `${d.runs.length} of ${d.matchedRuns} matching runs (the first ${d.maxRuns}; raise --max-runs for more)` : `${d.runs.length} run${d.runs.length === 1 ? "" : "s"}`;
  const rows = [
    ["Store", d.store],
    ["Experiments", d.experiments.map((e) => `${e.name} (${e.id})`).join(", ") || "none"],
    ["Filter", d.filter || "none"],
    ["Runs", runs],
    ["Charts", `at most ${d.pointsPerSeries.toLocaleString("en")} points per run and metric (each step bucket's lowest and highest)`],
    ["Generated", `${formatTime(d.generatedAt)} by mlruns ${d.version}`],
  ];
  return el("header", {}, el("h1", {}, "mlruns report"), el("dl", {}, ...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])));
}
