/**
 * The TrackingStore conformance suite: every behaviour of the store verbs, written against the
 * interface only (no paths, no bytes), so any store can be held to MLflow's contract with one
 * call:
 *
 *   describeTrackingStore("rest", async () => ({ store: new RestStore(uri), cleanup }), { hardDelete: false });
 *
 * `makeStore` returns a fresh, empty store for every test (MLflow's Default experiment "0" may
 * already be there). Where stores may differ by design, a capability says so (see
 * StoreCapabilities); nothing is skipped silently. Input-format rules (key characters, lengths,
 * id shapes) are the API's to check, so those tests go through `new MlflowClient(store)`.
 */
import { afterEach, describe } from "vitest";
import { MlflowClient } from "../../../../src/api/client.js";
import type { TrackingStore } from "../../../../src/store/tracking-store.js";
import { artifactsBehaviour } from "./artifacts.js";
import { datasetsBehaviour } from "./datasets.js";
import { deleteRestoreBehaviour } from "./delete-restore.js";
import { errorsAndCodesBehaviour } from "./errors-and-codes.js";
import { experimentsBehaviour } from "./experiments.js";
import { hardDeleteBehaviour } from "./hard-delete.js";
import { loggedModelsBehaviour } from "./logged-models.js";
import { metricsBehaviour } from "./metrics-and-history.js";
import { paramsBehaviour } from "./params.js";
import { runsBehaviour } from "./runs.js";
import { searchExperimentsBehaviour } from "./search-experiments.js";
import { searchRunsBehaviour } from "./search-runs.js";
import { tagsBehaviour } from "./tags.js";

/** What a store may legitimately do differently; the suite checks whichever is declared. */
export interface StoreCapabilities {
  /**
   * getDeletedRuns / hardDeleteRun / hardDeleteExperiment / getDeletedLoggedModels /
   * hardDeleteLoggedModel (what `mlflow gc` uses). MLflow's REST API has no endpoints for them
   * (gc talks to the backend store directly), so a REST store declares false and the suite
   * checks the verbs are absent rather than half there.
   */
  hardDelete: boolean;
}

export interface MadeStore {
  store: TrackingStore;
  cleanup?: () => void | Promise<void>;
}

export type MakeStore = () => TrackingStore | MadeStore | Promise<TrackingStore | MadeStore>;

/** What each area's tests get: a fresh store (and a client over it) per call. */
export interface Conformance {
  capabilities: StoreCapabilities;
  open(): Promise<{ store: TrackingStore; client: MlflowClient }>;
}

const DEFAULTS: StoreCapabilities = { hardDelete: true };

export function describeTrackingStore(name: string, makeStore: MakeStore, capabilities: Partial<StoreCapabilities> = {}): void {
  describe(`TrackingStore conformance: ${name}`, () => {
    const cleanups: (() => void | Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    const suite: Conformance = {
      capabilities: { ...DEFAULTS, ...capabilities },
      async open() {
        const made = await makeStore();
        const { store, cleanup } = "store" in made && !("trackingUri" in made) ? made : { store: made as TrackingStore, cleanup: undefined };
        cleanups.push(async () => {
          await store.flush();
          await cleanup?.();
        });
        return { store, client: new MlflowClient(store) };
      },
    };
    describe("experiments", () => experimentsBehaviour(suite));
    describe("runs", () => runsBehaviour(suite));
    describe("params", () => paramsBehaviour(suite));
    describe("metrics and history", () => metricsBehaviour(suite));
    describe("tags", () => tagsBehaviour(suite));
    describe("searchRuns", () => searchRunsBehaviour(suite));
    describe("searchExperiments", () => searchExperimentsBehaviour(suite));
    describe("delete and restore", () => deleteRestoreBehaviour(suite));
    describe("datasets (logInputs)", () => datasetsBehaviour(suite));
    describe("logged models", () => loggedModelsBehaviour(suite));
    describe("artifacts", () => artifactsBehaviour(suite));
    describe("hard delete (mlflow gc)", () => hardDeleteBehaviour(suite));
    describe("errors and their codes", () => errorsAndCodesBehaviour(suite));
  });
}
