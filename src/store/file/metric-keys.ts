import path from "node:path";
import { validateEntityKey } from "../../validation/names.js";
import { checkKeyPath } from "./key-paths.js";

const LIMIT = 10_000;

/**
 * The metric keys this process has queued, per metrics folder (a run's or a logged model's):
 * each key is validated and its path checked (x vs x/y, key-paths.ts) once, before its first
 * point, so the logging hot path is a map lookup. FileStore is public, so keys reaching
 * queueMetrics are validated here too: a key can never name a path outside its folder.
 */
export class MetricKeys {
  private readonly files = new Map<string, string>();
  private readonly keysByDir = new Map<string, Set<string>>();

  /** @param beforeForget writes what is queued, so forgetting keys loses no clash a file would not show. */
  constructor(private readonly beforeForget: () => void) {}

  /** The file of `key` in `metricsDir`, checked and remembered on first use. */
  file(runId: string, metricsDir: string, key: string): string {
    const id = `${metricsDir}\0${key}`;
    const known = this.files.get(id);
    if (known) return known;
    const keys = this.keysOf(metricsDir);
    const file = this.check(runId, metricsDir, key, keys);
    keys.add(key);
    this.remember(id, file);
    return file;
  }

  /**
   * The files of a whole request's keys, checked against the folder, the keys queued before and
   * each other; nothing is remembered until `commit`, so a request refused later leaves no key behind.
   */
  draft(runId: string, metricsDir: string, keys: readonly string[]): { files: string[]; commit: () => void } {
    const seen = new Set(this.keysByDir.get(metricsDir));
    const files = keys.map((key) => {
      const known = this.files.get(`${metricsDir}\0${key}`);
      if (known) return known;
      const file = this.check(runId, metricsDir, key, seen);
      seen.add(key);
      return file;
    });
    return {
      files,
      commit: () => {
        const into = this.keysOf(metricsDir);
        keys.forEach((key, i) => {
          into.add(key);
          this.remember(`${metricsDir}\0${key}`, files[i]!);
        });
      },
    };
  }

  private check(runId: string, metricsDir: string, key: string, queued: ReadonlySet<string>): string {
    validateEntityKey("Metric", key);
    checkKeyPath("Metric", metricsDir, key, `run ${runId}`, queued);
    return path.join(metricsDir, key);
  }

  private keysOf(metricsDir: string): Set<string> {
    let keys = this.keysByDir.get(metricsDir);
    if (!keys) {
      if (this.keysByDir.size >= LIMIT) {
        this.beforeForget();
        this.keysByDir.clear();
      }
      this.keysByDir.set(metricsDir, (keys = new Set()));
    }
    return keys;
  }

  private remember(id: string, file: string): void {
    if (this.files.size > LIMIT) this.files.clear();
    this.files.set(id, file);
  }
}
