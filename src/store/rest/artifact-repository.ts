import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { FileInfo } from "../../entities.js";
import { InvalidParameterError, MlflowError, ResourceNotFoundError } from "../../errors.js";
import type { HttpClient } from "./http-client.js";
import { unavailableError } from "./rest-errors.js";
import { validateArtifactFile, validateArtifactPath } from "../../validation/artifact-path.js";
import { tempPath } from "../../util/fs/atomic-write.js";
import type { ArtifactRepository } from "../../artifacts/artifact-repository.js";
import { matchFiles } from "../../artifacts/artifact-globs.js";

/** The tracking server's artifact proxy (mlflow server --serve-artifacts). */
const PROXY_PATH = "/api/2.0/mlflow-artifacts/artifacts";

/**
 * Artifacts behind an MLflow server's proxy: MLflow's MlflowArtifactsRepository for
 * `mlflow-artifacts:` URIs and HttpArtifactRepository for http(s) ones. Files go up with PUT
 * and come down with GET at `<proxy>/<root>/<path>`; a folder is listed with `GET <proxy>?path=`.
 * Requests go through the store's HttpClient: same auth, TLS, retries and errors.
 */
export class HttpArtifactRepository implements ArtifactRepository {
  /** The artifact root as an http(s) URL, with no trailing slash. */
  readonly rootUrl: string;

  constructor(
    private readonly http: HttpClient,
    readonly artifactUri: string,
  ) {
    this.rootUrl = resolveArtifactUrl(artifactUri, http.baseUri);
  }

  async logArtifact(localFile: string, artifactPath?: string): Promise<void> {
    const dst = validateArtifactPath(artifactPath, "artifact_path");
    if (!fs.statSync(localFile).isFile()) throw new InvalidParameterError(`logArtifact expects a file, but '${localFile}' is not one. Use logArtifacts for folders.`);
    const name = path.basename(localFile);
    // A Blob backed by the file: streamed, and readable again if a retry sends it twice.
    await this.put(dst ? `${dst}/${name}` : name, await fs.openAsBlob(localFile));
  }

  async logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
    const dst = validateArtifactPath(artifactPath, "artifact_path");
    const src = fs.realpathSync(localDir);
    if (!fs.statSync(src).isDirectory()) throw new InvalidParameterError(`logArtifacts expects a folder, but '${localDir}' is not one. Use logArtifact for files.`);
    // Symlinks count only when they stay inside the folder, as in the local repository.
    for (const { path: rel } of matchFiles(src, {})) {
      const target = dst ? `${dst}/${rel}` : rel;
      await this.put(target, await fs.openAsBlob(path.join(src, ...rel.split("/"))));
    }
  }

  async writeArtifact(artifactFile: string, data: string | Uint8Array): Promise<void> {
    await this.put(validateArtifactFile(artifactFile), typeof data === "string" ? Buffer.from(data) : data);
  }

  async listArtifacts(relPath?: string): Promise<FileInfo[]> {
    const prefix = validateArtifactPath(relPath, "path");
    const split = this.rootUrl.indexOf(PROXY_PATH);
    if (split < 0) throw new InvalidParameterError(`Cannot list artifacts at ${this.rootUrl}: only an MLflow server's artifact proxy (${PROXY_PATH}) can list folders.`);
    const root = this.rootUrl.slice(split + PROXY_PATH.length).replace(/^\/+/, "");
    const listPath = [root, prefix].filter(Boolean).join("/");
    const response = await this.http.send({ method: "GET", path: this.rootUrl.slice(0, split + PROXY_PATH.length), query: { path: listPath } });
    const body = await this.http.readJson<{ files?: Array<{ path: string; is_dir?: boolean; file_size?: string | number }> }>(response, PROXY_PATH);
    const files: FileInfo[] = (body.files ?? []).map((f) => ({
      path: prefix ? `${prefix}/${f.path}` : f.path,
      isDir: Boolean(f.is_dir),
      fileSize: f.file_size === undefined ? null : Number(f.file_size),
    }));
    // HttpArtifactRepository.list_artifacts: listing a file answers with the file itself, which means "no folder here".
    if (files.length === 1 && !files[0]!.isDir && prefix && files[0]!.path === `${prefix}/${path.posix.basename(prefix)}`) return [];
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async downloadArtifacts(relPath: string, dstDir: string): Promise<string> {
    const safe = validateArtifactPath(relPath, "path") ?? "";
    const dst = path.join(path.resolve(dstDir), ...safe.split("/").filter(Boolean));
    const listing = await this.listArtifacts(safe || undefined);
    if (listing.length > 0 || safe === "") {
      fs.mkdirSync(dst, { recursive: true });
      for (const entry of listing) await this.downloadArtifacts(entry.path, dstDir);
      return dst;
    }
    await this.downloadFile(safe, dst);
    return dst;
  }

  private async downloadFile(relPath: string, dst: string): Promise<void> {
    let response: Response;
    try {
      response = await this.http.send({ method: "GET", path: this.fileUrl(relPath) });
    } catch (err) {
      // The proxy answered the listing, so a 404 here (bare, or RESOURCE_DOES_NOT_EXIST) is the file.
      if (err instanceof MlflowError && (err.errorCode === "RESOURCE_DOES_NOT_EXIST" || err.errorCode === "ENDPOINT_NOT_FOUND")) throw new ResourceNotFoundError(`No artifact at '${relPath}' in ${this.artifactUri}.`);
      throw err;
    }
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    const tmp = tempPath(path.dirname(dst), path.basename(dst));
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream), fs.createWriteStream(tmp)).catch((err: unknown) => {
        // A stalled or broken download is the server's fault, said like any failed request; a local write error stays as it is.
        if ((err as NodeJS.ErrnoException).syscall) throw err;
        throw unavailableError(this.http.baseUri, relPath, 1, err);
      });
      fs.renameSync(tmp, dst);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }

  private async put(relPath: string, body: Blob | Uint8Array): Promise<void> {
    await this.http.send({ method: "PUT", path: this.fileUrl(relPath), headers: { "Content-Type": "application/octet-stream" }, body });
  }

  private fileUrl(relPath: string): string {
    return `${this.rootUrl}/${relPath.split("/").map(encodeURIComponent).join("/")}`;
  }
}

/**
 * MlflowArtifactsRepository.resolve_uri: `mlflow-artifacts:/<path>` is the tracking server's
 * proxy; `mlflow-artifacts://host:port/<path>` another server's, reached with the tracking
 * URI's scheme; an http(s) URI is used as it is.
 */
export function resolveArtifactUrl(artifactUri: string, trackingUri: string): string {
  if (/^https?:\/\//i.test(artifactUri)) return artifactUri.replace(/\/+$/, "");
  const m = /^mlflow-artifacts:(\/\/([^/]*))?(\/.*)?$/.exec(artifactUri);
  if (!m) throw new InvalidParameterError(`Artifact URI '${artifactUri}' is neither mlflow-artifacts: nor http(s): the REST store cannot reach it.`);
  const tracking = new URL(trackingUri);
  const origin = m[2] ? `${tracking.protocol}//${m[2]}` : trackingUri.replace(/\/+$/, "");
  const rest = (m[3] ?? "").replace(/^\/+|\/+$/g, "");
  return `${origin}${PROXY_PATH}${rest ? `/${rest}` : ""}`;
}
