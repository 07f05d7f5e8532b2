import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { RunInfo } from "../../entities.js";
import { listKeysAndDirs } from "./key-files.js";

/**
 * What search reads from each run folder, kept between calls and between processes, and
 * trusted only while the files it came from are unchanged.
 *
 * Validity follows git's index: a file's value is reused while its (inode, size, mtime) is
 * unchanged, and a folder's key list while the mtimes of the folders it was listed from are.
 * An append (metric points), an in-place rewrite (MLflow's write_to) or a rename over a file
 * (mlruns's atomic writes) changes the first; creating, removing or renaming a key file
 * changes the second. Anything modified within RACY_MS of being read is not kept, because a
 * second write inside the same clock tick could leave all three unchanged.
 *
 * Param values are not stat'ed: MLflow never changes a param once logged (it rewrites the
 * same bytes at most), so an unchanged key list means unchanged values.
 *
 * Persistence: one file per experiment folder in the cache directory, written whole
 * (temp file + rename) after a search that learned something. Any process may write it;
 * because every entry is re-validated on use, a stale or foreign file costs re-reads,
 * never a wrong answer.
 */

const RACY_MS = 2000;
const FORMAT = "mlruns-run-cache 1";

export type KeyKind = "metrics" | "params" | "tags";
const KINDS: readonly KeyKind[] = ["metrics", "params", "tags"];

/** [inode, size, mtimeMs] */
type Stamp = [number, number, number];
/** Folders a key list was read from (relative to the run folder) with their mtimes. */
interface KeyList {
  dirs: [string, number][];
  keys: string[];
}
interface RunData {
  lists: Partial<Record<KeyKind, KeyList>>;
  /** key → stamp and latest value (null: the file holds no points). */
  metrics: Map<string, [Stamp, number | null]>;
  tags: Map<string, [Stamp, string]>;
  /** All param values, valid while lists.params is. */
  params?: Map<string, string>;
}

interface Entry {
  metaRaw?: string;
  meta?: [Stamp, RunInfo] | null;
  dataRaw?: string;
  data?: RunData;
}

interface ExperimentCache {
  file: string | undefined;
  entries: Map<string, Entry>;
  dirty: boolean;
}

export class RunCache {
  private readonly experiments = new Map<string, ExperimentCache>();

  /** @param dir where to persist; undefined keeps the cache in memory only. */
  constructor(private readonly dir: string | undefined) {}

  /** meta.yaml's run info. Errors (ENOENT included) propagate from fs. */
  info(runDir: string, parse: (text: string, file: string) => RunInfo): RunInfo {
    const file = path.join(runDir, "meta.yaml");
    const st = fs.statSync(file);
    const [exp, entry] = this.entry(runDir);
    const meta = metaOf(entry);
    if (meta && sameStamp(meta[0], st)) return meta[1];
    const info = parse(fs.readFileSync(file, "utf8"), file);
    entry.meta = settled(st.mtimeMs) ? [stampOf(st), info] : null;
    entry.metaRaw = undefined;
    exp.dirty = true;
    return info;
  }

  /** The keys under the run's metrics/, params/ or tags/ folder ('/' for nested keys). */
  keys(runDir: string, kind: KeyKind): string[] {
    return this.keyList(runDir, kind).keys;
  }

  /** Latest value of a metric (computed from its file), undefined when the run has none. */
  latestMetric(runDir: string, key: string, compute: (text: string, file: string) => number | undefined): number | undefined {
    if (!this.keyList(runDir, "metrics").keys.includes(key)) return undefined;
    const [exp, entry] = this.entry(runDir);
    const data = dataOf(entry);
    const file = path.join(runDir, "metrics", key);
    const st = statOrUndefined(file);
    if (!st) return undefined;
    const hit = data.metrics.get(key);
    if (hit && sameStamp(hit[0], st)) return hit[1] ?? undefined;
    const value = compute(fs.readFileSync(file, "utf8"), file);
    if (settled(st.mtimeMs)) data.metrics.set(key, [stampOf(st), value ?? null]);
    else data.metrics.delete(key);
    exp.dirty = true;
    return value;
  }

  tag(runDir: string, key: string): string | undefined {
    if (!this.keyList(runDir, "tags").keys.includes(key)) return undefined;
    const [exp, entry] = this.entry(runDir);
    const data = dataOf(entry);
    const file = path.join(runDir, "tags", key);
    const st = statOrUndefined(file);
    if (!st) return undefined;
    const hit = data.tags.get(key);
    if (hit && sameStamp(hit[0], st)) return hit[1];
    const value = fs.readFileSync(file, "utf8");
    if (settled(st.mtimeMs)) data.tags.set(key, [stampOf(st), value]);
    else data.tags.delete(key);
    exp.dirty = true;
    return value;
  }

  /** Every param of the run. */
  params(runDir: string): Map<string, string> {
    const list = this.keyList(runDir, "params");
    const [exp, entry] = this.entry(runDir);
    const data = dataOf(entry);
    if (data.params && data.lists.params === list) return data.params;
    const params = new Map<string, string>();
    const dir = path.join(runDir, "params");
    for (const key of list.keys) {
      try {
        params.set(key, fs.readFileSync(path.join(dir, key), "utf8"));
      } catch (err) {
        if (!isMissing(err)) throw err; // removed since listed: as if never there
      }
    }
    // Kept only with a settled key list: otherwise keyList() re-lists next time anyway.
    data.params = data.lists.params === list ? params : undefined;
    exp.dirty = true;
    return params;
  }

  /** Writes every experiment's cache that learned something since it was loaded. */
  save(): void {
    if (!this.dir) return;
    for (const exp of this.experiments.values()) {
      if (!exp.dirty || !exp.file) continue;
      exp.dirty = false;
      const lines = [FORMAT];
      for (const [name, entry] of exp.entries) {
        const meta = entry.metaRaw ?? (entry.meta ? JSON.stringify(entry.meta) : "null");
        const data = entry.dataRaw ?? (entry.data ? JSON.stringify(serializeData(entry.data)) : "null");
        lines.push(`${name}\t${meta}\t${data}`);
      }
      try {
        fs.mkdirSync(path.dirname(exp.file), { recursive: true });
        const tmp = `${exp.file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
        fs.writeFileSync(tmp, lines.join("\n"));
        fs.renameSync(tmp, exp.file);
      } catch {
        // A cache that cannot be written (read-only home, full disk) only costs speed.
      }
    }
  }

  /** Forget runs that are gone from an experiment folder, so the persisted file stays small. */
  retain(expDir: string, runNames: readonly string[]): void {
    const exp = this.experiments.get(expDir);
    if (!exp) return;
    const keep = new Set(runNames);
    for (const name of exp.entries.keys()) {
      if (!keep.has(name)) {
        exp.entries.delete(name);
        exp.dirty = true;
      }
    }
  }

  private keyList(runDir: string, kind: KeyKind): KeyList {
    const [exp, entry] = this.entry(runDir);
    const data = dataOf(entry);
    const hit = data.lists[kind];
    if (hit && hit.dirs.every(([rel, mtime]) => mtimeOf(path.join(runDir, rel)) === mtime)) return hit;
    const root = path.join(runDir, kind);
    const { keys, dirs } = listKeysAndDirs(root);
    // A folder that does not exist yet is watched too, so its creation is noticed.
    const watched = (dirs.length ? dirs : [root]).map((d): [string, number] => [path.relative(runDir, d), mtimeOf(d)]);
    const list = { dirs: watched, keys };
    if (watched.every(([, mtime]) => settled(mtime))) data.lists[kind] = list;
    else delete data.lists[kind];
    if (kind === "params") data.params = undefined;
    exp.dirty = true;
    return list;
  }

  private entry(runDir: string): [ExperimentCache, Entry] {
    const expDir = path.dirname(runDir);
    const exp = this.experiments.get(expDir) ?? this.load(expDir);
    const name = path.basename(runDir);
    let entry = exp.entries.get(name);
    if (!entry) {
      entry = {};
      exp.entries.set(name, entry);
    }
    return [exp, entry];
  }

  private load(expDir: string): ExperimentCache {
    const file = this.dir ? path.join(this.dir, `${hash(path.resolve(expDir))}.runs`) : undefined;
    const exp: ExperimentCache = { file, entries: new Map(), dirty: false };
    this.experiments.set(expDir, exp);
    if (!file) return exp;
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      return exp;
    }
    const lines = text.split("\n");
    if (lines[0] !== FORMAT) return exp;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const a = line.indexOf("\t");
      const b = line.indexOf("\t", a + 1);
      if (a < 0 || b < 0) continue;
      exp.entries.set(line.slice(0, a), { metaRaw: line.slice(a + 1, b), dataRaw: line.slice(b + 1) });
    }
    return exp;
  }
}

/** The default cache folder: $MLRUNS_CACHE_DIR, else the platform's user cache folder. "off" disables it. */
export function defaultRunCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.MLRUNS_CACHE_DIR;
  if (configured !== undefined && configured !== "") return configured === "off" ? undefined : path.resolve(configured);
  const base =
    env.XDG_CACHE_HOME ||
    (process.platform === "win32" ? env.LOCALAPPDATA : undefined) ||
    (env.HOME || env.USERPROFILE ? path.join((env.HOME || env.USERPROFILE)!, ".cache") : undefined);
  return base ? path.join(base, "mlruns", "runs") : undefined;
}

function metaOf(entry: Entry): [Stamp, RunInfo] | null | undefined {
  if (entry.metaRaw !== undefined) {
    entry.meta = parseOr(entry.metaRaw, null);
    entry.metaRaw = undefined;
  }
  return entry.meta;
}

function dataOf(entry: Entry): RunData {
  if (entry.dataRaw !== undefined) {
    entry.data = deserializeData(parseOr(entry.dataRaw, null));
    entry.dataRaw = undefined;
  }
  return (entry.data ??= { lists: {}, metrics: new Map(), tags: new Map() });
}

interface SerializedData {
  l: [KeyKind, KeyList][];
  m: [string, Stamp, number | null][];
  t: [string, Stamp, string][];
  p: [string, string][] | null;
}

function serializeData(d: RunData): SerializedData {
  return {
    l: KINDS.flatMap((k): [KeyKind, KeyList][] => (d.lists[k] ? [[k, d.lists[k]!]] : [])),
    m: [...d.metrics].map(([k, [s, v]]) => [k, s, v]),
    t: [...d.tags].map(([k, [s, v]]) => [k, s, v]),
    p: d.params ? [...d.params] : null,
  };
}

function deserializeData(s: SerializedData | null): RunData | undefined {
  if (!s) return undefined;
  const lists: Partial<Record<KeyKind, KeyList>> = {};
  for (const [k, list] of s.l) if (KINDS.includes(k)) lists[k] = list;
  return {
    lists,
    metrics: new Map(s.m.map(([k, st, v]) => [k, [st, v]])),
    tags: new Map(s.t.map(([k, st, v]) => [k, [st, v]])),
    params: s.p && lists.params ? new Map(s.p) : undefined,
  };
}

function parseOr<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const settled = (mtimeMs: number) => Date.now() - mtimeMs > RACY_MS;
const stampOf = (st: fs.Stats): Stamp => [st.ino, st.size, st.mtimeMs];
const sameStamp = (s: Stamp, st: fs.Stats) => s[0] === st.ino && s[1] === st.size && s[2] === st.mtimeMs;
const hash = (s: string) => crypto.createHash("sha256").update(s).digest("hex").slice(0, 32);

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

function mtimeOf(dir: string): number {
  try {
    return fs.statSync(dir).mtimeMs;
  } catch {
    return 0; // missing: "settled", and different from any real mtime once it appears
  }
}
