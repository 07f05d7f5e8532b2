import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import * as mlflow from "../../../src/index.js";
import { resetTrackingUriForTests } from "../../../src/api/tracking-uri.js";
import { tempDir } from "./temp-store.js";

/** A fresh store for each test of the file, set as the fluent API's tracking URI; open runs are ended after. */
export function useFluentStore(): { readonly root: string } {
  const store = { root: "" };
  beforeEach(() => {
    store.root = path.join(tempDir(), "mlruns");
    mlflow.setTrackingUri(store.root);
  });
  afterEach(async () => {
    while (mlflow.activeRun()) await mlflow.endRun();
    resetTrackingUriForTests();
  });
  return store;
}
