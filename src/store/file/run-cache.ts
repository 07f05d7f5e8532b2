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
 * same bytes at most), so a listed key's value stays what it was.
 *
 * Within one pass (a search, see beginPass) a file or folder is stat'ed at most once.
 *
 * Persistence: one file per experiment folder in the cache directory, written whole
 * (temp file + rename) after a search that learned something. Any process may write it;
 * because every entry is re-validated on use, a stale or foreign file costs re-reads,
 * never a wrong answer. Each run's line keeps its parts as separate JSON texts, parsed only
 * when a search needs that part.
 *
 * One thing is trusted without a stat, and only when asked for by name (cachedOrder): a
 * run's start_time and run_id, which neither MLflow nor mlruns ever rewrites (update_run_info
 * changes status, end_time and run_name; delete and restore the lifecycle stage).
 */

const RACY_MS = 2000;
const FORMAT = "mlruns-run-cache 3";
const SEP = path.sep;

export type KeyKind = "metrics" | "params" | "tags";

/** [inode, size, mtimeMs] */
type Stamp = [number, number, number];

/** One key's cached value: the file's stamp (none for params) and what was read from it. */
interface Value<V> {
  stamp: Stamp | null;
  value: V;
  checked: number;
}

/** A metrics/, params/ or tags/ folder: its keys, the folders they were listed from, values. */
interface KeyFolder<V> {
  /** [folder relative to the run folder, mtimeMs]; NaN: listed too recently to keep. */
  dirs: [string, number][];
  keys: Set<string>;
  values: Map<string, Value<V>>;
  checked: number;
}

interface RunFolder {
  mtimeMs: number;
  subfolders: Set<string>;
  checked: number;
}

/** [startTime, runId] */
type Order = [number | null, string];

interface Entry {
  raw?: string[];
  order?: Order | null;
  meta?: Value<RunInfo> | null;
  metrics?: KeyFolder<number | null> | null;
  params?: KeyFolder<string> | null;
  tags?: KeyFolder<string> | null;
  folder?: RunFolder | null;
}

/** Parts of a persisted line, after the run folder's name. "order" is derived from "meta". */
const PARTS = ["meta", "metrics", "params", "tags", "folder", "order"] as const;
type Part = (typeof PARTS)[number];

interface ExperimentCache {
  file: string | undefined;
  entries: Map<string, Entry>;
  dirty: boolean;
  /** Whether the persisted file was read: only searches read it (see experimentOf). */
  loaded: boolean;
}

export class RunCache {
  private readonly experiments = new Map<string, ExperimentCache>();
  private lastExp?: [string, ExperimentCache];
  /** Checks made in the current pass are trusted for the rest of it; outside a pass, none are. */
  private pass = 1;
  private inPass = false;

  /**
   * @param dir where to persist; undefined keeps the cache in memory only.
   * @param keep false: trust nothing beyond the current pass (every search reads every file).
   */
  constructor(
    private readonly dir: string | undefined,
    private readonly keep = true,
  ) {}

  /** Whether a value read from something last modified at mtimeMs may be kept. */
  private settled(mtimeMs: number): boolean {
    return this.keep && Date.now() - mtimeMs > RACY_MS;
  }

  /** Starts a pass (one search): until endPass, each file and folder is stat'ed at most once. */
  beginPass(): void {
    this.pass++;
    this.inPass = true;
  }

  endPass(): void {
    this.pass++;
    this.inPass = false;
  }

  /** Called by every public read: outside a pass, each call is a pass of its own. */
  private tick(): void {
    if (!this.inPass) this.pass++;
  }

  /** meta.yaml's run info. Errors (ENOENT included) propagate from fs. */
  info(runDir: string, parse: (text: string, file: string) => RunInfo): RunInfo {
    this.tick();
    const [exp, entry] = this.entry(runDir);
    const meta = part(entry, "meta");
    if (meta && meta.checked === this.pass) return meta.value;
    const file = runDir + SEP + "meta.yaml";
    const st = fs.statSync(file);
    if (meta && sameStamp(meta.stamp!, st)) {
      meta.checked = this.pass;
      return meta.value;
    }
    const info = parse(fs.readFileSync(file, "utf8"), file);
    entry.meta = this.settled(st.mtimeMs) ? { stamp: stampOf(st), value: info, checked: this.pass } : null;
    exp.dirty = true;
    return info;
  }

  /**
   * The start_time and run_id last read from the run's meta.yaml, not checked against the file:
   * enough to order runs, since neither changes once written. undefined when not cached.
   */
  cachedOrder(runDir: string): Order | undefined {
    const entry = this.entry(runDir)[1];
    const order = entry.meta === undefined ? part(entry, "order") : entry.meta && ([entry.meta.value.startTime, entry.meta.value.runId] as Order);
    return order ?? undefined;
  }

  /** The keys under the run's metrics/, params/ or tags/ folder ('/' for nested keys). */
  keys(runDir: string, kind: KeyKind): string[] {
    this.tick();
    return [...this.folder(runDir, kind).keys];
  }

  /** Latest value of a metric (computed from its file), undefined when the run has none. */
  latestMetric(runDir: string, key: string, compute: (text: string, file: string) => number | undefined): number | undefined {
    this.tick();
    const value = this.fileValue(runDir, "metrics", key, (text, file) => compute(text, file) ?? null);
    return value ?? undefined;
  }

  tag(runDir: string, key: string): string | undefined {
    this.tick();
    return this.fileValue(runDir, "tags", key, (text) => text);
  }

  /** Every param of the run. */
  params(runDir: string): Map<string, string> {
    this.tick();
    const folder = this.folder(runDir, "params") as KeyFolder<string>;
    const params = new Map<string, string>();
    for (const key of folder.keys) {
      const hit = folder.values.get(key);
      if (hit) {
        params.set(key, hit.value);
        continue;
      }
      try {
        const value = fs.readFileSync(runDir + SEP + "params" + SEP + key, "utf8");
        params.set(key, value);
        // Kept only from a settled listing: a param file created moments ago may still be
        // empty (MLflow's write_to opens, then writes), and param values are never re-checked.
        if (!isUnsettled(folder)) {
          folder.values.set(key, { stamp: null, value, checked: this.pass });
          this.experimentOf(runDir).dirty = true;
        }
      } catch (err) {
        if (!isMissing(err)) throw err; // removed since listed: as if never there
      }
    }
    return params;
  }

  /** Whether the run folder has a subfolder of this name (inputs/, outputs/). */
  hasSubfolder(runDir: string, name: string): boolean {
    this.tick();
    const [exp, entry] = this.entry(runDir);
    const folder = part(entry, "folder");
    if (folder && folder.checked === this.pass) return folder.subfolders.has(name);
    const mtimeMs = mtimeOf(runDir);
    if (folder && folder.mtimeMs === mtimeMs) {
      folder.checked = this.pass;
      return folder.subfolders.has(name);
    }
    const subfolders = new Set<string>();
    try {
      for (const e of fs.readdirSync(runDir, { withFileTypes: true })) if (e.isDirectory()) subfolders.add(e.name);
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
    entry.folder = this.settled(mtimeMs) ? { mtimeMs, subfolders, checked: this.pass } : null;
    exp.dirty = true;
    return subfolders.has(name);
  }

  /** Forget runs that are gone from an experiment folder, so the persisted file stays small. */
  retain(expDir: string, runNames: readonly string[]): void {
    const exp = this.experimentOf(expDir + SEP + "-");
    if (exp.entries.size <= runNames.length && runNames.every((n) => exp.entries.has(n))) return;
    const keep = new Set(runNames);
    for (const name of exp.entries.keys()) {
      if (!keep.has(name)) {
        exp.entries.delete(name);
        exp.dirty = true;
      }
    }
  }

  /** Writes every experiment's cache that learned something since it was loaded. */
  save(): void {
    if (!this.dir) return;
    for (const exp of this.experiments.values()) {
      if (!exp.dirty || !exp.file || !exp.loaded) continue;
      exp.dirty = false;
      const lines = [FORMAT];
      for (const [name, entry] of exp.entries) lines.push(`${name}\t${PARTS.map((p) => serializePart(entry, p)).join("\t")}`);
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

  private fileValue<V>(runDir: string, kind: "metrics" | "tags", key: string, read: (text: string, file: string) => V): V | undefined {
    const file = runDir + SEP + kind + SEP + key;
    // A key that was listed, whose file still has the same stamp (so the same inode, still a
    // regular file under that name), is still listed: no need to check the folder for it.
    // That halves the stats of a search whose filter names a few keys.
    const known = part(this.entry(runDir)[1], kind) as KeyFolder<V> | null | undefined;
    const cached = known && known.checked !== this.pass && known.keys.has(key) ? known.values.get(key) : undefined;
    if (cached?.stamp) {
      const st = statOrUndefined(file);
      if (st && sameStamp(cached.stamp, st)) {
        cached.checked = this.pass;
        return cached.value;
      }
    }
    const folder = this.folder(runDir, kind) as KeyFolder<V>;
    if (!folder.keys.has(key)) return undefined;
    const hit = folder.values.get(key);
    if (hit && hit.checked === this.pass) return hit.value;
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch (err) {
      if (isMissing(err)) return undefined; // removed since listed
      throw err;
    }
    if (hit && sameStamp(hit.stamp!, st)) {
      hit.checked = this.pass;
      return hit.value;
    }
    const value = read(fs.readFileSync(file, "utf8"), file);
    if (this.settled(st.mtimeMs)) folder.values.set(key, { stamp: stampOf(st), value, checked: this.pass });
    else folder.values.delete(key);
    this.experimentOf(runDir).dirty = true;
    return value;
  }

  private folder(runDir: string, kind: KeyKind): KeyFolder<unknown> {
    const [exp, entry] = this.entry(runDir);
    const hit = part(entry, kind) as KeyFolder<unknown> | null | undefined;
    if (hit && (hit.checked === this.pass || hit.dirs.every(([rel, mtime]) => mtimeOf(runDir + SEP + rel) === mtime))) {
      hit.checked = this.pass;
      return hit;
    }
    const root = runDir + SEP + kind;
    const { keys, dirs } = listKeysAndDirs(root);
    // A folder that does not exist yet is watched too, so its creation is noticed.
    const watched = (dirs.length ? dirs : [root]).map((d): [string, number] => [path.relative(runDir, d), mtimeOf(d)]);
    // Values of keys still listed stay: metric and tag stamps are checked when next used,
    // and params never change.
    const listed = new Set(keys);
    const values = hit ? hit.values : new Map<string, Value<unknown>>();
    for (const key of values.keys()) if (!listed.has(key)) values.delete(key);
    const folder: KeyFolder<unknown> = { dirs: watched, keys: listed, values, checked: this.pass };
    // An unsettled listing serves this pass only; the next one lists again.
    if (!watched.every(([, mtime]) => this.settled(mtime))) folder.dirs = [[kind, Number.NaN]];
    entry[kind] = folder as never;
    exp.dirty = true;
    return folder;
  }

  private entry(runDir: string): [ExperimentCache, Entry] {
    const cut = runDir.lastIndexOf(SEP);
    const exp = this.experimentOf(runDir, cut);
    const name = runDir.slice(cut + 1);
    let entry = exp.entries.get(name);
    if (!entry) {
      entry = {};
      exp.entries.set(name, entry);
    }
    return [exp, entry];
  }

  /**
   * The experiment's cache. Its persisted file is read by the first search that needs it,
   * never by other reads: a training process that logs to a big experiment (and reads its
   * run's meta.yaml to do so) should not load what a search of thousands of runs left.
   */
  private experimentOf(runDir: string, cut = runDir.lastIndexOf(SEP)): ExperimentCache {
    const expDir = runDir.slice(0, cut);
    let exp: ExperimentCache | undefined;
    if (this.lastExp && this.lastExp[0] === expDir) exp = this.lastExp[1];
    else {
      exp = this.experiments.get(expDir);
      if (!exp) {
        const file = this.dir ? path.join(this.dir, `${hash(path.resolve(expDir))}.runs`) : undefined;
        exp = { file, entries: new Map(), dirty: false, loaded: !file };
        this.experiments.set(expDir, exp);
      }
      this.lastExp = [expDir, exp];
    }
    if (!exp.loaded && this.inPass) this.load(exp);
    return exp;
  }

  /** Adds the persisted entries; what this process already read stays as it is. */
  private load(exp: ExperimentCache): void {
    exp.loaded = true;
    let text: string;
    try {
      text = fs.readFileSync(exp.file!, "utf8");
    } catch {
      return;
    }
    const lines = text.split("\n");
    if (lines[0] !== FORMAT) return;
    for (let i = 1; i < lines.length; i++) {
      const cells = lines[i]!.split("\t");
      if (cells.length !== PARTS.length + 1 || exp.entries.has(cells[0]!)) continue;
      exp.entries.set(cells[0]!, { raw: cells.slice(1) });
    }
  }
}

/**
 * The default cache folder: $MLRUNS_CACHE_DIR, else the platform's user cache folder.
 * "off" means no cache at all (see runCacheEnabled).
 */
export function defaultRunCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.MLRUNS_CACHE_DIR;
  if (configured !== undefined && configured !== "") return configured === "off" ? undefined : path.resolve(configured);
  const home = env.HOME || env.USERPROFILE;
  const base = env.XDG_CACHE_HOME || (process.platform === "win32" ? env.LOCALAPPDATA : undefined) || (home ? path.join(home, ".cache") : undefined);
  return base ? path.join(base, "mlruns", "runs") : undefined;
}

/** MLRUNS_CACHE_DIR=off: every search reads every file it needs, in memory as on disk. */
export function runCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MLRUNS_CACHE_DIR !== "off";
}

// ---- the persisted form: one JSON text per part, "" when absent ------------------------------

type Parsed<P extends Part> = NonNullable<Entry[P]>;

/** An entry's part, parsed from its persisted text on first use. */
function part<P extends Part>(entry: Entry, name: P): Parsed<P> | null | undefined {
  if (entry[name] === undefined && entry.raw) {
    const i = PARTS.indexOf(name);
    const text = entry.raw[i];
    entry.raw[i] = "";
    (entry as Record<Part, unknown>)[name] = text ? revive(name, text) : undefined;
  }
  return entry[name] as Parsed<P> | null | undefined;
}

function serializePart(entry: Entry, name: Part): string {
  if (name === "order" && entry.meta !== undefined) return entry.meta ? JSON.stringify([entry.meta.value.startTime, entry.meta.value.runId]) : "";
  const v = entry[name];
  if (v === undefined) return entry.raw?.[PARTS.indexOf(name)] ?? "";
  if (v === null) return "";
  switch (name) {
    case "meta": {
      const m = v as Value<RunInfo>;
      return JSON.stringify([m.stamp, m.value]);
    }
    case "folder": {
      const f = v as RunFolder;
      return JSON.stringify([f.mtimeMs, [...f.subfolders]]);
    }
    case "order":
      return JSON.stringify(v);
    default: {
      const f = v as KeyFolder<unknown>;
      if (isUnsettled(f)) return "";
      return JSON.stringify([f.dirs, [...f.keys], [...f.values].map(([k, { stamp, value }]) => [k, stamp, encodeValue(value)])]);
    }
  }
}

function revive(name: Part, text: string): unknown {
  // A damaged or foreign line is dropped (and its run re-read), never trusted or thrown on.
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(j)) return undefined;
  switch (name) {
    case "meta":
      return isStamp(j[0]) && isRecord(j[1]) ? { stamp: j[0], value: j[1], checked: 0 } : undefined;
    case "folder":
      return typeof j[0] === "number" && isStrings(j[1]) ? { mtimeMs: j[0], subfolders: new Set(j[1]), checked: 0 } : undefined;
    case "order":
      return j.length === 2 && (j[0] === null || typeof j[0] === "number") && typeof j[1] === "string" ? j : undefined;
    default: {
      const [dirs, keys, values] = j as unknown[];
      const okDirs = Array.isArray(dirs) && dirs.length > 0 && dirs.every((d) => Array.isArray(d) && typeof d[0] === "string" && typeof d[1] === "number");
      const okValues =
        Array.isArray(values) &&
        values.every((v) => Array.isArray(v) && typeof v[0] === "string" && (v[1] === null || isStamp(v[1])) && (name !== "params") === (v[1] !== null));
      if (!okDirs || !isStrings(keys) || !okValues) return undefined;
      return {
        dirs,
        keys: new Set(keys),
        values: new Map(
          (values as [string, Stamp | null, unknown][]).map(([k, stamp, value]) => [k, { stamp, value: name === "metrics" ? decodeNumber(value) : value, checked: 0 }]),
        ),
        checked: 0,
      };
    }
  }
}

/** JSON has no NaN, ±Infinity or -0, and metrics have all four: those go as strings. */
const encodeValue = (v: unknown) => (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? String(Object.is(v, -0) ? "-0" : v) : v);
const decodeNumber = (v: unknown) => (typeof v === "string" ? Number(v) : v);

const isUnsettled = (f: KeyFolder<unknown>) => f.dirs.some(([, mtime]) => Number.isNaN(mtime));

const isStamp = (s: unknown): s is Stamp => Array.isArray(s) && s.length === 3 && s.every((n) => typeof n === "number");
const isStrings = (a: unknown): a is string[] => Array.isArray(a) && a.every((x) => typeof x === "string");
const isRecord = (o: unknown): o is Record<string, unknown> => typeof o === "object" && o !== null && !Array.isArray(o);

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
