import fs from "node:fs";
import path from "node:path";
import type FsExtra from "fs-extra";
import { lazyModule } from "../util/lazy-module.js";
import type { FileInfo } from "../entities.js";
import { InvalidParameterError, ResourceNotFoundError } from "../errors.js";
import { validateArtifactFile, validateArtifactPath } from "../validation/artifact-path.js";
import { isAtomicTempName, tempPath } from "../util/fs/atomic-write.js";
import type { ArtifactRepository } from "./artifact-repository.js";

const fse = lazyModule<typeof FsExtra>("fs-extra");

/** Artifacts in a local folder (MLflow's LocalArtifactRepository for file: URIs). */
export class LocalArtifactRepository implements ArtifactRepository {
  constructor(readonly rootDir: string) {}

  private resolve(relative: string | undefined, field: string): string {
    const safe = validateArtifactPath(relative, field);
    const full = safe ? path.join(this.rootDir, safe) : this.rootDir;
    // Defense in depth against symlinks planted inside the artifact folder.
    const rel = path.relative(this.rootDir, full);
    if (rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
      throw new InvalidParameterError(`Invalid ${field} '${relative}': it resolves outside the artifact folder.`);
    }
    return full;
  }

  async logArtifact(localFile: string, artifactPath?: string): Promise<void> {
    const dstDir = this.resolve(artifactPath, "artifact_path");
    if (!fs.statSync(localFile).isFile()) throw new InvalidParameterError(`logArtifact expects a file, but '${localFile}' is not one. Use logArtifacts for folders.`);
    fs.mkdirSync(dstDir, { recursive: true });
    // Copy under a temp name, then rename: a crash never leaves half a file under the real name.
    const target = path.join(dstDir, path.basename(localFile));
    const tmp = tempPath(dstDir, path.basename(localFile));
    fs.copyFileSync(localFile, tmp);
    renameOrDiscard(tmp, target);
  }

  async logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
    const dstDir = this.resolve(artifactPath, "artifact_path");
    const src = fs.realpathSync(localDir);
    if (!fs.statSync(src).isDirectory()) throw new InvalidParameterError(`logArtifacts expects a folder, but '${localDir}' is not one. Use logArtifact for files.`);
    fs.mkdirSync(dstDir, { recursive: true });
    // Symlinks are copied as the files they point to only when those stay inside the folder
    // being logged; a link pointing elsewhere would leak files the user did not choose to log.
    fse().copySync(src, dstDir, {
      dereference: true,
      filter: (item) => {
        const real = fs.realpathSync(item);
        return real === src || real.startsWith(src + path.sep);
      },
    });
  }

  async writeArtifact(artifactFile: string, data: string | Uint8Array): Promise<void> {
    const target = this.resolve(validateArtifactFile(artifactFile), "artifact_file");
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = tempPath(path.dirname(target), path.basename(target));
    fs.writeFileSync(tmp, data);
    renameOrDiscard(tmp, target);
  }

  async listArtifacts(relPath?: string): Promise<FileInfo[]> {
    const dir = this.resolve(relPath, "path");
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return [];
    const prefix = validateArtifactPath(relPath, "path");
    return fs
      .readdirSync(dir, { withFileTypes: true })
      // A copy in flight, or one a kill cut short (doctor --fix removes those), is no artifact yet.
      .filter((entry) => entry.isDirectory() || !isAtomicTempName(entry.name))
      .map((entry) => {
        const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
        const isDir = entry.isDirectory();
        return { path: rel, isDir, fileSize: isDir ? null : fs.statSync(path.join(dir, entry.name)).size };
      })
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async downloadArtifacts(relPath: string, dstDir: string): Promise<string> {
    const src = this.resolve(relPath, "path");
    if (!fs.existsSync(src)) throw new ResourceNotFoundError(`No artifact at '${relPath}' in ${this.rootDir}.`);
    const dst = path.join(path.resolve(dstDir), relPath ? validateArtifactPath(relPath, "path")! : "");
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fse().copySync(src, dst, { dereference: true, filter: (item) => !isAtomicTempName(path.basename(item)) || fs.statSync(item).isDirectory() });
    return dst;
  }
}

/** Moves a finished temp file into place; if that fails (a folder of that name, say), the temp file goes. */
function renameOrDiscard(tmp: string, target: string): void {
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
