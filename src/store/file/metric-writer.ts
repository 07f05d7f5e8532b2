import fs from "node:fs";
import path from "node:path";
import { StoreIOError } from "../../errors.js";
import { holdUntilExit, released } from "../exit-flush.js";
import { tempPath } from "../../util/fs/atomic-write.js";
import { toStoreError } from "./fs-errors.js";
import { withStoreLockSync } from "./store-lock.js";
import { settleTail, tornTailBytes } from "./torn-tail.js";

/** Where a metric file belongs, as the store knows it (see FileStore.metricFileOwner). */
export interface MetricFileOwner {
  /** Where a fragment a killed writer left is kept; its folder also takes temp files (see firstAppend). */
  tornBackup: string;
  /** A folder that must exist for the file to be written: never recreated by a flush. */
  mustExist: string;
  /** The file in the user's words, for errors: "metric 'loss' of run 1a2b...". */
  label: string;
}

/** Points of one file that could not be written; they stay pending and are retried. */
interface WriteFailure {
  /** What failed and why, without advice: "3 point(s) of metric 'm' of run ... could not be written to ...: ...". */
  summary: string;
  error: StoreIOError;
}

/**
 * The logging hot path: metric lines are buffered per file and appended in one write per
 * file per flush. A flush happens every `intervalMs`, when `maxPending` lines pile up, on
 * demand, and from exit hooks (synchronously). Each append is a single O_APPEND write of
 * whole lines, so a concurrent writer never interleaves with this process. The one exception
 * is SIGKILL mid-write: Linux may then keep only the pages already copied, leaving a torn
 * last line that readers skip and `mlruns doctor --fix` cuts.
 *
 * A file that cannot be written never stops the others (issue #15). Its points are kept and
 * its failure is kept per file, for whoever asks for that run's durability (failuresOf:
 * flush(), ending the run) and for the report at exit. A passing fault (a full disk) is
 * retried at every flush; any other (the run's folder gone, a name too long) only at an
 * explicit flush() and at exit, so a broken file costs the others nothing.
 */
export class MetricWriter {
  private pending = new Map<string, string[]>();
  private pendingCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly knownDirs = new Set<string>();
  /** Files this process has appended to: their tails were checked on the first append. */
  private readonly checkedFiles = new Set<string>();
  private readonly failures = new Map<string, WriteFailure>();
  /** Points of files that failed for a reason a retry will not fix by itself; not in pendingCount. */
  private readonly setAside = new Map<string, string[]>();

  /** @param owner where a file belongs; undefined: plain appends, folders made as needed. */
  constructor(
    private readonly intervalMs: number,
    private readonly maxPending = 100_000,
    private readonly owner?: (file: string) => MetricFileOwner,
  ) {}

  /** Buffers whole lines for `file`; throws (typed) only when the buffer is full of points that cannot be written. */
  append(file: string, lines: string): void {
    if (this.pendingCount >= this.maxPending) {
      this.flushSync();
      // Refused, not buffered: memory is not an unbounded queue for a disk that stays full.
      if (this.pendingCount >= this.maxPending) throw this.anyFailure();
    }
    // Nor for a file that cannot be written: only its own run's points are refused.
    if (this.setAside.size !== 0 && (this.setAside.get(file)?.length ?? 0) >= this.maxPending) throw this.failures.get(file)!.error;
    if (this.pendingCount === 0) holdUntilExit(this);
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

  /**
   * Writes what can be written; never throws (see failuresOf). `retryAll`: also the points
   * set aside after a lasting failure (explicit flush() and exit).
   */
  flushSync(retryAll = false): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batches = this.pending;
    if (retryAll) {
      for (const [file, lines] of this.setAside) batches.set(file, [...lines, ...(batches.get(file) ?? [])]);
      this.setAside.clear();
    }
    this.pending = new Map();
    this.pendingCount = 0;
    for (const [file, lines] of batches) {
      const aside = this.setAside.get(file);
      if (aside) {
        // Waits behind the points already set aside, in order, without another failing write.
        aside.push(...lines);
        continue;
      }
      try {
        this.write(file, lines.join(""));
        this.failures.delete(file);
      } catch (err) {
        // Kept in order, for a later flush to retry: every flush for a passing fault, else flush() only.
        const passing = PASSING_FAULTS.has((err as NodeJS.ErrnoException).code ?? "");
        if (passing) this.pendingCount += lines.length;
        (passing ? this.pending : this.setAside).set(file, lines);
        const summary = this.failureSummary(file, lines.length, err);
        const error = new StoreIOError(`${summary} They are kept in memory and retried at the next flush() once the cause is fixed.`, (err as { path?: string }).path ?? file, err);
        this.failures.set(file, { summary, error });
      }
    }
    if (this.pendingCount === 0 && this.setAside.size === 0) released(this);
  }

  /** Why points are still unwritten: of these files, of files under this folder, or of any file (undefined). */
  failuresOf(where?: string | readonly string[]): StoreIOError[] {
    const out: StoreIOError[] = [];
    for (const [file, failure] of this.failures) {
      if (where === undefined || (typeof where === "string" ? file.startsWith(where + path.sep) : where.includes(file))) out.push(failure.error);
    }
    return out;
  }

  /** What is still unwritten, one line per file, for the report at exit. */
  describeUnwritten(): string[] {
    return [...this.failures.values()].map((f) => f.summary);
  }

  private write(file: string, text: string): void {
    const dir = path.dirname(file);
    if (!this.knownDirs.has(dir)) {
      const owner = this.owner?.(file);
      // A flush after the experiment was deleted or moved must not recreate its old path.
      if (owner && !fs.existsSync(owner.mustExist)) {
        throw Object.assign(new Error(`${owner.mustExist} is gone (deleted or moved by another process?)`), { code: "ENOENT", path: owner.mustExist });
      }
      fs.mkdirSync(dir, { recursive: true });
      this.knownDirs.add(dir);
    }
    if (this.checkedFiles.has(file)) fs.appendFileSync(file, text);
    else {
      firstAppend(file, text, this.owner?.(file).tornBackup);
      this.checkedFiles.add(file);
    }
  }

  private failureSummary(file: string, points: number, err: unknown): string {
    const cause = toStoreError(err);
    const label = this.owner?.(file).label ?? file;
    return `${points} point(s) of ${label} could not be written to ${file}: ${cause instanceof Error ? cause.message : String(cause)}.`;
  }

  /** The error for a point refused because the buffer is full of unwritable ones. */
  private anyFailure(): StoreIOError {
    return (this.failures.values().next().value as WriteFailure).error;
  }

  private schedule(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushSync();
    }, this.intervalMs);
    this.timer.unref();
  }
}

/** Faults a retry can outlast on its own (space freed, an I/O hiccup); others wait for flush(). */
const PASSING_FAULTS = new Set(["ENOSPC", "EDQUOT", "EIO", "EAGAIN", "EMFILE", "ENFILE", "EBUSY"]);

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
