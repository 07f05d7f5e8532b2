import { getJson } from "./api-client.js";
import { formatTime } from "./format.js";
import { html } from "./html.js";
import { hrefFor, navigate } from "./router.js";
import { useFetch } from "./use-fetch.js";
import { ErrorBox } from "./error-box.js";

export function ExperimentsPage({ params }) {
  const showDeleted = params.get("deleted") === "1";
  const state = useFetch(() => getJson("/api/experiments", { view: showDeleted ? "ALL" : "ACTIVE_ONLY" }), showDeleted);
  const rows = state.data?.experiments ?? [];
  return html`
    <h1>Experiments</h1>
    <div class="toolbar">
      <label><input type="checkbox" checked=${showDeleted} onChange=${(e) => navigate([], { deleted: e.currentTarget.checked ? "1" : "" })} /> show deleted experiments</label>
      ${state.loading ? html`<span class="muted">loading…</span>` : null}
    </div>
    ${state.error ? html`<${ErrorBox} error=${state.error} />` : null}
    <div class="scroll">
      <table id="experiments">
        <thead><tr><th>Name</th><th>ID</th><th>Runs</th><th>Deleted runs</th><th>Last update</th>${showDeleted ? html`<th>Stage</th>` : null}</tr></thead>
        <tbody>
          ${rows.map(
            (e) => html`<tr key=${e.experimentId}>
              <td><a href=${hrefFor(["experiments", e.experimentId])}>${e.name}</a></td>
              <td>${e.experimentId}</td>
              <td class="num">${e.runCount}</td>
              <td class="num">${e.deletedRunCount}</td>
              <td>${formatTime(e.lastActivityTime)}</td>
              ${showDeleted ? html`<td>${e.lifecycleStage}</td>` : null}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${!state.loading && !rows.length && !state.error ? html`<p class="muted">No experiments in this store.</p>` : null}
  `;
}
