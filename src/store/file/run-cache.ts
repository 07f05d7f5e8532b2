import fs from "node:fs";
import path from "node:path";
import type { RunInfo } from "../../entities.js";
import { compareNatural } from "../../search/index.js";
import { mergeSorted } from "../../util/merge-sorted.js";
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
// 10: a whole last line without a newline counts in a metric's latest value; run names may be null.
const FORMAT = "mlruns-run-cache 10";
const SEP = path.sep;

export type KeyKind = "metrics" | "params" | "tags";

/** [inode, size, mtimeMs] */
type Stamp = [number, number, number];

/** meta.yaml's cached run info: the file's stamp and what was read from it. */
interface Value<V> {
  stamp: Stamp;
  value: V;
  checked: number;
}

/** A metric's or tag's file as last read: [inode, size, mtimeMs, value]. */
type Stamped = [number, number, number, unknown];

/**
 * A metrics/, params/ or tags/ folder: its keys, the folders they were listed from, and the
 * values read so far (params: the value, never re-checked; metrics and tags: Stamped).
 * Kept in the shape JSON.parse gives back, so reviving a run's folders needs no per-key work.
 */
interface KeyFolder {
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

interface RunFolder {
  mtimeMs: number;
  subfolders: Set<string>;
  checked: number;
}

/** [startTime, runId] */
type Order = [number | null, string];

interface Entry {
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
const PARTS = ["order", "meta", "metrics", "params", "tags", "folder"] as const;
type Part = (typeof PARTS)[number];

interface ExperimentCache {
  file: string | undefined;
  entries: Map<string, Entry>;
  /** Persisted lines of runs not yet asked about, by run folder name (see load). */
  lines: Map<string, string>;
  dirty: boolean;
  /** Whether the persisted file was read: only searches read it (see experimentOf). */
  loaded: boolean;
}

export class RunCache {
  private readonly experiments = new Map<string, ExperimentCache>();
  private lastExp?: [string, ExperimentCache];
  private lastEntry?: [string, [ExperimentCache, Entry]];
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
   * The runs among `names` whose start_time and run_id are cached, in natural order (start_time
   * descending, then run_id), lazily: the persisted file keeps runs in that order (see save), so
   * a page of the newest runs decodes the order of little more than the page. Not checked
   * against meta.yaml: neither value changes once written. `uncached`: the runs whose order is
   * not known, for the caller to read. The iterator yields undefined where the file is damaged.
   */
  cachedInOrder(expDir: string, names: readonly string[]): { runs: Iterable<[string, Order] | undefined>; uncached: string[] } {
    const exp = this.experimentAt(expDir);
    const uncached: string[] = [];
    const known: [string, Order][] = [];
    let cachedCount = 0;
    for (const name of names) {
      const line = exp.lines.get(name);
      if (line !== undefined) {
        cachedCount++;
        if (!hasOrder(name, line)) uncached.push(name);
        continue; // the rest are walked in the file's order
      }
      const entry = exp.entries.get(name);
      if (entry) cachedCount++;
      const order = entry && orderOf(entry);
      if (order) known.push([name, order]);
      else uncached.push(name);
    }
    // Runs gone from the folder are forgotten, so every line walked below is a run listed now.
    if (cachedCount < exp.lines.size + exp.entries.size) this.retain(expDir, names);
    known.sort(byOrder);
    function* persisted(): Generator<[string, Order] | undefined> {
      for (const [name, line] of exp.lines) {
        if (!hasOrder(name, line)) continue;
        const order = lineOrder(line);
        yield order && [name, order];
      }
    }
    // undefined (damage) sorts first, so the caller meets it before trusting anything after it.
    return { runs: mergeSorted<[string, Order] | undefined>([persisted(), known], (a, b) => (!a ? -1 : !b ? 1 : byOrder(a, b))), uncached };
  }

  /** The keys under the run's metrics/, params/ or tags/ folder ('/' for nested keys). */
  keys(runDir: string, kind: KeyKind): string[] {
    this.tick();
    return this.folder(runDir, kind).keys.slice();
  }

  /** Latest value of a metric (computed from its file), undefined when the run has none. */
  latestMetric(runDir: string, key: string, compute: (text: string, file: string) => number | undefined): number | undefined {
    this.tick();
    const value = this.fileValue(runDir, "metrics", key, (text, file) => compute(text, file) ?? null);
    // JSON has no NaN, ±Infinity or -0, and metrics have all four: those are kept as strings.
    return typeof value === "string" ? Number(value) : ((value as number | null | undefined) ?? undefined);
  }

  tag(runDir: string, key: string): string | undefined {
    this.tick();
    const value = this.fileValue(runDir, "tags", key, (text) => text);
    return typeof value === "string" ? value : undefined;
  }

  /** Every param of the run, as a fresh record. */
  params(runDir: string): Record<string, string> {
    this.tick();
    const folder = this.folder(runDir, "params");
    let missing = false;
    for (const key of folder.keys) if (typeof own(folder.values, key) !== "string") missing = true;
    // Usually every listed param is cached, and nothing else is: one copy, no per-key work.
    if (!missing && Object.keys(folder.values).length === folder.keys.length) return { ...(folder.values as Record<string, string>) };
    const params: [string, string][] = [];
    for (const key of folder.keys) {
      const hit = own(folder.values, key);
      if (typeof hit === "string") {
        params.push([key, hit]);
        continue;
      }
      try {
        const value = fs.readFileSync(runDir + SEP + "params" + SEP + key, "utf8");
        params.push([key, value]);
        // Kept only from a settled listing: a param file created moments ago may still be
        // empty (MLflow's write_to opens, then writes), and param values are never re-checked.
        if (!isUnsettled(folder)) {
          setOwn(folder.values, key, value);
          this.experimentOf(runDir).dirty = true;
        }
      } catch (err) {
        if (!isMissing(err)) throw err; // removed since listed: as if never there
      }
    }
    return Object.fromEntries(params);
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
    const exp = this.experimentAt(expDir);
    const cached = (n: string) => exp.entries.has(n) || exp.lines.has(n);
    if (exp.entries.size + exp.lines.size <= runNames.length && runNames.every(cached)) return;
    const keep = new Set(runNames);
    this.lastEntry = undefined;
    for (const map of [exp.entries, exp.lines]) {
      for (const name of map.keys()) {
        if (!keep.has(name)) {
          map.delete(name);
          exp.dirty = true;
        }
      }
    }
  }

  /** Writes every experiment's cache that learned something since it was loaded. */
  save(): void {
    if (!this.dir) return;
    for (const exp of this.experiments.values()) {
      if (!exp.dirty || !exp.file || !exp.loaded) continue;
      exp.dirty = false;
      // In natural order, runs without a known order last: cachedInOrder walks the file so.
      const rows: [string, Order | undefined, string][] = [];
      for (const [name, line] of exp.lines) rows.push([name, lineOrder(line), line]);
      for (const [name, entry] of exp.entries) {
        if (entry.raw !== undefined && !entry.taken) rows.push([name, orderOf(entry), entry.raw]);
        else if (PERSISTABLE_NAME.test(name)) rows.push([name, orderOf(entry), `${name}\t${PARTS.map((p) => serializePart(entry, p)).join("\t")}`]);
      }
      rows.sort((a, b) => (a[1] && b[1] ? byOrder([a[0], a[1]], [b[0], b[1]]) : a[1] ? -1 : b[1] ? 1 : 0));
      const lines = [FORMAT, ...rows.map((row) => row[2])];
      try {
        fs.mkdirSync(path.dirname(exp.file), { recursive: true });
        const tmp = `${exp.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        fs.writeFileSync(tmp, lines.join("\n"), "latin1"); // ASCII, see toAscii
        fs.renameSync(tmp, exp.file);
      } catch {
        // A cache that cannot be written (read-only home, full disk) only costs speed.
      }
    }
  }

  /** What `read` made of a metric or tag file, from the cache while the file's stamp holds. */
  private fileValue(runDir: string, kind: "metrics" | "tags", key: string, read: (text: string, file: string) => unknown): unknown {
    const file = runDir + SEP + kind + SEP + key;
    // A key that was listed, whose file still has the same stamp (so the same inode, still a
    // regular file under that name), is still listed: no need to check the folder for it.
    // That halves the stats of a search whose filter names a few keys.
    const [exp, entry] = this.entry(runDir);
    const known = part(entry, kind);
    const cached = known && known.checked !== this.pass && hasKey(known, key) ? own(known.values, key) : undefined;
    if (isStamped(cached, kind)) {
      const st = statOrUndefined(file);
      if (st && sameStamp(cached, st)) {
        this.markFresh(known!, key);
        return cached[3];
      }
    }
    const folder = this.folder(runDir, kind, [exp, entry]);
    if (!hasKey(folder, key)) return undefined;
    const hit = own(folder.values, key);
    if (isStamped(hit, kind) && folder.fresh?.get(key) === this.pass) return hit[3];
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch (err) {
      if (isMissing(err)) return undefined; // removed since listed
      throw err;
    }
    if (isStamped(hit, kind) && sameStamp(hit, st)) {
      this.markFresh(folder, key);
      return hit[3];
    }
    const value = encodeValue(read(fs.readFileSync(file, "utf8"), file));
    if (this.settled(st.mtimeMs)) {
      setOwn(folder.values, key, [st.ino, st.size, st.mtimeMs, value]);
      this.markFresh(folder, key);
    } else delete folder.values[key];
    exp.dirty = true;
    return value;
  }

  private markFresh(folder: KeyFolder, key: string): void {
    (folder.fresh ??= new Map()).set(key, this.pass);
  }

  private folder(runDir: string, kind: KeyKind, [exp, entry] = this.entry(runDir)): KeyFolder {
    const hit = part(entry, kind);
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
    const values = hit ? hit.values : {};
    for (const key of Object.keys(values)) if (!listed.has(key)) delete values[key];
    const folder: KeyFolder = { dirs: watched, keys, keySet: listed, values, checked: this.pass, fresh: hit?.fresh };
    // An unsettled listing serves this pass only; the next one lists again.
    if (!watched.every(([, mtime]) => this.settled(mtime))) folder.dirs = [[kind, Number.NaN]];
    entry[kind] = folder;
    exp.dirty = true;
    return folder;
  }

  private entry(runDir: string): [ExperimentCache, Entry] {
    // A run's reads come together (its keys, then its values): the last lookup is kept.
    const last = this.lastEntry;
    if (last && last[0] === runDir && (last[1][0].loaded || !this.inPass)) return last[1];
    const found = this.findEntry(runDir);
    this.lastEntry = [runDir, found];
    return found;
  }

  private findEntry(runDir: string): [ExperimentCache, Entry] {
    const cut = runDir.lastIndexOf(SEP);
    const exp = this.experimentOf(runDir, cut);
    const name = runDir.slice(cut + 1);
    let entry = exp.entries.get(name);
    if (!entry) {
      const raw = exp.lines.get(name);
      if (raw !== undefined) exp.lines.delete(name);
      entry = raw === undefined ? {} : { raw };
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
    return this.experimentAt(runDir.slice(0, cut));
  }

  private experimentAt(expDir: string): ExperimentCache {
    let exp: ExperimentCache | undefined;
    if (this.lastExp && this.lastExp[0] === expDir) exp = this.lastExp[1];
    else {
      exp = this.experiments.get(expDir);
      if (!exp) {
        const file = this.dir ? path.join(this.dir, `${hash(path.resolve(expDir))}.runs`) : undefined;
        exp = { file, entries: new Map(), lines: new Map(), dirty: false, loaded: !file };
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
      // The file is ASCII (see toAscii): latin1 decodes it exactly, at a third of UTF-8's cost.
      text = fs.readFileSync(exp.file!, "latin1");
    } catch {
      return;
    }
    const lines = text.split("\n");
    if (lines[0] !== FORMAT) return;
    // Lines stay unsplit, and become entries only when asked about: a page of 1,000 runs of
    // 10,000 needs the order of every run and the rest of a tenth of them.
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const name = line.slice(0, line.indexOf("\t"));
      if (name && !exp.entries.has(name) && !exp.lines.has(name)) exp.lines.set(name, line);
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
function rawPart(raw: string, i: number): string {
  let start = 0;
  for (let k = 0; k < i; k++) {
    const tab = raw.indexOf("\t", start);
    if (tab < 0) return "";
    start = tab + 1;
  }
  const end = raw.indexOf("\t", start);
  return raw.slice(start, end < 0 ? raw.length : end);
}

function serializePart(entry: Entry, name: Part): string {
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
function orderOf(entry: Entry): Order | undefined {
  if (entry.meta !== undefined) return entry.meta ? [entry.meta.value.startTime, entry.meta.value.runId] : undefined;
  return part(entry, "order") ?? undefined;
}

const byOrder = (a: [string, Order], b: [string, Order]) => compareNatural(a[1][0], a[1][1], b[1][0], b[1][1]);

/** Whether a persisted line's order part is filled in (the first part after the name). */
const hasOrder = (name: string, line: string) => line.charCodeAt(name.length + 1) !== 9 /* tab: empty */;
/** A persisted line's start_time and run_id; undefined when missing or damaged. */
const lineOrder = (line: string) => decodeOrder(rawPart(line, 1 + PARTS.indexOf("order")));

/** RunInfo from its persisted array, or undefined when the array is not one. */
function runInfoOf(a: unknown): RunInfo | undefined {
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
const toAscii = (json: string) => json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
const PERSISTABLE_NAME = /^[\x21-\x7e]+$/;

/**
 * "<start_time> <run_id>", parsed without JSON.parse: every run's order is read by a page
 * search. Only for run ids of word characters (MLflow's always are); others are not cached.
 */
function encodeOrder(startTime: number | null, runId: string): string {
  return /^[\w-]+$/.test(runId) ? `${startTime ?? ""} ${runId}` : "";
}

function decodeOrder(text: string): Order | undefined {
  const space = text.indexOf(" ");
  if (space < 0) return undefined;
  const start = text.slice(0, space);
  const startTime = start === "" ? null : Number(start);
  const runId = text.slice(space + 1);
  return (startTime === null || Number.isFinite(startTime)) && runId ? [startTime, runId] : undefined;
}

function revive(name: Part, text: string): unknown {
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

/** JSON has no NaN, ±Infinity or -0, and metrics have all four: those go as strings. */
const encodeValue = (v: unknown) => (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? String(Object.is(v, -0) ? "-0" : v) : v);

/** A cached [inode, size, mtimeMs, value] of the kind's type; anything else is re-read. */
function isStamped(t: unknown, kind: "metrics" | "tags"): t is Stamped {
  if (!Array.isArray(t) || t.length !== 4 || typeof t[0] !== "number" || typeof t[1] !== "number" || typeof t[2] !== "number") return false;
  const v: unknown = t[3];
  return kind === "tags" ? typeof v === "string" : v === null || typeof v === "number" || (typeof v === "string" && NON_JSON_NUMBERS.has(v));
}

const NON_JSON_NUMBERS = new Set(["NaN", "Infinity", "-Infinity", "-0"]);

/** Whether a folder lists a key: a short list is searched, a long one gets a set. */
function hasKey(folder: KeyFolder, key: string): boolean {
  if (folder.keys.length <= 32) return folder.keys.includes(key);
  return (folder.keySet ??= new Set(folder.keys)).has(key);
}

/** A key's value: own properties only, so a key named "__proto__" or "toString" is data. */
const own = (values: Record<string, unknown>, key: string): unknown => (Object.hasOwn(values, key) ? values[key] : undefined);

function setOwn(values: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(values, key, { value, writable: true, enumerable: true, configurable: true });
}

const isUnsettled = (f: KeyFolder) => f.dirs.some(([, mtime]) => Number.isNaN(mtime));

const isStamp = (s: unknown): s is Stamp => Array.isArray(s) && s.length === 3 && typeof s[0] === "number" && typeof s[1] === "number" && typeof s[2] === "number";

function isStrings(a: unknown): a is string[] {
  if (!Array.isArray(a)) return false;
  for (const x of a) if (typeof x !== "string") return false;
  return true;
}
const isRecord = (o: unknown): o is Record<string, unknown> => typeof o === "object" && o !== null && !Array.isArray(o);

const stampOf = (st: fs.Stats): Stamp => [st.ino, st.size, st.mtimeMs];
const sameStamp = (s: Stamp | Stamped, st: fs.Stats) => s[0] === st.ino && s[1] === st.size && s[2] === st.mtimeMs;
/**
 * The cache file's name for an experiment folder: two 53-bit hashes (cyrb53) of its path, not
 * sha256, because loading node:crypto would cost a search ~4 ms. A collision would only make
 * two experiments share one file, whose entries are all re-validated anyway.
 */
function hash(s: string): string {
  const half = (seed: number) => {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
  };
  return half(0) + half(1);
}

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
