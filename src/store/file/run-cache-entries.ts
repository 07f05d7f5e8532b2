/** The run cache's in-memory shapes: one entry per run folder, one cache per experiment folder. */
import type { RunInfo } from "../../entities.js";
import type { Stamp } from "./run-cache-stamps.js";

export type KeyKind = "metrics" | "params" | "tags";

/** meta.yaml's cached run info: the file's stamp and what was read from it. */
export interface Value<V> {
  stamp: Stamp;
  value: V;
  checked: number;
}

/**
 * A metrics/, params/ or tags/ folder: its keys, the folders they were listed from, and the
 * values read so far (params: the value, never re-checked; metrics and tags: Stamped).
 * Kept in the shape JSON.parse gives back, so reviving a run's folders needs no per-key work.
 */
export interface KeyFolder {
  /** [folder relative to the run folder, mtimeMs]; NaN: listed too recently to keep. */
  dirs: [string, number][];
  keys: string[];
  /** keys as a set, made when a folder has too many keys to search the list. */
  keySet?: Set<string>;
  /** Own properties only (see own/setOwn): the object JSON.parse gives back, used as it is. */
  values: Record<string, unknown>;
  checked: number;
  /** Keys whose file was stat'ed in pass `fresh[key]`, so not again in that pass. */
  fresh?: Map<string, number>;
}

export interface RunFolder {
  mtimeMs: number;
  subfolders: Set<string>;
  checked: number;
}

/** [startTime, runId] */
export type Order = [number | null, string];

export interface Entry {
  /** The persisted line: the run folder's name and its parts, tab-separated, unparsed. */
  raw?: string;
  /** Bit i set: part i was taken from raw (parsed, or dropped as damaged). */
  taken?: number;
  order?: Order | null;
  meta?: Value<RunInfo> | null;
  metrics?: KeyFolder | null;
  params?: KeyFolder | null;
  tags?: KeyFolder | null;
  folder?: RunFolder | null;
}

/** Parts of a persisted line, after the run folder's name. "order" is derived from "meta". */
export const PARTS = ["order", "meta", "metrics", "params", "tags", "folder"] as const;
export type Part = (typeof PARTS)[number];

export interface ExperimentCache {
  file: string | undefined;
  entries: Map<string, Entry>;
  /** Persisted lines of runs not yet asked about, by run folder name (see load). */
  lines: Map<string, string>;
  dirty: boolean;
  /** Whether the persisted file was read: only searches read it (see experimentOf). */
  loaded: boolean;
}

/** Whether a folder lists a key: a short list is searched, a long one gets a set. */
export function hasKey(folder: KeyFolder, key: string): boolean {
  if (folder.keys.length <= 32) return folder.keys.includes(key);
  return (folder.keySet ??= new Set(folder.keys)).has(key);
}

/** A key's value: own properties only, so a key named "__proto__" or "toString" is data. */
export const own = (values: Record<string, unknown>, key: string): unknown => (Object.hasOwn(values, key) ? values[key] : undefined);

export function setOwn(values: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(values, key, { value, writable: true, enumerable: true, configurable: true });
}

export const isUnsettled = (f: KeyFolder) => f.dirs.some(([, mtime]) => Number.isNaN(mtime));
