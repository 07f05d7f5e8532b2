/**
 * The run cache's persisted form: one file per experiment folder, a format line, then one line
 * per run: its folder name and its parts (PARTS), tab-separated, each a JSON text or "" when
 * absent. Parts are parsed only when a search needs them; a damaged or foreign part is dropped.
 */
import type { RunInfo } from "../../entities.js";
import { compareNatural } from "../../search/index.js";
import { PARTS, isUnsettled, type Entry, type KeyFolder, type Order, type Part, type RunFolder, type Value } from "./run-cache-entries.js";
import { isStamp } from "./run-cache-stamps.js";

// 10: a whole last line without a newline counts in a metric's latest value; run names may be null.
export const FORMAT = "mlruns-run-cache 10";

export type Parsed<P extends Part> = NonNullable<Entry[P]>;

/** An entry's part, parsed from its persisted text on first use. */
export function part<P extends Part>(entry: Entry, name: P): Parsed<P> | null | undefined {
  if (entry[name] === undefined && entry.raw !== undefined) {
    const i = PARTS.indexOf(name);
    if (!(entry.taken! & (1 << i))) {
      entry.taken = (entry.taken ?? 0) | (1 << i);
      const text = rawPart(entry.raw, i + 1);
      (entry as Record<Part, unknown>)[name] = text ? revive(name, text) : undefined;
    }
  }
  return entry[name] as Parsed<P> | null | undefined;
}

/** The i-th tab-separated cell of a persisted line (0: the name); "" when the line has fewer. */
export function rawPart(raw: string, i: number): string {
  let start = 0;
  for (let k = 0; k < i; k++) {
    const tab = raw.indexOf("\t", start);
    if (tab < 0) return "";
    start = tab + 1;
  }
  const end = raw.indexOf("\t", start);
  return raw.slice(start, end < 0 ? raw.length : end);
}

export function serializePart(entry: Entry, name: Part): string {
  if (name === "order") {
    const order = orderOf(entry);
    return order ? encodeOrder(...order) : "";
  }
  const v = entry[name];
  if (v === undefined) {
    const i = PARTS.indexOf(name);
    return entry.raw === undefined || entry.taken! & (1 << i) ? "" : rawPart(entry.raw, i + 1);
  }
  if (v === null) return "";
  switch (name) {
    case "meta": {
      const { stamp, value: i } = v as Value<RunInfo>;
      return toAscii(JSON.stringify([stamp, [i.runId, i.runName, i.experimentId, i.userId, i.status, i.startTime, i.endTime, i.artifactUri, i.lifecycleStage]]));
    }
    case "folder": {
      const f = v as RunFolder;
      return toAscii(JSON.stringify([f.mtimeMs, [...f.subfolders]]));
    }
    default: {
      const f = v as KeyFolder;
      if (isUnsettled(f)) return "";
      return toAscii(JSON.stringify([f.dirs, f.keys, f.values]));
    }
  }
}

/** An entry's start_time and run_id: from its run info if read, else from its persisted line. */
export function orderOf(entry: Entry): Order | undefined {
  if (entry.meta !== undefined) return entry.meta ? [entry.meta.value.startTime, entry.meta.value.runId] : undefined;
  return part(entry, "order") ?? undefined;
}

export const byOrder = (a: [string, Order], b: [string, Order]) => compareNatural(a[1][0], a[1][1], b[1][0], b[1][1]);

/** Whether a persisted line's order part is filled in (the first part after the name). */
export const hasOrder = (name: string, line: string) => line.charCodeAt(name.length + 1) !== 9 /* tab: empty */;
/** A persisted line's start_time and run_id; undefined when missing or damaged. */
export const lineOrder = (line: string) => decodeOrder(rawPart(line, 1 + PARTS.indexOf("order")));

/** RunInfo from its persisted array, or undefined when the array is not one. */
export function runInfoOf(a: unknown): RunInfo | undefined {
  if (!Array.isArray(a) || a.length !== 9) return undefined;
  const [runId, runName, experimentId, userId, status, startTime, endTime, artifactUri, lifecycleStage] = a as unknown[];
  const str = (x: unknown) => typeof x === "string";
  const time = (t: unknown) => t === null || typeof t === "number";
  const ok = str(runId) && (str(runName) || runName === null) && str(experimentId) && str(userId) && str(status) && str(artifactUri) && str(lifecycleStage) && time(startTime) && time(endTime);
  return ok ? ({ runId, runName, experimentId, userId, status, startTime, endTime, artifactUri, lifecycleStage } as RunInfo) : undefined;
}

/**
 * Persisted text is ASCII, so it can be read as latin1 (see load): anything beyond is written
 * as a JSON \u escape, which is valid wherever it can occur (inside JSON strings). Run folder
 * names are written as they are, so a name outside printable ASCII is not persisted.
 */
export const toAscii = (json: string) => json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
export const PERSISTABLE_NAME = /^[\x21-\x7e]+$/;

/**
 * "<start_time> <run_id>", parsed without JSON.parse: every run's order is read by a page
 * search. Only for run ids of word characters (MLflow's always are); others are not cached.
 */
export function encodeOrder(startTime: number | null, runId: string): string {
  return /^[\w-]+$/.test(runId) ? `${startTime ?? ""} ${runId}` : "";
}

export function decodeOrder(text: string): Order | undefined {
  const space = text.indexOf(" ");
  if (space < 0) return undefined;
  const start = text.slice(0, space);
  const startTime = start === "" ? null : Number(start);
  const runId = text.slice(space + 1);
  return (startTime === null || Number.isFinite(startTime)) && runId ? [startTime, runId] : undefined;
}

export function revive(name: Part, text: string): unknown {
  if (name === "order") return decodeOrder(text);
  // A damaged or foreign line is dropped (and its run re-read), never trusted or thrown on.
  // Plain loops, not every(): this runs for each of a page's runs before the JIT warms up.
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(j)) return undefined;
  switch (name) {
    case "meta": {
      const info = runInfoOf(j[1]);
      return isStamp(j[0]) && info ? { stamp: j[0], value: info, checked: 0 } : undefined;
    }
    case "folder":
      return typeof j[0] === "number" && isStrings(j[1]) ? { mtimeMs: j[0], subfolders: new Set(j[1]), checked: 0 } : undefined;
    default: {
      // Values are checked where used (isStamped, typeof), so a folder revives in native calls.
      const [dirs, keys, values] = j as unknown[];
      if (!Array.isArray(dirs) || dirs.length === 0 || !isStrings(keys) || !isRecord(values)) return undefined;
      for (const d of dirs) if (!Array.isArray(d) || typeof d[0] !== "string" || typeof d[1] !== "number") return undefined;
      return { dirs, keys, values, checked: 0 };
    }
  }
}

export function isStrings(a: unknown): a is string[] {
  if (!Array.isArray(a)) return false;
  for (const x of a) if (typeof x !== "string") return false;
  return true;
}
export const isRecord = (o: unknown): o is Record<string, unknown> => typeof o === "object" && o !== null && !Array.isArray(o);
