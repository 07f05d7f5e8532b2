import path from "node:path";
import { InvalidParameterError } from "../errors.js";
import { pathToFileUri } from "../util/file-uri.js";
import { FileStore } from "./file/index.js";
import type { TrackingStore } from "./tracking-store.js";

const stores = new Map<string, TrackingStore>();

/**
 * The store behind a tracking URI. One instance per URI per process, so the metric buffer
 * and run-location cache are shared by the fluent API and every MlflowClient.
 */
export function openStore(trackingUri: string): TrackingStore {
  const key = normalizeTrackingUri(trackingUri);
  let store = stores.get(key);
  if (!store) {
    store = createStore(key);
    stores.set(key, store);
  }
  return store;
}

/** File URIs and paths naming the same folder map to one store. */
export function normalizeTrackingUri(uri: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(uri)) return uri;
  return pathToFileUri(path.resolve(uri));
}

export function openedStores(): TrackingStore[] {
  return [...stores.values()];
}

function createStore(uri: string): TrackingStore {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === "file") return new FileStore(uri);
  throw new InvalidParameterError(
    `Tracking URI '${uri}' uses the '${scheme}' scheme, which mlruns does not support yet. Use a local folder path or a file: URI (e.g. ./mlruns).`,
  );
}
