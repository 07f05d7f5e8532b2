import fs from "node:fs";
import path from "node:path";

/**
 * A metric file's torn tail: the bytes after its last newline, left when a kill -9 ends a
 * write between two pages (Linux keeps what was copied). Shared by the writer (before a
 * process's first append) and `mlruns doctor --fix`, so both cut it the same way and keep it
 * in the same place.
 */

/** `.<key>.torn` in the run's (or logged model's) folder, beside meta.yaml: MLflow reads no keys there. */
export function tornBackupPath(ownerDir: string, key: string): string {
  return path.join(ownerDir, `.${key.replace(/\//g, "_")}.torn`);
}

/** Bytes after the last newline of an open file of `size` bytes (0 when it ends in one). */
export function tornTailBytes(fd: number, size: number): number {
  const chunk = Buffer.alloc(4096);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - chunk.length);
    fs.readSync(fd, chunk, 0, end - start, start);
    const nl = chunk.subarray(0, end - start).lastIndexOf(0x0a);
    if (nl >= 0) return size - (start + nl + 1);
    end = start;
  }
  return size;
}

/** Moves the torn tail (if any) to `backup`, newline-terminated; returns the bytes cut. */
export function cutTornTail(fd: number, backup: string): number {
  const size = fs.fstatSync(fd).size;
  const cut = tornTailBytes(fd, size);
  if (!cut) return 0;
  const fragment = Buffer.alloc(cut);
  fs.readSync(fd, fragment, 0, cut, size - cut);
  fs.appendFileSync(backup, Buffer.concat([fragment, Buffer.from("\n")]));
  fs.ftruncateSync(fd, size - cut);
  return cut;
}
