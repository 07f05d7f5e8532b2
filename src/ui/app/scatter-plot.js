// A param against a metric over the compared runs, drawn as SVG: one circle per run that has
// both. A param whose values are all numbers gets a linear axis (log when they span more than
// two decades and are positive, as learning rates do); otherwise its values are categories.
// The metric axis is always linear.
import { formatValue } from "./format.js";
import { html } from "./html.js";

const W = 640;
const H = 360;
const M = { left: 70, right: 20, top: 16, bottom: 48 };

const isNumber = (s) => s !== null && s.trim() !== "" && Number.isFinite(Number(s));

function scale(values, allowLog) {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const log = allowLog && lo > 0 && hi / lo >= 100;
  const f = log ? Math.log10 : (v) => v;
  const [a, b] = [f(lo), f(hi)];
  return { lo, hi, log, at: (v) => (a === b ? 0.5 : (f(v) - a) / (b - a)) };
}

export function ScatterPlot({ runs, paramValues, metricValues, param, metric }) {
  const points = runs
    .map((r, i) => ({ run: r, x: paramValues[i], y: metricValues[i] }))
    .filter((p) => p.x !== null && p.x !== undefined && typeof p.y === "number" && Number.isFinite(p.y));
  if (!points.length) return html`<p class="muted" id="scatter-empty">No run has both ${param} and a finite ${metric}.</p>`;
  const numeric = points.every((p) => isNumber(p.x));
  const categories = numeric ? null : [...new Set(points.map((p) => p.x))].sort();
  const xs = numeric ? scale(points.map((p) => Number(p.x)), true) : null;
  const ys = scale(points.map((p) => p.y), false);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const px = (x) => M.left + (numeric ? xs.at(Number(x)) : (categories.indexOf(x) + 0.5) / categories.length) * plotW;
  const py = (y) => M.top + (1 - ys.at(y)) * plotH;
  const xTicks = numeric ? [xs.lo, xs.hi].map((v) => ({ at: px(v), text: formatValue(v) })) : categories.map((c) => ({ at: px(c), text: c.length > 14 ? `${c.slice(0, 13)}…` : c }));
  const yTicks = [ys.lo, ys.hi].map((v) => ({ at: py(v), text: formatValue(v) }));
  const skipped = runs.length - points.length;
  return html`<figure class="scatter">
    <svg id="scatter" width=${W} height=${H} viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${`${metric} against ${param}`}>
      <rect class="plot" x=${M.left} y=${M.top} width=${plotW} height=${plotH} />
      ${xTicks.map((t, i) => html`<text key=${`x${i}`} class="tick" x=${t.at} y=${H - M.bottom + 16} text-anchor="middle">${t.text}</text>`)}
      ${yTicks.map((t, i) => html`<text key=${`y${i}`} class="tick" x=${M.left - 6} y=${t.at + 4} text-anchor="end">${t.text}</text>`)}
      <text class="axis" x=${M.left + plotW / 2} y=${H - 8} text-anchor="middle">${param}${numeric && xs.log ? " (log)" : ""}</text>
      <text class="axis" transform=${`translate(14 ${M.top + plotH / 2}) rotate(-90)`} text-anchor="middle">${metric}</text>
      ${points.map(
        (p) => html`<circle key=${p.run.runId} class="point" cx=${px(p.x).toFixed(1)} cy=${py(p.y).toFixed(1)} r="6">
          <title>${`${p.run.runName ?? p.run.runId}: ${param}=${p.x}, ${metric}=${formatValue(p.y)}`}</title>
        </circle>`,
      )}
    </svg>
    <figcaption class="muted">${points.length} run${points.length === 1 ? "" : "s"} drawn${skipped ? `; ${skipped} without both values left out` : ""}. Hover a point for its run.</figcaption>
  </figure>`;
}
