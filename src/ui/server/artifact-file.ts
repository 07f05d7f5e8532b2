/**
 * Serving one artifact file: the path must stay inside the run's artifact folder after every
 * decoding and after following symlinks, and what a browser could run (HTML, SVG, anything
 * unknown) is sent as a sandboxed download. Files are streamed; previews stop at PREVIEW_BYTES.
 */
import fs from "node:fs";
import path from "node:path";
import type { ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { ArtifactRepository } from "../../artifacts/artifact-repository.js";
import { InvalidParameterError } from "../../errors.js";
import { validateArtifactPath } from "../../validation/artifact-path.js";
import { HttpError, sendJson } from "./respond.js";

/** A preview shows at most this much of a file (the first 1 MiB). */
export const PREVIEW_BYTES = 1024 * 1024;

/** Types a browser only displays; everything else is a download. */
const INLINE_TYPES: Record<string, string> = {
  ".txt": "text/plain; charset=utf-8",
  ".log": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".py": "text/plain; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".yaml": "text/plain; charset=utf-8",
  ".yml": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".tsv": "text/tab-separated-values; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
};
/** MLflow's extensionless text files. */
const TEXT_NAMES = new Set(["MLmodel", "MLproject", "requirements.txt", "conda.yaml", "python_env.yaml"]);

export interface ArtifactType {
  contentType: string;
  /** false: sent with Content-Disposition: attachment. */
  inline: boolean;
}

export function artifactType(relPath: string): ArtifactType {
  const name = path.posix.basename(relPath);
  if (TEXT_NAMES.has(name)) return { contentType: "text/plain; charset=utf-8", inline: true };
  const known = INLINE_TYPES[path.posix.extname(name).toLowerCase()];
  if (known) return { contentType: known, inline: true };
  return { contentType: "application/octet-stream", inline: false };
}

/**
 * The real path of `relPath` in the repository's folder, refused unless it is inside it.
 * validateArtifactPath decodes repeatedly (so `..%2f` and `..%252f` are caught) and refuses
 * absolute paths; realpath catches a symlink planted in the folder that leads out of it.
 */
export function resolveInside(repo: ArtifactRepository, relPath: string | undefined): string {
  if (!repo.rootDir) throw new HttpError(501, "NOT_IMPLEMENTED", "This run's artifacts are not in a local folder; mlruns ui serves local artifacts only.");
  let safe: string | undefined;
  try {
    safe = validateArtifactPath(relPath, "path");
  } catch (err) {
    if (err instanceof InvalidParameterError) throw new HttpError(400, "INVALID_PARAMETER_VALUE", err.message);
    throw err;
  }
  let root: string;
  let real: string;
  try {
    root = fs.realpathSync(repo.rootDir);
    real = fs.realpathSync(safe ? path.join(repo.rootDir, safe) : repo.rootDir);
  } catch {
    throw new HttpError(404, "RESOURCE_DOES_NOT_EXIST", `No artifact at '${relPath ?? ""}'.`);
  }
  if (real !== root && !real.startsWith(root + path.sep)) {
    throw new HttpError(403, "PERMISSION_DENIED", `Artifact '${relPath}' resolves outside the run's artifact folder; it is not served.`);
  }
  return real;
}

/**
 * `/artifacts?path=DIR` (a folder's listing as { files }) or `/artifact?path=FILE` (the file, see
 * sendArtifact) of a run's or a logged model's artifacts. `openRepo` is called once the query is
 * known to be well formed.
 */
export async function serveArtifacts(res: ServerResponse, openRepo: () => Promise<ArtifactRepository>, which: "artifacts" | "artifact", q: URLSearchParams): Promise<void> {
  if (which === "artifacts") {
    const repo = await openRepo();
    const path = q.get("path") || undefined;
    // One that logged no artifact may have no artifact folder at all: its listing is empty.
    if (path === undefined && repo.rootDir && !fs.existsSync(repo.rootDir)) return sendJson(res, 200, { files: [] });
    resolveInside(repo, path);
    return sendJson(res, 200, { files: await repo.listArtifacts(path) });
  }
  const path = q.get("path") ?? "";
  if (!path) throw new HttpError(400, "INVALID_PARAMETER_VALUE", "Pass the artifact's path: ?path=dir/file.txt");
  const repo = await openRepo();
  await sendArtifact(res, resolveInside(repo, path), path, { preview: q.get("preview") === "1", download: q.get("download") === "1" });
}

/** Streams the file (or its first PREVIEW_BYTES with `preview`), with headers that keep the browser from running it. */
export async function sendArtifact(res: ServerResponse, realPath: string, relPath: string, opts: { preview: boolean; download: boolean }): Promise<void> {
  const stat = fs.statSync(realPath);
  if (!stat.isFile()) throw new HttpError(400, "INVALID_PARAMETER_VALUE", `Artifact '${relPath}' is a folder; list it with /artifacts?path=.`);
  const type = artifactType(relPath);
  const length = opts.preview ? Math.min(stat.size, PREVIEW_BYTES) : stat.size;
  const name = path.posix.basename(relPath);
  res.writeHead(200, {
    "Content-Type": type.contentType,
    "Content-Length": length,
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    "Content-Disposition": `${type.inline && !opts.download ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(name)}`,
    "X-Artifact-Size": stat.size,
    "X-Artifact-Truncated": String(length < stat.size),
    "Cache-Control": "no-store",
  });
  if (res.req.method === "HEAD" || length === 0) {
    res.end();
    return;
  }
  await pipeline(fs.createReadStream(realPath, { start: 0, end: length - 1 }), res);
}
