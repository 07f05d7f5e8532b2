// Element building for the report: children are nodes or strings, and strings become text nodes.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "title") node.title = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
}

export function formatTime(ms) {
  if (typeof ms !== "number") return "";
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function formatDuration(start, end) {
  if (typeof start !== "number" || typeof end !== "number" || end < start) return "";
  const s = Math.round((end - start) / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** Metric values: exact below 1e-4 or above 1e6 in exponent form, else up to 6 significant digits. */
export function formatValue(v) {
  if (typeof v !== "number") return v === undefined ? "" : String(v);
  if (v === 0 || (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6)) return String(Number(v.toPrecision(6)));
  return v.toExponential(4);
}

/** A distinct colour per run, the same in every chart and the table's swatch. */
export function runColor(i) {
  return `hsl(${Math.round((i * 137.508) % 360)}, 70%, 42%)`;
}
