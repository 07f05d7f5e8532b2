// Several experiments in one table: the ids are the route (#/experiments/1,2).
import { html } from "./html.js";

export function ExperimentPicker({ experiments, selected, onChange }) {
  const chosen = new Set(selected);
  const toggle = (id) => {
    const next = chosen.has(id) ? selected.filter((x) => x !== id) : [...selected, id];
    if (next.length) onChange(next);
  };
  // Deleted experiments only when already in the table (a link may name one).
  const shown = experiments.filter((e) => e.lifecycleStage !== "deleted" || chosen.has(e.experimentId));
  return html`<details class="picker">
    <summary>Experiments (${selected.length})</summary>
    <div class="picker-body picker-groups narrow"><fieldset><legend>Show runs of</legend>
      ${shown.map(
        (e) => html`<label key=${e.experimentId}><input type="checkbox" checked=${chosen.has(e.experimentId)} onChange=${() => toggle(e.experimentId)} />${e.name}${e.lifecycleStage === "deleted" ? html`<span class="muted"> (deleted)</span>` : null}</label>`,
      )}
    </fieldset></div>
  </details>`;
}
