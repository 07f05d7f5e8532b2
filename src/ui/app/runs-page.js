import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { getJson } from "./api-client.js";
import { ColumnPicker } from "./column-picker.js";
import { ErrorBox } from "./error-box.js";
import { ExperimentPicker } from "./experiment-picker.js";
import { html } from "./html.js";
import { hrefFor, listParam, navigate } from "./router.js";
import { groupRuns } from "./run-groups.js";
import { cellText, columnLabel, defaultColumns, parseColumns, rememberColumns, rememberedColumns, serializeColumns, sortField } from "./table-columns.js";
import { useFetch } from "./use-fetch.js";
import { usePoll } from "./use-poll.js";

const PAGE_SIZE = 100;
const SELECTION_LIMIT = 100;

/** Names of parents that are not on this page, for the "child of" marker (by id, in any experiment). */
function useParentNames(orphanParents) {
  const key = orphanParents.join(",");
  const state = useFetch(() => (orphanParents.length ? getJson("/api/runs-brief", { runs: key }) : Promise.resolve({ runs: [] })), key);
  return new Map((state.data?.runs ?? []).map((r) => [r.runId, r.runName ?? r.runId]));
}

export function RunsPage({ experimentIds, params }) {
  const filter = params.get("filter") ?? "";
  const orderBy = params.get("orderBy") ?? "";
  const pageToken = params.get("pageToken") ?? "";
  const view = params.get("view") ?? "";
  const selected = listParam(params, "runs");
  const [draft, setDraft] = useState(filter);
  useEffect(() => setDraft(filter), [filter]);
  const [collapsed, setCollapsed] = useState(() => new Set());

  const ids = experimentIds.join(",");
  const colsParam = params.get("cols") ?? rememberedColumns(ids);
  // Live: the page is read again every 2 s while one of its runs is RUNNING.
  const [refresh, setRefresh] = useState(0);
  const key = [ids, filter, orderBy, pageToken, view, refresh].join("\u0000");
  const state = useFetch(
    () => getJson("/api/runs", { experiments: ids, filter, orderBy: orderBy || undefined, pageToken, view, maxResults: PAGE_SIZE }),
    key,
  );
  const experiments = useFetch(() => getJson("/api/experiments", { view: "ALL", runCounts: "false" }), "all");
  const title = experimentIds.map((id) => experiments.data?.experiments.find((e) => e.experimentId === id)?.name ?? id).join(", ");

  const current = { filter, orderBy, view, runs: selected.join(","), cols: params.get("cols") ?? undefined, pageToken };
  const go = (changes, to = ids) => navigate(["experiments", to], { ...current, pageToken: "", ...changes });
  const runs = state.data?.runs ?? [];
  usePoll(() => setRefresh((n) => n + 1), { active: runs.some((r) => r.info.status === "RUNNING") });
  // With no choice made, the default follows the page's keys; an empty page (a filter error, no
  // match) keeps the last page's columns instead of collapsing the header.
  const lastDefault = useRef([]);
  if (colsParam === null && runs.length) lastDefault.current = defaultColumns(runs);
  const columns = colsParam !== null ? parseColumns(colsParam) : lastDefault.current.length ? lastDefault.current : defaultColumns(runs);
  const setColumns = (next) => {
    const text = serializeColumns(next);
    rememberColumns(ids, text);
    go({ cols: text, pageToken });
  };
  const rows = useMemo(() => groupRuns(runs, collapsed), [runs, collapsed]);
  const orphanParents = [...new Set(rows.filter((r) => r.orphanOf).map((r) => r.orphanOf))];
  const parentNames = useParentNames(orphanParents);
  const [sortBy, sortDir] = orderBy ? orderBy.split(/ (?=ASC$|DESC$)/) : ["", ""];

  const chosen = new Set(selected);
  const setSelection = (next) => go({ runs: next.slice(0, SELECTION_LIMIT).join(","), pageToken });
  const toggleRun = (id) => setSelection(chosen.has(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  const pageIds = runs.map((r) => r.info.runId);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => chosen.has(id));
  const togglePage = () => setSelection(allOnPage ? selected.filter((id) => !pageIds.includes(id)) : [...selected, ...pageIds.filter((id) => !chosen.has(id))]);
  const toggleChildren = (id) => {
    const next = new Set(collapsed);
    if (!next.delete(id)) next.add(id);
    setCollapsed(next);
  };

  const header = (label, field, extra = "") => {
    if (!field) return html`<th class=${extra}>${label}</th>`;
    const active = sortBy === field;
    const next = active && sortDir !== "DESC" ? `${field} DESC` : `${field} ASC`;
    return html`<th class=${`sortable${active ? " sorted" : ""} ${extra}`} title=${`order by ${next}`} onClick=${() => go({ orderBy: next })}>
      ${label}${active ? (sortDir === "DESC" ? " ▼" : " ▲") : ""}
    </th>`;
  };

  return html`
    <h1>${title}</h1>
    <form class="toolbar" onSubmit=${(e) => {
      e.preventDefault();
      go({ filter: draft });
    }}>
      <input type="search" name="filter" aria-label="filter" placeholder="metrics.rmse < 0.5 and params.model = 'lgbm'" value=${draft} onInput=${(e) => setDraft(e.currentTarget.value)} />
      <button type="submit">Search</button>
      <select aria-label="lifecycle" value=${view} onChange=${(e) => go({ view: e.currentTarget.value })}>
        <option value="">active runs</option>
        <option value="DELETED_ONLY">deleted runs</option>
        <option value="ALL">all runs</option>
      </select>
      ${state.loading ? html`<span class="muted">loading…</span>` : null}
    </form>
    <div class="toolbar">
      ${experiments.data ? html`<${ExperimentPicker} experiments=${experiments.data.experiments} selected=${experimentIds} onChange=${(next) => go({}, next.join(","))} />` : null}
      <${ColumnPicker} experimentIds=${ids} runs=${runs} columns=${columns} onChange=${setColumns} />
      <span class="selection">
        <a id="chart-runs" class=${`button${selected.length ? "" : " disabled"}`} href=${selected.length ? hrefFor(["charts"], { runs: selected.join(",") }) : undefined} aria-disabled=${!selected.length}>Chart</a>
        <a class=${`button${selected.length > 1 ? "" : " disabled"}`} href=${selected.length > 1 ? hrefFor(["compare"], { runs: selected.join(",") }) : undefined} aria-disabled=${selected.length < 2}>Compare</a>
        <span class="muted">${selected.length} selected</span>
        ${selected.length ? html`<button type="button" onClick=${() => setSelection([])}>Clear selection</button>` : null}
      </span>
    </div>
    ${state.error ? html`<${ErrorBox} error=${state.error} />` : null}
    <div class="scroll">
      <table id="runs">
        <thead><tr>
          ${header(html`<input type="checkbox" aria-label="select the runs on this page" checked=${allOnPage} onClick=${(e) => e.stopPropagation()} onChange=${togglePage} /> Run name`, "attributes.run_name", "name")}
          ${columns.map((c) => header(columnLabel(c), sortField(c), `col-${c.kind}`))}
        </tr></thead>
        <tbody>
          ${rows.map(({ run: r, depth, childCount, orphanOf }) => {
            const id = r.info.runId;
            const open = !collapsed.has(id);
            return html`<tr key=${id} class=${`depth-${Math.min(depth, 4)}${chosen.has(id) ? " selected" : ""}`} data-run-id=${id}>
              <td class="name">
                <input type="checkbox" aria-label=${`select ${r.info.runName ?? id}`} checked=${chosen.has(id)} onChange=${() => toggleRun(id)} />
                <span class=${`indent indent-${Math.min(depth, 4)}`}></span>
                ${childCount ? html`<button type="button" class="twisty" aria-expanded=${open} title=${`${open ? "collapse" : "expand"} ${childCount} child run${childCount === 1 ? "" : "s"}`} onClick=${() => toggleChildren(id)}>${open ? "▾" : "▸"}</button>` : null}
                <a href=${hrefFor(["runs", id])}>${r.info.runName ?? id}</a>
                ${childCount && !open ? html`<span class="muted"> (${childCount})</span>` : null}
                ${orphanOf ? html`<span class="muted orphan"> ↳ child of <a href=${hrefFor(["runs", orphanOf])}>${parentNames.get(orphanOf) ?? orphanOf.slice(0, 8)}</a></span>` : null}
              </td>
              ${columns.map((c) => {
                const text = cellText(r, c);
                const cls = c.kind === "metrics" ? "num" : c.kind === "attributes" && c.key === "status" ? `status-${r.info.status}` : "";
                return html`<td class=${cls} title=${text}>${text}</td>`;
              })}
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
    ${!state.loading && !state.error && !runs.length ? html`<p class="muted">${filter ? "No runs match." : "No runs."}</p>` : null}
    <div class="pager">
      <button type="button" disabled=${!pageToken} onClick=${() => go({})}>First page</button>
      <button type="button" disabled=${!state.data?.nextPageToken} onClick=${() => go({ pageToken: state.data.nextPageToken })}>Next page</button>
      <span class="muted">${runs.length} run${runs.length === 1 ? "" : "s"} on this page</span>
    </div>
  `;
}
