import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A fresh folder per test; the store lives in <dir>/mlruns. */
export function tempDir(prefix = "mlruns-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every file below `dir`, relative, sorted: to prove nothing was written elsewhere. */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map(String).sort();
}
