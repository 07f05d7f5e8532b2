// Several experiments in one table: the ids are the route (#/experiments/1,2).
import { html } from "./html.js";

export function ExperimentPicker({ experiments, selected, onChange }) {
  const chosen = new Set(selected);
  const toggle = (id) => {
    const next = experiments.map((e) => e.experimentId).filter((x) => (x === id ? !chosen.has(x) : chosen.has(x)));
    if (next.length) onChange(next);
  };
  return html`<details class="picker">
    <summary>Experiments (${selected.length})</summary>
    <div class="picker-body picker-groups"><fieldset><legend>Show runs of</legend>
      ${experiments.map(
        (e) => html`<label key=${e.experimentId}><input type="checkbox" checked=${chosen.has(e.experimentId)} onChange=${() => toggle(e.experimentId)} />${e.name}<span class="muted"> (${e.runCount})</span></label>`,
      )}
    </fieldset></div>
  </details>`;
}
