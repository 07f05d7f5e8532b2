import type * as Crypto from "node:crypto";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * A dependency loaded on first use. yaml, fs-extra and uuid together take ~90 ms to import,
 * which every `mlruns` command paid even when (as for a search served from the run cache)
 * it never parsed YAML, copied a folder or made an id.
 */
export function lazyModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}

/** node:crypto takes ~4 ms to load, and a search (the run cache's hash included) needs none of it. */
export const nodeCrypto = lazyModule<typeof Crypto>("node:crypto");
