// Overlaid line charts of metric histories, drawn by uPlot on a canvas (no DOM node per point).
// Pure: data in, chart out. No fetch, no app state, no router, so `mlruns report` can bundle it
// into its standalone file as the viewer does. Its styles are uplot/dist/uPlot.min.css plus
// ./line-chart.css (scripts/bundle-ui.mjs puts both into app.css: the app's CSP allows no inline
// <style>; uPlot itself only sets element.style from script, which CSP allows).
//
//   const chart = renderLineChart(element, {
//     series: [{ label: "run-1", points: { x: [0, 1, 2], y: [0.9, 0.5, NaN] } }],
//     xLabel: "step",        // axis title
//     xTime: false,          // true: x are epoch milliseconds, drawn as dates/times
//     logY: false,           // log10 y axis; values <= 0 are left out (a log axis has no place for them)
//     smoothing: 0,          // 0..0.99: TensorBoard's debiased exponential moving average
//     xRange: null,          // [min, max]: show this x range instead of the data's extent
//     height: 300,           // px; the width follows the element
//     title: "loss",
//     onZoom(xmin, xmax) {}, // a drag-selected x range; (null, null) when a double-click resets it
//   });
//   chart.update({ ...options });  // new data or options, same element
//   chart.destroy();
//
// x values must be finite numbers; y values that are not finite numbers (NaN, ±Infinity, null)
// draw as a gap, since a canvas cannot place them.
import uPlot from "uplot";

/** Distinct on white and for the common kinds of colour blindness (Okabe-Ito, then Tableau). */
export const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#f0e442", "#000000", "#4e79a7", "#f28e2b", "#59a14f", "#e15759"];

export const MAX_SMOOTHING = 0.99;

/**
 * TensorBoard's smoothing (and MLflow's chart slider): an exponential moving average with weight
 * `w`, divided by (1 - w^n) so the first points are not pulled towards 0. Gaps stay gaps.
 */
export function smoothEma(ys, w) {
  if (!(w > 0)) return Array.from(ys, finiteOrNull);
  const weight = Math.min(w, MAX_SMOOTHING);
  const out = new Array(ys.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < ys.length; i++) {
    const y = finiteOrNull(ys[i]);
    if (y === null) {
      out[i] = null;
      continue;
    }
    last = last * weight + (1 - weight) * y;
    n++;
    out[i] = last / (1 - weight ** n);
  }
  return out;
}

/** Tick labels that stay readable from 1e-9 to 1e9 (uPlot's default shows 0.0001 as "0" on a log axis). */
export function formatTick(v) {
  if (v === null || v === undefined) return "";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return Number(v.toPrecision(3)).toExponential().replace("e+", "e");
  return String(Number(v.toPrecision(4)));
}

function finiteOrNull(v) {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/**
 * uPlot draws series that share one x array: each series' points sorted by x, then joined on x
 * (a run's missing x is `undefined`, which uPlot joins over; its own gaps are `null`, drawn as gaps).
 */
export function alignSeries(series, { smoothing = 0, logY = false } = {}) {
  const tables = series.map(({ points }) => {
    let xs = Array.from(points.x);
    let ys = Array.from(points.y);
    if (!isAscending(xs)) {
      const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
      xs = order.map((i) => xs[i]);
      ys = order.map((i) => ys[i]);
    }
    let shown = smoothEma(ys, smoothing);
    if (logY) shown = shown.map((y) => (y !== null && y > 0 ? y : null));
    return [xs, shown];
  });
  if (tables.length === 0) return [[]];
  if (tables.length === 1) return tables[0];
  return uPlot.join(tables);
}

function isAscending(xs) {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1] > xs[i]) return false;
  return true;
}

/** Draws `options.series` into `element`; returns `{ update, destroy, uplot }`. */
export function renderLineChart(element, options) {
  let opts = { ...options };
  let plot = null;
  let shapeKey = "";
  const resize = new ResizeObserver(() => plot && plot.setSize(size(element, opts)));
  resize.observe(element);
  const onDoubleClick = () => opts.onZoom?.(null, null);
  // Through `opts`, so an update's new onZoom is the one called.
  const onSelect = (min, max) => opts.onZoom?.(min, max);

  function build() {
    plot?.destroy();
    plot = new uPlot(uplotOptions(element, opts, onSelect), alignSeries(opts.series, opts), element);
    plot.over.addEventListener("dblclick", onDoubleClick);
    shapeKey = shapeOf(opts);
    applyXRange();
  }

  function applyXRange() {
    if (opts.xRange && opts.xRange[0] < opts.xRange[1]) plot.setScale("x", { min: opts.xRange[0], max: opts.xRange[1] });
  }

  build();
  return {
    get uplot() {
      return plot;
    },
    update(next) {
      opts = { ...opts, ...next };
      if (shapeOf(opts) !== shapeKey) return build();
      plot.setData(alignSeries(opts.series, opts), true);
      applyXRange();
    },
    destroy() {
      resize.disconnect();
      plot?.destroy();
      plot = null;
    },
  };
}

/** What only a new uPlot can change: the series and their labels, the scales, the titles. */
function shapeOf(o) {
  return JSON.stringify([o.series.map((s) => s.label), !!o.logY, !!o.xTime, o.xLabel ?? "", o.title ?? "", o.height ?? 300]);
}

/** The width a chart in `element` gets: its content width (padding stays padding), at least 200 px. */
export function chartWidth(element) {
  const style = getComputedStyle(element);
  const width = element.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0);
  return Math.max(200, width || 600);
}

function size(element, o) {
  return { width: chartWidth(element), height: o.height ?? 300 };
}

function uplotOptions(element, o, onSelect) {
  return {
    ...size(element, o),
    title: o.title,
    // x in epoch milliseconds when it is a time axis (uPlot's default unit is seconds).
    ms: 1,
    scales: {
      x: { time: !!o.xTime },
      y: o.logY ? { distr: 3, log: 10 } : {},
    },
    axes: [{ label: o.xLabel ?? "" }, { size: 64, values: (u, splits) => splits.map(formatTick) }],
    series: [
      { label: o.xLabel ?? "x" },
      ...o.series.map((s, i) => ({
        label: s.label,
        stroke: s.color ?? PALETTE[i % PALETTE.length],
        width: 1.5,
        points: { show: false },
        spanGaps: false,
      })),
    ],
    // Drag selects an x range; the caller decides what to show for it (e.g. fetch it at full
    // resolution) so uPlot does not zoom by itself.
    cursor: { drag: { x: true, y: false, setScale: false } },
    hooks: {
      setSelect: [
        (u) => {
          if (u.select.width < 2) return;
          const min = u.posToVal(u.select.left, "x");
          const max = u.posToVal(u.select.left + u.select.width, "x");
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          u.setScale("x", { min, max });
          onSelect(min, max);
        },
      ],
    },
  };
}
