// #/compare?runs=a,b,c: the selected runs side by side, as `mlruns compare` prints them (the
// diff and the best-metric rule come from /api/compare, computed by the CLI's own code), and a
// scatter of a param against a metric. The chosen param and metric are in the URL.
import { getJson } from "./api-client.js";
import { ErrorBox } from "./error-box.js";
import { formatDuration, formatValue } from "./format.js";
import { html } from "./html.js";
import { hrefFor, navigate } from "./router.js";
import { ScatterPlot } from "./scatter-plot.js";
import { useFetch } from "./use-fetch.js";

function Select({ label, value, options, onChange }) {
  return html`<label>${label} <select aria-label=${label} value=${value} onChange=${(e) => onChange(e.currentTarget.value)}>
    ${options.map((o) => html`<option key=${o} value=${o}>${o}</option>`)}
  </select></label>`;
}

export function ComparePage({ params }) {
  const runIds = (params.get("runs") ?? "").split(",").filter(Boolean);
  const showSame = params.get("same") === "1";
  const state = useFetch(() => getJson("/api/compare", { runs: runIds.join(",") }), runIds.join(","));
  if (!runIds.length) return html`<p class="muted">Select runs in a runs table, then press Compare.</p>`;
  if (state.error) return html`<${ErrorBox} error=${state.error} />`;
  if (!state.data) return html`<span class="muted">loading…</span>`;
  const { runs, params: ps, metrics, legend } = state.data;
  const go = (changes) => navigate(["compare"], { runs: runIds.join(","), param: params.get("param"), metric: params.get("metric"), same: showSame ? "1" : "", ...changes });
  const differing = ps.filter((p) => p.differs);
  const same = ps.filter((p) => !p.differs);
  const param = ps.some((p) => p.key === params.get("param")) ? params.get("param") : (differing[0] ?? ps[0])?.key;
  const metric = metrics.some((m) => m.key === params.get("metric")) ? params.get("metric") : metrics[0]?.key;
  const paramRow = (p) => html`<tr key=${p.key} class=${p.differs ? "differs" : ""}>
    <th scope="row">${p.differs ? "≠ " : ""}${p.key}</th>
    ${p.values.map((v, i) => html`<td key=${i} title=${v ?? ""}>${v ?? html`<span class="muted">–</span>`}</td>`)}
  </tr>`;
  return html`
    <h1>Compare ${runs.length} run${runs.length === 1 ? "" : "s"}</h1>
    <div class="scroll compare">
      <table id="compare">
        <thead><tr><th></th>${runs.map((r) => html`<th key=${r.runId}><a href=${hrefFor(["runs", r.runId])}>${r.runName ?? r.runId}</a></th>`)}</tr></thead>
        <tbody>
          <tr><th scope="row">status</th>${runs.map((r) => html`<td class=${`status-${r.status}`}>${r.status}</td>`)}</tr>
          <tr><th scope="row">duration</th>${runs.map((r) => html`<td>${formatDuration(r.startTime, r.endTime)}</td>`)}</tr>
          <tr class="section"><th colspan=${runs.length + 1}>Params: ${differing.length} of ${ps.length} differ</th></tr>
          ${differing.map(paramRow)}
          ${same.length
            ? html`<tr class="section"><th colspan=${runs.length + 1}>
                <button type="button" onClick=${() => go({ same: showSame ? "" : "1" })}>${showSame ? "Hide" : "Show"} ${same.length} identical param${same.length === 1 ? "" : "s"}</button>
              </th></tr>`
            : null}
          ${showSame ? same.map(paramRow) : null}
          <tr class="section"><th colspan=${runs.length + 1}>Metrics (latest value; * best)</th></tr>
          ${metrics.map(
            (m) => html`<tr key=${m.key}>
              <th scope="row" title=${`${m.better} is better`}>${m.key} ${m.better === "lower" ? "↓" : "↑"}</th>
              ${m.values.map((v, i) => {
                const best = m.best.includes(runs[i].runId);
                return html`<td key=${i} class=${`num${best ? " best" : ""}`}>${v === null ? html`<span class="muted">–</span>` : `${formatValue(v)}${best ? " *" : ""}`}</td>`;
              })}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p class="muted legend">≠ param differs between runs (missing counts as a value). * best value: ↓ ${legend.replace("; higher", "; ↑ higher")}.</p>
    <h2>Param against metric</h2>
    ${param && metric
      ? html`<div class="toolbar">
            <${Select} label="param" value=${param} options=${ps.map((p) => p.key)} onChange=${(v) => go({ param: v })} />
            <${Select} label="metric" value=${metric} options=${metrics.map((m) => m.key)} onChange=${(v) => go({ metric: v })} />
          </div>
          <${ScatterPlot} runs=${runs} param=${param} metric=${metric}
            paramValues=${ps.find((p) => p.key === param).values}
            metricValues=${metrics.find((m) => m.key === metric).values.map((v) => (typeof v === "number" ? v : null))} />`
      : html`<p class="muted">The runs need a param and a metric to plot.</p>`}
  `;
}
