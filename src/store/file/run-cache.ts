import fs from "node:fs";
import path from "node:path";
import type { RunInfo } from "../../entities.js";
import { mergeSorted } from "../../util/merge-sorted.js";
import { PARTS, hasKey, isUnsettled, own, setOwn, type Entry, type ExperimentCache, type KeyFolder, type KeyKind, type Order } from "./run-cache-entries.js";
import { cacheFileOf, readCacheFile, writeCacheFile } from "./run-cache-folder.js";
import { FORMAT, PERSISTABLE_NAME, byOrder, hasOrder, lineOrder, orderOf, part, serializePart } from "./run-cache-lines.js";
import { encodeValue, isMissing, isStamped, mtimeOf, sameStamp, stampOf, statOrUndefined } from "./run-cache-stamps.js";
import { listKeysAndDirs } from "./key-files.js";

export type { KeyKind } from "./run-cache-entries.js";
export { defaultRunCacheDir, runCacheEnabled } from "./run-cache-folder.js";

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
 * Persistence: one file per experiment folder in the cache directory (run-cache-folder.ts),
 * written whole (atomic-write.ts) after a search that learned something (run-cache-lines.ts). Any process may write it;
 * because every entry is re-validated on use, a stale or foreign file costs re-reads,
 * never a wrong answer. Each run's line keeps its parts as separate JSON texts, parsed only
 * when a search needs that part.
 *
 * One thing is trusted without a stat, and only when asked for by name (cachedOrder): a
 * run's start_time and run_id, which neither MLflow nor mlruns ever rewrites (update_run_info
 * changes status, end_time and run_name; delete and restore the lifecycle stage).
 */

const RACY_MS = 2000;
const SEP = path.sep;

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
      writeCacheFile(exp.file, lines.join("\n")); // ASCII, see toAscii
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
        const file = this.dir ? cacheFileOf(this.dir, expDir) : undefined;
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
    const text = readCacheFile(exp.file!);
    if (text === undefined) return;
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
