import fs from "node:fs";

/**
 * Git's "racy" rule: file times come from a coarse kernel clock and inode numbers are reused,
 * so two quick same-size writes can look identical. Anything modified this recently is
 * re-read rather than trusted.
 */
const RACY_MS = 2000;
const settled = (mtimeMs: number) => Date.now() - mtimeMs > RACY_MS;

interface Entry<T> {
  ino: number;
  size: number;
  mtimeMs: number;
  value: T;
}

/**
 * Parsed file contents reused while the file is unchanged. Validity is (inode, size, mtime):
 * an in-place rewrite (MLflow's write_to), an append (metric points) or a rename over the file
 * (mlruns's atomic writes, which give a new inode) from any process invalidates the entry, so
 * a search never re-reads unchanged files and never serves stale ones. One stat() per file
 * replaces open/read/close and the parse.
 */
export class StatCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly maxEntries = 2_000_000) {}

  get(file: string, parse: (text: string) => T): T {
    const st = fs.statSync(file);
    const hit = this.entries.get(file);
    if (hit && hit.ino === st.ino && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.value;
    const value = parse(fs.readFileSync(file, "utf8"));
    if (!settled(st.mtimeMs)) {
      this.entries.delete(file);
      return value;
    }
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(file, { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, value });
    return value;
  }
}

/**
 * The keys stored under a params/, tags/ or metrics/ folder, reused while none of the folders
 * in that tree changed (adding, removing or renaming a file updates its folder's mtime).
 */
export class KeyListCache {
  private readonly entries = new Map<string, { dirs: [string, number][]; keys: string[] }>();

  get(root: string, list: (root: string) => { keys: string[]; dirs: string[] }): string[] {
    const hit = this.entries.get(root);
    if (hit && hit.dirs.every(([dir, mtime]) => mtimeOf(dir) === mtime)) return hit.keys;
    const { keys, dirs } = list(root);
    // A folder that does not exist yet is watched too, so its creation is noticed.
    const watched = (dirs.length ? dirs : [root]).map((d): [string, number] => [d, mtimeOf(d)]);
    if (watched.every(([, mtime]) => settled(mtime))) this.entries.set(root, { dirs: watched, keys });
    else this.entries.delete(root);
    return keys;
  }
}

function mtimeOf(dir: string): number {
  try {
    return fs.statSync(dir).mtimeMs;
  } catch {
    return 0; // missing: "settled", and different from any real mtime once it appears
  }
}
