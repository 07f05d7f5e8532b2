import fs from "node:fs";
import path from "node:path";

let counter = 0;

/**
 * A temp file name in `dir` (same file system as the target, so rename/link are atomic).
 * Its ".<pid>.<n>.tmp" shape is what readers and `mlruns doctor` recognise as leftovers.
 */
export function tempPath(dir: string, label: string): string {
  // Short, whatever the key: a 250-character key must still leave room under NAME_MAX.
  const short = label.replace(/[/\\]/g, "_").slice(0, 32);
  return path.join(dir, `.${short}.${process.pid}.${++counter}.tmp`);
}

/** Whether a file name has tempPath's shape: a write in flight, or one a crash cut short. */
export function isAtomicTempName(name: string): boolean {
  return /^\..*\.\d+\.\d+\.tmp$/.test(name);
}

/**
 * write-file-atomic's recipe: write a temp file, fsync it, rename it over the target. A reader
 * (or a crash) sees the old file or the new one, never half of either. `tmpDir` lets callers
 * keep temp files out of folders whose every file MLflow reads as a key (params/, tags/).
 */
export function writeFileAtomicSync(target: string, data: string, tmpDir = path.dirname(target), options: { fsync?: boolean; encoding?: BufferEncoding } = {}): void {
  const tmp = tempPath(tmpDir, path.basename(target));
  const fd = fs.openSync(tmp, "w", 0o644);
  try {
    fs.writeSync(fd, data, null, options.encoding ?? "utf8");
    // Rename alone is all-or-nothing against a killed process; fsync adds power-loss safety,
    // paid where it matters most (meta.yaml, see writeMetaYaml), not on every tag.
    if (options.fsync !== false) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
