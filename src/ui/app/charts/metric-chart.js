// One metric's chart on the charts page: one line per run, read from the history endpoint at
// about two points per pixel column, the zoomed range at full resolution, and a live run's new
// points on each poll (`tick`).
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "../html.js";
import { appendHistory, fetchHistory, toSeriesPoints, X_MODES } from "./history-client.js";
import { chartWidth, renderLineChart } from "./line-chart.js";

/** Downsampling buckets per CSS pixel of plot width (min/max keeps up to 2 points per bucket). */
const BUCKETS_PER_PIXEL = 2;

export function MetricChart({ metric, runs, x, logY, smoothing, zoom, tick, liveRunIds, onZoom }) {
  const box = useRef(null);
  const chart = useRef(null);
  const held = useRef(new Map());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState(null);
  const [maxPoints, setMaxPoints] = useState(0);
  const runKey = runs.map((r) => r.runId).join(",");
  const zoomKey = zoom ? zoom.join(",") : "";

  useEffect(() => setMaxPoints(Math.round(chartWidth(box.current) * BUCKETS_PER_PIXEL)), []);

  // The whole view, whenever what it shows changes.
  useEffect(() => {
    if (!maxPoints) return undefined;
    let live = true;
    Promise.all(runs.map((r) => fetchHistory(r.runId, metric, { maxPoints, x, zoom }).then((a) => [r.runId, a]))).then(
      (answers) => {
        if (!live) return;
        held.current = new Map(answers);
        setError(null);
        setVersion((v) => v + 1);
      },
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [metric, runKey, x, zoomKey, maxPoints]);

  // A poll: what the live runs logged since the last read.
  useEffect(() => {
    if (!tick || !maxPoints) return undefined;
    let live = true;
    const reads = runs
      .filter((r) => liveRunIds.has(r.runId))
      .map(async (r) => {
        const before = held.current.get(r.runId);
        if (!before) return;
        const next = await fetchHistory(r.runId, metric, { maxPoints, x, zoom, since: before.total });
        if (!live || held.current.get(r.runId) !== before || next.total === before.total) return;
        const merged = appendHistory(before, next, maxPoints) ?? (await fetchHistory(r.runId, metric, { maxPoints, x, zoom }));
        if (live && held.current.get(r.runId) === before) held.current.set(r.runId, merged);
      });
    Promise.all(reads).then(() => live && setVersion((v) => v + 1), (e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick]);

  // Draw.
  useEffect(() => {
    if (!version) return;
    const series = runs
      .filter((r) => held.current.get(r.runId)?.points.length)
      .map((r) => ({ label: r.label, points: toSeriesPoints(held.current.get(r.runId), x) }));
    const options = { series, title: metric, xLabel: X_MODES[x].label, xTime: x === "time", logY, smoothing, xRange: zoom, onZoom };
    if (chart.current) chart.current.update(options);
    else chart.current = renderLineChart(box.current, options);
    box.current.dataset.points = String(series.reduce((n, s) => n + s.points.x.length, 0));
    box.current.dataset.state = "drawn";
  }, [version, logY, smoothing]);

  useEffect(() => () => chart.current?.destroy(), []);

  return html`<figure class="metric-chart" data-metric=${metric}>
    ${error ? html`<div class="error" role="alert">${error.message}</div>` : null}
    <div class="line-chart" ref=${box} data-state="loading"></div>
  </figure>`;
}
