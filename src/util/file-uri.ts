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

/** local_file_uri_to_path: a file: URI or a plain path to an absolute local path. */
export function fileUriToPath(uriOrPath: string): string {
  if (!uriOrPath.startsWith("file:")) return path.resolve(uriOrPath);
  const url = new URL(uriOrPath.startsWith("file:///") || uriOrPath.startsWith("file://") ? uriOrPath : uriOrPath.replace(/^file:/, "file://"));
  return decodeURIComponent(url.pathname);
}

export function isLocalUri(uri: string): boolean {
  return uri.startsWith("file:") || !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(uri);
}
