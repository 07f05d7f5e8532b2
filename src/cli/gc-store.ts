/**
 * The file-level half of `mlruns gc`. The public API has no hard delete and does not expose a
 * run's deleted_time, so, as mlflow's FileStore._get_deleted_runs / _hard_delete_run /
 * _hard_delete_experiment do, this reads deleted_time from the run's meta.yaml and removes
 * folders itself, refusing any path outside the store (or, for artifacts, outside the run's own
 * artifact folder).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { MlflowClient, Run } from "../index.js";
import { runArtifactDir } from "../store/file/index.js";
import { FileStore } from "../store/file/index.js";
import { CliError, UsageError } from "./errors.js";

const TRASH = ".trash";

/** mlflow gc --older-than: "#d#h#m#s", each part optional, floats allowed. Milliseconds. */
export function parseOlderThan(text: string): number {
  const m = /^(?:([.\d]+?)d)?(?:([.\d]+?)h)?(?:([.\d]+?)m)?(?:([.\d]+?)s)?$/.exec(text);
  const parts = m ? m.slice(1, 5) : [];
  if (!m || text === "" || parts.some((p) => p !== undefined && !/^(\d+\.?\d*|\.\d+)$/.test(p))) {
    throw new UsageError(
      `could not parse any time information from '${text}' for --older-than. Examples of valid strings: '8h', '2d8h5m20s', '2m4s', '1.5d'`,
      "gc",
    );
  }
  const [d, h, min, s] = parts.map((p) => (p === undefined ? 0 : Number(p))) as [number, number, number, number];
  return Math.trunc((((d * 24 + h) * 60 + min) * 60 + s) * 1000);
}

/** The folder of the file store behind the client. */
export function storeRoot(client: MlflowClient): string {
  if (!(client.store instanceof FileStore)) throw new CliError("gc works on file stores only");
  return client.store.rootDir;
}

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** <root>/<exp>/<run> or <root>/.trash/<exp>/<run>, whichever holds the run's meta.yaml. */
export function runDir(root: string, run: Run): string {
  for (const parent of [root, path.join(root, TRASH)]) {
    const dir = path.join(parent, run.info.experimentId, run.info.runId);
    if (fs.existsSync(path.join(dir, "meta.yaml"))) return dir;
  }
  throw new CliError(`cannot find the folder of run ${run.info.runId} under ${root}`);
}

export function deletedExperimentDir(root: string, experimentId: string): string | undefined {
  const dir = path.join(root, TRASH, experimentId);
  return fs.existsSync(path.join(dir, "meta.yaml")) ? dir : undefined;
}

/** deleted_time from the run's meta.yaml (ms), or null when absent (MLflow then treats the run as old enough). */
export function readDeletedTime(dir: string): number | null {
  const text = fs.readFileSync(path.join(dir, "meta.yaml"), "utf8");
  const m = /^deleted_time:\s*'?(\d+)'?\s*$/m.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * Remove a run for good: its artifact folder (when local and recognisably this run's), then its
 * folder. Returns a note when the artifacts were left in place.
 */
export function hardDeleteRun(root: string, run: Run, dir: string): string | undefined {
  if (!inside(root, dir)) throw new CliError(`refusing to remove ${dir}: it is outside the store ${root}`);
  let note: string | undefined;
  const uri = run.info.artifactUri;
  if (uri) {
    let artifactDir: string | undefined;
    if (uri.startsWith("file:")) {
      try {
        artifactDir = fileURLToPath(uri.startsWith("file://") ? uri : uri.replace(/^file:/, "file://"));
      } catch {
        artifactDir = undefined;
      }
    } else if (path.isAbsolute(uri)) {
      artifactDir = uri;
    }
    // A moved store's default-layout location means its own folder here, never the old path
    // (which may be the original store's, still in use).
    if (artifactDir !== undefined) artifactDir = runArtifactDir(root, run.info);
    if (artifactDir === undefined) {
      note = `left the artifacts of run ${run.info.runId} at ${uri}: not a local folder`;
    } else if (!inside(dir, artifactDir)) {
      if (path.basename(artifactDir) === "artifacts" && path.basename(path.dirname(artifactDir)) === run.info.runId) {
        fs.rmSync(artifactDir, { recursive: true, force: true });
        // The <run_id> folder around it is left empty: remove it too, but only if it is empty.
        try {
          fs.rmdirSync(path.dirname(artifactDir));
        } catch {
          // not empty, or already gone
        }
      } else if (fs.existsSync(artifactDir)) {
        note = `left the artifacts of run ${run.info.runId} at ${artifactDir}: it does not look like that run's artifact folder`;
      }
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return note;
}

export function hardDeleteExperiment(root: string, dir: string): void {
  if (!inside(path.join(root, TRASH), dir)) throw new CliError(`refusing to remove ${dir}: it is not in ${path.join(root, TRASH)}`);
  fs.rmSync(dir, { recursive: true, force: true });
}
