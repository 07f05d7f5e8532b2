/** Where the run cache is kept: $MLRUNS_CACHE_DIR or the user's cache folder, one file per experiment folder. */
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomicSync } from "../../util/fs/atomic-write.js";

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

/** The cache file of an experiment folder in the cache directory `dir`. */
export function cacheFileOf(dir: string, expDir: string): string {
  return path.join(dir, `${hash(path.resolve(expDir))}.runs`);
}

/** The cache file's text (ASCII, so decoded as latin1 at a third of UTF-8's cost); undefined when unreadable. */
export function readCacheFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "latin1");
  } catch {
    return undefined;
  }
}

/** Written whole (temp file + rename): a reader sees the old file or the new one. */
export function writeCacheFile(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomicSync(file, text, path.dirname(file), { fsync: false, encoding: "latin1" });
  } catch {
    // A cache that cannot be written (read-only home, full disk) only costs speed.
  }
}

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
