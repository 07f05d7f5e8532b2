import fs from "node:fs";
import path from "node:path";
import { hasGlobs, matchFiles, type ArtifactGlobs } from "../artifacts/artifact-globs.js";
import type { ArtifactRepository } from "../artifacts/artifact-repository.js";
import { InvalidParameterError } from "../errors.js";

/**
 * log_artifacts: the whole folder, or with include/exclude globs only the files they choose,
 * each at its relative path under `artifactPath` (folders left with no chosen file are not made).
 */
export async function logFolder(repo: ArtifactRepository, localDir: string, artifactPath: string | undefined, globs: ArtifactGlobs | undefined): Promise<void> {
  if (!hasGlobs(globs)) return repo.logArtifacts(localDir, artifactPath);
  if (!fs.existsSync(localDir) || !fs.statSync(localDir).isDirectory()) {
    throw new InvalidParameterError(`logArtifacts expects a folder, but '${localDir}' is not one. Use logArtifact for files.`);
  }
  for (const file of matchFiles(localDir, globs!)) {
    const sub = path.posix.dirname(file.path);
    const dest = sub === "." ? artifactPath : artifactPath ? `${artifactPath.replace(/\/+$/, "")}/${sub}` : sub;
    await repo.logArtifact(path.join(localDir, file.path), dest);
  }
}
