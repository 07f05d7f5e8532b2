// The runs table's column picker: attributes, params, latest metrics and tags, with a search
// box since an experiment can have hundreds of keys. The keys come from /api/keys (every run of
// the experiments), fetched when the picker first opens; until then the page's own keys show.
import { useState } from "preact/hooks";
import { getJson } from "./api-client.js";
import { html } from "./html.js";
import { ATTRIBUTES, columnLabel, parseColumn } from "./table-columns.js";
import { useFetch } from "./use-fetch.js";

const MAX_SHOWN_PER_KIND = 200;

function pageKeys(runs) {
  const keys = (kind) => [...new Set(runs.flatMap((r) => Object.keys(r.data[kind])))].sort();
  return { metrics: keys("metrics"), params: keys("params"), tags: keys("tags") };
}

function KeysList({ experimentIds, runs, columns, onChange }) {
  const [query, setQuery] = useState("");
  const all = useFetch(() => getJson("/api/keys", { experiments: experimentIds }), experimentIds);
  const keys = all.data ?? pageKeys(runs);
  const chosen = new Set(columns.map((c) => c.id));
  const toggle = (id) => onChange(chosen.has(id) ? columns.filter((c) => c.id !== id) : [...columns, parseColumn(id)]);
  const q = query.trim().toLowerCase();
  const groups = [
    ["Attributes", ATTRIBUTES.map((a) => `attributes.${a.key}`)],
    ["Metrics", keys.metrics.map((k) => `metrics.${k}`)],
    ["Params", keys.params.map((k) => `params.${k}`)],
    ["Tags", keys.tags.map((k) => `tags.${k}`)],
  ];
  return html`<div class="picker-body">
    <div class="toolbar">
      <input type="search" aria-label="search columns" placeholder="search columns" value=${query} onInput=${(e) => setQuery(e.currentTarget.value)} />
      <button type="button" onClick=${() => onChange([])}>Hide all</button>
      ${all.loading ? html`<span class="muted">loading keys…</span>` : null}
    </div>
    <div class="picker-groups">
      ${groups.map(([title, ids]) => {
        const matching = ids.filter((id) => !q || columnLabel(parseColumn(id)).toLowerCase().includes(q) || id.toLowerCase().includes(q));
        return html`<fieldset key=${title}>
          <legend>${title} (${matching.length})</legend>
          ${matching.slice(0, MAX_SHOWN_PER_KIND).map(
            (id) => html`<label key=${id} title=${id}><input type="checkbox" checked=${chosen.has(id)} onChange=${() => toggle(id)} />${columnLabel(parseColumn(id))}</label>`,
          )}
          ${matching.length > MAX_SHOWN_PER_KIND ? html`<span class="muted">${matching.length - MAX_SHOWN_PER_KIND} more: narrow the search</span>` : null}
        </fieldset>`;
      })}
    </div>
  </div>`;
}

export function ColumnPicker(props) {
  const [open, setOpen] = useState(false);
  return html`<details class="picker" open=${open} onToggle=${(e) => setOpen(e.currentTarget.open)}>
    <summary>Columns (${props.columns.length})</summary>
    ${open ? html`<${KeysList} ...${props} />` : null}
  </details>`;
}
