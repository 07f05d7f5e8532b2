import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** How long a lock may be held before another process may take it over as abandoned. */
const STALE_MS = 10_000;
const WAIT_MS = 30_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * A cross-process lock for the rare store-wide operations that check-then-create (experiment
 * names). It is a *file* created with O_EXCL beside the experiments: MLflow ignores files in
 * the store root, while a lock folder there would look like a malformed experiment to it.
 * O_EXCL is atomic on local disks and NFSv3+; on file systems without it (some SMB/FUSE
 * mounts) two processes may both succeed, and MLflow's own race is all that is left.
 * A holder that died (kill -9) leaves the file; it is taken over after STALE_MS.
 */
export function withStoreLockSync<T>(rootDir: string, name: string, fn: () => T): T {
  const lockPath = path.join(rootDir, `.mlruns-${name}.lock`);
  const deadline = Date.now() + WAIT_MS;
  let delay = 2;
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, `${process.pid}@${os.hostname()} ${new Date().toISOString()}\n`);
      fs.closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      breakIfStale(lockPath);
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${lockPath}. If no other mlruns process is running, delete that file.`);
      }
      sleepSync(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 50);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockPath, { force: true });
  }
}

function breakIfStale(lockPath: string): void {
  try {
    if (Date.now() - fs.statSync(lockPath).mtimeMs < STALE_MS) return;
    // Rename first so that of several processes noticing the same stale lock, one removes it.
    const claimed = `${lockPath}.${process.pid}.stale`;
    fs.renameSync(lockPath, claimed);
    fs.rmSync(claimed, { force: true });
  } catch {
    // Gone already, or another process claimed it: just retry.
  }
}
