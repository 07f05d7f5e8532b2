import { getJson, runPath } from "./api-client.js";
import { ArtifactsView } from "./artifacts-view.js";
import { ErrorBox } from "./error-box.js";
import { formatDuration, formatTime, formatValue } from "./format.js";
import { html } from "./html.js";
import { renderMarkdown } from "./markdown.js";
import { hrefFor, navigate } from "./router.js";
import { RunInputsOutputs } from "./run-io.js";
import { Sparkline } from "./sparkline.js";
import { useFetch } from "./use-fetch.js";

const NOTE = "mlflow.note.content";

const kvTable = (id, entries) =>
  entries.length
    ? html`<table class="kv" id=${id}><tbody>${entries.map(([k, v]) => html`<tr key=${k}><td title=${k}>${k}</td><td title=${String(v)}>${v}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">None.</p>`;

const runLink = (r) => html`<a href=${hrefFor(["runs", r.runId])}>${r.runName ?? r.runId}</a>`;

export function RunPage({ runId, params }) {
  const state = useFetch(() => getJson(runPath(runId)), runId);
  if (state.error) return html`<${ErrorBox} error=${state.error} />`;
  if (!state.data) return html`<span class="muted">loading…</span>`;
  const { run, experiment, metrics, parent, children } = state.data;
  const { info, data } = run;
  const note = data.tags[NOTE];
  const tags = Object.entries(data.tags).filter(([k]) => k !== NOTE).sort(([a], [b]) => (a < b ? -1 : 1));
  const artifact = params.get("artifact") ?? "";
  return html`
    <h1>${info.runName ?? info.runId}</h1>
    <div class="grid">
      <section>
        <h2>Run</h2>
        ${kvTable("info", [
          ["Run ID", info.runId],
          ["Experiment", html`<a href=${hrefFor(["experiments", experiment.experimentId])}>${experiment.name}</a>`],
          ["Status", info.status],
          ["Start", formatTime(info.startTime)],
          ["End", formatTime(info.endTime)],
          ["Duration", formatDuration(info.startTime, info.endTime)],
          ["User", info.userId],
          ["Lifecycle", info.lifecycleStage],
          ["Artifact URI", info.artifactUri],
        ].map(([k, v]) => [k, v]))}
        ${parent ? html`<p>Parent: ${runLink(parent)}</p>` : null}
        ${children.length ? html`<p>Children: ${children.map((c, i) => html`${i ? ", " : ""}${runLink(c)}`)}</p>` : null}
      </section>
      <section>
        <h2>Parameters (${Object.keys(data.params).length})</h2>
        ${kvTable("params", Object.entries(data.params).sort(([a], [b]) => (a < b ? -1 : 1)))}
      </section>
    </div>
    <h2>Metrics (${metrics.length})</h2>
    ${metrics.length
      ? html`<table id="metrics"><thead><tr><th>Metric</th><th class="num">Last</th><th class="num">Min</th><th class="num">Max</th><th class="num">Steps</th><th>History</th></tr></thead>
        <tbody>${metrics.map(
          (m) => html`<tr key=${m.key}><td>${m.key}</td><td class="num">${formatValue(m.last)}</td><td class="num">${formatValue(m.min)}</td><td class="num">${formatValue(m.max)}</td><td class="num">${m.steps}</td><td><${Sparkline} points=${m.spark} label=${m.key} /></td></tr>`,
        )}</tbody></table>`
      : html`<p class="muted">None.</p>`}
    ${note !== undefined
      ? html`<h2>Note</h2><div class="note markdown" id="note-rendered">${renderMarkdown(note)}</div>
          <details class="note-source"><summary>Markdown source</summary><pre class="note" id="note">${note}</pre></details>`
      : null}
    <${RunInputsOutputs} runId=${runId} />
    <h2>Tags (${tags.length})</h2>
    ${kvTable("tags", tags)}
    <h2>Artifacts</h2>
    <${ArtifactsView} runId=${runId} selected=${artifact} onSelect=${(p) => navigate(["runs", runId], { artifact: p })} />
  `;
}
