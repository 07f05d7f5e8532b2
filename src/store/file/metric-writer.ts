import fs from "node:fs";
import path from "node:path";

/**
 * The logging hot path: metric lines are buffered per file and appended in one write per
 * file per flush. A flush happens every `intervalMs`, when `maxPending` lines pile up, on
 * demand, and from exit hooks (synchronously). Each append is a single O_APPEND write of
 * whole lines, so a concurrent writer never interleaves with this process. The one exception
 * is SIGKILL mid-write: Linux may then keep only the pages already copied, leaving a torn
 * last line that readers skip and `mlruns doctor --fix` cuts.
 */
export class MetricWriter {
  private pending = new Map<string, string[]>();
  private pendingCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly knownDirs = new Set<string>();

  constructor(
    private readonly intervalMs: number,
    private readonly maxPending = 100_000,
  ) {}

  append(file: string, lines: string): void {
    let list = this.pending.get(file);
    if (!list) this.pending.set(file, (list = []));
    list.push(lines);
    if (++this.pendingCount >= this.maxPending) this.flushSync();
    else this.schedule();
  }

  get size(): number {
    return this.pendingCount;
  }

  hasPendingUnder(dir: string): boolean {
    for (const file of this.pending.keys()) if (file.startsWith(dir + path.sep)) return true;
    return false;
  }

  flushSync(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batches = this.pending;
    this.pending = new Map();
    this.pendingCount = 0;
    let firstError: unknown;
    for (const [file, lines] of batches) {
      try {
        const dir = path.dirname(file);
        if (!this.knownDirs.has(dir)) {
          fs.mkdirSync(dir, { recursive: true });
          this.knownDirs.add(dir);
        }
        fs.appendFileSync(file, lines.join(""));
      } catch (err) {
        // Keep what could not be written so a later flush (after the user frees space, say) can retry.
        const kept = this.pending.get(file) ?? [];
        this.pending.set(file, [...lines, ...kept]);
        this.pendingCount += lines.length;
        firstError ??= Object.assign(err as Error, { path: file });
      }
    }
    if (firstError) throw firstError;
  }

  private schedule(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.flushSync();
      } catch (err) {
        process.emitWarning(`mlruns: could not write metrics (${(err as Error).message}); will retry on the next flush.`);
      }
    }, this.intervalMs);
    this.timer.unref();
  }
}
