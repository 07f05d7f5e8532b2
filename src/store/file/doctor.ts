import fs from "node:fs";
import path from "node:path";
import { isTempFile, listKeys } from "./key-files.js";
import { isAtomicTempName, writeFileAtomicSync } from "../../util/fs/atomic-write.js";
import { parseMetricLine, splitMetricText } from "./metric-lines.js";
import { scanRunMetricFile } from "./run-metric-scan.js";
import { EXPERIMENT_FOLDERS, STORE_ROOT_FOLDERS, TRASH_FOLDER } from "./layout.js";
import { MissingMetaError, readMetaYaml } from "./persisted-meta.js";
import { cutTornTail, terminateWholeTail, tornBackupPath } from "./torn-tail.js";

export type ProblemKind =
  | "missing-meta"
  | "invalid-meta"
  | "wrong-experiment"
  | "missing-run-folder"
  | "torn-metric-line"
  | "unterminated-metric-line"
  | "bad-metric-line"
  | "empty-metric-file"
  | "leftover-temp-file"
  | "stale-lock"
  | "unreadable"
  | "unknown-folder";

export interface Problem {
  kind: ProblemKind;
  path: string;
  detail: string;
  /** What --fix does about it; absent when it is only reported. */
  fix?: string;
  /** For a torn metric line: where --fix keeps the text it cuts. */
  backup?: string;
}

export interface RepairResult {
  problem: Problem;
  done: boolean;
  error?: string;
}

/** A folder MLflow creates or reserves, found in the store: information, not a problem. */
export interface KnownFolder {
  path: string;
  /** What MLflow keeps there. */
  holds: string;
}

const RUN_SUBFOLDERS = ["metrics", "params", "artifacts", "tags"];
/** Leftovers younger than this may belong to a write in progress in another process. */
const IDLE_MS = 60_000;
const STALE_LOCK_MS = 10 * 60_000;

/**
 * Every problem in a store, as found in the wild: what reads skip with a warning, what MLflow
 * would trip on, and what a crash leaves. Reads only; nothing is changed.
 */
export function diagnoseStore(root: string, now = Date.now()): Problem[] {
  const problems: Problem[] = [];
  const dirs = (dir: string) => entries(dir, problems).filter((e) => e.isDirectory()).map((e) => e.name);

  for (const e of entries(root, problems)) {
    const full = path.join(root, e.name);
    if (e.isFile() && /^\.mlruns-.*\.lock$/.test(e.name) && now - mtime(full) > STALE_LOCK_MS) {
      problems.push({ kind: "stale-lock", path: full, detail: "a lock left by a process that died", fix: "delete it" });
    }
  }
  const experiments = [
    ...dirs(root).filter((d) => !STORE_ROOT_FOLDERS.has(d)).map((d) => [d, path.join(root, d)]),
    ...dirs(path.join(root, TRASH_FOLDER)).map((d) => [d, path.join(root, TRASH_FOLDER, d)]),
  ];
  for (const [expId, expDir] of experiments) {
    const meta = readMeta(expDir, problems, "experiment");
    if (meta === "missing") {
      problems.push({ kind: "unknown-folder", path: expDir, detail: "a folder with no meta.yaml: not an experiment, ignored by MLflow and mlruns" });
      continue;
    }
    if (meta && String(meta.experiment_id) !== expId) {
      problems.push({ kind: "wrong-experiment", path: expDir, detail: `meta.yaml says experiment '${meta.experiment_id}', the folder is '${expId}'` });
    }
    for (const run of dirs(expDir)) {
      if (EXPERIMENT_FOLDERS.has(run)) continue;
      diagnoseRun(path.join(expDir, run), expId, problems, now);
    }
  }
  return problems;
}

/** The folders at the store root that MLflow made or reserves (see layout.ts). */
export function knownFolders(root: string): KnownFolder[] {
  return entries(root, [])
    .filter((e) => e.isDirectory() && STORE_ROOT_FOLDERS.has(e.name))
    .map((e) => ({ path: path.join(root, e.name), holds: STORE_ROOT_FOLDERS.get(e.name)! }));
}

function diagnoseRun(runDir: string, expId: string, problems: Problem[], now: number): void {
  const meta = readMeta(runDir, problems, "run");
  if (meta === "missing") {
    problems.push({ kind: "missing-meta", path: runDir, detail: "a run folder without meta.yaml (a run whose creation was cut short, or not a run): skipped by readers" });
    return;
  }
  if (!meta) return;
  if (String(meta.experiment_id) !== expId) {
    problems.push({
      kind: "wrong-experiment",
      path: runDir,
      detail: `meta.yaml says experiment '${meta.experiment_id}' but the run sits in '${expId}': readers skip it; move the folder to its experiment`,
    });
  }
  for (const sub of RUN_SUBFOLDERS) {
    if (!fs.existsSync(path.join(runDir, sub))) {
      problems.push({
        kind: "missing-run-folder",
        path: path.join(runDir, sub),
        detail:
          sub === "tags"
            ? "an empty folder git dropped: read as no tags"
            : `an empty folder git dropped: mlruns reads it as none, but MLflow's get_run says the run is not found (search still lists it)`,
        fix: "create the empty folder",
      });
    }
  }
  for (const e of entries(runDir, problems)) {
    const full = path.join(runDir, e.name);
    if (e.isFile() && isTempFile(e.name) && now - mtime(full) > IDLE_MS) {
      problems.push({ kind: "leftover-temp-file", path: full, detail: "left by a write that was cut short; its target was never replaced", fix: "delete it" });
    }
  }
  leftoverArtifactCopies(path.join(runDir, "artifacts"), now, problems);
  const metricsDir = path.join(runDir, "metrics");
  for (const key of safeKeys(metricsDir, problems)) {
    const file = path.join(metricsDir, key);
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      problems.push({ kind: "unreadable", path: file, detail: (err as Error).message });
      continue;
    }
    if (text === "") {
      // Left by a writer killed between creating and writing it (mlruns now creates metric
      // files whole); it holds no point, and MLflow fails the run's whole read on it.
      problems.push({ kind: "empty-metric-file", path: file, detail: "no points: MLflow fails to read the run (\"No data found\")", fix: "delete it" });
      continue;
    }
    const backup = tornBackupPath(runDir, key);
    if (splitMetricText(text, (line) => parseMetricLine(key, line)).tail?.whole) {
      problems.push({
        kind: "unterminated-metric-line",
        path: file,
        detail: "the last line has no newline but is whole (written by hand or by another tool): read as MLflow reads it, but an append would glue onto it",
        fix: "add the missing newline",
      });
    }
    scanRunMetricFile(key, text, (problem) => {
      const torn = problem.startsWith("an incomplete last line");
      problems.push(
        torn
          ? { kind: "torn-metric-line", path: file, detail: problem, fix: `cut the incomplete line, keeping it in ${path.basename(backup)} beside meta.yaml`, backup }
          : {
              kind: "bad-metric-line",
              path: file,
              detail: `${problem}: mlruns skips it, MLflow fails on it or misreads it`,
              fix: `move the unreadable lines to ${path.basename(backup)} beside meta.yaml`,
              backup,
            },
      );
    });
  }
}

function readMeta(dir: string, problems: Problem[], what: string): Record<string, unknown> | "missing" | undefined {
  try {
    return readMetaYaml(dir);
  } catch (err) {
    if (err instanceof MissingMetaError && (err.message.startsWith("Missing") || !fs.existsSync(path.join(dir, "meta.yaml")))) return "missing";
    // The YAML parser's errors carry a `code` too; only errno codes mean "could not read".
    const errno = (err as NodeJS.ErrnoException).syscall !== undefined;
    problems.push({
      kind: errno ? "unreadable" : "invalid-meta",
      path: path.join(dir, "meta.yaml"),
      detail: `${what} metadata cannot be read (${(err as Error).message.split("\n")[0]}): readers skip this ${what}`,
    });
    return undefined;
  }
}

/** An artifact copy a kill cut short stays under its temp name, which artifact listings hide. */
function leftoverArtifactCopies(dir: string, now: number, problems: Problem[]): void {
  for (const e of entries(dir, problems)) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) leftoverArtifactCopies(full, now, problems);
    else if (e.isFile() && isAtomicTempName(e.name) && now - mtime(full) > IDLE_MS) {
      problems.push({ kind: "leftover-temp-file", path: full, detail: "an artifact copy that was cut short; artifact listings hide it", fix: "delete it" });
    }
  }
}

function entries(dir: string, problems: Problem[]): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") problems.push({ kind: "unreadable", path: dir, detail: (err as Error).message });
    return [];
  }
}

function safeKeys(dir: string, problems: Problem[]): string[] {
  try {
    return listKeys(dir);
  } catch (err) {
    problems.push({ kind: "unreadable", path: dir, detail: (err as Error).message });
    return [];
  }
}

function mtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}

/** Applies the fixes `diagnoseStore` offered; everything else is left for a person to decide. */
export function repairStore(problems: Problem[]): RepairResult[] {
  return problems
    .filter((p) => p.fix)
    .map((problem) => {
      try {
        switch (problem.kind) {
          case "empty-metric-file":
            if (fs.statSync(problem.path).size === 0) fs.rmSync(problem.path); // unless written since
            break;
          case "stale-lock":
          case "leftover-temp-file":
            fs.rmSync(problem.path, { force: true });
            break;
          case "missing-run-folder":
            fs.mkdirSync(problem.path, { recursive: true });
            break;
          case "torn-metric-line":
            withFile(problem.path, (fd) => cutTornTail(fd, problem.backup!));
            break;
          case "unterminated-metric-line":
            withFile(problem.path, terminateWholeTail);
            break;
          case "bad-metric-line":
            cutUnreadableLines(problem.path, problem.backup!);
            break;
          default:
            return { problem, done: false, error: "no automatic fix" };
        }
        return { problem, done: true };
      } catch (err) {
        return { problem, done: false, error: (err as Error).message };
      }
    });
}

function withFile(file: string, repair: (fd: number) => unknown): void {
  const fd = fs.openSync(file, "r+");
  try {
    repair(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Rewrites a run's metric file without its unreadable lines (a fragment a killed writer left
 * before a resumed run's points, say), keeping them in `backup`. One problem is reported per
 * bad line; the first repair cuts them all and the rest find nothing left. An incomplete
 * last line is torn-metric-line's to cut.
 */
function cutUnreadableLines(file: string, backup: string): void {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const tail = lines.pop()!;
  const key = path.basename(file);
  const keep: string[] = [];
  const cut: string[] = [];
  for (const line of lines) {
    if (line.trim() === "") {
      keep.push(line);
      continue;
    }
    try {
      parseMetricLine(key, line);
      keep.push(line);
    } catch {
      cut.push(line);
    }
  }
  if (!cut.length) return;
  fs.appendFileSync(backup, cut.map((l) => l + "\n").join(""));
  // The temp file goes beside meta.yaml, where no reader takes it for a metric.
  writeFileAtomicSync(file, keep.map((l) => l + "\n").join("") + tail, path.dirname(backup));
}
