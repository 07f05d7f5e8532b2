// The runs table's columns: which ones (from the URL's `cols`, else the picker's last choice
// for these experiments in localStorage, else a default from the page), their order-by field
// in MLflow's syntax, and each cell's text. Pure except for the storage helpers at the end.
import { formatDuration, formatTime, formatValue } from "./format.js";

/** Attribute columns the picker offers; `sort` is MLflow's order-by name (none for duration). */
export const ATTRIBUTES = [
  { key: "status", label: "Status", sort: "attributes.status" },
  { key: "start_time", label: "Start", sort: "attributes.start_time" },
  { key: "end_time", label: "End", sort: "attributes.end_time" },
  { key: "duration", label: "Duration", sort: null },
  { key: "user_id", label: "User", sort: "attributes.user_id" },
  { key: "run_id", label: "Run ID", sort: "attributes.run_id" },
  { key: "experiment_id", label: "Experiment", sort: null },
];
export const KINDS = ["attributes", "metrics", "params", "tags"];
const DEFAULT_ATTRIBUTES = ["status", "start_time", "duration"];
const DEFAULT_KEYS_PER_KIND = 12;
/** `cols=none`: the user hid every column but the run name. */
const NONE = "none";

/** `metrics.val loss` → {kind: "metrics", key: "val loss"}; the key is everything after the first dot. */
export function parseColumn(id) {
  const dot = id.indexOf(".");
  const kind = id.slice(0, dot);
  return dot > 0 && KINDS.includes(kind) ? { id, kind, key: id.slice(dot + 1) } : null;
}

// MLflow keys hold no comma (letters, digits, _ - . / space), so a comma-joined list is unambiguous.
export function parseColumns(text) {
  if (text === NONE) return [];
  return String(text ?? "")
    .split(",")
    .map(parseColumn)
    .filter(Boolean);
}

export const serializeColumns = (columns) => (columns.length ? columns.map((c) => c.id).join(",") : NONE);

/** Status, start and duration, then the first metrics and params (sorted) that the page's runs have. */
export function defaultColumns(runs) {
  const keys = (kind) => [...new Set(runs.flatMap((r) => Object.keys(r.data[kind])))].sort().slice(0, DEFAULT_KEYS_PER_KIND);
  return [
    ...DEFAULT_ATTRIBUTES.map((k) => parseColumn(`attributes.${k}`)),
    ...keys("metrics").map((k) => parseColumn(`metrics.${k}`)),
    ...keys("params").map((k) => parseColumn(`params.${k}`)),
  ];
}

/**
 * A key in an order-by clause as MLflow's parser reads it: bare when it is a plain identifier,
 * else in backticks (spaces, dots, dashes, slashes), or double quotes when it holds a backtick.
 */
export function quoteKey(key) {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return key;
  return key.includes("`") ? `"${key.replace(/"/g, '\\"')}"` : `\`${key}\``;
}

/** The column's order-by field (`metrics.\`val loss\``), or null when MLflow cannot sort by it. */
export function sortField(column) {
  if (column.kind === "attributes") return ATTRIBUTES.find((a) => a.key === column.key)?.sort ?? null;
  return `${column.kind}.${quoteKey(column.key)}`;
}

export function columnLabel(column) {
  if (column.kind === "attributes") return ATTRIBUTES.find((a) => a.key === column.key)?.label ?? column.key;
  return column.key;
}

/** The cell's text (always rendered as a text node). */
export function cellText(run, column) {
  const { info, data } = run;
  switch (column.kind) {
    case "metrics":
      return formatValue(data.metrics[column.key]);
    case "params":
      return data.params[column.key] ?? "";
    case "tags":
      return data.tags[column.key] ?? "";
    default:
      switch (column.key) {
        case "status":
          return info.status;
        case "start_time":
          return formatTime(info.startTime);
        case "end_time":
          return formatTime(info.endTime);
        case "duration":
          return formatDuration(info.startTime, info.endTime);
        case "user_id":
          return info.userId ?? "";
        case "run_id":
          return info.runId;
        case "experiment_id":
          return info.experimentId;
        default:
          return "";
      }
  }
}

// ---- the picker's memory: one choice per set of experiments ----
const storageKey = (experimentIds) => `mlruns-ui.columns.${experimentIds}`;

export function rememberedColumns(experimentIds) {
  try {
    return localStorage.getItem(storageKey(experimentIds));
  } catch {
    return null; // storage disabled: the URL still holds the choice
  }
}

export function rememberColumns(experimentIds, text) {
  try {
    localStorage.setItem(storageKey(experimentIds), text);
  } catch {
    // as above
  }
}
