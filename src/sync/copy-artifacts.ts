/**
 * Artifact files, through the artifact repositories of both sides. A file is sent when it is
 * new, or its size and mtime changed and its sha256 with them (a touched but equal file is not
 * sent again). After an interruption, a file the target already has at the same size counts
 * as sent: uploads go to a temp name and are renamed (the local repository) or rejected when
 * cut short (the server's proxy), so a same-size file is a whole one.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ArtifactRepository } from "../artifacts/artifact-repository.js";
import type { ArtifactMark } from "./ledger.js";
import type { SyncContext } from "./context.js";

export interface ArtifactSide {
  source: ArtifactRepository;
  /** Opened only when something is to be sent or compared (it may cost the target a request). */
  target: () => Promise<ArtifactRepository>;
  marks: Readonly<Record<string, ArtifactMark>>;
  reconcile: boolean;
  /** Before each upload (see SyncContext.beforeSend). */
  beforeSend(): void;
  record(path: string, mark: ArtifactMark): void;
}

/** Every file below `dir`, with its size. */
export async function listFiles(repo: ArtifactRepository, dir?: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const info of await repo.listArtifacts(dir)) {
    if (info.isDir) for (const [p, size] of await listFiles(repo, info.path)) out.set(p, size);
    else out.set(info.path, info.fileSize ?? -1);
  }
  return out;
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash("sha256");
    fs.createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** Returns whether anything was sent. */
export async function copyArtifacts(ctx: SyncContext, side: ArtifactSide): Promise<boolean> {
  const files = await listFiles(side.source);
  if (files.size === 0) return false;
  let target: ArtifactRepository | undefined;
  const openTarget = async () => (target ??= await side.target());
  const onTarget = side.reconcile && !ctx.dryRun ? await listFiles(await openTarget()) : undefined;
  let scratch: string | undefined;
  let sent = false;
  try {
    for (const rel of files.keys()) {
      let local: string;
      if (side.source.rootDir !== undefined) local = path.join(side.source.rootDir, rel);
      else {
        scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-sync-"));
        local = await side.source.downloadArtifacts(rel, scratch);
      }
      const stat = fs.statSync(local);
      const mark = side.marks[rel];
      if (mark && mark.size === stat.size && mark.mtimeMs === stat.mtimeMs) continue;
      const next: ArtifactMark = { size: stat.size, mtimeMs: stat.mtimeMs, sha256: await sha256File(local) };
      const same = mark && mark.size === next.size && mark.sha256 === next.sha256;
      if (!same && onTarget?.get(rel) !== stat.size) {
        const dir = path.posix.dirname(rel);
        side.beforeSend();
        if (!ctx.dryRun) await (await openTarget()).logArtifact(local, dir === "." ? undefined : dir);
        ctx.summary.artifacts++;
        ctx.summary.bytes += stat.size;
        sent = true;
        ctx.tick();
      }
      side.record(rel, next);
    }
  } finally {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
  return sent;
}
