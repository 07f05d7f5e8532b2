/**
 * What `mlruns gc` needs beyond the store's verbs: MLflow's --older-than syntax, and the store's
 * removal verbs (TrackingStore's HardDeleteVerbs), or a clear error for a store without them.
 */
import type { MlflowClient } from "../index.js";
import { canHardDelete, type HardDeleteVerbs, type TrackingStore } from "../store/tracking-store.js";
import { CliError, UsageError } from "./errors.js";

/** mlflow gc --older-than: "#d#h#m#s", each part optional, floats allowed. Milliseconds. */
export function parseOlderThan(text: string): number {
  const m = /^(?:([.\d]+?)d)?(?:([.\d]+?)h)?(?:([.\d]+?)m)?(?:([.\d]+?)s)?$/.exec(text);
  const parts = m ? m.slice(1, 5) : [];
  if (!m || text === "" || parts.some((p) => p !== undefined && !/^(\d+\.?\d*|\.\d+)$/.test(p))) {
    throw new UsageError(
      `could not parse any time information from '${text}' for --older-than. Examples of valid strings: '8h', '2d8h5m20s', '2m4s', '1.5d'`,
      "gc",
    );
  }
  const [d, h, min, s] = parts.map((p) => (p === undefined ? 0 : Number(p))) as [number, number, number, number];
  return Math.trunc((((d * 24 + h) * 60 + min) * 60 + s) * 1000);
}

/** The client's store, if it can remove things for good (MLflow's REST API cannot). */
export function hardDeletingStore(client: MlflowClient): TrackingStore & HardDeleteVerbs {
  if (!canHardDelete(client.store)) {
    throw new CliError(`gc cannot remove anything from ${client.trackingUri}: that store has no hard delete (MLflow's REST API has none; run gc on the server's file store)`);
  }
  return client.store;
}
