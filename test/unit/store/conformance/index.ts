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
  /**
   * How ±Infinity metric values read back: "kept", or "clamped" to ±1.7976931348623157e308
   * (SQL cannot hold an infinity: SqlAlchemyStore.sanitize_metric_value).
   */
  infinity: "kept" | "clamped";
  /** FileStore.delete_experiment refuses "0"; SqlAlchemyStore.delete_experiment has no such check. */
  defaultExperimentDeletable: boolean;
  /** A finished run set RUNNING with no end time: "cleared" (FileStore) or "kept" (SqlAlchemyStore.update_run_info only writes a given end_time). */
  reopenedRunEndTime: "cleared" | "kept";
  /** getMetricHistory's order: as logged (FileStore reads the file) or sorted by timestamp, step, value (SqlAlchemyStore's ORDER BY). */
  historyOrder: "logged" | "timestamp-step-value";
  /** getMetricHistory of an unknown run: an error (FileStore) or [] (SqlAlchemyStore only checks the workspace). */
  unknownRunHistory: "RESOURCE_DOES_NOT_EXIST" | "empty";
  /** logLoggedModelParams over an existing key: overwrites (FileStore) or fails (SQL: a unique key, SqlAlchemyStore only inserts). */
  loggedModelParams: "overwritable" | "write-once";
  /** The error code each store gives where they differ. */
  errors: {
    /** createRun / createLoggedModel in a deleted experiment (FileStore: INVALID_STATE; SqlAlchemyStore._check_experiment_is_active: INVALID_PARAMETER_VALUE). */
    deletedExperiment: "INVALID_STATE" | "INVALID_PARAMETER_VALUE";
    /** renameExperiment onto a name in use (the SQL unique constraint surfaces as BAD_REQUEST). */
    renameOntoTakenName: "RESOURCE_ALREADY_EXISTS" | "BAD_REQUEST";
    /** A model id no store could have, such as "../../etc" (the server just does not find it). */
    malformedModelId: "INVALID_PARAMETER_VALUE" | "RESOURCE_DOES_NOT_EXIST";
  };
  /**
   * true: messages are checked as whole sentences, worded as MLflow's FileStore words them.
   * false: a server words its own; the suite checks the code and that the message names the
   * id or key it is about.
   */
  fileStoreMessages: boolean;
}

/** A store's capabilities as given to describeTrackingStore: any field may be left out, `errors` too. */
export type StoreCapabilitiesInput = Partial<Omit<StoreCapabilities, "errors">> & { errors?: Partial<StoreCapabilities["errors"]> };

export interface MadeStore {
  store: TrackingStore;
  cleanup?: () => void | Promise<void>;
}

export type MakeStore = () => MadeStore | Promise<MadeStore>;

/** What each area's tests get: a fresh store (and a client over it) per call. */
export interface Conformance {
  capabilities: StoreCapabilities;
  open(): Promise<{ store: TrackingStore; client: MlflowClient }>;
}

/** MLflow's FileStore, the behaviour the file store mirrors. */
const DEFAULTS: StoreCapabilities = {
  hardDelete: true,
  infinity: "kept",
  defaultExperimentDeletable: false,
  reopenedRunEndTime: "cleared",
  historyOrder: "logged",
  unknownRunHistory: "RESOURCE_DOES_NOT_EXIST",
  loggedModelParams: "overwritable",
  errors: { deletedExperiment: "INVALID_STATE", renameOntoTakenName: "RESOURCE_ALREADY_EXISTS", malformedModelId: "INVALID_PARAMETER_VALUE" },
  fileStoreMessages: true,
};

export function describeTrackingStore(name: string, makeStore: MakeStore, capabilities: StoreCapabilitiesInput = {}): void {
  describe(`TrackingStore conformance: ${name}`, () => {
    const cleanups: (() => void | Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    const suite: Conformance = {
      capabilities: { ...DEFAULTS, ...capabilities, errors: { ...DEFAULTS.errors, ...capabilities.errors } },
      async open() {
        const { store, cleanup } = await makeStore();
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
