// Display helpers. Values are returned as strings and always rendered as text nodes.

export function formatTime(ms) {
  if (ms === null || ms === undefined) return "";
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatDuration(start, end) {
  if (start === null || start === undefined || end === null || end === undefined) return "";
  const ms = end - start;
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

// The server sends NaN and ±Infinity as strings (JSON has no such numbers).
export function formatValue(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v === "NaN" ? "nan" : v === "Infinity" ? "inf" : v === "-Infinity" ? "-inf" : v;
  if (Number.isInteger(v)) return String(v);
  const s = v.toPrecision(6);
  return String(Number(s));
}

/** JSON text indented when it parses, else as it is (a cut preview, a schema that is not JSON); "" for none. */
export function prettyJson(text) {
  if (text === null || text === undefined) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function formatBytes(n) {
  if (n === null || n === undefined) return "";
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = -1;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

// A CSV preview as rows of cells (RFC 4180 quotes); at most maxRows rows.
export function parseCsv(text, maxRows = 200) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if ((cell !== "" || row.length) && rows.length < maxRows) rows.push([...row, cell]);
  return rows;
}
