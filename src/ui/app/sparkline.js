import { html } from "./html.js";

const W = 120;
const H = 24;

// A metric's shape at a glance: a polyline of the downsampled history, scaled to the box.
// Points are numbers in an SVG attribute; NaN and ±Infinity (sent as strings) are left out.
export function Sparkline({ points, label }) {
  const finite = (points ?? []).filter(([s, v]) => typeof v === "number" && Number.isFinite(v) && Number.isFinite(s));
  if (!finite.length) return html`<span class="muted">–</span>`;
  const steps = finite.map((p) => p[0]);
  const values = finite.map((p) => p[1]);
  const [s0, s1] = [Math.min(...steps), Math.max(...steps)];
  const [v0, v1] = [Math.min(...values), Math.max(...values)];
  const x = (s) => (s1 === s0 ? W / 2 : ((s - s0) / (s1 - s0)) * (W - 2) + 1);
  const y = (v) => (v1 === v0 ? H / 2 : H - 1 - ((v - v0) / (v1 - v0)) * (H - 2));
  const coords = finite.map(([s, v]) => `${x(s).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  return html`<svg class="sparkline" width=${W} height=${H} viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${`${label} history`}>
    ${finite.length === 1
      ? html`<circle cx=${x(steps[0])} cy=${y(values[0])} r="2" />`
      : html`<polyline points=${coords} fill="none" stroke-width="1.5" />`}
  </svg>`;
}
