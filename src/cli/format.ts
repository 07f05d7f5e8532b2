/** Value formatting shared by the commands: times, durations, sizes, metric values, JSON and CSV. */
import { nonFiniteAsString } from "../util/json-non-finite.js";

/** "<id> (<name>)", or the id alone for a run with no name (MLflow 1.x wrote none). */
export function withRunName(id: string, runName: string | null): string {
  return runName ? `${id} (${runName})` : id;
}

/** The short form of a run id shown in tables. */
export function shortId(runId: string): string {
  return runId.slice(0, 8);
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** Local time, "YYYY-MM-DD HH:MM:SS" (or with milliseconds). Empty for a missing time. */
export function formatTime(ms: number | null | undefined, options: { millis?: boolean; seconds?: boolean } = {}): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "";
  const d = new Date(ms);
  let out = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
  if (options.seconds !== false || options.millis) out += `:${pad2(d.getSeconds())}`;
  if (options.millis) out += `.${String(d.getMilliseconds()).padStart(3, "0")}`;
  return out;
}

/** ISO 8601 in UTC, for CSV. */
export function isoTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "";
  return new Date(ms).toISOString();
}

/** "850ms", "12.3s", "4m 05s", "2h 03m", "3d 4h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "";
  const sign = ms < 0 ? "-" : "";
  ms = Math.abs(ms);
  if (ms < 1000) return `${sign}${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${sign}${s < 10 ? s.toFixed(1) : Math.round(s)}s`;
  const totalSeconds = Math.floor(s);
  const m = Math.floor(totalSeconds / 60);
  if (m < 60) return `${sign}${m}m ${pad2(totalSeconds % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${sign}${h}h ${pad2(m % 60)}m`;
  return `${sign}${Math.floor(h / 24)}d ${h % 24}h`;
}

/** "0 B", "999 B", "1.5 KiB", "12 MiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} ${units[0]}` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/** A metric value in full (shortest round-trip form), with MLflow's spelling of the specials. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Object.is(x, -0)) return "-0";
  return String(x);
}

/** A metric value for a table cell: full when short, else about six significant digits. */
export function formatCompact(x: number): string {
  const full = formatNumber(x);
  if (full.length <= 10) return full;
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e15) return String(Number(x.toPrecision(6)));
  return x.toExponential(4).replace(/\.?0+e/, "e");
}

/** JSON with NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, nonFiniteAsString, 2);
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, line break or edge spaces. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? formatNumber(value) : value;
  if (/[",\r\n]/.test(text) || /^\s|\s$/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvLine(fields: Array<string | number | null | undefined>): string {
  return fields.map(csvField).join(",");
}

/** "1 run", "2 runs". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}
