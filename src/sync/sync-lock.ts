/**
 * One sync per (store, target) at a time: an O_EXCL owner file beside the journal holding the
 * owner's pid and host. Unlike the store's short experiment lock (store-lock.ts), a sync holds
 * this for minutes, so staleness is decided by asking whether the owner process is alive, not
 * by the file's age. An owner on another host (a store on NFS) is never presumed dead.
 */
import fs from "node:fs";
import os from "node:os";
import { SyncInProgressError } from "../errors.js";

interface Owner {
  pid: number;
  host: string;
  startedAt: string;
}

function readOwner(file: string): Owner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, "utf8")) as Owner;
    return typeof owner.pid === "number" ? owner : undefined;
  } catch {
    return undefined; // gone, or being written this instant
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // alive, owned by another user
  }
}

function tryTake(file: string): boolean {
  try {
    const fd = fs.openSync(file, "wx");
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() }));
    fs.closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}

/** Removes the owner file of a dead owner; rename first so that of two waiters one removes it. */
function breakIfDead(file: string): void {
  const owner = readOwner(file);
  if (!owner || owner.host !== os.hostname() || isAlive(owner.pid)) return;
  const claimed = `${file}.${process.pid}.stale`;
  try {
    fs.renameSync(file, claimed);
    const still = readOwner(claimed);
    // Another waiter may have replaced the dead owner's file between our read and rename: give it back.
    if (still && still.pid !== owner.pid) fs.renameSync(claimed, file);
    else fs.rmSync(claimed, { force: true });
  } catch {
    // someone else got there first
  }
}

export interface SyncLock {
  release(): void;
}

/**
 * Takes the lock, waiting up to `waitMs` (0: fail at once) for a live owner to finish.
 * `onWait` is told once who holds it.
 */
export async function acquireSyncLock(file: string, targetUri: string, waitMs: number, onWait?: (owner: string) => void): Promise<SyncLock> {
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    if (tryTake(file)) break;
    breakIfDead(file);
    if (tryTake(file)) break;
    const owner = readOwner(file);
    const who = owner ? `pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}` : "another process";
    if (Date.now() >= deadline) {
      throw new SyncInProgressError(
        `Another mlruns sync (${who}) is syncing this store to ${targetUri}. Wait for it to finish (or pass --wait); if no sync is running, delete ${file}.`,
        file,
      );
    }
    if (!told) onWait?.(who);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    release: () => {
      const owner = readOwner(file);
      if (owner?.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}
