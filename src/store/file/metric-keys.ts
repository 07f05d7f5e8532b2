import path from "node:path";
import { validateEntityKey } from "../../validation/names.js";
import { checkKeyPath } from "./key-paths.js";

const LIMIT = 10_000;

/**
 * The metric keys this process has queued, per owner (a run's or a logged model's folder):
 * each key is validated and its path checked (x vs x/y, key-paths.ts) once, before its first
 * point, so the logging hot path is a map lookup. FileStore is public, so keys reaching
 * queueMetrics are validated here too: a key can never name a path outside its folder.
 */
export class MetricKeys {
  private readonly files = new Map<string, string>();
  private readonly keysByDir = new Map<string, Set<string>>();

  /** @param beforeForget writes what is queued, so forgetting keys loses no clash a file would not show. */
  constructor(private readonly beforeForget: () => void) {}

  /** The file of `key` in `ownerDir`/metrics, checked and remembered on first use (the hot path: one lookup). */
  file(runId: string, ownerDir: string, key: string): string {
    const id = ownerDir + "\0" + key;
    const known = this.files.get(id);
    if (known) return known;
    const keys = this.keysOf(ownerDir);
    const file = this.check(runId, ownerDir, key, keys);
    keys.add(key);
    this.remember(id, file);
    return file;
  }

  /**
   * The files of a whole request's keys, checked against the folder, the keys queued before and
   * each other; nothing is remembered until `commit`, so a request refused later leaves no key behind.
   */
  draft(runId: string, ownerDir: string, keys: readonly string[]): { files: string[]; commit: () => void } {
    const seen = new Set(this.keysByDir.get(ownerDir));
    const files = keys.map((key) => {
      const known = this.files.get(ownerDir + "\0" + key);
      if (known) return known;
      const file = this.check(runId, ownerDir, key, seen);
      seen.add(key);
      return file;
    });
    return {
      files,
      commit: () => {
        const into = this.keysOf(ownerDir);
        keys.forEach((key, i) => {
          into.add(key);
          this.remember(ownerDir + "\0" + key, files[i]!);
        });
      },
    };
  }

  private check(runId: string, ownerDir: string, key: string, queued: ReadonlySet<string>): string {
    validateEntityKey("Metric", key);
    const metricsDir = path.join(ownerDir, "metrics");
    checkKeyPath("Metric", metricsDir, key, `run ${runId}`, queued);
    return path.join(metricsDir, key);
  }

  private keysOf(ownerDir: string): Set<string> {
    let keys = this.keysByDir.get(ownerDir);
    if (!keys) {
      if (this.keysByDir.size >= LIMIT) {
        this.beforeForget();
        this.keysByDir.clear();
      }
      this.keysByDir.set(ownerDir, (keys = new Set()));
    }
    return keys;
  }

  private remember(id: string, file: string): void {
    if (this.files.size > LIMIT) this.files.clear();
    this.files.set(id, file);
  }
}
