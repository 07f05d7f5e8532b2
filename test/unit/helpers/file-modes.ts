import fs from "node:fs";
import path from "node:path";

/**
 * Permission tests lock the store's owner out with its own chmod, so they need no second user
 * (who could not reach a checkout in a 0700 home anyway). Root ignores file modes through its
 * capabilities, so as root the child runs under setpriv (util-linux) with all of them dropped:
 * still uid 0 and the owner, but bound by the modes like any user.
 */
export const isRoot = process.getuid?.() === 0;

/** The command line that runs `argv` as a process the store's file modes apply to. */
export function boundByFileModes(argv: string[]): [string, string[]] {
  if (!isRoot) return [argv[0], argv.slice(1)];
  return ["setpriv", ["--bounding-set=-all", "--inh-caps=-all", "--ambient-caps=-all", "--", ...argv]];
}

/** Gives `dir` and every folder below it `dirMode`, and every file in them `fileMode`. */
export function chmodTree(dir: string, dirMode: number, fileMode: number): void {
  // Opening a folder first (0755) and closing it last keeps it walkable in both directions.
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chmodTree(full, dirMode, fileMode);
    else if (entry.isFile()) fs.chmodSync(full, fileMode);
  }
  fs.chmodSync(dir, dirMode);
}

/** Makes every folder below `dir` the owner's again, so the test can remove what it made. */
export function removeLockedTree(dir: string): void {
  chmodTree(dir, 0o755, 0o644);
  fs.rmSync(dir, { recursive: true, force: true });
}
