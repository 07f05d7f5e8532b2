import { useEffect, useState } from "preact/hooks";
import { artifactUrl, getJson, runPath } from "./api-client.js";
import { ErrorBox } from "./error-box.js";
import { formatBytes, parseCsv, prettyJson } from "./format.js";
import { html } from "./html.js";
import { mlmodelFlavors } from "./mlmodel.js";
import { useFetch } from "./use-fetch.js";

const IMAGE = /\.(png|jpe?g|gif|webp)$/i;

function Folder({ runId, path, selected, onSelect }) {
  const state = useFetch(() => getJson(`${runPath(runId)}/artifacts`, { path }), `${runId}\u0000${path}`);
  if (state.error) return html`<${ErrorBox} error=${state.error} />`;
  if (state.loading && !state.data) return html`<span class="muted">loading…</span>`;
  const files = state.data.files;
  if (!files.length && !path) return html`<span class="muted">No artifacts.</span>`;
  return html`<ul>${files.map((f) => html`<${Entry} key=${f.path} runId=${runId} file=${f} selected=${selected} onSelect=${onSelect} />`)}</ul>`;
}

function Entry({ runId, file, selected, onSelect }) {
  const [open, setOpen] = useState(selected?.startsWith(`${file.path}/`) ?? false);
  const name = file.path.split("/").pop();
  if (file.isDir) {
    return html`<li>
      <button type="button" class="entry" onClick=${() => setOpen(!open)}>${open ? "▾ " : "▸ "}${name}/</button>
      ${open ? html`<${Folder} runId=${runId} path=${file.path} selected=${selected} onSelect=${onSelect} />` : null}
    </li>`;
  }
  return html`<li>
    <button type="button" class=${`entry${selected === file.path ? " selected" : ""}`} onClick=${() => onSelect(file.path)}>${name}</button>
    <span class="muted"> ${formatBytes(file.fileSize)}</span>
  </li>`;
}

function Preview({ runId, path }) {
  // Each answer says which file it is for: until the new file's answer arrives, the one before
  // is not shown (it would render the last file's text in the new file's form, say as a CSV table).
  const [answer, setState] = useState({ loading: true });
  const key = `${runId}\u0000${path}`;
  const state = answer.key === key ? answer : { loading: true };
  useEffect(() => {
    if (IMAGE.test(path)) return setState({ key, loading: false });
    let live = true;
    setState({ key, loading: true });
    fetch(artifactUrl(runId, path, { preview: "1" })).then(async (res) => {
      if (!live) return;
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        return setState({ key, loading: false, error: { message: body?.message ?? `HTTP ${res.status}`, body } });
      }
      const type = res.headers.get("Content-Type") ?? "";
      const size = Number(res.headers.get("X-Artifact-Size"));
      const truncated = res.headers.get("X-Artifact-Truncated") === "true";
      const binary = !/^(text\/|application\/json)/.test(type);
      setState({ key, loading: false, text: binary ? null : await res.text(), type, size, truncated });
    }, (error) => live && setState({ key, loading: false, error }));
    return () => {
      live = false;
    };
  }, [runId, path]);

  const download = html`<a href=${artifactUrl(runId, path, { download: "1" })} download>Download</a>`;
  let body;
  if (IMAGE.test(path)) body = html`<img class="preview" alt=${path} src=${artifactUrl(runId, path)} />`;
  else if (state.loading) body = html`<span class="muted">loading…</span>`;
  else if (state.error) body = html`<${ErrorBox} error=${state.error} />`;
  else if (state.text === null) body = html`<p class="muted">No preview for this type of file (${formatBytes(state.size)}).</p>`;
  else if (/\.csv$/i.test(path)) body = csvTable(state.text);
  else if (/\.json$/i.test(path)) body = html`<pre class="preview">${state.truncated ? state.text : prettyJson(state.text)}</pre>`;
  else if (/(^|\/)MLmodel$/.test(path)) body = html`<p>Flavors: <span class="flavors">${mlmodelFlavors(state.text).join(", ") || "none listed"}</span></p><pre class="preview">${state.text}</pre>`;
  else body = html`<pre class="preview">${state.text}</pre>`;
  return html`<div class="artifact-preview">
    <div class="toolbar"><strong>${path}</strong>${download}
      ${state.truncated ? html`<span class="muted">showing the first ${formatBytes(state.text.length)} of ${formatBytes(state.size)}</span>` : null}</div>
    ${body}
  </div>`;
}

function csvTable(text) {
  const [head = [], ...rows] = parseCsv(text);
  return html`<div class="scroll"><table class="csv">
    <thead><tr>${head.map((c) => html`<th>${c}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

export function ArtifactsView({ runId, selected, onSelect }) {
  return html`<div class="artifacts">
    <div class="tree" id="artifact-tree"><${Folder} runId=${runId} path="" selected=${selected} onSelect=${onSelect} /></div>
    <div>${selected ? html`<${Preview} runId=${runId} path=${selected} />` : html`<p class="muted">Pick a file to preview it.</p>`}</div>
  </div>`;
}
