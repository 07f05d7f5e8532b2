// One chart per metric, one line per run (the colour of the run's swatch in the table), drawn by
// the viewer's own line-chart module. Controls for log scale and smoothing apply to every chart.
import { renderLineChart } from "../../ui/app/charts/line-chart.js";
import { el, runColor } from "./dom.js";

export function renderCharts(container, data) {
  // A metric logged at one step per run (or only with gaps between its values) has no line to
  // draw: its values are in the table.
  const keys = data.metricKeys.filter((k) => data.series[k]?.some(drawsLine));
  const single = data.metricKeys.filter((k) => !keys.includes(k) && data.series[k]?.length);
  if (single.length) container.append(el("p", { class: "single-values" }, `No line to draw (one step per run, or gaps between every value; see the table): ${single.join(", ")}`));
  if (!keys.length) {
    container.append(el("p", { class: "empty" }, "No metric history to chart."));
    return [];
  }
  const logY = el("input", { type: "checkbox", id: "log-y" });
  const smoothing = el("input", { type: "range", id: "smoothing", min: "0", max: "0.99", step: "0.01", value: "0" });
  const smoothingShown = el("span", { class: "smoothing-value" }, "0");
  container.append(el("div", { class: "chart-controls" }, el("label", {}, logY, " log scale"), el("label", {}, "smoothing ", smoothing, smoothingShown)));

  const grid = el("div", { class: "charts" });
  container.append(grid);
  const charts = keys.map((key) => {
    const box = el("div", { class: "line-chart", "data-metric": key });
    grid.append(box);
    const series = data.series[key].map((s) => ({
      label: data.runs[s.run].name ?? data.runs[s.run].id.slice(0, 8),
      color: runColor(s.run),
      points: { x: s.steps, y: s.values },
    }));
    const chart = renderLineChart(box, { series, title: key, xLabel: "step", height: 280, onZoom: (min) => min === null && chart.update({}) });
    return chart;
  });
  const redraw = () => {
    smoothingShown.textContent = smoothing.value;
    for (const c of charts) c.update({ logY: logY.checked, smoothing: Number(smoothing.value) });
  };
  logY.addEventListener("change", redraw);
  smoothing.addEventListener("input", redraw);
  return charts;
}

/** Two neighbouring points at different steps that both have a value: a gap (null) breaks a line. */
export function drawsLine(s) {
  for (let i = 1; i < s.steps.length; i++) if (s.values[i] !== null && s.values[i - 1] !== null && s.steps[i] !== s.steps[i - 1]) return true;
  return false;
}
