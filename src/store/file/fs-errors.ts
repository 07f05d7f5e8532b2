import { MlflowError, StoreIOError } from "../../errors.js";

const ADVICE: Record<string, string> = {
  EACCES: "permission denied: check the owner and mode of the store folder, or log to a store you can write",
  EPERM: "operation not permitted: check the owner and mode of the store folder",
  EROFS: "the store is on a read-only file system: copy it somewhere writable to log to it",
  ENOSPC: "no space left on device: free space or set MLFLOW_TRACKING_URI to a store on another disk",
  EDQUOT: "disk quota exceeded: free space or set MLFLOW_TRACKING_URI to a store on another disk",
  EIO: "an I/O error from the disk or network file system",
  // A key within MLflow's 250 characters can still pass the file system's 255 bytes per name (UTF-8).
  ENAMETOOLONG: "a name is longer than the file system allows (255 bytes of UTF-8 per name): use a shorter key or name",
};

/** A file-system error as a StoreIOError that says what failed and what to do; others pass through. */
export function toStoreError(err: unknown): unknown {
  if (err instanceof MlflowError) return err;
  const e = err as NodeJS.ErrnoException & { path?: string };
  const advice = e?.code ? ADVICE[e.code] : undefined;
  if (!advice) return err;
  const where = e.path ? ` ${e.path}` : "";
  return new StoreIOError(`mlruns could not ${e.syscall ?? "access"}${where}: ${advice} (${e.code}).`, e.path, err);
}

/**
 * Runs one store verb with its file-system failures as StoreIOErrors (sync throws and
 * rejections alike): every public FileStore verb goes through it.
 */
export function translatingFsErrors<T>(verb: () => T): T {
  let result: T;
  try {
    result = verb();
  } catch (err) {
    throw toStoreError(err);
  }
  return (result instanceof Promise ? result.catch((err) => Promise.reject(toStoreError(err))) : result) as T;
}
