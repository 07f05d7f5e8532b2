// The charts page: #/charts?runs=ID,ID&metrics=a,b&x=step|time|relative&log=1&smooth=0.6&zoom=MIN,MAX
// One chart per chosen metric, one line per run. Every choice is in the URL, so a link or a
// reload shows the same view; while a shown run is RUNNING the page polls (use-poll.js).
import { useEffect, useState } from "preact/hooks";
import { getJson } from "./api-client.js";
import { MAX_SMOOTHING } from "./charts/line-chart.js";
import { X_MODES } from "./charts/history-client.js";
import { MetricChart } from "./charts/metric-chart.js";
import { ErrorBox } from "./error-box.js";
import { html } from "./html.js";
import { hrefFor, listParam, navigate } from "./router.js";
import { usePoll } from "./use-poll.js";

/** Charts shown when the URL names no metric: the first keys, so a run with 200 metrics stays usable. */
const DEFAULT_METRICS = 6;
/** As the server's MAX_RUNS_PER_REQUEST (ui/server/query.ts). */
const MAX_RUNS = 100;

export function chartView(params) {
  const x = X_MODES[params.get("x")] ? params.get("x") : "step";
  const smooth = Math.min(MAX_SMOOTHING, Math.max(0, Number(params.get("smooth")) || 0));
  const z = listParam(params, "zoom").map(Number);
  const zoom = z.length === 2 && z.every(Number.isFinite) && z[0] < z[1] ? z : null;
  return { runIds: listParam(params, "runs"), metrics: params.has("metrics") ? listParam(params, "metrics") : null, x, logY: params.get("log") === "1", smooth, zoom };
}

function viewParams(v) {
  return {
    runs: v.runIds.join(","),
    metrics: v.metrics === null ? undefined : v.metrics.join(","),
    x: v.x === "step" ? undefined : v.x,
    log: v.logY ? "1" : undefined,
    smooth: v.smooth ? String(v.smooth) : undefined,
    zoom: v.zoom ? v.zoom.join(",") : undefined,
  };
}

/** The chosen runs in the URL's order (name, status, latest metrics); ids not in the store are left out. */
async function loadRuns(runIds) {
  if (!runIds.length) return [];
  const { runs } = await getJson("/api/runs-brief", { runs: runIds.slice(0, MAX_RUNS).join(",") });
  const byId = new Map(runs.map((r) => [r.runId, r]));
  return runIds.map((id) => byId.get(id)).filter(Boolean);
}

/** Rounds a zoom edge so the URL stays readable: whole steps and milliseconds, 1 ms of relative time. */
function roundZoom(x, min, max) {
  if (x === "relative") return [Math.floor(min * 1000) / 1000, Math.ceil(max * 1000) / 1000];
  return [Math.floor(min), Math.ceil(max)];
}

export function ChartsPage({ params }) {
  const view = chartView(params);
  const [runs, setRuns] = useState(null);
  const [error, setError] = useState(null);
  const [tick, setTick] = useState(0);
  const [liveRunIds, setLiveRunIds] = useState(new Set());
  const runKey = view.runIds.join(",");

  useEffect(() => {
    let live = true;
    setRuns(null);
    loadRuns(view.runIds).then((r) => live && (setRuns(r), setError(null)), (e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [runKey]);

  const running = (runs ?? []).filter((r) => r.status === "RUNNING").map((r) => r.runId);
  usePoll(
    async () => {
      const next = await loadRuns(view.runIds);
      // Runs that just finished get one last read of their final points.
      setLiveRunIds(new Set([...running, ...next.filter((r) => r.status === "RUNNING").map((r) => r.runId)]));
      setRuns(next);
      setTick((t) => t + 1);
    },
    { active: running.length > 0 },
  );

  const go = (changes) => navigate(["charts"], viewParams({ ...view, ...changes }));
  const keys = [...new Set((runs ?? []).flatMap((r) => Object.keys(r.metrics)))].sort();
  const shown = view.metrics ?? keys.slice(0, DEFAULT_METRICS);
  const toggle = (key) => go({ metrics: shown.includes(key) ? shown.filter((k) => k !== key) : keys.filter((k) => k === key || shown.includes(k)) });
  const chartRuns = (runs ?? []).map((r) => ({ runId: r.runId, label: r.runName || r.runId }));
  const onZoom = (min, max) => go({ zoom: min === null ? null : roundZoom(view.x, min, max) });

  if (!view.runIds.length) return html`<h1>Charts</h1><p class="muted">No runs chosen: pick runs in a runs table, or open <code>#/charts?runs=RUN_ID,RUN_ID</code>.</p>`;
  return html`
    <h1>Charts</h1>
    ${error ? html`<${ErrorBox} error=${error} />` : null}
    <div class="toolbar chart-controls">
      <label>x axis <select aria-label="x axis" value=${view.x} onChange=${(e) => go({ x: e.currentTarget.value, zoom: null })}>
        ${Object.entries(X_MODES).map(([value, m]) => html`<option value=${value}>${m.label}</option>`)}
      </select></label>
      <label><input type="checkbox" aria-label="log scale" checked=${view.logY} onChange=${(e) => go({ logY: e.currentTarget.checked })} /> log scale</label>
      <label>smoothing <input type="range" aria-label="smoothing" min="0" max=${MAX_SMOOTHING} step="0.01" value=${view.smooth} onChange=${(e) => go({ smooth: Number(e.currentTarget.value) })} />
        <output>${view.smooth.toFixed(2)}</output></label>
      ${view.zoom ? html`<button type="button" onClick=${() => go({ zoom: null })}>Reset zoom</button>` : html`<span class="muted">drag across a chart to zoom; double-click resets</span>`}
      ${running.length ? html`<span class="live" role="status">live: ${running.length} running</span>` : null}
    </div>
    ${runs === null && !error ? html`<p class="muted">loading…</p>` : null}
    ${runs && runs.length < view.runIds.length ? html`<p class="muted">${view.runIds.length - runs.length} of the chosen runs were not found.</p>` : null}
    ${runs
      ? html`<fieldset class="metric-picker"><legend>Metrics</legend>
          ${keys.map((k) => html`<label key=${k}><input type="checkbox" checked=${shown.includes(k)} onChange=${() => toggle(k)} /> ${k}</label>`)}
          ${keys.length ? null : html`<span class="muted">These runs logged no metric.</span>`}
        </fieldset>
        <p class="muted chart-runs">${runs.map((r, i) => html`${i ? ", " : ""}<a href=${hrefFor(["runs", r.runId])}>${r.runName || r.runId}</a> <span class=${`status-${r.status}`}>${r.status}</span>`)}</p>
        <div class="charts-grid">
          ${shown.filter((k) => keys.includes(k)).map(
            (k) => html`<${MetricChart} key=${k} metric=${k} runs=${chartRuns} x=${view.x} logY=${view.logY} smoothing=${view.smooth} zoom=${view.zoom} tick=${tick} liveRunIds=${liveRunIds} onZoom=${onZoom} />`,
          )}
        </div>`
      : null}
  `;
}
