import fs from "node:fs";
import path from "node:path";

let counter = 0;

/**
 * write-file-atomic's recipe: write a temp file beside the target, fsync it, rename over.
 * A reader (or a crash) sees the old file or the new one, never half of either.
 */
export function writeFileAtomicSync(target: string, data: string): void {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${++counter}.tmp`);
  const fd = fs.openSync(tmp, "w", 0o644);
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
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
