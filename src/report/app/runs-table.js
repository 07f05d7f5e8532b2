// The runs table: name, status, start, duration, latest metrics, params and user tags. A click on
// a header sorts by it (numbers as numbers, empty cells last), a second click reverses.
import { formatDuration, formatTime, formatValue } from "../../ui/app/format.js";
import { el, runColor } from "./dom.js";

export function renderRunsTable(data) {
  const many = data.experiments.length > 1;
  const names = new Map(data.experiments.map((e) => [e.id, e.name]));
  const columns = [
    { label: "Run", value: (r) => r.name ?? r.id, cell: (r, i) => el("td", { class: "run" }, el("span", { class: "swatch", style: `background:${runColor(i)}` }), r.name ?? r.id.slice(0, 8)) },
    ...(many ? [{ label: "Experiment", value: (r) => names.get(r.experimentId) ?? r.experimentId }] : []),
    { label: "Status", value: (r) => r.status, cell: (r) => el("td", { class: `status ${r.status.toLowerCase()}` }, r.status) },
    { label: "Start", value: (r) => r.start, text: (r) => formatTime(r.start) },
    { label: "Duration", value: (r) => (typeof r.start === "number" && typeof r.end === "number" ? r.end - r.start : undefined), text: (r) => formatDuration(r.start, r.end) },
    ...data.metricKeys.map((k) => ({ label: k, kind: "metric", value: (r) => r.metrics[k], text: (r) => formatValue(r.metrics[k]) })),
    ...data.paramKeys.map((k) => ({ label: k, kind: "param", value: (r) => r.params[k] })),
    { label: "Tags", value: (r) => tagText(r), text: tagText },
  ];
  const order = data.runs.map((_, i) => i);
  const tbody = el("tbody");
  const fill = () => {
    tbody.replaceChildren(
      ...order.map((i) => {
        const r = data.runs[i];
        return el("tr", {}, ...columns.map((c) => (c.cell ? c.cell(r, i) : el("td", { class: c.kind ?? "" }, (c.text ?? ((x) => stringOf(c.value(x))))(r)))));
      }),
    );
  };
  let sorted = -1;
  let descending = false;
  const heads = columns.map((c, ci) => {
    const th = el("th", { class: c.kind ?? "", title: c.kind ? `${c.kind === "metric" ? "metrics" : "params"}.${c.label}` : `sort by ${c.label}` }, c.label);
    th.addEventListener("click", () => {
      descending = sorted === ci ? !descending : false;
      sorted = ci;
      order.sort((a, b) => compare(c.value(data.runs[a]), c.value(data.runs[b]), descending));
      heads.forEach((h, hi) => h.setAttribute("aria-sort", hi === ci ? (descending ? "descending" : "ascending") : "none"));
      fill();
    });
    return th;
  });
  fill();
  if (!data.runs.length) return el("p", { class: "empty" }, "No runs match.");
  return el("div", { class: "table-wrap" }, el("table", { id: "runs" }, el("thead", {}, el("tr", {}, ...heads)), tbody));
}

function tagText(r) {
  return Object.entries(r.tags).map(([k, v]) => `${k}=${v}`).join(", ");
}

function stringOf(v) {
  return v === undefined || v === null ? "" : String(v);
}

/** Empty last in either direction; numbers (and numeric params) by value, the rest as text. */
function compare(a, b, descending) {
  const ea = a === undefined || a === null || a === "";
  const eb = b === undefined || b === null || b === "";
  if (ea || eb) return ea === eb ? 0 : ea ? 1 : -1;
  const na = typeof a === "number" ? a : Number(a);
  const nb = typeof b === "number" ? b : Number(b);
  const d = !Number.isNaN(na) && !Number.isNaN(nb) && String(a).trim() !== "" && String(b).trim() !== "" ? na - nb : String(a).localeCompare(String(b));
  return descending ? -d : d;
}
