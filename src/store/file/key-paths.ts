import fs from "node:fs";
import path from "node:path";
import { InvalidParameterError } from "../../errors.js";

/**
 * MLflow stores a key with "/" as nested files (metrics/x/y), so one key cannot be a value
 * while another makes it a folder ("x" and "x/y"). MLflow's FileStore fails such a call at
 * once (os.makedirs or open on the wrong kind of path); mlruns refuses it before anything is
 * written, and for buffered metrics before the point is queued, so no later flush can fail.
 */
/** `owner` names where the key lives, for the error: "run 1a2b…", "experiment 7", "logged model m-…". */
export function checkKeyPath(kind: "Metric" | "Param" | "Tag", dir: string, key: string, owner: string, queued?: ReadonlySet<string>): void {
  const parts = key.split("/");
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    if (queued?.has(prefix) || kindOf(path.join(dir, prefix)) === "file") {
      throw clash(kind, key, owner, `'${prefix}' is already a ${kind.toLowerCase()} there`);
    }
  }
  let inside = kindOf(path.join(dir, key)) === "dir";
  if (!inside && queued) for (const q of queued) if (q.startsWith(`${key}/`)) inside = true;
  if (inside) throw clash(kind, key, owner, `it is already a folder of other ${kind.toLowerCase()}s there ('${key}/...')`);
}

/** checkKeyPath for each of one request's keys, against the folder and against each other. */
export function checkKeyPaths(kind: "Param" | "Tag", dir: string, entries: readonly { key: string }[], owner: string): void {
  const seen = new Set<string>();
  for (const { key } of entries) {
    checkKeyPath(kind, dir, key, owner, seen);
    seen.add(key);
  }
}

function clash(kind: string, key: string, owner: string, why: string): InvalidParameterError {
  return new InvalidParameterError(
    `${kind} '${key}' of ${owner} cannot be logged: ${why}, and a key cannot be both a value and a folder of other keys. Use another key, such as '${key.replace(/\//g, "_")}'.`,
  );
}

function kindOf(p: string): "file" | "dir" | undefined {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  return st === undefined ? undefined : st.isDirectory() ? "dir" : "file";
}
