import { useEffect, useState } from "preact/hooks";
import { getJson } from "./api-client.js";
import { ErrorBox } from "./error-box.js";
import { formatDuration, formatTime, formatValue } from "./format.js";
import { html } from "./html.js";
import { hrefFor, navigate } from "./router.js";
import { useFetch } from "./use-fetch.js";

const PAGE_SIZE = 100;
// Columns beyond these counts are left out of the table (a column picker is a later stage).
const MAX_METRIC_COLUMNS = 12;
const MAX_PARAM_COLUMNS = 12;

// MLflow's order-by names a key in backticks when it is not a plain identifier.
const quoteKey = (key) => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(key) ? key : `\`${key.replace(/`/g, "")}\``);

function keysOf(runs, kind, max) {
  const seen = new Map();
  for (const r of runs) for (const k of Object.keys(r.data[kind])) seen.set(k, (seen.get(k) ?? 0) + 1);
  return [...seen.keys()].sort().slice(0, max);
}

export function RunsPage({ experimentIds, params }) {
  const filter = params.get("filter") ?? "";
  const orderBy = params.get("orderBy") ?? "";
  const pageToken = params.get("pageToken") ?? "";
  const view = params.get("view") ?? "";
  const [draft, setDraft] = useState(filter);
  useEffect(() => setDraft(filter), [filter]);

  const ids = experimentIds.join(",");
  const key = [ids, filter, orderBy, pageToken, view].join("\u0000");
  const state = useFetch(
    () => getJson("/api/runs", { experiments: ids, filter, orderBy: orderBy || undefined, pageToken, view, maxResults: PAGE_SIZE }),
    key,
  );
  // Names only: counting every experiment's runs would hold up the table on a large store.
  const names = useFetch(() => getJson("/api/experiments", { view: "ALL", runCounts: "false" }), "all");
  const title = experimentIds
    .map((id) => names.data?.experiments.find((e) => e.experimentId === id)?.name ?? id)
    .join(", ");

  const go = (changes) => navigate(["experiments", ids], { filter, orderBy, view, ...changes });
  const runs = state.data?.runs ?? [];
  const metricKeys = keysOf(runs, "metrics", MAX_METRIC_COLUMNS);
  const paramKeys = keysOf(runs, "params", MAX_PARAM_COLUMNS);
  const [sortField, sortDir] = orderBy ? orderBy.split(/ (?=ASC$|DESC$)/) : ["", ""];

  const header = (label, field) => {
    if (!field) return html`<th>${label}</th>`;
    const active = sortField === field;
    const next = active && sortDir !== "DESC" ? `${field} DESC` : `${field} ASC`;
    return html`<th class=${`sortable${active ? " sorted" : ""}`} title=${`order by ${next}`} onClick=${() => go({ orderBy: next, pageToken: "" })}>
      ${label}${active ? (sortDir === "DESC" ? " ▼" : " ▲") : ""}
    </th>`;
  };

  return html`
    <h1>${title}</h1>
    <form class="toolbar" onSubmit=${(e) => {
      e.preventDefault();
      go({ filter: draft, pageToken: "" });
    }}>
      <input type="search" name="filter" aria-label="filter" placeholder="metrics.rmse < 0.5 and params.model = 'lgbm'" value=${draft} onInput=${(e) => setDraft(e.currentTarget.value)} />
      <button type="submit">Search</button>
      <select aria-label="lifecycle" value=${view} onChange=${(e) => go({ view: e.currentTarget.value, pageToken: "" })}>
        <option value="">active runs</option>
        <option value="DELETED_ONLY">deleted runs</option>
        <option value="ALL">all runs</option>
      </select>
      ${state.loading ? html`<span class="muted">loading…</span>` : null}
    </form>
    ${state.error ? html`<${ErrorBox} error=${state.error} />` : null}
    <div class="scroll">
      <table id="runs">
        <thead><tr>
          ${header("Run name", "attributes.run_name")}
          ${header("Status", "attributes.status")}
          ${header("Start", "attributes.start_time")}
          ${header("Duration")}
          ${metricKeys.map((k) => header(k, `metrics.${quoteKey(k)}`))}
          ${paramKeys.map((k) => header(k, `params.${quoteKey(k)}`))}
        </tr></thead>
        <tbody>
          ${runs.map(
            (r) => html`<tr key=${r.info.runId}>
              <td><a href=${hrefFor(["runs", r.info.runId])}>${r.info.runName ?? r.info.runId}</a></td>
              <td class=${`status-${r.info.status}`}>${r.info.status}</td>
              <td>${formatTime(r.info.startTime)}</td>
              <td>${formatDuration(r.info.startTime, r.info.endTime)}</td>
              ${metricKeys.map((k) => html`<td class="num">${formatValue(r.data.metrics[k])}</td>`)}
              ${paramKeys.map((k) => html`<td title=${r.data.params[k] ?? ""}>${r.data.params[k] ?? ""}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${!state.loading && !state.error && !runs.length ? html`<p class="muted">${filter ? "No runs match." : "No runs."}</p>` : null}
    <div class="pager">
      <button type="button" disabled=${!pageToken} onClick=${() => go({ pageToken: "" })}>First page</button>
      <button type="button" disabled=${!state.data?.nextPageToken} onClick=${() => go({ pageToken: state.data.nextPageToken })}>Next page</button>
      <span class="muted">${runs.length} runs on this page${metricKeys.length + paramKeys.length ? "" : ""}</span>
    </div>
  `;
}
