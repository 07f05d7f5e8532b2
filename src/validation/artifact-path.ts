import path from "node:path";
import { InvalidParameterError } from "../errors.js";

function fullyDecoded(p: string): string {
  let prev = p;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(prev);
    } catch {
      return prev;
    }
    if (next === prev) return next;
    prev = next;
  }
  return prev;
}

/**
 * mlflow/utils/uri.py validate_path_is_safe, made stricter: the path (after percent-decoding)
 * must be relative, use '/' only, and never step outside with '..'. Control characters and
 * NUL are refused rather than escaped, since they cannot name a portable file.
 */
export function validateArtifactPath(p: string | undefined, field = "artifact_path"): string | undefined {
  if (p === undefined || p === null || p === "") return undefined;
  if (typeof p !== "string") throw new InvalidParameterError(`'${field}' must be a string, got ${typeof p}.`);
  const decoded = fullyDecoded(p);
  const problem =
    /[\x00-\x1f\x7f]/.test(decoded) ? "it contains a control character" :
    decoded.includes("\\") ? "it contains a backslash; use '/' to separate folders" :
    decoded.includes("#") ? "it contains '#'" :
    decoded.startsWith("/") || /^[a-zA-Z]:[\\/]/.test(decoded) ? "it is absolute; pass a path relative to the run's artifact root" :
    decoded.split("/").includes("..") ? "it contains '..'; artifact paths must stay inside the run's artifact folder" :
    undefined;
  if (problem) throw new InvalidParameterError(`Invalid ${field} '${p}': ${problem}.`);
  return p.replace(/\/+$/, "");
}

/** An artifact *file* (logText, logDict): a relative path that names a file, not a folder. */
export function validateArtifactFile(p: string, field = "artifact_file"): string {
  const safe = validateArtifactPath(p, field);
  const normal = safe === undefined ? "." : path.posix.normalize(safe);
  if (normal === "." || p.endsWith("/") || p.endsWith("/.")) {
    throw new InvalidParameterError(`Invalid ${field} '${p}': it must name a file, e.g. 'notes/summary.txt'.`);
  }
  return safe!;
}
