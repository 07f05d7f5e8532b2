import path from "node:path";

// pathlib.Path.as_uri() percent-encodes everything but unreserved characters and '/'.
const UNRESERVED = /[A-Za-z0-9_.\-~/]/;

/** The same text as Python's pathlib.Path(os.path.abspath(p)).as_uri(). */
export function pathToFileUri(p: string): string {
  const abs = path.resolve(p);
  let out = "";
  for (const byte of Buffer.from(abs, "utf8")) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return "file://" + out;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** A URI's scheme in lower case, or undefined for a plain path. */
export function uriScheme(uri: string): string | undefined {
  return SCHEME.exec(uri)?.[1]?.toLowerCase();
}

/**
 * The key a store is opened under: every spelling of one local folder (a plain path, `file:/x`,
 * `file:///x/`, `file:rel`, `FILE:///x`) maps to its one file: URI; other URIs pass through.
 */
export function normalizeTrackingUri(uri: string): string {
  return isLocalUri(uri) ? pathToFileUri(fileUriToPath(uri)) : uri;
}

/**
 * local_file_uri_to_path: a file: URI or a plain path to an absolute local path. Like
 * urllib's urlparse, `file:rel/dir` (no slash after the colon) names a path relative to the cwd.
 */
export function fileUriToPath(uriOrPath: string): string {
  if (uriScheme(uriOrPath) !== "file") return path.resolve(uriOrPath);
  const rest = uriOrPath.slice("file:".length);
  if (!rest.startsWith("/")) return path.resolve(decodeURIComponent(rest));
  const url = new URL(rest.startsWith("//") ? "file:" + rest : "file://" + rest);
  return decodeURIComponent(url.pathname);
}

export function isLocalUri(uri: string): boolean {
  const scheme = uriScheme(uri);
  return scheme === undefined || scheme === "file";
}
