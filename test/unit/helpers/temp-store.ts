import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A fresh folder per test; the store lives in <dir>/mlruns. */
export function tempDir(prefix = "mlruns-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Every entry below `dir`, relative, sorted: to prove nothing was written elsewhere. A symlink is
 * listed, never followed (Node 20's recursive readdir follows links to folders, out of the tree).
 */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      out.push(child);
      if (entry.isDirectory()) walk(child);
    }
  };
  walk("");
  return out.sort();
}
