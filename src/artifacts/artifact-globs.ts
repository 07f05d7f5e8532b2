/**
 * Choosing files under a folder by glob: logArtifacts' include/exclude, and `mlruns show
 * --artifacts`. Patterns are fast-glob's (micromatch syntax), relative to the folder, with `/`
 * as separator: `*.json` matches at the top only, `**\/*.ckpt` at any depth, `checkpoints/**`
 * a whole folder. Hidden files match like any other (MLflow logs them too).
 */
import fs from "node:fs";
import path from "node:path";
import type FastGlob from "fast-glob";
import { InvalidParameterError } from "../errors.js";
import { lazyModule } from "../util/lazy-module.js";

const fastGlob = lazyModule<typeof FastGlob>("fast-glob");

export interface ArtifactGlobs {
  /** Only files matching one of these patterns (default: every file). */
  include?: string | readonly string[];
  /** No file matching one of these patterns, even if included (e.g. `["checkpoints/**", "**\/__pycache__/**"]`). */
  exclude?: string | readonly string[];
}

export interface MatchedFile {
  /** Relative to the folder, `/`-separated. */
  path: string;
  size: number;
}

function patterns(value: unknown, option: string): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.some((p) => typeof p !== "string" || p === "")) {
    throw new InvalidParameterError(`'${option}' must be a glob pattern or a list of them (non-empty strings), got ${JSON.stringify(value)}.`);
  }
  for (const p of list as string[]) {
    if (p.startsWith("/") || /^[a-zA-Z]:[\\/]/.test(p) || p.split("/").includes("..")) {
      throw new InvalidParameterError(`'${option}' pattern '${p}' reaches outside the folder: patterns are relative to it, without '..' (e.g. '**/*.json').`);
    }
  }
  return list as string[];
}

export function hasGlobs(globs: ArtifactGlobs | undefined): boolean {
  return globs !== undefined && (globs.include !== undefined || globs.exclude !== undefined);
}

/**
 * The files under `dir` that match `include` and not `exclude`, sorted by path. A symlink counts
 * only when it points inside `dir` (the rule logArtifacts keeps for whole folders).
 */
export function matchFiles(dir: string, globs: ArtifactGlobs): MatchedFile[] {
  const include = patterns(globs.include, "include") ?? ["**"];
  const exclude = patterns(globs.exclude, "exclude") ?? [];
  const root = fs.realpathSync(dir);
  const found = fastGlob().sync(include, { cwd: root, ignore: exclude, dot: true, onlyFiles: true, unique: true, followSymbolicLinks: true });
  const out: MatchedFile[] = [];
  for (const rel of found) {
    const real = fs.realpathSync(path.join(root, rel));
    if (real !== root && !real.startsWith(root + path.sep)) continue;
    out.push({ path: rel, size: fs.statSync(real).size });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
