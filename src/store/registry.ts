/**
 * Which store serves a tracking URI: a factory per URI scheme. A new store is a folder under
 * src/store/ and one `registerStore` line below; see docs/internals.md#adding-a-store.
 */
import { InvalidParameterError } from "../errors.js";
import { normalizeTrackingUri, uriScheme } from "../util/file-uri.js";
import { FileStore } from "./file/index.js";
import { RestStore } from "./rest/rest-store.js";
import type { TrackingStore } from "./tracking-store.js";

/** Builds the store for a normalized tracking URI (a plain path arrives as a file: URI). */
export type StoreFactory = (trackingUri: string) => TrackingStore;

const factories = new Map<string, StoreFactory>();
const stores = new Map<string, TrackingStore>();

/** Serve URIs of this scheme (without the colon, any case) with stores the factory builds. */
export function registerStore(scheme: string, factory: StoreFactory): void {
  factories.set(scheme.toLowerCase(), factory);
}

export function registeredSchemes(): string[] {
  return [...factories.keys()].sort();
}

// ---- the stores mlruns ships: one line each ----
registerStore("file", (uri) => new FileStore(uri));
registerStore("http", (uri) => new RestStore(uri));
registerStore("https", (uri) => new RestStore(uri));

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

/** Every store opened so far (the exit hooks flush them all). */
export function openedStores(): TrackingStore[] {
  return [...stores.values()];
}

function createStore(uri: string): TrackingStore {
  const scheme = uriScheme(uri) ?? "file";
  const factory = factories.get(scheme);
  if (factory) return factory(uri);
  const known = registeredSchemes()
    .map((s) => `${s}:`)
    .join(", ");
  throw new InvalidParameterError(
    `Tracking URI '${uri}' uses the '${scheme}' scheme, which mlruns does not support yet (supported: ${known}). Use a local folder path, a file: URI (e.g. ./mlruns) or an MLflow server's http(s):// URL.`,
  );
}
