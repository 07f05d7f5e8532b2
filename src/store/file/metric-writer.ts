import fs from "node:fs";
import path from "node:path";
import { tempPath } from "./atomic-write.js";
import { withStoreLockSync } from "./store-lock.js";
import { settleTail, tornTailBytes } from "./torn-tail.js";

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
  /** Files this process has appended to: their tails were checked on the first append. */
  private readonly checkedFiles = new Set<string>();

  /**
   * @param tornBackup where the fragment a killed writer left at the end of a metric file is
   *   kept when this process first appends to it; its folder also takes the temp file a new
   *   metric file is created from (see firstAppend). Undefined: plain appends.
   */
  constructor(
    private readonly intervalMs: number,
    private readonly maxPending = 100_000,
    private readonly tornBackup?: (file: string) => string,
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
        const text = lines.join("");
        if (this.checkedFiles.has(file)) fs.appendFileSync(file, text);
        else {
          firstAppend(file, text, this.tornBackup?.(file));
          this.checkedFiles.add(file);
        }
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

/** Nothing wrote to a file for this long: a missing final newline is a killed write, not one in progress. */
const SETTLED_MS = 2000;

/**
 * The first append of this process to a file.
 *
 * A new file is created whole: written under a temp name beside the run's meta.yaml and
 * linked into place, so a kill -9 between creating and writing cannot leave it empty (MLflow
 * fails the read of a run with an empty metric file: "malformed. No data found.").
 *
 * An existing file may end in a line without its newline: one a killed writer left
 * unfinished (a resumed run, say), or a whole one written by hand or by another tool.
 * Appending after it would glue the first new point onto it and make the line unreadable
 * (or, cut at the wrong place, a wrong point). So a whole line gets its newline and a
 * fragment is cut and kept in `backup`, as `mlruns doctor --fix` does. Under a lock,
 * re-checked inside it: of several processes resuming at once, one settles the tail and the
 * others then see a terminated last line (a plain truncate could cut their new points). A
 * tail changed within SETTLED_MS may be another process's write in progress: left alone.
 */
function firstAppend(file: string, text: string, backup: string | undefined): void {
  if (!backup) return fs.appendFileSync(file, text);
  let fd: number;
  try {
    fd = fs.openSync(file, RW_APPEND);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    if (createWhole(file, text, path.dirname(backup))) return;
    fd = fs.openSync(file, RW_APPEND); // another process created it meanwhile
  }
  try {
    if (settledUnterminatedTail(fd)) withStoreLockSync(path.dirname(backup), "metric-repair", () => settleBeforeAppend(fd, file, backup));
    fs.writeFileSync(fd, text); // one write of whole lines, as appendFileSync makes
  } finally {
    fs.closeSync(fd);
  }
}

const RW_APPEND = fs.constants.O_RDWR | fs.constants.O_APPEND;

/** Creates `file` holding `text` from the start; false when it already exists. */
function createWhole(file: string, text: string, tmpDir: string): boolean {
  const tmp = tempPath(tmpDir, path.basename(file));
  fs.writeFileSync(tmp, text);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    fs.unlinkSync(tmp);
  }
}

/** Whether the file ends in a line without a newline that has settled (see SETTLED_MS). */
function settledUnterminatedTail(fd: number): boolean {
  const st = fs.fstatSync(fd);
  return st.size > 0 && Date.now() - st.mtimeMs > SETTLED_MS && tornTailBytes(fd, st.size) > 0;
}

function settleBeforeAppend(fd: number, file: string, backup: string): void {
  // Re-checked under the lock: another resumer may have settled it, and be appending now.
  if (!settledUnterminatedTail(fd) || settleTail(fd, backup) !== "cut") return;
  process.emitWarning(`${file} ended in a line cut short by a writer killed mid-write; it was moved to ${backup} before appending.`, {
    code: "MLRUNS_DAMAGED_STORE",
  });
}
