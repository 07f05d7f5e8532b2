import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Reporter, TestRunEndReason } from "vitest/node";

/**
 * One folder per `vitest` run for every temp folder the tests make: TMPDIR points there, so
 * os.tmpdir() in the test workers (and in the MLflow servers and browsers they start) lands
 * inside it. A passing run empties it and removes it at exit; a failing run keeps it, and says
 * where, for a look at what the failing test left. Before this, every run left a few thousand
 * folders in /tmp.
 */
export function useTempRoot(): Reporter {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-tests-"));
  // Others may pass through, as through /tmp, but not list it: as root, the PostgreSQL suites
  // hand their cluster's folder (inside this one) to the 'postgres' user.
  fs.chmodSync(root, 0o711);
  process.env.TMPDIR = root;
  process.on("exit", () => {
    try {
      fs.rmdirSync(root); // only if empty: a failing run's files stay
    } catch {}
  });
  return {
    onTestRunEnd(_modules, _errors, reason: TestRunEndReason) {
      if (reason !== "passed") {
        console.log(`The tests' temp folders are kept in ${root}`);
        return;
      }
      // Emptied, not removed: a watch-mode rerun makes its folders here again.
      for (const entry of fs.readdirSync(root)) {
        fs.rmSync(path.join(root, entry), { recursive: true, force: true, maxRetries: 5 });
      }
    },
  };
}
