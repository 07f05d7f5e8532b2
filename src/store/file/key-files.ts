import fs from "node:fs";
import path from "node:path";
import { writeFileAtomicSync } from "../../util/fs/atomic-write.js";

/**
 * params/, tags/ and metrics/ hold one file per key; a key with '/' is a nested path
 * (FileStore._get_resource_files walks the folder). Returns relative posix keys.
 */
export function listKeys(dir: string): string[] {
  return listKeysAndDirs(dir).keys;
}

/** The keys, and every folder walked to find them (what a cache must watch). */
export function listKeysAndDirs(dir: string): { keys: string[]; dirs: string[] } {
  const keys: string[] = [];
  const dirs: string[] = [];
  const walk = (sub: string) => {
    let entries: fs.Dirent[];
    const full = path.join(dir, sub);
    try {
      entries = fs.readdirSync(full, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR") return;
      throw err;
    }
    dirs.push(full);
    for (const e of entries) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (e.isFile() && !isTempFile(e.name)) keys.push(rel);
    }
  };
  walk("");
  return { keys, dirs };
}

/** Our atomic writes leave ".<name>.<pid>.<n>.tmp" only while a write is in flight (or after a crash). */
export function isTempFile(name: string): boolean {
  return name.startsWith(".") && name.endsWith(".tmp");
}

export function readKeyedFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of listKeys(dir)) out[key] = fs.readFileSync(path.join(dir, key), "utf8");
  return out;
}

/**
 * Tags and experiment tags: last writer wins, and no reader ever sees half a value. The temp
 * file goes to the folder above tags/, where MLflow does not look for keys.
 */
export function writeKeyFile(dir: string, key: string, value: string): void {
  const target = path.join(dir, key);
  fs.mkdirSync(key.includes("/") ? path.dirname(target) : dir, { recursive: true });
  writeFileAtomicSync(target, value, path.dirname(dir), { fsync: false });
}
