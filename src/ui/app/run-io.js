// The run page's datasets (the run's inputs) and logged models (its outputs, the models it used
// and the ones whose source run it is), from /api/runs/ID/io.
import { getJson, runPath } from "./api-client.js";
import { ErrorBox } from "./error-box.js";
import { formatTime, prettyJson } from "./format.js";
import { html } from "./html.js";
import { mlmodelFlavors } from "./mlmodel.js";
import { useFetch } from "./use-fetch.js";

const CONTEXT_TAG = "mlflow.data.context";

function DatasetRow({ d }) {
  const context = d.tags.find((t) => t.key === CONTEXT_TAG)?.value ?? "";
  return html`<tr>
    <td>${d.name}</td><td><code>${d.digest}</code></td><td>${d.sourceType}</td><td>${context}</td>
    <td>
      <details><summary>source, schema, profile</summary>
        <pre class="preview">${`source: ${prettyJson(d.source)}\nschema: ${prettyJson(d.schema) || "none"}\nprofile: ${prettyJson(d.profile) || "none"}`}</pre>
      </details>
    </td>
  </tr>`;
}

function ModelFiles({ modelId }) {
  const state = useFetch(() => getJson(`/api/models/${encodeURIComponent(modelId)}/artifacts`), modelId);
  if (state.error) return html`<${ErrorBox} error=${state.error} />`;
  if (!state.data) return html`<span class="muted">loading…</span>`;
  if (!state.data.files.length) return html`<span class="muted">No files.</span>`;
  const href = (path) => `/api/models/${encodeURIComponent(modelId)}/artifact?${new URLSearchParams({ path, download: "1" })}`;
  return html`<ul class="files">${state.data.files.map((f) => html`<li key=${f.path}>${f.isDir ? `${f.path}/` : html`<a href=${href(f.path)} download>${f.path}</a>`}</li>`)}</ul>`;
}

function ModelCard({ m }) {
  if (m.missing) return html`<li class="model"><code>${m.modelId}</code> <span class="muted">(${m.relation}; not in this store)</span></li>`;
  const flavors = mlmodelFlavors(m.mlmodel);
  return html`<li class="model">
    <strong>${m.name}</strong> <code>${m.modelId}</code>
    <span class=${`status-${m.status}`}> ${m.status}</span>
    <span class="muted"> ${m.relation === "output" ? `output at step ${m.step}` : m.relation === "input" ? "used by this run" : "logged from this run"} · ${formatTime(m.creationTimestamp)}</span>
    ${m.mlmodel !== null ? html`<div>Flavors: <span class="flavors">${flavors.length ? flavors.join(", ") : "none listed"}</span></div>` : null}
    <details><summary>Files</summary><${ModelFiles} modelId=${m.modelId} /></details>
    ${m.mlmodel !== null ? html`<details><summary>MLmodel</summary><pre class="preview mlmodel">${m.mlmodel}</pre></details>` : null}
  </li>`;
}

export function RunInputsOutputs({ runId }) {
  const state = useFetch(() => getJson(`${runPath(runId)}/io`), runId);
  if (state.error) return html`<${ErrorBox} error=${state.error} />`;
  if (!state.data) return null;
  const { datasets, loggedModels } = state.data;
  return html`
    <h2>Datasets (${datasets.length})</h2>
    ${datasets.length
      ? html`<table id="datasets"><thead><tr><th>Name</th><th>Digest</th><th>Source type</th><th>Context</th><th></th></tr></thead>
          <tbody>${datasets.map((d) => html`<${DatasetRow} key=${`${d.name}\u0000${d.digest}`} d=${d} />`)}</tbody></table>`
      : html`<p class="muted">None.</p>`}
    <h2>Logged models (${loggedModels.length})</h2>
    ${loggedModels.length ? html`<ul id="logged-models">${loggedModels.map((m) => html`<${ModelCard} key=${m.modelId} m=${m} />`)}</ul>` : html`<p class="muted">None.</p>`}
  `;
}
