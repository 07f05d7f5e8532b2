/** Listing folders, with the error handling each caller asks for. */
import fs from "node:fs";

export interface SubfolderOptions {
  /** Called for a folder that exists but cannot be read (EACCES, EPERM, EIO); it then counts as empty. Default: throw. */
  onUnreadable?: (dir: string, err: Error) => void;
  /** A path that is a file counts as an empty folder (ENOTDIR). Default: throw. */
  fileAsEmpty?: boolean;
  /** Sorted by name (readdir's order is the file system's). */
  sorted?: boolean;
}

/** The names of the folders in `dir`; none when it does not exist. */
export function subfolders(dir: string, options: SubfolderOptions = {}): string[] {
  let names: string[];
  try {
    names = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || (code === "ENOTDIR" && options.fileAsEmpty)) return [];
    if (options.onUnreadable && isAccessError(err)) {
      options.onUnreadable(dir, err as Error);
      return [];
    }
    throw err;
  }
  return options.sorted ? names.sort() : names;
}

export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function isAccessError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === "EACCES" || code === "EPERM" || code === "EIO";
}
