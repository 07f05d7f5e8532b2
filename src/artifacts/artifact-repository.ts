import type { FileInfo } from "../entities.js";

/** Where a run's artifacts live. MLflow keeps this apart from the tracking store; so do we. */
export interface ArtifactRepository {
  /** The folder the artifacts are in, when it is on this machine. */
  readonly rootDir?: string;
  logArtifact(localFile: string, artifactPath?: string): Promise<void>;
  logArtifacts(localDir: string, artifactPath?: string): Promise<void>;
  /** Write bytes directly to `artifactFile` (a relative path), as logText/logDict do. */
  writeArtifact(artifactFile: string, data: string | Uint8Array): Promise<void>;
  listArtifacts(path?: string): Promise<FileInfo[]>;
  /** Copy `path` (file or folder) into `dstDir` and return the local path of the copy. */
  downloadArtifacts(path: string, dstDir: string): Promise<string>;
}
